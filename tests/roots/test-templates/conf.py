extensions = ["sphinx_kerasviz"]
templates_path = ["_templates"]
