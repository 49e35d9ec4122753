import os
from pathlib import Path

extensions = ["sphinx_kerasviz"]


def record_reader(app, doctree):
    """Which process read which page, for the test."""
    with open(Path(app.outdir) / "read-by.txt", "a") as log:
        log.write(f"{app.env.docname} {os.getpid()}\n")


def setup(app):
    app.connect("doctree-read", record_reader)
