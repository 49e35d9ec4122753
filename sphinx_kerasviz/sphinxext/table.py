"""Tables as real docutils tables, so every builder (HTML, LaTeX, text...) renders them.

Every table has the class ``kerasviz-tabular``. Counts sit in ``kerasviz-number`` cells:
right-aligned, never broken. Names may break after an underscore or a slash (``<wbr>`` in HTML,
``\\allowbreak`` in LaTeX), never inside a word, and are never hyphenated. LaTeX gets its own
column spec: ragged columns of the given widths that fill the text width, the counts flush
right; a table short enough for one page is a ``tabular`` (never split), a longer one a
``longtable``.

While pages are read, a table holds its rows as data (:class:`kerasviz_rows`); they become
docutils rows only when the page is written, so Sphinx's transforms walk one node per table
instead of a dozen per row. HTML builders get them after every post-transform, other builders
before, as their own post-transforms may look into tables (the LaTeX builder's footnote
transform needs a tbody): :func:`when_rows_are_written`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_kerasviz.sphinxext.nodes import kerasviz_name, kerasviz_rows
from sphinx_kerasviz.views.summary import Summary

#: Relative column widths of the summary (LaTeX uses them for its columns).
WIDTHS = {
    "Layer (type)": 32,
    "Output shape": 19,
    "Param #": 14,
    "Connected to": 22,
    "Trainable": 14,
    "Dtype policy": 13,
}
#: A row: its cells (a line break starts a new paragraph) and its classes.
Row = tuple[Sequence[str], list[str]]
#: Lines (estimated) up to which a table stays in one piece on one page in LaTeX.
ONE_PAGE = 40
#: Characters of a table's text on one line of the page (LaTeX, ``\\small``).
LINE = 90
#: Where a name may break: after an underscore or a slash, after a dot before a letter.
BREAKS = re.compile(r"(?<=[_/])(?=\w)|(?<=\.)(?=[^\W\d])")
#: LaTeX column types: text ragged right and never hyphenated, counts flush right.
_LATEX_TEXT = r">{\raggedright\arraybackslash\hyphenpenalty=10000\exhyphenpenalty=10000}"
_LATEX_NUMBER = r">{\raggedleft\arraybackslash\hyphenpenalty=10000}"
#: The kinds of columns, and the classes of their cells.
_NUMBER, _NAME = "number", "name"
_CLASSES = {_NUMBER: ["kerasviz-number"], _NAME: ["kerasviz-name"], "": []}


def table(columns: Sequence[str], widths: Sequence[int], rows: Sequence[Row],
          classes: list[str], numbers: Sequence[str] = (),
          names: Sequence[str] | None = None) -> nodes.table:
    """A table of text cells with a header row; ``widths`` are relative column widths (for
    LaTeX), ``numbers`` the titles of the columns of counts, ``names`` those of names (the
    first column when not given), which may break anywhere when nothing else fits."""
    names = columns[:1] if names is None else names
    kinds = tuple(_NUMBER if c in numbers else _NAME if c in names else "" for c in columns)
    found = nodes.table(classes=[*classes, "kerasviz-tabular", "colwidths-auto"])
    found["support_smartquotes"] = False  # names are printed exactly as Keras has them
    found["kerasviz_colspec"] = latex_colspec(widths, [c in numbers for c in columns])
    if _lines(rows, widths) > ONE_PAGE:
        found["classes"].append("longtable")
    found += kerasviz_rows(columns=tuple(columns), widths=tuple(widths), kinds=kinds,
                           rows=tuple((tuple(cells), tuple(row_classes))
                                      for cells, row_classes in rows))
    return found


def write_rows(found: nodes.Element) -> None:
    """Make every :class:`kerasviz_rows` in ``found`` into the docutils rows of its table."""
    for data in list(found.findall(kerasviz_rows)):
        data.replace_self(_tgroup(data))


def _tgroup(data: kerasviz_rows) -> nodes.tgroup:
    kinds = data["kinds"]
    tgroup = nodes.tgroup(cols=len(data["columns"]))
    for width in data["widths"]:
        tgroup += nodes.colspec(colwidth=width)
    tgroup += nodes.thead("", _row(data["columns"], [], kinds))
    tgroup += nodes.tbody("", *(_row(cells, list(classes), kinds)
                               for cells, classes in data["rows"]))
    return tgroup


def latex_colspec(widths: Sequence[int], numbers: Sequence[bool]) -> str:
    """A ``tabularcolumns`` spec: the columns share the text width as ``widths`` say."""
    total = sum(widths)
    return "".join(
        (_LATEX_NUMBER if number else _LATEX_TEXT) + rf"\X{{{width}}}{{{total}}}"
        for width, number in zip(widths, numbers, strict=True)
    )


def summary_table(summary: Summary) -> nodes.table:
    """A header row, one row per layer, and three footer rows of totals."""
    summary = summary.for_documents()
    rows: list[Row] = [(summary.cells(row), []) for row in summary.rows]
    rows += [(cells, ["kerasviz-total"]) for cells in summary.footer_cells()]
    return table(summary.columns, [WIDTHS[column] for column in summary.columns], rows,
                 ["kerasviz-summary"], summary.NUMBERS, ("Layer (type)", "Connected to"))


def preprocessor_table(summary: Summary) -> list[nodes.Element]:
    """A KerasHub task's preprocessor as ``Task.summary()`` shows it: its title (a paragraph,
    so it takes no table number), then its table."""
    rows: list[Row] = [(cells, []) for cells in summary.preprocessor_cells()]
    title = summary.preprocessor_title()
    heading = nodes.paragraph("", "", nodes.strong(title, title),
                              classes=["kerasviz-preprocessor-title"])
    heading["support_smartquotes"] = False  # the name, exactly as Keras has it
    return [heading,
            table(summary.PREPROCESSOR_COLUMNS, (55, 45), rows, ["kerasviz-preprocessor"])]


def _lines(rows: Sequence[Row], widths: Sequence[int]) -> int:
    """About how many lines ``rows`` print: per row, the most of any cell, whose column holds
    its share of :data:`LINE` characters."""
    room = [max(1, LINE * width // sum(widths)) for width in widths]
    return sum(max((sum(-(-max(len(line), 1) // chars) for line in text.split("\n"))
                    for text, chars in zip(cells, room, strict=True)), default=1)
               for cells, _ in rows)


def _row(cells: Sequence[str], classes: list[str], kinds: Sequence[str]) -> nodes.row:
    row = nodes.row(classes=classes)
    for text, kind in zip(cells, kinds, strict=True):
        entry = nodes.entry(classes=list(_CLASSES[kind]))
        for line in text.split("\n"):
            if line:
                entry += nodes.paragraph(line, "", _glued(line) if kind == _NUMBER
                                         else _breakable(line))
        row += entry
    return row


def _glued(text: str) -> nodes.Text:
    """A count's text with what is in parentheses kept on one line: ``9,640 (37.66 KB)``."""
    return nodes.Text(re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(" ", "\u00a0"), text))


def _breakable(text: str) -> nodes.Node:
    """``text``, as a :class:`kerasviz_name` if it has a break opportunity."""
    return kerasviz_name(text, text) if BREAKS.search(text) else nodes.Text(text)


def name_parts(text: str) -> list[str]:
    """A name cut at its break opportunities: after each underscore, slash or dot before a
    letter."""
    return BREAKS.split(text)


class WriteRows(SphinxPostTransform):
    """Give each kerasviz table its docutils rows before every other post-transform."""

    default_priority = 1

    def run(self, **kwargs: object) -> None:
        write_rows(self.document)


def rows_when_resolved(_app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """``doctree-resolved``: every kerasviz table's docutils rows, once Sphinx's
    post-transforms have walked the page without them."""
    write_rows(doctree)


def when_rows_are_written(app: Sphinx) -> None:
    """``builder-inited``: an HTML builder gets the rows after its post-transforms, which need
    nothing in them (at ``doctree-resolved``, before other extensions' handlers, so these see
    ordinary tables); another builder before its post-transforms, which may look into tables."""
    if app.builder.format == "html":
        app.connect("doctree-resolved", rows_when_resolved, priority=2)
    else:
        app.add_post_transform(WriteRows)


class LatexColumns(SphinxPostTransform):
    """Put each kerasviz table's column spec before it, as ``.. tabularcolumns::`` would."""

    default_priority = 400
    builders = ("latex",)

    def run(self, **kwargs: object) -> None:
        for found in list(self.document.findall(nodes.table)):
            spec = found.get("kerasviz_colspec")
            if spec:
                found.parent.insert(found.parent.index(found),
                                    addnodes.tabular_col_spec(spec=spec))
