"""The explain directives in real Sphinx builds: HTML, a compiled PDF, warnings, the cache.

The demo's trained digits CNN and 2-D classifiers (``docs/_static/explain``) and the models
of ``explain_models.py`` are explained; numbers on the page are checked against Keras.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import keras
import numpy as np
import pytest
from sphinx.testing.util import SphinxTestApp

from support.builds import build_in_subprocess, compile_pdf, prose_edit_rebuild
from support.output import kerasviz_warnings, latex_plot_pdfs, pdf_text
from support.paths import DOCS, MODELS

DEMO = DOCS / "_static" / "explain"
GOOD = """Explained
=========

Some prose.

.. keras-activations:: data/digits_cnn.keras
   :input: data/digits_test.npy
   :sample: 3
   :layers: conv1, conv3, digit
   :max-maps: 8

.. keras-saliency:: data/digits_cnn.keras
   :input: data/digits_test.npy
   :sample: 3
   :caption: Where the gradient is large.
   :name: fig-saliency

.. keras-gradcam:: data/digits_cnn.keras
   :input: data/digits_test.npy
   :sample: 3
   :method: gradcam, gradcam++, guided
   :class-index: 7

.. keras-activation-max:: data/digits_cnn.keras
   :classes: 0-3
   :steps: 24

.. keras-activation-max:: explain_models.quadrant
   :layer: conv2
   :filters: 0, 2
   :steps: 12
   :jitter: 0
   :width: 70%

.. keras-decision-boundary:: data/moons_mlp.keras
   :data: data/moons.csv
   :class-names: upper, lower

.. keras-decision-boundary:: explain_models.three_classes
   :data: explain_models.four_features
   :features: 1, 3
   :filler: median
"""
BAD = """Bad
===

.. keras-saliency:: data/digits_cnn.keras
   :input: explain_models.small_image

.. keras-gradcam:: explain_models.plane
   :input: explain_models.points

.. keras-gradcam:: data/digits_cnn.keras
   :input: data/digits_test.npy
   :class-index: 12

.. keras-saliency:: data/digits_cnn.keras

.. keras-activations:: data/digits_cnn.keras
   :input: missing.npy

.. keras-activations:: data/digits_cnn.keras
   :input: corrupt.npy

.. keras-activations:: data/digits_cnn.keras
   :input: data/digits_test.npy
   :layers: nothing*

.. keras-activations:: data/digits_cnn.keras
   :input: explain_models.not_an_array

.. keras-gradcam:: data/digits_cnn.keras
   :input: data/digits_test.npy
   :layer: digit

.. keras-decision-boundary:: data/digits_cnn.keras
   :data: data/moons.csv

.. keras-saliency:: explain_models.nowhere
   :input: data/digits_test.npy

.. keras-activation-max:: explain_models.quadrant
   :steps: many
   :classes: 1

.. keras-activation-max:: explain_models.quadrant
   :steps: 2
   :classes: 5

Still built.
"""
DIRECTIVE_LINES = [n for n, line in enumerate(BAD.splitlines(), 1) if line.startswith(".. ")]
EXPECTED = [  # directive, subtype, words of the message
    (0, "input", "has shape (4, 4); the model takes (8, 8, 1)"),
    (1, "explain", "has no 2-D convolution layer"),
    (2, "option", ":class-index: 12 is out of range: the model has 10 outputs"),
    (3, "option", "give :input:"),
    (4, "input", "missing.npy: no such file"),
    (5, "input", "cannot read corrupt.npy"),
    (6, "option", ":layers: nothing matches nothing*"),
    (7, "input", "not an array of numbers"),
    (8, "option", ":layer: 'digit' gives outputs of shape (None, 10)"),
    (9, "input", "the data has 2 features; the model takes inputs of shape (8, 8, 1)"),
    (10, "import", "explain_models.nowhere"),
    (11, "option", ":steps: invalid literal"),
    (12, "option", "class 5 is out of range: there are 3"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("explain") / "src"
    shutil.copytree(DEMO, source / "data")
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(MODELS)!r})\nextensions = ['sphinx_kerasviz']\n"
        "numfig = True\nlatex_documents = [('index', 'explain.tex', 'E', 'k', 'manual')]\n")
    (source / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   good\n   bad\n")
    (source / "good.rst").write_text(GOOD)
    (source / "bad.rst").write_text(BAD)
    (source / "corrupt.npy").write_bytes(b"\x93NUMPY not really")
    return source


def sphinx_build(source: Path, out: Path, builder: str) -> SphinxTestApp:
    copy = out / "src"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    app = SphinxTestApp(builder, srcdir=copy, builddir=out / "build")
    app.build()
    return app


@pytest.fixture(scope="module")
def html(project: Path, tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    app = sphinx_build(project, tmp_path_factory.mktemp("html"), "html")
    yield app
    app.cleanup()


def pictures(page: str) -> list[tuple[str, str, str]]:
    """Each explain wrapper's kind, the picture's file and alt text, in page order."""
    found = re.findall(r'<div class="kerasviz kerasviz-([a-z-]+)[^"]*"[^>]*>.*?<img [^>]*?'
                       r'src="_images/(kerasviz-[0-9a-f]{40}\.svg)"[^>]*?alt="([^"]*)"', page,
                       flags=re.S)
    if not found:  # attribute order: alt before src
        found = [(k, s, a) for k, a, s in re.findall(
            r'<div class="kerasviz kerasviz-([a-z-]+)[^"]*"[^>]*>.*?<img [^>]*?alt="([^"]*)"'
            r'[^>]*?src="_images/(kerasviz-[0-9a-f]{40}\.svg)"', page, flags=re.S)]
    return found


def demo_model_and_input() -> tuple[keras.Model, np.ndarray]:
    model = keras.saving.load_model(DEMO / "digits_cnn.keras")
    return model, np.load(DEMO / "digits_test.npy")[3:4]


def test_every_directive_draws_its_picture(html: SphinxTestApp) -> None:
    page = (html.outdir / "good.html").read_text()
    found = pictures(page)
    assert [kind for kind, _, _ in found] == [
        "activations", "saliency", "gradcam", "activation-max", "activation-max",
        "decision-boundary", "decision-boundary"]
    for _, name, _ in found:
        svg = (html.outdir / "_images" / name).read_text()
        assert svg.startswith("<?xml") and ("<image" in svg or "<path" in svg)
    assert "Fig. 1" in page and "Where the gradient is large." in page
    assert 'id="fig-saliency"' in page


def test_numbers_on_the_page_equal_what_keras_computes(html: SphinxTestApp) -> None:
    model, x = demo_model_and_input()
    probabilities = model(x).numpy()[0]
    predicted = int(probabilities.argmax())
    found = pictures((html.outdir / "good.html").read_text())
    images = html.outdir / "_images"
    activations = found[0][2]
    for name in ("conv1", "conv3", "digit"):
        shape = "x".join(str(d) for d in model.get_layer(name).output.shape[1:])
        assert f"{name} {shape}" in activations
    saliency = (images / found[1][1]).read_text()
    shown = [f"{p:.2f}" if p >= 0.005 else f"{p:.1e}" for p in probabilities]
    assert f"probability of class {predicted}: {shown[predicted]} (predicted)" in saliency
    gradcam = (images / found[2][1]).read_text()
    assert (f"probability of class 7: {shown[7]}; predicted: class {predicted}; maps at layer "
            "conv3") in gradcam
    for title in ("Grad-CAM", "Grad-CAM++", "guided Grad-CAM"):
        assert f">{title}<" in gradcam
    assert "Inputs that maximise class 0, class 1, class 2, class 3 of model digits_cnn" \
        in found[3][2]
    assert "filter 0, filter 2 of layer conv2" in found[4][2]
    moons = (images / found[5][1]).read_text()
    assert ">upper<" in moons and ">lower<" in moons and ">x1<" in moons
    assert "with 300 data points" in found[5][2]
    three = (images / found[6][1]).read_text()
    assert "held at: feature 0" in three and ">feature 3<" in three


def test_bad_input_gives_located_warnings_and_the_build_goes_on(html: SphinxTestApp) -> None:
    warnings = kerasviz_warnings(html.warning.getvalue())
    assert all("good.rst" not in line for line in warnings), warnings
    found = [line for line in warnings if "bad.rst" in line]
    assert len(found) == len(EXPECTED), "\n".join(found)
    for line, (directive, subtype, words) in zip(found, EXPECTED, strict=True):
        assert f"bad.rst:{DIRECTIVE_LINES[directive]}:" in line, line
        assert f"[kerasviz.{subtype}]" in line, line
        assert words in line, line
    page = (html.outdir / "bad.html").read_text()
    assert "Still built." in page
    assert len(pictures(page)) == 1  # the activation maximization with its default steps


def test_same_input_same_bytes(project: Path, html: SphinxTestApp, tmp_path: Path) -> None:
    again = sphinx_build(project, tmp_path, "html")
    try:
        first = {p.name: p.read_bytes() for p in (html.outdir / "_images").glob("kerasviz-*")}
        second = {p.name: p.read_bytes() for p in (again.outdir / "_images").glob("kerasviz-*")}
        assert first == second and len(first) == 8
    finally:
        again.cleanup()


def test_latex_builds_vector_pdfs_and_compiles(project: Path, tmp_path: Path) -> None:
    (project / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   good\n")
    try:
        app = sphinx_build(project, tmp_path, "latex")
    finally:
        (project / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   good\n   bad\n")
    try:
        assert len(latex_plot_pdfs(app.outdir)) == 7
        text = pdf_text(compile_pdf(app.outdir))
        assert "Where the gradient is large." in text and "Grad-CAM++" in text
    finally:
        app.cleanup()


def test_warm_rebuild_imports_no_keras_and_a_new_input_is_read(project: Path,
                                                               tmp_path: Path) -> None:
    source = prose_edit_rebuild(project, tmp_path)
    out = source.parent / "out" / "good.html"
    before = pictures(out.read_text())
    images = np.load(source / "data" / "digits_test.npy")
    np.save(source / "data" / "digits_test.npy", images[::-1])
    changed = build_in_subprocess(source)
    assert changed["readers"] and changed["read"] == ["good"]
    after = pictures(out.read_text())
    assert [a[1] == b[1] for a, b in zip(before, after, strict=True)] == [
        False, False, False, True, True, True, True]
