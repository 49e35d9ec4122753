import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # layered_seed

extensions = ["sphinx_kerasviz"]
kerasviz_layered_colors = {"Dense": "#ff8787"}
latex_documents = [("index", "layered.tex", "Layered", "kerasviz", "manual")]
numfig = True
