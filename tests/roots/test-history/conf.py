extensions = ["sphinx_kerasviz"]
numfig = True
latex_documents = [("index", "history.tex", "History", "kerasviz", "manual")]
