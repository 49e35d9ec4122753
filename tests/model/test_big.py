"""5,000 layers: drawn whole with a quicker layout, or with nested models closed, and a warning.

The limit (:data:`~sphinx_kerasviz.views.dot.LARGE_DIAGRAM` boxes) is documented in
``docs/errors.rst``; the timing of such builds is in ``bench/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.views.dot import LARGE_DIAGRAM

from support.output import graph_sources, kerasviz_warnings
from support.paths import DOCS

PAGE = """Big
===

.. keras-model:: big_models.flat
   :views: graph

.. keras-model:: big_models.blocks
   :expand-nested:

.. keras-model:: big_models.blocks(count=15)
   :expand-nested:
   :views: graph
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    source = tmp_path_factory.mktemp("big")
    (source / "conf.py").write_text('extensions = ["sphinx_kerasviz"]\n')
    (source / "index.rst").write_text(PAGE)
    app = SphinxTestApp("html", srcdir=source, builddir=tmp_path_factory.mktemp("big-out"))
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def svg_of(app: SphinxTestApp, index: int) -> str:
    page = (app.outdir / "index.html").read_text()
    return (app.outdir / graph_sources(page)[index]).read_text()


def titles(svg: str) -> set[str]:
    return set(re.findall(r'class="node[^"]*">\s*<title>([^<]+)</title>', svg))


def test_one_warning_per_large_diagram(app: SphinxTestApp) -> None:
    flat, blocks = kerasviz_warnings(app.warning.getvalue())
    assert "index.rst:4:" in flat and flat.endswith("[kerasviz.size]")
    assert "5,001 boxes are drawn with a quicker layout" in flat
    assert "index.rst:7:" in blocks and blocks.endswith("[kerasviz.size]")
    assert "nested models give 5,001 boxes, so they are drawn closed" in blocks


def test_five_thousand_layers_are_all_drawn(app: SphinxTestApp) -> None:
    drawn = titles(svg_of(app, 0))
    assert len(drawn) == 5001 > LARGE_DIAGRAM
    assert {"x", "dense0", "add2499"} <= drawn
    assert len(re.findall(r'class="edge"', svg_of(app, 0))) == 2500 * 3


def test_closed_nested_models_and_the_full_table(app: SphinxTestApp) -> None:
    assert titles(svg_of(app, 1)) == {"x", *(f"block{i}" for i in range(50))}
    page = (app.outdir / "index.html").read_text()
    # the table still opens every nested model: all 5,000 layers are listed
    assert len(set(re.findall(r"b\d+_dense\d+", page.replace("<wbr />", "")))) == 50 * 99


def test_under_the_limit_nested_models_open(app: SphinxTestApp) -> None:
    drawn = titles(svg_of(app, 2))
    assert len(drawn) == 1 + 15 * 100
    assert "block14/b14_dense98" in drawn


def test_limit_is_documented() -> None:
    assert f"{LARGE_DIAGRAM:,}" in "".join(p.read_text() for p in DOCS.glob("*.rst"))


