extensions = ["sphinx_kerasviz"]
kerasviz_layered_colors = {"Dense": "#ff8787"}
latex_documents = [("index", "layered.tex", "Layered", "kerasviz", "manual")]
numfig = True
