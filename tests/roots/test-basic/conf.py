extensions = ["sphinx_kerasviz"]
numfig = True
