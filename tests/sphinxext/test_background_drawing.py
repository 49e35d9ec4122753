"""Without ``-j N``, a page's diagram is drawn by ``dot`` in the background while Sphinx reads
on, and the build waits for every drawing before it writes a page."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.builds import build_clean
from support.output import graph_sources

#: A Graphviz that notes when it starts and ends, and takes a second longer than ``dot``.
LOGGING_DOT = """#!/bin/sh
echo "start $(date +%s.%N)" >> {log}
sleep 1
{dot} "$@"
status=$?
echo "end $(date +%s.%N)" >> {log}
exit $status
"""
#: conf.py: the logging Graphviz, and when Sphinx is done with each page (after our handler).
CONF = """import time
extensions = ["sphinx_kerasviz"]
graphviz_dot = {dot!r}


def note(app, doctree):
    with open({log!r}, "a") as log:
        log.write(f"read {{app.env.docname}} {{time.time()}}\\n")


def setup(app):
    app.connect("doctree-read", note)
"""


def test_diagrams_drawn_while_sphinx_reads_on(tmp_path: Path) -> None:
    source, log = tmp_path / "src", tmp_path / "events.log"
    source.mkdir()
    dot = tmp_path / "logging-dot"
    dot.write_text(LOGGING_DOT.format(log=log, dot=shutil.which("dot")))
    dot.chmod(0o755)
    pages = {f"{page}.rst": f"{page}\n=\n\n.. keras-model:: kerasviz_test_models.{model}\n"
                            "   :views: graph\n"
             for page, model in (("a", "sequential_cnn"), ("b", "branched"))}
    outdir = build_clean("html", source, {
        "conf.py": CONF.format(dot=str(dot), log=str(log)),
        "index.rst": ".. toctree::\n\n   a\n   b\n",
        **pages,
    })
    events = [line.split() for line in log.read_text().splitlines()]
    read = {event[1]: float(event[2]) for event in events if event[0] == "read"}
    ends = sorted(float(event[1]) for event in events if event[0] == "end")
    assert len(ends) == 2  # one drawing per page, none drawn again by the writer
    assert read["a"] < ends[0]  # Sphinx was done with page a before its diagram was
    for page in ("a", "b"):
        (image,) = graph_sources((outdir / f"{page}.html").read_text())
        assert (outdir / image).read_text().startswith("<?xml")
