extensions = ["sphinx_kerasviz"]
latex_documents = [("index", "tall.tex", "Tall", "kerasviz", "manual")]
