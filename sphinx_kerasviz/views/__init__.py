"""Views: pure functions from a model description and options (no Sphinx, no Keras) to DOT
text (``dot``), the layered scene (``layered``), the interactive diagram's data
(``interactive``), summary rows (``summary``) and their text formats (``summary_formats``),
with the shared ``formatting``, repeated-block ``groups`` and colour ``palettes``."""
