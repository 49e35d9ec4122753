"""A table holds its rows as data while Sphinx reads the page (one node, however many rows) and
gets its docutils rows when the page is written: every builder writes them, names breaking
where they may. HTML builders get them after Sphinx's post-transforms (which then walk one node
per table), other builders before (the LaTeX builder's own post-transforms look into tables)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from docutils import nodes

from sphinx_kerasviz.sphinxext.nodes import kerasviz_rows

from support.builds import build_clean

#: A project with a CSVLogger-style log whose metric names break after underscores, slashes
#: and dots.
FILES = {
    "conf.py": 'extensions = ["sphinx_kerasviz"]\n',
    "index.rst": "Log\n===\n\n.. keras-history:: log.csv\n",
    "log.csv": "epoch,loss,top_k/accuracy,val.loss_x\n0,1.0,0.5,1.1\n1,0.8,0.6,0.9\n",
}


#: An extension that counts the rows of the page its post-transforms and its ``doctree-resolved``
#: handlers see (last and at the default priority): in ``seen.txt``.
PROBE = """from pathlib import Path
from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


def record(srcdir, when, doctree):
    with open(Path(srcdir) / "seen.txt", "a") as seen:
        seen.write(f"{when} {len(list(doctree.findall(nodes.row)))}\\n")


class LastPostTransform(SphinxPostTransform):
    default_priority = 999

    def run(self, **kwargs):
        record(self.env.srcdir, "post-transform", self.document)


def setup(app):
    app.add_post_transform(LastPostTransform)
    app.connect("doctree-resolved", lambda app, doctree, docname: record(app.srcdir, "resolved",
                                                                  doctree))
"""


@pytest.mark.parametrize(("builder", "seen"), [
    ("html", "post-transform 0\nresolved 4\n"),  # rows after the post-transforms, before others
    ("latex", "post-transform 4\nresolved 4\n"),
    ("text", "post-transform 4\nresolved 4\n"),
])
def test_when_each_builder_gets_the_rows(tmp_path: Path, builder: str, seen: str) -> None:
    build_clean(builder, tmp_path, {
        **FILES, "rows_probe.py": PROBE,
        "conf.py": "import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
                   'extensions = ["sphinx_kerasviz", "rows_probe"]\n'})
    assert (tmp_path / "seen.txt").read_text() == seen


def test_rows_are_data_while_read_and_rows_when_written(tmp_path: Path) -> None:
    outdir = build_clean("html", tmp_path, FILES)
    stored = pickle.loads((outdir.parent / "doctrees" / "index.doctree").read_bytes())
    assert len(list(stored.findall(kerasviz_rows))) == 1
    assert list(stored.findall(nodes.row)) == []
    page = (outdir / "index.html").read_text()
    assert "top_<wbr />k/<wbr />accuracy" in page and "val.<wbr />loss_<wbr />x" in page
    assert page.count("<tr") == 4  # the header and the three series


def test_latex_breaks_names_but_after_an_underscore(tmp_path: Path) -> None:
    outdir = build_clean("latex", tmp_path, FILES)
    tex = next(outdir.glob("*.tex")).read_text()
    assert r"top\_k/\allowbreak{}accuracy" in tex and r"val.\allowbreak{}loss\_x" in tex
    assert r"\sphinxstyletheadfamily" in tex and "kerasviz_rows" not in tex


@pytest.mark.parametrize(("builder", "suffix"), [("text", "txt"), ("xml", "xml")])
def test_other_builders_write_the_rows(tmp_path: Path, builder: str, suffix: str) -> None:
    written = (build_clean(builder, tmp_path, FILES) / f"index.{suffix}").read_text()
    assert "top_k/accuracy" in written and "val.loss_x" in written
    assert "kerasviz_rows" not in written
