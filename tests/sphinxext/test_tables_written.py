"""A table holds its rows as data while Sphinx reads the page (one node, however many rows) and
gets its docutils rows when the page is written: every builder writes them, names breaking
where they may."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.sphinxext.nodes import kerasviz_rows

#: A CSVLogger-style log whose metric names break after underscores, slashes and dots.
LOG = "epoch,loss,top_k/accuracy,val.loss_x\n0,1.0,0.5,1.1\n1,0.8,0.6,0.9\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_kerasviz"]\n')
    (tmp_path / "index.rst").write_text("Log\n===\n\n.. keras-history:: log.csv\n")
    (tmp_path / "log.csv").write_text(LOG)
    return tmp_path


@contextmanager
def built(project: Path, builder: str) -> Iterator[SphinxTestApp]:
    app = SphinxTestApp(builder, srcdir=project)
    try:
        app.build()
        assert app.warning.getvalue() == ""
        yield app
    finally:
        app.cleanup()


def test_rows_are_data_while_read_and_rows_when_written(project: Path) -> None:
    with built(project, "html") as app:
        stored = app.env.get_doctree("index")
        assert len(list(stored.findall(kerasviz_rows))) == 1
        assert list(stored.findall(nodes.row)) == []
        page = (app.outdir / "index.html").read_text()
        assert "top_<wbr />k/<wbr />accuracy" in page and "val.<wbr />loss_<wbr />x" in page
        assert page.count("<tr") == 4  # the header and the three series


def test_latex_breaks_names_but_after_an_underscore(project: Path) -> None:
    with built(project, "latex") as app:
        tex = next(app.outdir.glob("*.tex")).read_text()
        assert r"top\_k/\allowbreak{}accuracy" in tex and r"val.\allowbreak{}loss\_x" in tex
        assert r"\sphinxstyletheadfamily" in tex and "kerasviz_rows" not in tex


@pytest.mark.parametrize(("builder", "suffix"), [("text", "txt"), ("xml", "xml")])
def test_other_builders_write_the_rows(project: Path, builder: str, suffix: str) -> None:
    with built(project, builder) as app:
        written = (app.outdir / f"index.{suffix}").read_text()
        assert "top_k/accuracy" in written and "val.loss_x" in written
        assert "kerasviz_rows" not in written
