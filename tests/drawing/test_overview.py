"""The smallest label of real Graphviz and matplotlib SVGs, and their label-free miniatures."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from sphinx_kerasviz.drawing.figures import RC
from sphinx_kerasviz.drawing.graphviz import render_dot
from sphinx_kerasviz.drawing.overview import labels, overview

DOT = """digraph g {
  node [shape=box, fontname="Helvetica"];
  a [label=<<font point-size="14">big</font><br/><font point-size="9">small</font>>];
  b [label="plain", fontsize="11"];
  a -> b;
}"""


def test_the_smallest_graphviz_label(tmp_path: Path) -> None:
    svg = render_dot([DOT], "svg", tmp_path)
    found = labels(svg)
    width = float(re.search(r'viewBox="0\.00 0\.00 ([\d.]+)', svg.read_text()).group(1))
    assert found.width == width and found.smallest == 9
    assert found.readable_width() == round(width)  # 9 px labels: one CSS px per point
    assert found.readable_width(18) == round(2 * width)


def test_a_drawing_graphviz_shrank(tmp_path: Path) -> None:
    """``size`` shrinks the drawing by a ``scale()``: the labels shrink with it."""
    wide = DOT.replace("a -> b;", "a -> b; " + " ".join(f"a -> n{i};" for i in range(30)))
    svg = render_dot([wide.replace("digraph g {", 'digraph g { size="3,3";')], "svg", tmp_path)
    scale = float(re.search(r'transform="scale\(([\d.]+)', svg.read_text()).group(1))
    assert scale < 0.5
    assert labels(svg).smallest == 9 * scale


def test_the_smallest_matplotlib_label(tmp_path: Path) -> None:
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(4, 2))
        axes = figure.add_subplot()
        axes.set_title("a title")  # 8.5 pt; the tick labels are 7 pt
        axes.text(0.5, 0.5, "   ")  # blank text shows nothing: not a label
        path = tmp_path / "plot.svg"
        figure.savefig(path)
    found = labels(path)
    assert (found.width, found.height, found.smallest) == (288, 144, 7)
    assert found.readable_width() == 371  # 288 * 9 / 7 = 370.3


def test_the_overview_has_no_words(tmp_path: Path) -> None:
    svg = render_dot([DOT], "svg", tmp_path)
    mini = overview(svg)
    text = mini.read_text()
    assert mini.parent == svg.parent and mini.name.startswith("kerasviz-overview-")
    assert "<text" not in text and "<title" not in text and "big" not in text
    assert text.count("<path") + text.count("<polygon") >= 3  # the boxes and the arrow
    root = re.search(r"<svg [^>]*>", text).group(0)
    assert 'preserveAspectRatio="none"' in root and " width=" not in root
    viewbox = re.search(r'viewBox="[^"]+"', svg.read_text()).group(0)
    assert viewbox in root
    stamp = mini.stat().st_mtime_ns
    assert overview(svg) == mini and mini.stat().st_mtime_ns == stamp  # written once
