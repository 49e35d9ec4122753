"""The PDF of big models and aligned figures, read as a reader sees it (poppler): no diagram label
under 6 pt, every layer printed in some part, parts labelled, a figure's table below it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import keras
import pytest
from sphinx.testing.util import SphinxTestApp

from support.builds import compile_pdf
from support.output import kerasviz_warnings, pdf_text
from support.pdf_pages import (
    on_furniture,
    overlapping_lines,
    pages,
    picture_fonts,
    small_diagram_labels,
    texts,
)

DOCS = Path(__file__).parents[2] / "docs"
ZOO = {"ResNet50": "resnet50", "MobileNetV2": "mobilenetv2_1.00_224",
       "DenseNet121": "densenet121"}
INDEX = """\
Big models
==========

.. keras-model:: keras.applications.ResNet50(weights=None)
   :views: graph
   :caption: ResNet50 in parts.
   :name: fig-resnet

.. keras-model:: keras.applications.MobileNetV2(weights=None)
   :views: graph

.. keras-model:: keras.applications.DenseNet121(weights=None)
   :views: graph

Aligned
-------

.. keras-history:: history.csv
   :caption: Training, aligned left.
   :width: 70%
   :align: left

.. keras-model:: kerasviz_test_models.sequential_cnn
   :views: graph, summary
   :caption: A small CNN, aligned right.
   :width: 70%
   :align: right

After them.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Iterator[tuple[SphinxTestApp, Path]]:
    """The project above built with the LaTeX builder and compiled with latexmk."""
    srcdir = tmp_path_factory.mktemp("pdfpages") / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_kerasviz"]\n'
        'latex_documents = [("index", "big.tex", "Big", "kerasviz", "manual")]\n')
    (srcdir / "index.rst").write_text(INDEX)
    shutil.copy(DOCS / "_static" / "training" / "history.csv", srcdir / "history.csv")
    app = SphinxTestApp("latex", srcdir=srcdir)
    try:
        app.build()
        yield app, compile_pdf(app.outdir)
    finally:
        app.cleanup()


def test_no_diagram_label_under_6pt(built: tuple[SphinxTestApp, Path]) -> None:
    app, pdf = built
    assert kerasviz_warnings(app.warning.getvalue()) == []
    assert picture_fonts(app.outdir)  # the diagrams' fonts are known, so they are checked
    small = small_diagram_labels(pdf, app.outdir)
    assert small == [], small[:5]


def test_every_layer_is_printed_in_some_part(built: tuple[SphinxTestApp, Path]) -> None:
    _app, pdf = built
    words = set(re.split(r"\s+", pdf_text(pdf, "-raw")))
    for factory in ZOO:
        model = getattr(keras.applications, factory)(weights=None)
        missing = [layer.name for layer in model.layers  # an input's name counts up per session
                   if layer.name not in words and not isinstance(layer, keras.layers.InputLayer)]
        assert missing == [], (factory, missing[:5])


def test_parts_are_labelled(built: tuple[SphinxTestApp, Path]) -> None:
    _app, pdf = built
    text = re.sub(r"\s+", " ", pdf_text(pdf, "-raw"))
    (caption,) = re.findall(r"Fig\. 1: ResNet50 in parts\. \(part 1 of (\d+)\)", text)
    total = int(caption)
    assert total > 5
    for number in range(2, total + 1):
        assert f"Fig. 1, continued (part {number} of {total})" in text
    for name in ("mobilenetv2_1.00_224", "densenet121"):
        found = [int(n) for n in re.findall(rf"{re.escape(name)} \(part (\d+) of \d+\)", text)]
        assert found == list(range(1, len(found) + 1)) and len(found) > 2, (name, found)


def test_pages_overlap_nothing(built: tuple[SphinxTestApp, Path]) -> None:
    _app, pdf = built
    for page in pages(pdf):
        assert overlapping_lines(page) == [], page.number
        assert on_furniture(page) == [], page.number


def test_aligned_figures_keep_their_tables_below(built: tuple[SphinxTestApp, Path]) -> None:
    app, pdf = built
    plot_fonts = picture_fonts(app.outdir, diagrams=False)
    every = texts(pdf)
    legend = [t for t in every if t.font in plot_fonts and t.text.strip() == "validation"]
    assert legend
    page = legend[0].page
    plot_bottom = max(t.bottom for t in every if t.page == page and t.font in plot_fonts)
    table = [t for t in every if t.page == page and t.text.strip() in ("Final", "Best epoch")]
    assert table and min(t.top for t in table) > plot_bottom, (plot_bottom, table)
    diagram_fonts = picture_fonts(app.outdir)
    cnn = [(t.page, t.bottom) for t in every if t.font in diagram_fonts and t.page >= page
           and t.text.strip() == "Conv2D"]
    header = [(t.page, t.top) for t in every if t.text.strip() == "Param #"]
    assert cnn and header and min(header) > max(cnn), (cnn, header)
