extensions = ["sphinx_kerasviz", "myst_parser"]
numfig = True
