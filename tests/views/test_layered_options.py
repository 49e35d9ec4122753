"""The layered view as a reader sees it: boxes sized by units, arrows, a compact legend, styles,
labels, captioned groups, the 2-D mode, repeated blocks drawn once, and text above the floor."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import keras
import pytest

from sphinx_kerasviz import layered_view
from sphinx_kerasviz.drawing.layered import svg_text
from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.model.describe import describe
from sphinx_kerasviz.options import Options, parse_value
from sphinx_kerasviz.views.layered import MAX_ROW_WIDTH, layered_scene
from sphinx_kerasviz.views.layered_pages import PART_HEIGHT, pages
from sphinx_kerasviz.views.palettes import family_fill
from sphinx_kerasviz.views.palettes import look as family_look

import kerasviz_test_models as models
from support.paths import MODELS

SVG = "{http://www.w3.org/2000/svg}"


def scene(model: keras.Model, **options: object):
    return layered_scene(describe(model), Options(**options))


def option(name: str, value: str) -> dict[str, object]:
    """``{attr: parsed}`` of a directive option written as in reST."""
    return {name.replace("-", "_"): parse_value(name, value)}


def texts(svg: str) -> list[tuple[str, float]]:
    """Every text of the SVG with its font size (in the SVG's units, points)."""
    found = []
    for element in ET.fromstring(svg).iter(f"{SVG}text"):
        size = re.search(r"font(?:-size)?:\s*(?:\w+\s+)*?([\d.]+)px", element.get("style", ""))
        found.append(("".join(element.itertext()), float(size[1]) if size else 0.0))
    return found


def test_vectors_are_boxes_as_tall_as_their_units() -> None:
    boxes = {b.name: b for b in scene(models.seed_mlp()).boxes}
    heights = [boxes[n].height for n in ("hidden1", "hidden2", "output")]
    assert heights[0] > heights[1] > heights[2]  # 12 > 8 > 1 units
    assert boxes["features"].height == boxes["hidden2"].height  # 8 inputs, 8 units
    assert all(b.depth > 0 for b in boxes.values())  # drawn as boxes, not flat bars
    linear = {b.name: b for b in scene(models.seed_mlp(), layered_sizing="linear").boxes}
    assert linear["hidden1"].height / linear["hidden2"].height == pytest.approx(12 / 8)


def test_connectors_are_arrows_and_funnels_never_parallel() -> None:
    plain = scene(models.seed_mlp())
    assert [c.kind for c in plain.connectors] == ["arrow"] * 3
    assert all(len(c.points) == 2 and c.points[0][1] == pytest.approx(c.points[1][1])
               for c in plain.connectors)  # one straight line each, not a box
    funnels = scene(models.seed_mlp(), layered_funnels=True)
    for connector in funnels.connectors:
        if connector.kind == "funnel":
            (a, b, c, d) = connector.points
            slope = [(b[1] - a[1]) / (b[0] - a[0]), (d[1] - c[1]) / (d[0] - c[0])]
            assert abs(slope[0] - slope[1]) > 0.05  # converging lines: a funnel, not a box
    assert {c.kind for c in funnels.connectors} == {"funnel", "arrow"}  # 8 -> 12: too alike


def test_legend_is_compact() -> None:
    picture = scene(models.seed_mlp())
    assert [e.label for e in picture.legend] == ["InputLayer", "Dense"]
    assert len({e.y for e in picture.legend}) == 1  # one row
    legend_top = max(e.y for e in picture.legend) + 11
    assert legend_top < 0.25 * picture.height
    assert max(e.x for e in picture.legend) < picture.width
    drawing = max(b.x + b.width + b.skew for b in picture.boxes)
    assert picture.width <= drawing + 12 + 1  # the legend does not widen the picture


def test_styles_by_class_name_pattern_and_family() -> None:
    styles = option("layered-style", "Dense=#4477aa, conv2*=#88ccee outline:#000000, "
                                     "family:pooling=#ddcc77 opacity:0.5")
    keras.backend.clear_session()  # the layers' automatic names: conv2d, dense, ...
    picture = scene(models.sequential_cnn(), **styles)
    look = {b.name: b.look for b in picture.boxes}
    assert look["dense"].fill == "#4477aa"
    assert (look["conv2d"].fill, look["conv2d"].outline) == ("#88ccee", "#000000")
    assert look["max_pooling2d"].fill == "#ddcc77" and look["max_pooling2d"].opacity == 0.5
    assert look["flatten"].fill == family_look("reshaping").fill  # untouched
    labels = [e.label for e in picture.legend]
    assert "conv2*" in labels and "Dense" in labels and "MaxPooling2D" in labels
    svg = svg_text(picture)
    assert "#4477aa" in svg and "#88ccee" in svg and "opacity: 0.5" in svg


def test_bad_values_are_refused_with_a_reason() -> None:
    for name, value in (("layered-style", "Dense=red"), ("layered-style", "Dense"),
                        ("layered-label", "{name.__class__}"), ("layered-label", "{config}"),
                        ("layered-mode", "4d"), ("layered-groups", "Encoder="),
                        ("layered-repeats", "maybe")):
        with pytest.raises(KerasvizError):
            parse_value(name, value)


@pytest.mark.parametrize("palette", ["default", "colorblind", "grayscale"])
def test_family_colours_of_every_palette(palette: str) -> None:
    keras.backend.clear_session()
    description = describe(models.sequential_cnn())
    picture = layered_scene(description, Options(palette=palette))
    for box in picture.boxes:
        layer = next(x for x in description.layers if x.name == box.name)
        assert box.look.fill == family_fill(layer, palette)
    assert len({e.label for e in picture.legend}) == len({b.look for b in picture.boxes})


def test_label_template_below_or_above_escaped() -> None:
    keras.backend.clear_session()
    picture = scene(models.awkward_names(), **option("layered-label", r"{name}\n{class} {params}"))
    svg = svg_text(picture)
    shown = [text for text, _ in texts(svg)]  # parsed XML: the escapes were right
    assert "dense_<b>&" in shown and "Dense 15" in shown and "tex_&%$#{}~^" in shown
    assert "dense_&lt;b&gt;&amp;" in svg
    box = next(b for b in picture.boxes if b.name == "dense_<b>&")
    below = next(t for t in picture.texts if t.text == "dense_<b>&")
    assert below.y < box.y
    above = scene(models.awkward_names(), layered_label="{shape}",
                  layered_label_position="above")
    box = next(b for b in above.boxes if b.name == "dense_<b>&")
    text = next(t for t in above.texts if t.x == box.x + box.width / 2)
    assert text.text == "3" and text.y > box.y + box.height + box.skew


def test_groups_are_captioned_frames_around_their_boxes() -> None:
    keras.backend.clear_session()
    groups = option("layered-groups", "Encoder=down0..pool2; Decoder=up*, conv*, skip*")
    picture = scene(models.unet(), **groups, layered_wrap=0)
    frames = {f.caption: f for f in picture.frames}
    assert set(frames) == {"Encoder", "Decoder"}
    boxes = {b.name: b for b in picture.boxes}
    for caption, names in (("Encoder", ["down0", "pool0", "down2", "pool2"]),
                           ("Decoder", ["up2", "skip0", "conv0"])):
        frame = frames[caption]
        for name in names:
            box = boxes[name]
            assert frame.x < box.x and box.x + box.width + box.skew < frame.x + frame.width
            assert frame.y < box.y and box.top < frame.y + frame.height
    assert not frames["Encoder"].x + frames["Encoder"].width > boxes["bottom"].x
    assert {"Encoder", "Decoder"} <= {text for text, _ in texts(svg_text(picture))}


def test_flat_mode_has_no_depth_faces() -> None:
    keras.backend.clear_session()
    deep, flat = scene(models.unet()), scene(models.unet(), layered_mode="2d")
    assert all(b.depth > 0 for b in deep.boxes) and all(b.depth == 0 for b in flat.boxes)
    faces = [svg_text(s).count('<path d="M') for s in (deep, flat)]
    assert faces[0] - faces[1] >= 2 * len(flat.boxes)  # no top and side faces


def test_repeated_blocks_are_drawn_once_with_their_count() -> None:
    keras.backend.clear_session()
    model = models.residual_stack(blocks=3)
    full = {b.name for b in scene(model).boxes}
    assert {"res2_conv1", "res3_add"} <= full  # small models: repeats drawn by default
    picture = scene(model, **option("layered-repeats", "on"))
    names = {b.name for b in picture.boxes}
    assert {"res1_conv1", "res1_add", "widen"} <= names
    assert not {n for n in names if n.startswith(("res2_", "res3_"))}
    frame = next(f for f in picture.frames if f.caption.endswith(" x3"))
    res1 = [b for b in picture.boxes if b.name.startswith("res1_")]
    assert all(frame.x < b.x and b.x + b.width < frame.x + frame.width for b in res1)
    shown = [text for text, _ in texts(svg_text(picture))]
    assert any(re.search(r"\bx3$", text) for text in shown)
    boxes = {b.name: b for b in picture.boxes}
    into_widen = [c for c in picture.connectors if c.points[-1][0] == boxes["widen"].x]
    assert len(into_widen) == 1 and into_widen[0].points[0][0] == (
        boxes["res1_add"].x + boxes["res1_add"].width)  # the block's output goes on
    assert scene(model, group_repeats=True).boxes == picture.boxes  # auto follows it


@pytest.mark.parametrize("factory", ["seed_mlp", "unet", "residual_stack", "sequential_cnn"])
def test_no_text_under_the_floor(factory: str) -> None:
    """7 pt everywhere: 6 pt or more in the PDF (never shrunk: the picture fits the text
    width of a page) and 9.3 px in HTML at its natural size."""
    keras.backend.clear_session()
    model = getattr(models, factory)()
    picture = scene(model, layered_label=r"{name}\n{shape}", layered_groups=(),
                    layered_repeats=True)
    sizes = [size for _, size in texts(svg_text(picture))]
    assert sizes and min(sizes) >= 7.0  # points: 7 * 96 / 72 = 9.3 px
    assert picture.width <= MAX_ROW_WIDTH
    svg = ET.fromstring(svg_text(picture))
    assert svg.get("viewBox") and svg.get("width", "").endswith("pt")  # scalable


def test_api_takes_the_new_options_as_python_values(tmp_path: Path) -> None:
    view = layered_view(models.seed_mlp(), layered_style={"Dense": "#4477aa opacity:0.8"},
                        layered_groups={"Hidden": "hidden1..hidden2"},
                        layered_label="{name}", layered_mode="2d", palette="colorblind")
    assert {f.caption for f in view.scene.frames} == {"Hidden"}
    assert {b.look.fill for b in view.scene.boxes if b.class_name == "Dense"} == {"#4477aa"}
    inputs = next(b for b in view.scene.boxes if b.name == "features")
    assert inputs.look.fill == family_look("input", "colorblind").fill
    svg = view.save(tmp_path / "seed.svg").read_text()
    assert ">hidden1<" in svg and "Hidden" in svg


def test_command_line_flags(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(MODELS), *sys.path])}
    outputs = [tmp_path / "stack.svg", tmp_path / "again.svg"]
    for out in outputs:  # two processes: the same bytes
        result = subprocess.run(
            [sys.executable, "-m", "sphinx_kerasviz", "layered",
             "kerasviz_test_models.residual_stack(blocks=3)", "-o", str(out),
             "--layered-repeats", "on", "--layered-label", r"{name}\n{params}",
             "--layered-label-position", "above", "--layered-mode", "2d",
             "--layered-style", "Add=#ee6677 outline:#000000",
             "--layered-groups", "Head=widen..classes", "--palette", "grayscale"],
            capture_output=True, text=True, env=env, check=False)
        assert result.returncode == 0, result.stderr
    svg = outputs[0].read_text()
    assert outputs[1].read_text() == svg
    shown = [text for text, _ in texts(svg)]
    assert "Head" in shown and any(t.endswith(" x3") for t in shown) and "res1_add" in shown
    assert "res2_add" not in svg and "#ee6677" in svg
    assert f"fill: {family_look('convolutional', 'grayscale').fill}" in svg


def test_tall_pictures_come_in_parts_that_fit_a_page() -> None:
    keras.backend.clear_session()
    whole = scene(models.unet(), layered_label="{name}")
    parts = pages(whole)
    assert whole.height > PART_HEIGHT and len(parts) == 3
    assert all(part.height <= PART_HEIGHT for part in parts)
    names = [b.name for part in parts for b in part.boxes]
    assert sorted(names) == sorted(b.name for b in whole.boxes)  # each box once
    assert [len(part.legend) for part in parts] == [0, 0, len(whole.legend)]
    arrows = [c for part in parts for c in part.connectors if c.kind == "arrow"]
    assert len(arrows) == len(whole.connectors)  # every arrowhead once, the rest cut lines
    for part in parts:
        for connector in part.connectors:
            assert all(0 <= y <= part.height for _, y in connector.points)
        for box in part.boxes:
            assert box.y > 0 and box.top < part.height
    assert pages(scene(models.seed_mlp())) == (scene(models.seed_mlp()),)
