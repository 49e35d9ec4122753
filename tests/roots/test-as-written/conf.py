extensions = ["sphinx_kerasviz"]
project = "as written"
latex_documents = [("index", "aswritten.tex", "As written", "tests", "howto")]
