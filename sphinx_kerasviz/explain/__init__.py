"""Seeing inside a model: activations, saliency, Grad-CAM, activation maximization and
decision boundaries, on any Keras 3 backend.

``gradients`` is the small backend layer; ``methods`` computes each explanation as numpy arrays
(needs Keras); ``inputs`` reads ``:input:`` and ``:data:``; ``reader`` loads a target and runs
a method for a directive; ``data`` and ``plots`` are plain data and matplotlib drawings (no
Keras).
"""
