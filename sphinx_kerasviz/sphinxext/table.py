"""Tables as real docutils tables, so every builder (HTML, LaTeX, text...) renders them."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from sphinx_kerasviz.views.summary import Summary

#: Relative column widths of the summary (LaTeX uses them for its ``p`` columns).
WIDTHS = {
    "Layer": 26,
    "Type": 17,
    "Output shape": 19,
    "Param #": 17,
    "Connected to": 22,
    "Trainable": 9,
    "Dtype policy": 16,
}
#: A row: its cells (a line break starts a new paragraph) and its classes.
Row = tuple[Sequence[str], list[str]]


def table(columns: Sequence[str], widths: Sequence[int], rows: Sequence[Row],
          classes: list[str]) -> nodes.table:
    """A table of text cells with a header row; ``widths`` are relative column widths."""
    found = nodes.table(classes=[*classes, "colwidths-given"])
    found["support_smartquotes"] = False  # names are printed exactly as Keras has them
    tgroup = nodes.tgroup(cols=len(columns))
    found += tgroup
    for width in widths:
        tgroup += nodes.colspec(colwidth=width)
    thead = nodes.thead()
    thead += _row(columns, [])
    tgroup += thead
    tbody = nodes.tbody()
    for cells, row_classes in rows:
        tbody += _row(cells, row_classes)
    tgroup += tbody
    return found


def summary_table(summary: Summary) -> nodes.table:
    """A header row, one row per layer, and three footer rows of totals."""
    rows: list[Row] = [(summary.cells(row), []) for row in summary.rows]
    rows += [(cells, ["kerasviz-total"]) for cells in summary.footer_cells()]
    return table(summary.columns, [WIDTHS[column] for column in summary.columns], rows,
                 ["kerasviz-summary", "longtable"])


def preprocessor_table(summary: Summary) -> list[nodes.Element]:
    """A KerasHub task's preprocessor as ``Task.summary()`` shows it: its title (a paragraph,
    so it takes no table number), then its table."""
    rows: list[Row] = [(cells, []) for cells in summary.preprocessor_cells()]
    title = summary.preprocessor_title()
    heading = nodes.paragraph("", "", nodes.strong(title, title),
                              classes=["kerasviz-preprocessor-title"])
    heading["support_smartquotes"] = False  # the name, exactly as Keras has it
    return [heading,
            table(summary.PREPROCESSOR_COLUMNS, (60, 40), rows, ["kerasviz-preprocessor"])]


def _row(cells: Sequence[str], classes: list[str]) -> nodes.row:
    row = nodes.row(classes=classes)
    for text in cells:
        entry = nodes.entry()
        for line in text.split("\n"):
            if line:
                entry += nodes.paragraph(line, line)
        row += entry
    return row
