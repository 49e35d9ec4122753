"""Palettes and the legend: fill says family, outline says kind, in every palette; families
far apart in colour (and, in the print palettes, in lightness, for colour-vision deficiencies);
contrast of every text on every fill; grays that are gray; the legend of what is drawn;
through real ``dot``, real Keras models, Sphinx HTML and a LaTeX PDF."""

from __future__ import annotations

import itertools
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.model.description import Layer, ModelDescription, Port
from sphinx_kerasviz.model.reader import read_model
from sphinx_kerasviz.model.target import parse_target
from sphinx_kerasviz.options import PALETTES as PALETTE_NAMES
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.dot import to_dot
from sphinx_kerasviz.views.palettes import (
    FAMILIES,
    FAMILY_NAMES,
    KIND_NAMES,
    KINDS,
    NOTE,
    PALETTES,
    family_fill,
    family_of,
    kind_of,
    look,
    outline,
)

from support.builds import built_copy, compile_pdf
from support.colour_distance import VISIONS, cie76, ciede2000, seen_lab
from support.contrast import contrast_ratio
from support.handmade import TOTALS, dense_layer, every_family, input_layer
from support.output import graph_sources, pdf_text, svg_files

EVERYTHING = Options(show_dtype=True, show_activations=True, show_trainable=True,
                     show_params=True, legend=True)
BLACK = "#000000"  # Graphviz's default font colour
PRINT = ("colorblind", "grayscale")


def repeats() -> ModelDescription:
    """Four identical Dense layers between two others: one group with ``group_repeats``."""
    layers = [input_layer("x", (None, 4))]
    for number, units in enumerate([8, 4, 4, 4, 4, 2]):
        dense = dense_layer(f"d{number}", [(Port(layers[-1].name), (None, 4), (None, 4))])
        layers.append(replace(dense, config=(("units", str(units)),)))
    return ModelDescription("repeats", "Functional", "functional", tuple(layers), (Port("x"),),
                            (Port(layers[-1].name),), TOTALS)


def labels(dot: str) -> dict[str, ET.Element]:
    """Every node's HTML-like label, parsed, by node id."""
    found = {}
    for match in re.finditer(r'^\s*"((?:[^"\\]|\\.)*)" \[label=<', dot, re.M):
        end, depth = match.end(), 1
        while depth:
            depth += {"<": 1, ">": -1}.get(dot[end], 0)
            end += 1
        found[match.group(1)] = ET.fromstring(dot[match.end() : end - 1])
    return found


def texts(element: ET.Element, colour: str = BLACK, fill: str | None = None) -> Iterator:
    """``(text colour, fill behind it)`` for every piece of text in a label."""
    colour = element.get("color", colour) if element.tag == "font" else colour
    fill = element.get("bgcolor", fill) if element.tag in ("table", "td") else fill
    if (element.text or "").strip():
        yield colour, fill
    for child in element:
        yield from texts(child, colour, fill)
        if (child.tail or "").strip():
            yield colour, fill


def box_look(table: ET.Element) -> tuple[tuple[str | None, str | None], tuple[str, bool]]:
    """What a box shows: ``(fill, band)`` and ``(outline style, double)``."""
    inner = table.find("tr/td/table")
    double = inner is not None and len(table.findall("tr")) == 1
    body = inner if double else table
    band = next((td.get("bgcolor") for td in body.iter("td") if td.get("rowspan")), None)
    return (body.get("bgcolor"), band), (table.get("style", ""), double)


def drawn(palette: str) -> dict[str, ET.Element]:
    return labels(to_dot(every_family(), replace(EVERYTHING, palette=palette)))


def legend(dot: str) -> list[tuple[str, tuple | None]]:
    """The legend's entries, in order: ``(name, sample box's look)``, None for a heading."""
    entries = []
    for row in labels(dot)["/legend"].find("table").findall("tr"):
        cells = row.findall("td")
        while cells:
            if cells[0].get("colspan"):
                entries.append(("".join(cells[0].itertext()), None))
                cells = cells[1:]
            else:
                entries.append(("".join(cells[1].itertext()), box_look(cells[0].find("table"))))
                cells = cells[2:]
    return entries


def legend_names(dot: str) -> list[str]:
    return [name for name, sample in legend(dot) if sample is not None]


def test_contrast_ratio_is_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#000000", "#ffffff:#777777") == contrast_ratio("#000000", "#777777")


@pytest.mark.parametrize("palette", PALETTE_NAMES)
def test_every_text_is_readable_on_every_fill(palette: str) -> None:
    """Each text colour the diagram draws (names, row keys, trainable/frozen, the legend) on
    each fill it draws, with every row of the labels shown: contrast at least 4.5:1."""
    group = labels(to_dot(repeats(), replace(EVERYTHING, group_repeats=True, palette=palette)))
    assert box_look(group["d1//d4"])[1] == ("", True)  # a group: a double outline
    pairs = {pair for label in [*drawn(palette).values(), *group.values()]
             for pair in texts(label) if pair[1]}
    marks = PALETTES[palette]
    assert {BLACK, NOTE, marks.trainable, marks.frozen} <= {text for text, _ in pairs}
    fills = {fill for _, fill in pairs}
    assert {look.fill for look in marks.looks.values()} <= fills
    worst = min(pairs, key=lambda pair: contrast_ratio(*pair))
    assert contrast_ratio(*worst) >= 4.5, worst


def test_grayscale_fills_are_gray() -> None:
    fills = {fill for label in drawn("grayscale").values() for element in label.iter()
             for fill in element.get("bgcolor", "").split(":") if fill}
    assert len(fills) >= 7
    for fill in fills:
        assert fill[1:3] == fill[3:5] == fill[5:7], fill


@pytest.mark.parametrize("palette", PALETTE_NAMES)
def test_fill_says_family_and_outline_says_kind(palette: str) -> None:
    """Every box's fill (and band) is its family's, distinct for every family; its outline is
    its kind's, the same in every palette: square layer, rounded ``keras.ops`` call, dashed
    custom layer, double for what holds layers. The legend's samples look the same."""
    model, nodes = every_family(), drawn(palette)
    fills, outlines = {}, {}
    for layer in model.layers:
        fill, shape = box_look(nodes[layer.name])
        assert fills.setdefault(family_of(layer), fill) == fill, layer.name
        kinds = {kind_of(layer)} | ({"holder"} if layer.model else set())
        assert shape == (outline(kind_of(layer)), "holder" in kinds), layer.name
        outlines[frozenset(kinds)] = shape
    assert set(fills) == set(FAMILIES)
    assert len(set(fills.values())) == len(FAMILIES)  # one look per family
    assert len(set(outlines.values())) == len(outlines) == len(KINDS)  # one per kind
    assert outlines[frozenset({"op"})] == ("rounded", False)
    assert outlines[frozenset({"custom"})] == ("dashed", False)
    samples = dict(legend(to_dot(model, replace(EVERYTHING, palette=palette))))
    for family, fill in fills.items():
        assert samples[FAMILY_NAMES[family]] == (fill, ("", False))
    for kinds, shape in outlines.items():
        (kind,) = kinds
        assert samples[KIND_NAMES[kind]] == ((look("other", palette).fill, None), shape)


def test_add_is_merging_as_a_layer_and_as_an_op() -> None:
    """``layers.Add`` and ``keras.ops.add`` (real Keras models): one fill, two outlines."""
    with_ops = read_model(parse_target("kerasviz_test_models.with_ops")).model
    residual = read_model(parse_target("kerasviz_test_models.residual_stack")).model
    op, layer = with_ops.layer("add"), residual.layer("res1_add")
    assert (op.kind, layer.class_name) == ("op", "Add")
    assert family_of(op) == family_of(layer) == "merging"
    assert family_of(with_ops.layer("relu")) == "activations"
    for palette in PALETTE_NAMES:
        ops_box = box_look(labels(to_dot(with_ops, Options(palette=palette)))["add"])
        layer_box = box_look(labels(to_dot(residual, Options(palette=palette)))["res1_add"])
        assert ops_box[0] == layer_box[0] and ops_box[1] != layer_box[1]


def test_ciede2000_is_sharmas() -> None:
    """Pairs from the test data of Sharma, Wu and Dalal (2005)."""
    for first, second, expected in [((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
                                    ((50, 2.5, 0), (73, 25, -18), 27.1492),
                                    ((50, -0.001, 2.49), (50, 0.0009, -2.49), 4.8045)]:
        assert ciede2000(first, second) == pytest.approx(expected, abs=1e-4)


def test_default_fills_are_far_apart() -> None:
    """Any two family fills of the default palette: CIEDE2000 at least 10 (InputLayer and
    Dropout were 2.3 apart; nested models, ops and custom layers 0)."""
    looks = PALETTES["default"].looks
    worst = min((ciede2000(seen_lab(looks[a].fill), seen_lab(looks[b].fill)), a, b)
                for a, b in itertools.combinations(FAMILIES, 2))
    assert worst[0] >= 10, worst


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("palette", PRINT)
def test_print_palettes_tell_families_apart_by_lightness(palette: str, vision: str) -> None:
    """Any two families differ by a CIE76 distance of at least 10 in their body or in their
    band (no band: the body), as seen with normal vision, protanopia, deuteranopia and
    tritanopia; every band stands out from its body by at least 20."""
    looks = PALETTES[palette].looks
    for one, other in itertools.combinations(FAMILIES, 2):
        first, second = looks[one], looks[other]
        apart = max(cie76(first.fill, second.fill, vision),
                    cie76(first.band or first.fill, second.band or second.fill, vision))
        assert apart >= 10, (one, other, apart)
    for family, shown in looks.items():
        if shown.band:
            assert cie76(shown.fill, shown.band, vision) >= 20, family


@pytest.mark.parametrize("palette", PALETTE_NAMES)
def test_dot_draws_the_palette(palette: str) -> None:
    svg = subprocess.run(["dot", "-Tsvg"], input=to_dot(every_family(), replace(
        EVERYTHING, palette=palette)), capture_output=True, text=True, check=True).stdout
    for shown in PALETTES[palette].looks.values():
        for fill in filter(None, (shown.fill, shown.band)):
            assert f'fill="{fill}"' in svg, fill
    assert 'stroke="#495057" stroke-dasharray' in svg  # the custom layer's outline
    assert "Gradient" not in svg
    assert '<g id="node18" class="node kerasviz&#45;legend">\n<title>/legend</title>' in svg
    for name in [*FAMILY_NAMES.values(), *KIND_NAMES.values()]:
        assert f">{name}</text>" in svg


def test_legend_lists_exactly_the_families_and_kinds_drawn() -> None:
    model = every_family()
    names = [FAMILY_NAMES[family] for family in FAMILIES]
    kinds = [KIND_NAMES[kind] for kind in KINDS]
    assert legend_names(to_dot(model, EVERYTHING)) == names + kinds
    opened = legend_names(to_dot(model, replace(EVERYTHING, expand_nested=True)))
    assert opened == names + kinds[:-1]  # the nested model's layers are drawn instead
    dense = ["Input", "Core (Dense, ...)", "Layer"]
    assert legend_names(to_dot(repeats(), EVERYTHING)) == dense
    grouped = legend_names(to_dot(repeats(), replace(EVERYTHING, group_repeats=True)))
    assert grouped == [*dense[:2], "Other (no family)", "Layer", kinds[-1]]
    odd = replace(model, layers=(*model.layers[:1], replace(model.layers[1], category="new")))
    assert legend_names(to_dot(odd, EVERYTHING)) == ["Input", "Other (no family)", "Layer"]
    assert "/legend" not in to_dot(model, Options(palette="grayscale"))


def test_legend_is_beside_and_apart() -> None:
    model = every_family()
    named = replace(model, layers=(*model.layers[:-1], replace(model.layers[-1], name="legend")))
    dot = to_dot(named, EVERYTHING)
    assert {"legend", "/legend"} <= set(labels(dot))  # a layer called "legend" is its own node
    assert 'pack="16", packmode="array_t"' in dot and '"/legend" ->' not in dot
    across = labels(to_dot(model, replace(EVERYTHING, rankdir="LR")))["/legend"].find("table")
    assert len(across.findall("tr")) == 1  # a row above a left-to-right diagram
    down = labels(dot)["/legend"].find("table")
    assert len(down.findall("tr")) == 2 + len(FAMILIES) + len(KINDS)  # a column beside
    assert to_dot(model, EVERYTHING) == to_dot(every_family(), EVERYTHING)


def test_unknown_categories_and_ops_have_no_family() -> None:
    layer = Layer("x", "X", "layer", "not-a-family")
    assert family_of(layer) == "other" and kind_of(layer) == "layer"
    assert family_of(Layer("c", "Cumsum", "op", "op")) == "other"
    assert family_fill(layer, "grayscale") == "#ffffff"
    assert family_fill(Layer("a", "Add", "op", "op")) == family_fill(
        Layer("a", "Add", "layer", "merging"))


def pixels(pdf: Path) -> list[tuple[int, int, int]]:
    """The RGB pixels of a one-page PDF rendered at 30 dpi."""
    ppm = subprocess.run(["pdftoppm", "-r", "30", "-singlefile", str(pdf)], capture_output=True,
                         check=True).stdout
    magic, width, height, depth, data = ppm.split(maxsplit=4)
    assert (magic, depth) == (b"P6", b"255")
    data = data[: int(width) * int(height) * 3]
    return [tuple(data[i : i + 3]) for i in range(0, len(data), 3)]


@pytest.fixture(scope="module")
def palettes_html(rootdir: Path, tmp_path_factory) -> Iterator[SphinxTestApp]:
    with built_copy(rootdir, tmp_path_factory.mktemp("palettes-html"), "palettes",
                    "html") as app:
        yield app


def test_palette_and_legend_reach_the_html(palettes_html: SphinxTestApp) -> None:
    assert palettes_html.warning.getvalue() == ""
    page = (palettes_html.outdir / "index.html").read_text()
    gray, colour = (svg_files(palettes_html.outdir)[Path(src).name] for src in graph_sources(page))
    assert "<title>/legend</title>" in gray and ">Layer types</text>" in gray
    for family in ("convolutional", "pooling", "normalization", "reshaping", "regularization"):
        assert f">{FAMILY_NAMES[family]}</text>" in gray
        assert look(family, "grayscale").fill in gray
    assert ">Merging</text>" not in gray  # not in this model
    assert "/legend" not in colour  # kerasviz_palette from conf.py; no legend asked for
    assert look("merging", "colorblind").fill in colour
    assert PALETTES["colorblind"].trainable in colour


@pytest.mark.latex
def test_palette_and_legend_reach_the_pdf(rootdir: Path, tmp_path: Path) -> None:
    with built_copy(rootdir, tmp_path, "palettes", "latex") as app:
        text = pdf_text(compile_pdf(app.outdir))
        assert "Layer types" in text and "Convolution" in text and "Normalization" in text
        tex = next(app.outdir.glob("*.tex")).read_text()
        gray, colour = (app.outdir / f"{stem}.pdf"
                        for stem in re.findall(r"\{\{(kerasviz-[0-9a-f]{40})\}\.pdf\}", tex))
        # in gray: nothing more colourful than the outlines' and row keys' blue-gray #495057
        assert max(max(p) - min(p) for p in pixels(gray)) <= 16
        merging = bytes.fromhex(look("merging", "colorblind").fill[1:])
        assert any(all(abs(a - b) <= 2 for a, b in zip(p, merging, strict=True))
                   for p in pixels(colour))
