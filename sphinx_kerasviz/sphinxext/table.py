"""The summary as a real docutils table, so every builder (HTML, LaTeX, text...) renders it."""

from __future__ import annotations

from docutils import nodes

from sphinx_kerasviz.views.summary import Summary

#: Relative column widths (LaTeX uses them for its ``p`` columns).
WIDTHS = {
    "Layer": 26,
    "Type": 17,
    "Output shape": 19,
    "Param #": 17,
    "Connected to": 22,
    "Trainable": 9,
}


def summary_table(summary: Summary) -> nodes.table:
    """A table with a header row, one row per layer, and three footer rows of totals."""
    table = nodes.table(classes=["kerasviz-summary", "longtable", "colwidths-given"])
    table["support_smartquotes"] = False  # names are printed exactly as Keras has them
    tgroup = nodes.tgroup(cols=len(summary.columns))
    table += tgroup
    for column in summary.columns:
        tgroup += nodes.colspec(colwidth=WIDTHS[column])
    thead = nodes.thead()
    thead += _row(summary.columns)
    tgroup += thead
    tbody = nodes.tbody()
    for row in summary.rows:
        tbody += _row(summary.cells(row))
    for cells in summary.footer_cells():
        tbody += _row(cells, classes=["kerasviz-total"])
    tgroup += tbody
    return table


def simple_table(columns: tuple[str, ...], widths: tuple[int, ...],
                 rows: list[tuple[str, ...]], classes: list[str]) -> nodes.table:
    """A table of text cells with a header row; ``widths`` are relative column widths."""
    table = nodes.table(classes=[*classes, "colwidths-given"])
    table["support_smartquotes"] = False
    tgroup = nodes.tgroup(cols=len(columns))
    table += tgroup
    for width in widths:
        tgroup += nodes.colspec(colwidth=width)
    thead = nodes.thead()
    thead += _row(columns)
    tgroup += thead
    tbody = nodes.tbody()
    for cells in rows:
        tbody += _row(cells)
    tgroup += tbody
    return table


def _row(cells: list[str] | tuple[str, ...], classes: list[str] | None = None) -> nodes.row:
    row = nodes.row(classes=classes or [])
    for text in cells:
        row += _entry(text)
    return row


def _entry(text: str) -> nodes.entry:
    entry = nodes.entry()
    for line in text.split("\n"):
        if line:
            entry += nodes.paragraph(line, line)
    return entry
