"""Drawing to files, for Sphinx, the Python API and the command line alike: ``graphviz`` runs
``dot``, ``figures`` saves matplotlib plots deterministically, ``layered`` draws the layered
view, ``standalone`` writes the interactive diagram as one HTML file, and ``templates`` renders
the Jinja templates around them. Every file is named by its content and written whole."""
