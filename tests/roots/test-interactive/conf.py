extensions = ["sphinx_kerasviz"]
