"""Weight distributions: ``data`` (histograms and statistics as plain data), ``reader`` (a
model's current weights; imports Keras), ``file`` (the JSON the ``callbacks.WeightHistory``
callback writes during training), ``tensorboard`` (weight histograms of a TensorBoard log) and
``plots`` (histograms, ridgelines and bands over epochs)."""
