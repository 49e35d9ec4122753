"""The summary table as text: Markdown, reST, CSV, LaTeX and HTML.

Each renderer writes a header row, one row per layer and three footer rows (the label in the
first column, the value in the ``Param #`` column). Names are shown literally in every format.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable

from sphinx_kerasviz.views.summary import Summary

_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\u00a0": "&nbsp;"}
_LATEX = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", "`": r"\textasciigrave{}",
    "'": r"\textquotesingle{}", "[": "{[}", "*": "{*}", "\u00a0": "~",
}


def _body(summary: Summary) -> list[list[str]]:
    return [summary.cells(row) for row in summary.rows]


def _md(text: str) -> str:
    """Markdown inline text shown literally; lines joined with ``<br>``."""
    lines = (re.sub(r"([\\`*_|\[\]~$])", r"\\\1", line) for line in text.split("\n"))
    return "<br>".join("".join(_MD_ENTITIES.get(c, c) for c in line) for line in lines)


def to_markdown(summary: Summary) -> str:
    """A GitHub-flavoured Markdown table under a bold ``Model: NAME`` line."""
    model = _md_table(f"Model: {summary.model_name}", summary.columns,
                      [*_body(summary), *summary.footer_cells()])
    if not summary.preprocessor:
        return model
    return _md_table(summary.preprocessor_title(), summary.PREPROCESSOR_COLUMNS,
                     summary.preprocessor_cells()) + "\n" + model


def _md_table(title: str, columns: tuple[str, ...], rows: list[list[str]]) -> str:
    """A bold title line, then a GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(map(_md, cells)) + " |" for cells in [list(columns), *rows]]
    lines.insert(1, "|" + " --- |" * len(columns))
    return f"**{_md(title)}**\n\n" + "\n".join(lines) + "\n"


def _rst(text: str) -> str:
    """reST text with every character but letters, digits, spaces and commas backslash-escaped."""
    return "".join(c if c.isalnum() or c in " ," else "\\" + c for c in text)


def _rst_cell(text: str) -> list[str]:
    """One paragraph, or a line block for several lines."""
    lines = text.split("\n")
    return [_rst(text)] if len(lines) == 1 else [f"| {_rst(line)}".rstrip() for line in lines]


def to_rst(summary: Summary) -> str:
    """A ``list-table`` titled ``Model: NAME``; multi-line cells become line blocks."""
    out = [f".. list-table:: Model: {_rst(summary.model_name)}", "   :header-rows: 1", ""]
    for cells in [list(summary.columns), *_body(summary), *summary.footer_cells()]:
        for i, text in enumerate(cells):
            first, *rest = _rst_cell(text)
            out.append(f"   {'* -' if i == 0 else '  -'} {first}".rstrip())
            out.extend(" " * 7 + line for line in rest)
    return "\n".join(out) + "\n"


def to_csv(summary: Summary) -> str:
    """RFC 4180 CSV: header, layer rows, footer rows; multi-line cells stay quoted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(summary.columns)
    writer.writerows([*_body(summary), *summary.footer_cells()])
    return out.getvalue()


def _latex(text: str) -> str:
    escaped = "".join(_LATEX.get(c, c) for c in text)
    return re.sub(r"([-,])(?=[-,])", r"\1{}", escaped)  # no ``--`` or ``,,`` ligatures


def _latex_cell(text: str, column: str) -> str:
    lines = [_latex(line) for line in text.split("\n")]
    if len(lines) == 1:
        return lines[0]
    if column == "Connected to":
        return r"\newline ".join(lines)
    return r"\begin{tabular}[t]{@{}l@{}}" + r"\\ ".join(lines) + r"\end{tabular}"


def to_latex(summary: Summary) -> str:
    r"""A ``longtable`` with ``booktabs`` rules, counts right-aligned, for a document with T1
    fonts.

    Needs ``\usepackage[T1]{fontenc}`` and ``\usepackage{longtable,booktabs}``.
    """
    columns = summary.columns
    spec = "".join(r"p{0.22\linewidth}" if c == "Connected to" else
                   "r" if c in summary.NUMBERS else "l" for c in columns)

    def line(cells: list[str] | tuple[str, ...]) -> str:
        return " & ".join(_latex_cell(t, c) for t, c in zip(cells, columns, strict=True)) + r" \\"

    return "\n".join([
        rf"\begin{{longtable}}{{{spec}}}", r"\toprule", line(columns), r"\midrule", r"\endhead",
        *map(line, _body(summary)), r"\midrule", *map(line, summary.footer_cells()), r"\bottomrule",
        r"\end{longtable}",
    ]) + "\n"


def _html(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def to_html(summary: Summary) -> str:
    """A ``<table class="kerasviz-summary">``; the totals in ``<tfoot>``."""

    def tr(cells: list[str] | tuple[str, ...], tag: str = "td", attrs: str = "") -> str:
        return f"<tr{attrs}>" + "".join(f"<{tag}>{_html(c)}</{tag}>" for c in cells) + "</tr>"

    total = ' class="kerasviz-total"'
    return "\n".join([
        '<table class="kerasviz-summary">',
        f"<caption>Model: {html.escape(summary.model_name)}</caption>",
        "<thead>", tr(summary.columns, "th"), "</thead>",
        "<tbody>", *map(tr, _body(summary)), "</tbody>",
        "<tfoot>", *(tr(cells, attrs=total) for cells in summary.footer_cells()), "</tfoot>",
        "</table>",
    ]) + "\n"


FORMATS: dict[str, Callable[[Summary], str]] = {
    "md": to_markdown,
    "rst": to_rst,
    "csv": to_csv,
    "latex": to_latex,
    "html": to_html,
}


def render(summary: Summary, fmt: str) -> str:
    """``summary`` in format ``fmt``, one of :data:`FORMATS`."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown summary format {fmt!r}; choose one of {', '.join(FORMATS)}"
        ) from None
    return renderer(summary)
