"""Model cards: a YAML file in the Model Card Toolkit's field names, checked field by field
with line numbers (``schema``), metrics read from the training run's files (``metrics``), the
reST the ``keras-model-card`` directive shows for the generated sections (``sections``), and
``kerasviz card``, which builds a card alone to HTML and PDF (``build``)."""
