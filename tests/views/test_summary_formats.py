"""Text renderings of the summary table: every format round-trips the names literally."""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from markdown_it import MarkdownIt

from sphinx_kerasviz.model.description import ModelDescription, Port
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.summary import Summary, summarize
from sphinx_kerasviz.views.summary_formats import (
    FORMATS,
    render,
    to_csv,
    to_html,
    to_latex,
    to_markdown,
    to_rst,
)

from support.handmade import TOTALS, dense_layer, input_layer, nested_layer

CHAIN = ['q"uote\\back', "tex_&%$#{}~^", "a*b_c", "|pipe|", "[x]--y,,z'"]
AWKWARD = ["in<put>", "`x`", "dense_<b>&", *CHAIN]
FOOTER = [
    ("Total params", "1,234,577 (4.71 MB)"),
    ("Trainable params", "1,234,567 (4.71 MB)"),
    ("Non-trainable params", "10 (40.00 B)"),
]


def awkward_model() -> ModelDescription:
    """Two inputs, a shared layer (two output shapes, two inputs) and a chain of odd names."""
    layers = [input_layer("in<put>", (None, 4)), input_layer("`x`", (None, 2, 4)),
              dense_layer("dense_<b>&", [(Port("in<put>"), (None, 4), (None, 3)),
                                    (Port("`x`"), (None, 2, 4), (None, 2, 3))], params=15)]
    previous = "dense_<b>&"
    for name in CHAIN:
        layers.append(dense_layer(name, [(Port(previous), (None, 3), (None, 3))], params=12))
        previous = name
    return ModelDescription("awk&<ward>", "Functional", "functional", tuple(layers),
                            (Port("in<put>"), Port("`x`")), (Port(previous),), TOTALS)


def sequential_model() -> ModelDescription:
    layers = (input_layer("in", (None, 4)),
              dense_layer("*only*", [(Port("in"), (None, 4), (None, 2))]))
    return ModelDescription("seq_1", "Sequential", "sequential", layers, (Port("in"),),
                            (Port("*only*"),), TOTALS)


def nested_model() -> ModelDescription:
    sub = nested_layer()
    return ModelDescription("outer", "Functional", "functional", (input_layer("x", (None, 4)), sub),
                            (Port("x"),), (Port("inner"),), TOTALS)


SUMMARIES = {
    "awkward": summarize(awkward_model()),
    "sequential": summarize(sequential_model(), Options(show_trainable=True)),
    "nested": summarize(nested_model(), Options(expand_nested=True)),
}


def table_of(summary: Summary) -> list[list[str]]:
    """What every format must show: header, layer rows, footer rows."""
    rows = [list(summary.columns), *(summary.cells(row) for row in summary.rows)]
    params = summary.columns.index("Param #")
    for label, value in summary.footer():
        rows.append([label if i == 0 else value if i == params else ""
                     for i in range(len(summary.columns))])
    return rows


class TableParser(HTMLParser):
    """Cell texts (``<br>`` as a newline) and ``<tr>`` classes by table section."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[list[str]]] = {}
        self.row_classes: dict[str, list[str | None]] = {}
        self.caption = ""
        self._section = self._cell = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("thead", "tbody", "tfoot"):
            self._section = tag
            self.sections[tag], self.row_classes[tag] = [], []
        elif tag == "tr":
            self.sections[self._section].append([])
            self.row_classes[self._section].append(dict(attrs).get("class"))
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "br":
            self._cell += "\n"
        elif tag == "caption":
            self._cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.sections[self._section][-1].append(self._cell)
            self._cell = None
        elif tag == "caption":
            self.caption, self._cell = self._cell, None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell += data


def parse_html(text: str) -> TableParser:
    parser = TableParser()
    parser.feed(text)
    parser.close()
    return parser


def test_awkward_model_table() -> None:
    rows = table_of(SUMMARIES["awkward"])
    assert rows[0] == ["Layer", "Type", "Output shape", "Param #", "Connected to"]
    assert [r[0] for r in rows[1:-3]] == AWKWARD
    assert rows[3] == ["dense_<b>&", "Dense", "(None, 3)\n(None, 2, 3)", "15",
                       "in<put>[0][0]\n`x`[0][0]"]
    assert [(r[0], r[3]) for r in rows[-3:]] == FOOTER


def test_markdown_text() -> None:
    text = to_markdown(SUMMARIES["awkward"])
    assert text.startswith("**Model: awk&amp;&lt;ward&gt;**\n\n"
                           "| Layer | Type | Output shape | Param # | Connected to |\n"
                           "| --- | --- | --- | --- | --- |\n")
    assert ("| dense\\_&lt;b&gt;&amp; | Dense | (None, 3)<br>(None, 2, 3) | 15 "
            "| in&lt;put&gt;\\[0\\]\\[0\\]<br>\\`x\\`\\[0\\]\\[0\\] |\n") in text
    assert "| q\"uote\\\\back | Dense |" in text
    assert "| tex\\_&amp;%\\$#{}\\~^ | Dense |" in text
    assert "| a\\*b\\_c |" in text and "| \\|pipe\\| |" in text
    assert text.endswith("| Non-trainable params |  |  | 10 (40.00 B) |  |\n")


@pytest.mark.parametrize("name", SUMMARIES)
def test_markdown_renders_literally(name: str) -> None:
    summary = SUMMARIES[name]
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    rendered = parse_html(md.render(to_markdown(summary)))
    assert rendered.sections["thead"] + rendered.sections["tbody"] == table_of(summary)
    title = md.render(to_markdown(summary).split("\n")[0])
    assert re.fullmatch(r"<p><strong>(.*)</strong></p>\n", title)
    assert html.unescape(re.sub(r"<[^>]+>", "", title)).strip() == f"Model: {summary.model_name}"


def rst_table(text: str) -> tuple[str, list[list[str]]]:
    """The title and cell texts of the one table in ``text``; warnings raise."""
    doctree = publish_doctree(text, settings_overrides={"report_level": 2, "halt_level": 2})
    (table,) = doctree.findall(nodes.table)
    rows = []
    for row in table.findall(nodes.row):
        cells = []
        for entry in row.findall(nodes.entry):
            lines = list(entry.findall(nodes.line))
            cells.append("\n".join(line.astext() for line in lines) if lines else entry.astext())
        rows.append(cells)
    return table.next_node(nodes.title).astext(), rows


def test_rst_text() -> None:
    text = to_rst(SUMMARIES["awkward"])
    assert text.startswith(".. list-table:: Model: awk\\&\\<ward\\>\n   :header-rows: 1\n\n"
                           "   * - Layer\n     - Type\n")
    assert ("   * - dense\\_\\<b\\>\\&\n     - Dense\n     - | \\(None, 3\\)\n"
            "       | \\(None, 2, 3\\)\n     - 15\n") in text
    assert "   * - \\|pipe\\|\n" in text and "   * - \\`x\\`\n" in text
    assert text.endswith("   * - Non\\-trainable params\n     -\n     -\n"
                         "     - 10 \\(40\\.00 B\\)\n     -\n")


@pytest.mark.parametrize("name", SUMMARIES)
def test_rst_parses_to_the_same_cells(name: str) -> None:
    summary = SUMMARIES[name]
    title, rows = rst_table(to_rst(summary))
    assert title == f"Model: {summary.model_name}"
    assert rows == table_of(summary)


def test_rst_line_block_keeps_every_line() -> None:
    _, rows = rst_table(to_rst(SUMMARIES["awkward"]))
    assert rows[3][2] == "(None, 3)\n(None, 2, 3)"
    assert rows[3][4] == "in<put>[0][0]\n`x`[0][0]"


@pytest.mark.parametrize("name", SUMMARIES)
def test_csv_round_trips(name: str) -> None:
    summary = SUMMARIES[name]
    assert list(csv.reader(io.StringIO(to_csv(summary)))) == table_of(summary)


def test_csv_text() -> None:
    text = to_csv(SUMMARIES["awkward"])
    assert text.startswith("Layer,Type,Output shape,Param #,Connected to\n")
    assert 'dense_<b>&,Dense,"(None, 3)\n(None, 2, 3)",15,"in<put>[0][0]\n`x`[0][0]"\n' in text
    assert '"q""uote\\back",Dense,' in text
    assert text.endswith('Non-trainable params,,,10 (40.00 B),\n')


def test_latex_text() -> None:
    lines = to_latex(SUMMARIES["awkward"]).splitlines()
    assert lines[:5] == [
        r"\begin{longtable}{lllrp{0.22\linewidth}}", r"\toprule",
        r"Layer & Type & Output shape & Param \# & Connected to \\", r"\midrule", r"\endhead",
    ]
    assert lines[-6:] == [
        r"\midrule",
        r"Total params &  &  & 1,234,577 (4.71 MB) &  \\",
        r"Trainable params &  &  & 1,234,567 (4.71 MB) &  \\",
        r"Non-trainable params &  &  & 10 (40.00 B) &  \\",
        r"\bottomrule",
        r"\end{longtable}",
    ]
    assert lines[7] == (
        r"dense\_\textless{}b\textgreater{}\& & Dense & "
        r"\begin{tabular}[t]{@{}l@{}}(None, 3)\\ (None, 2, 3)\end{tabular} & 15 & "
        r"in\textless{}put\textgreater{}{[}0]{[}0]\newline "
        r"\textasciigrave{}x\textasciigrave{}{[}0]{[}0] \\"
    )
    assert lines[9].startswith(r"tex\_\&\%\$\#\{\}\textasciitilde{}\textasciicircum{} & Dense")
    assert lines[12].startswith(r"{[}x]-{}-y,{},z\textquotesingle{} & Dense")


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.latex
def test_latex_compiles_and_shows_names_literally(tmp_path: Path) -> None:
    tables = "\n".join(to_latex(s) for s in SUMMARIES.values())
    (tmp_path / "table.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n"
        "\\usepackage{longtable,booktabs}\n\\begin{document}\n" + tables + "\\end{document}\n"
    )
    result = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "table.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    lines = [line.split() for line in pdftotext(tmp_path / "table.pdf").splitlines()]
    firsts = [words[0] for words in lines if words]
    for name in AWKWARD:
        assert name in firsts, name
    assert "*only*" in firsts
    assert ["Total", "params", "1,234,577", "(4.71", "MB)"] in lines
    assert ["dense_<b>&", "Dense", "(None,", "3)", "15", "in<put>[0][0]"] in lines
    assert ["(None,", "2,", "3)", "`x`[0][0]"] in lines


def test_html_text() -> None:
    text = to_html(SUMMARIES["awkward"])
    assert text.startswith('<table class="kerasviz-summary">\n'
                           "<caption>Model: awk&amp;&lt;ward&gt;</caption>\n<thead>\n"
                           "<tr><th>Layer</th><th>Type</th><th>Output shape</th>"
                           "<th>Param #</th><th>Connected to</th></tr>\n</thead>\n<tbody>\n")
    assert ("<tr><td>dense_&lt;b&gt;&amp;</td><td>Dense</td><td>(None, 3)<br>(None, 2, 3)</td>"
            "<td>15</td><td>in&lt;put&gt;[0][0]<br>`x`[0][0]</td></tr>\n") in text
    assert "<td>q&quot;uote\\back</td>" in text
    assert text.endswith('<tr class="kerasviz-total"><td>Non-trainable params</td><td></td>'
                         "<td></td><td>10 (40.00 B)</td><td></td></tr>\n</tfoot>\n</table>\n")


@pytest.mark.parametrize("name", SUMMARIES)
def test_html_parses_to_the_same_cells(name: str) -> None:
    summary = SUMMARIES[name]
    parsed = parse_html(to_html(summary))
    expected = table_of(summary)
    assert parsed.caption == f"Model: {summary.model_name}"
    assert parsed.sections["thead"] == expected[:1]
    assert parsed.sections["tbody"] == expected[1:-3]
    assert parsed.sections["tfoot"] == expected[-3:]
    assert parsed.row_classes["tfoot"] == ["kerasviz-total"] * 3
    assert parsed.row_classes["tbody"] == [None] * len(summary.rows)


def test_render_dispatches_and_rejects_unknown_formats() -> None:
    summary = SUMMARIES["sequential"]
    assert list(FORMATS) == ["md", "rst", "csv", "latex", "html"]
    assert render(summary, "md") == to_markdown(summary)
    assert render(summary, "rst") == to_rst(summary)
    assert render(summary, "csv") == to_csv(summary)
    assert render(summary, "latex") == to_latex(summary)
    assert render(summary, "html") == to_html(summary)
    with pytest.raises(ValueError, match=r"'pdf'.*md, rst, csv, latex, html"):
        render(summary, "pdf")


def test_real_keras_totals() -> None:
    from sphinx_kerasviz.model.describe import describe

    import kerasviz_test_models as models

    model = models.branched()
    summary = summarize(describe(model))
    total = f"{model.count_params():,}"
    assert re.search(rf"^\| Total params \|  \|  \| {total} \(.+\) \|  \|$",
                     to_markdown(summary), re.MULTILINE)
    rows = list(csv.reader(io.StringIO(to_csv(summary))))
    assert rows[-3][0] == "Total params" and rows[-3][3].startswith(f"{total} (")
    assert [row[0] for row in rows[1:-3]] == [layer.name for layer in model.layers]
