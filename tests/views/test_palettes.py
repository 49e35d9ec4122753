"""Palettes and the legend: contrast of every text on every fill, grays that are gray, a look per
family, the legend of the families drawn; through real ``dot``, Sphinx HTML and a LaTeX PDF."""

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
from sphinx_kerasviz.options import PALETTES as PALETTE_NAMES
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.dot import to_dot
from sphinx_kerasviz.views.palettes import (
    FAMILIES,
    FAMILY_NAMES,
    NOTE,
    PALETTES,
    node_style,
)

from support.builds import built_copy, compile_pdf
from support.contrast import contrast_ratio
from support.handmade import TOTALS, dense_layer, every_family, input_layer
from support.output import graph_sources, pdf_text, svg_files

EVERYTHING = Options(show_dtype=True, show_activations=True, show_trainable=True,
                     show_params=True, legend=True)
BLACK = "#000000"  # Graphviz's default font colour


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


def look(element: ET.Element) -> tuple[str | None, ...]:
    return tuple(element.get(key) for key in ("bgcolor", "style", "border", "gradientangle"))


def drawn(palette: str) -> dict[str, ET.Element]:
    return labels(to_dot(every_family(), replace(EVERYTHING, palette=palette)))


def legend_names(dot: str) -> list[str]:
    legend = labels(dot)["/legend"]
    return ["".join(td.itertext()) for td in legend.iter("td")][1:]  # after the title


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
    assert '<table border="2"' in ET.tostring(group["d1//d4"], encoding="unicode")
    pairs = {pair for label in [*drawn(palette).values(), *group.values()]
             for pair in texts(label) if pair[1]}
    marks = PALETTES[palette]
    assert {BLACK, NOTE, marks.trainable, marks.frozen} <= {text for text, _ in pairs}
    fills = {fill for _, fill in pairs}
    assert {style.fill for style in marks.styles.values()} <= fills
    worst = min(pairs, key=lambda pair: contrast_ratio(*pair))
    assert contrast_ratio(*worst) >= 4.5, worst


def test_grayscale_fills_are_gray() -> None:
    fills = {fill for label in drawn("grayscale").values() for element in label.iter()
             for fill in element.get("bgcolor", "").split(":") if fill}
    assert len(fills) >= 3
    for fill in fills:
        assert fill[1:3] == fill[3:5] == fill[5:7], fill


@pytest.mark.parametrize("palette", PALETTE_NAMES)
def test_every_family_has_its_own_look(palette: str) -> None:
    """The box of each family differs from every other's, and the legend shows the same box."""
    nodes = drawn(palette)
    looks = {family: look(nodes[family]) for family in FAMILIES}
    assert len(set(looks.values())) == len(FAMILIES)
    swatches = list(nodes["/legend"].iter("td"))[1:]
    assert [look(td) for td in swatches] == [looks[family] for family in FAMILIES]
    if palette != "default":  # outlines as well as fills: colour is never the only difference
        outlines = [look[1:3] for look in looks.values()]
        assert max(outlines.count(outline) for outline in outlines) <= 2


# Machado, Oliveira and Fernandes (2009), severity 1.0, on linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def seen_lab(colour: str, matrix: tuple) -> tuple[float, float, float]:
    """CIELAB (D65) of ``colour`` as seen with a colour-vision deficiency."""
    def linear(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    rgb = [linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5)]
    r, g, b = (min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
               for row in matrix)
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
         for t in (xyz[0] / 0.95047, xyz[1], xyz[2] / 1.08883)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


@pytest.mark.parametrize("deficiency", CVD)
def test_colorblind_fills_differ_where_outlines_match(deficiency: str) -> None:
    """Two families drawn with the same outline stay apart by colour (CIE76 distance >= 10)
    for readers with protanopia, deuteranopia or tritanopia."""
    styles = PALETTES["colorblind"].styles
    for one, other in itertools.combinations(FAMILIES, 2):
        if (styles[one].style, styles[one].border) == (styles[other].style, styles[other].border):
            first, second = (seen_lab(styles[f].fill, CVD[deficiency]) for f in (one, other))
            distance = sum((a - b) ** 2 for a, b in zip(first, second, strict=True)) ** 0.5
            assert distance >= 10, (one, other, distance)


@pytest.mark.parametrize("palette", PALETTE_NAMES)
def test_dot_draws_the_palette(palette: str) -> None:
    svg = subprocess.run(["dot", "-Tsvg"], input=to_dot(every_family(), replace(
        EVERYTHING, palette=palette)), capture_output=True, text=True, check=True).stdout
    for style in PALETTES[palette].styles.values():
        for fill in style.fills:
            assert f'fill="{fill}"' in svg or f"stop-color:{fill};" in svg, fill
    dashes = svg.count("stroke-dasharray")
    assert dashes >= (1 if palette == "default" else 8)  # dashed and dotted outlines
    assert ("Gradient" in svg) == (palette == "grayscale")
    assert '<g id="node17" class="node kerasviz&#45;legend">\n<title>/legend</title>' in svg
    for family in FAMILIES:
        assert f">{FAMILY_NAMES[family]}</text>" in svg


def test_legend_lists_exactly_the_families_drawn() -> None:
    model = every_family()
    names = [FAMILY_NAMES[family] for family in FAMILIES]
    assert legend_names(to_dot(model, EVERYTHING)) == names
    opened = legend_names(to_dot(model, replace(EVERYTHING, expand_nested=True)))
    assert opened == [name for name in names if name != "Nested model"]  # its layers: drawn
    dense = ["Input", "Core (Dense, ...)"]
    assert legend_names(to_dot(repeats(), EVERYTHING)) == dense
    assert legend_names(to_dot(repeats(), replace(EVERYTHING, group_repeats=True))) == dense
    odd = replace(model, layers=(*model.layers[:1], replace(model.layers[1], category="new")))
    assert legend_names(to_dot(odd, EVERYTHING)) == ["Input", "Custom layer"]
    assert "/legend" not in to_dot(model, Options(palette="grayscale"))


def test_legend_is_beside_and_apart() -> None:
    model = every_family()
    named = replace(model, layers=(*model.layers[:-1], replace(model.layers[-1], name="legend")))
    dot = to_dot(named, EVERYTHING)
    assert {"legend", "/legend"} <= set(labels(dot))  # a layer called "legend" is its own node
    assert 'pack="16", packmode="array_t"' in dot and '"/legend" ->' not in dot
    across = labels(to_dot(model, replace(EVERYTHING, rankdir="LR")))["/legend"]
    assert len(across.findall(".//tr")) == 1  # a row above a left-to-right diagram
    down = labels(dot)["/legend"]
    assert len(down.findall(".//tr")) == len(FAMILIES) + 1  # a column beside a top-down one
    assert to_dot(model, EVERYTHING) == to_dot(every_family(), EVERYTHING)


def test_unknown_categories_look_custom() -> None:
    layer = Layer("x", "X", "layer", "not-a-family")
    assert node_style(layer.category, "grayscale") == node_style("custom", "grayscale")


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
        assert node_style(family, "grayscale").fills[0] in gray
    assert ">Merging</text>" not in gray  # not in this model
    assert "/legend" not in colour  # kerasviz_palette from conf.py; no legend asked for
    assert node_style("merging", "colorblind").fill in colour
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
        merging = bytes.fromhex(node_style("merging", "colorblind").fill[1:])
        assert any(all(abs(a - b) <= 2 for a, b in zip(p, merging, strict=True))
                   for p in pixels(colour))
