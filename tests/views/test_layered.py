"""The layered view: geometry from the real topology, vector files, Sphinx, API and CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape as html_unescape
from pathlib import Path

import keras
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz import layered_view
from sphinx_kerasviz.drawing.layered import save_scene
from sphinx_kerasviz.model.describe import describe
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.groups import find_groups
from sphinx_kerasviz.views.layered import MAX_ROW_WIDTH, box_size, layered_scene

import kerasviz_test_models as models
from support.output import kerasviz_warnings
from support.paths import MODELS

SVG = "{http://www.w3.org/2000/svg}"


def titles(svg: Path | str) -> list[str]:
    root = ET.fromstring(svg.read_text() if isinstance(svg, Path) else svg)
    return [element.text or "" for element in root.iter(f"{SVG}title")]


def scene_of(factory: str, **options: object):
    keras.backend.clear_session()  # the layer names a fresh session gives
    return layered_scene(describe(getattr(models, factory)()), Options(**options))


def test_sequential_is_one_clean_row_of_arrows() -> None:
    scene = scene_of("sequential_cnn")
    assert [box.name for box in scene.boxes] == [
        "input_layer", "conv2d", "max_pooling2d", "batch_normalization", "flatten", "dropout",
        "dense"]
    centres = {round(box.y + box.height / 2, 3) for box in scene.boxes}
    assert len(centres) == 1
    xs = [box.x for box in scene.boxes]
    assert xs == sorted(xs)
    assert {c.kind for c in scene.connectors} == {"arrow"} and len(scene.connectors) == 6
    assert all(len(c.points) == 2 for c in scene.connectors)  # straight, face to face


def test_branches_side_by_side_and_skip_connections() -> None:
    scene = scene_of("branched")
    box = {b.name: b for b in scene.boxes}
    centres = {round(box[n].x + box[n].width / 2, 6) for n in ("left", "right", "project")}
    assert len(centres) == 1  # one step: stacked in one column
    assert len({box["left"].y, box["right"].y, box["project"].y}) == 3
    assert len(scene.connectors) == 8  # every connection of the DAG, none dropped
    lines = [c for c in scene.connectors if c.kind == "arrow"]
    assert len(lines) == 8
    skip = next(c for c in lines if c.points[0][0] == box["project"].x + box["project"].width
                and c.points[-1][0] == box["skip"].x)
    assert len(skip.points) == 5  # routed over the merge box between them
    assert skip.points[2][1] > box["merge"].y + box["merge"].height


def test_hidden_types_and_names_pass_connections_through() -> None:
    scene = scene_of("sequential_cnn", layered_hide=("Dropout", "flatten"))
    names = [box.name for box in scene.boxes]
    assert "dropout" not in names and "flatten" not in names
    assert [entry.label for entry in scene.legend] == [
        "InputLayer", "Conv2D", "MaxPooling2D", "BatchNormalization", "Dense"]
    assert len(scene.connectors) == 4  # batch_normalization -> dense is kept


def test_legend_lists_exactly_the_shown_looks() -> None:
    scene = scene_of("multi_io")
    named = {name for e in scene.legend for name in e.label.split(", ")}
    assert named == {b.class_name for b in scene.boxes}
    assert len(scene.legend) == len({b.look for b in scene.boxes})  # one entry per look
    assert scene_of("multi_io", layered_legend=False).legend == ()


def test_box_sizes() -> None:
    linear = Options(layered_sizing="linear")
    assert box_size((None, 28, 28, 32), linear) == (32 * 1.5, 28 * 4, 28 * 4)
    assert box_size((None, 224, 224, 2048), linear) == (100.0, 160.0, 160.0)  # clamped
    assert box_size((None, 10), linear) == (10.0, 40.0, 16.0)  # an upright slab
    assert box_size((None, 10), Options(layered_vector="z", layered_sizing="linear")) == (
        15.0, 8.0, 0.0)  # a flat vector along the flow
    small, large = box_size((None, 8, 8, 16), Options()), box_size((None, 64, 64, 512), Options())
    assert small < large and large[0] <= 100 and large[1] <= 160


def test_colours_from_conf_by_type_or_family() -> None:
    model = describe(models.multi_io())
    scene = layered_scene(model, Options(), {"Dense": "#123456", "convolutional": "#abcdef"})
    colour = {b.class_name: b.colour for b in scene.boxes}
    assert colour["Dense"] == "#123456" and colour["Conv2D"] == "#abcdef"


@pytest.mark.parametrize("fmt", ["svg", "pdf", "png", "html"])
def test_files_are_vector_named_and_deterministic(tmp_path: Path, fmt: str) -> None:
    scene = scene_of("awkward_names", layered_dimensions=True)
    first = save_scene(scene, tmp_path / f"a.{fmt}")
    second = save_scene(scene, tmp_path / f"b.{fmt}")
    assert first.read_bytes() == second.read_bytes()
    if fmt in ("svg", "html"):
        text = first.read_text()
        svg = text[text.index("<svg"): text.index("</svg>") + 6]
        names = [t.split(" (")[0] for t in titles(svg)]
        assert names == [b.name for b in scene.boxes]  # one shape per layer, with its name
        assert "dense_<b>&" in names and "<text" in svg and "<image" not in svg
    if fmt == "pdf":
        assert subprocess.run(["pdfimages", "-list", str(first)], capture_output=True,
                              text=True, check=True).stdout.count("\n") == 2
        text = subprocess.run(["pdftotext", str(first), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "InputLayer" in text and "Dense" in text  # the legend is real text


def test_api_and_command_line(tmp_path: Path) -> None:
    view = layered_view(models.branched(), layered_dimensions=True)
    assert "merge (Concatenate) 32" in titles(view._repr_svg_())
    with pytest.raises(TypeError, match="another view"):
        layered_view(models.branched(), rankdir="LR")
    out = tmp_path / "cnn.html"
    env = {**os.environ, "PYTHONPATH": str(MODELS)}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_kerasviz", "layered", "kerasviz_test_models.sequential_cnn",
         "-o", str(out), "--layered-hide", "Dropout", "--no-layered-legend"],
        capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and ">conv2d (Conv2D)" in page
    assert "dropout" not in page and "InputLayer</text>" not in page


def test_sphinx_html_and_latex(rootdir: Path, tmp_path: Path) -> None:
    for builder in ("html", "latex"):
        srcdir = tmp_path / builder
        shutil.copytree(rootdir / "test-layered", srcdir)
        app = SphinxTestApp(builder, srcdir=srcdir)
        try:
            app.build()
            assert kerasviz_warnings(app.warning.getvalue()) == []
            if builder == "html":
                page = (app.outdir / "index.html").read_text()
                files = re.findall(r'<object data="(_images/kerasviz-layered-[0-9a-f]+\.svg)"',
                                   page)
                assert len(files) == 7 and 'class="kerasviz-summary' in page  # unet whole
                assert re.search(r'<figure class="align-center" id="fig-layered">\s*'
                                 r'<div class="kerasviz-layered', page)
                assert "Fig. 1 </span><span class=\"caption-text\">Layered, captioned." in page
                assert re.search(r'href="#fig-layered"><span class="std std-numref">Fig\. 1<',
                                 page)
                cnn = [t.split(" (")[0] for t in titles(app.outdir / files[0])]
                assert cnn == ["input_layer", "conv2d", "max_pooling2d", "batch_normalization",
                               "flatten", "dense"]
                assert "#ff8787" in (app.outdir / files[0]).read_text()  # conf colour for Dense
                seed = (app.outdir / files[4]).read_text()
                assert ">hidden1</text>" in seed and ">Hidden</text>" in seed  # label, group
                assert "#4477aa" in seed and "opacity: 0.7" in seed  # styles by name
                stack = (app.outdir / files[5]).read_text()
                assert re.search(r">[\w +]+ x3</text>", stack) and "res2_add" not in stack
            else:
                tex = (app.outdir / "layered.tex").read_text()
                pdfs = re.findall(r"\{\{(kerasviz-layered-[0-9a-f]+)\}\.pdf\}", tex)
                assert len(pdfs) == 6 + 3  # the unet in three parts, one row each
                assert r"\label{\detokenize{index:fig-layered}}" in tex
                result = subprocess.run(["make", "-C", str(app.outdir)], capture_output=True,
                                        text=True, timeout=600, check=False)
                assert result.returncode == 0, result.stdout[-2000:]
                words = _pdf_words(app.outdir / "layered.pdf")
                assert {"hidden1", "Hidden", "x3"} <= {w for w, _ in words}
                assert min(h for _, h in words) >= 6.0  # the PDF floor, every word
        finally:
            app.cleanup()


def _pdf_words(pdf: Path) -> list[tuple[str, float]]:
    """Every word of ``pdf`` with its height in points (``pdftotext -bbox``)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [(html_unescape(word), float(y1) - float(y0)) for y0, y1, word in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
        html)]


APPLICATIONS = sorted(name for name in dir(keras.applications) if name[0].isupper())


@pytest.mark.parametrize("name", APPLICATIONS)
def test_every_keras_application_renders(tmp_path: Path, name: str) -> None:
    keras.backend.clear_session()
    model = getattr(keras.applications, name)(weights=None)
    description = describe(model)
    scene = layered_scene(description, Options(layered_repeats=False))
    svg = save_scene(scene, tmp_path / "app.svg")
    drawn = [t.split(" (")[0] for t in titles(svg)]
    assert sorted(drawn) == sorted(layer.name for layer in description.layers)
    assert {layer.name for layer in model.layers} <= set(drawn)
    assert scene.width <= MAX_ROW_WIDTH  # folded to the PDF's text width: never shrunk
    folded = layered_scene(description, Options())  # repeats drawn once past 60 layers
    hidden = {layer.name for layer in description.layers} - {b.name for b in folded.boxes}
    repeated = {n for g in find_groups(description) for n in g.members[g.period:]}
    assert hidden == (repeated if len(description.layers) > 60 else set())
    counts = [f.caption.rsplit(" x", 1)[1] for f in folded.frames if f.caption]
    assert len(counts) == len(find_groups(description) if hidden else ())


def test_subclassed_model_is_drawn_in_layer_order() -> None:
    model = models.subclassed()
    model.build((None, 5))
    scene = layered_scene(describe(model), Options())
    assert [box.name for box in scene.boxes] == ["hidden", "out"]
    assert scene.boxes[0].x < scene.boxes[1].x and len(scene.connectors) == 1


def test_deep_models_fold_into_rows() -> None:
    keras.backend.clear_session()
    model = describe(models.tall(depth=100))  # 101 steps
    scene = layered_scene(model, Options(layered_repeats=False))
    rows = sorted({round(box.y + box.height / 2, 3) for box in scene.boxes}, reverse=True)
    assert len(rows) >= 4  # folded automatically to the page's width
    assert scene.width <= MAX_ROW_WIDTH
    per_row = [sum(round(b.y + b.height / 2, 3) == r for b in scene.boxes) for r in rows]
    assert min(per_row) >= max(per_row) / 2  # no short leftover row
    first = [b for b in scene.boxes if round(b.y + b.height / 2, 3) == rows[0]]
    assert [b.name for b in first][:2] == ["x", "dense"]
    across = [c for c in scene.connectors if len(c.points) == 6]
    assert len(across) == len(rows) - 1  # one connector from the end of each row to the next
    one_row = layered_scene(model, Options(layered_wrap=0, layered_repeats=False))
    assert scene.width < 0.3 * one_row.width
    narrow = layered_scene(model, Options(layered_wrap=10, layered_repeats=False))
    assert len(narrow.boxes) == 101
    assert len({round(b.y + b.height / 2, 3) for b in narrow.boxes}) == 11
