"""Cutting a drawing into page-size tiles between its labels: pure geometry, and a real
Graphviz layout read from ``dot -Tjson``."""

from __future__ import annotations

import subprocess

from sphinx_kerasviz.drawing.graphviz import read_layout
from sphinx_kerasviz.drawing.tiles import Box, Layout, parts, pdf_fonts, pieces, tiles


def test_pieces_cut_in_the_middle_of_gaps() -> None:
    spans = [(0, 10), (15, 40), (45, 60), (62, 100)]
    cut = pieces(spans, 100, 50)
    assert cut == [(0, 42.5), (42.5, 61.0), (61.0, 100)]
    for start, end in cut[:-1]:
        assert end - start <= 50
        assert not any(lo < end < hi for lo, hi in spans)


def test_a_span_longer_than_a_piece_is_cut_through() -> None:
    assert pieces([(0, 30)], 30, 10) == [(0, 10), (10, 20), (20, 30)]


def test_short_drawings_are_one_piece() -> None:
    assert pieces([(0, 5)], 20, 50) == [(0, 20)]


def test_tiles_read_rows_from_the_top_then_left_to_right() -> None:
    labels = tuple(Box(x, y, x + 8, y + 8) for x in (0, 10, 20) for y in (0, 10, 20))
    rows = tiles(Layout(Box(0, 0, 28, 28), 9.0, labels), (18, 18))
    assert [[(t.x0, t.y0, t.x1, t.y1) for t in row] for row in rows] == [
        [(0, 10, 18, 28), (18, 10, 28, 28)],  # cut where the next gap begins, within reach
        [(0, 0, 18, 10), (18, 0, 28, 10)],
    ]
    assert parts(rows, 1.0, 100) == [[tile] for row in rows for tile in row]


def test_narrow_strips_share_a_part() -> None:
    rows = [[Box(0, y, 100, y + 10)] for y in range(5)]
    assert [len(part) for part in parts(rows, 1.0, 330)] == [3, 2]  # 3 x 100 + 2 x 12 <= 330
    assert [len(part) for part in parts(rows, 2.0, 330)] == [1] * 5


def test_graphviz_layout_has_every_node_and_the_smallest_font() -> None:
    dot = ('digraph { node [shape=box, fontsize=11]; a [label=<a<br/><font point-size="9">'
           'A</font>>]; b; c; a -> b -> c }')
    layout = read_layout(subprocess.run(["dot", "-Tjson"], input=dot, capture_output=True,
                                        text=True, check=True).stdout)
    assert layout.smallest_font == 9.0
    assert layout.bounds.height > 100
    nodes = [box for box in layout.labels if box.width > 20]
    assert len(nodes) >= 3
    for box in layout.labels:
        assert layout.bounds.x0 - 1 <= box.x0 and box.x1 <= layout.bounds.x1 + 1


def test_pdf_fonts_reads_matplotlibs_smallest_text(tmp_path) -> None:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(3, 2))
    figure.text(0.1, 0.5, "small", fontsize=6.5)
    figure.text(0.1, 0.2, "large", fontsize=12)
    figure.savefig(tmp_path / "f.pdf")
    box, smallest = pdf_fonts(tmp_path / "f.pdf")
    assert (box.width, box.height, smallest) == (216, 144, 6.5)
    Figure(figsize=(1, 1)).savefig(tmp_path / "empty.pdf")
    assert pdf_fonts(tmp_path / "empty.pdf")[1] is None
