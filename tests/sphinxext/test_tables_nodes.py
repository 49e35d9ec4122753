"""The tables' doctree: Keras's ``name (Type)`` column, compact ``Connected to``, classes of
counts and names, break opportunities, and the LaTeX column spec and table kind. (A table holds
its rows as data until the page is written: ``tests/sphinxext/test_tables_written.py``.)"""

from __future__ import annotations

from docutils import nodes

from sphinx_kerasviz.model.description import Totals
from sphinx_kerasviz.sphinxext.nodes import kerasviz_name
from sphinx_kerasviz.sphinxext.table import ONE_PAGE, name_parts, summary_table, table, write_rows
from sphinx_kerasviz.views.summary import Row, Summary


def summary(rows: int = 2) -> Summary:
    layers = [Row("dense_block_1", "Dense", "(None, 8)", 1234567, ("in_put[0][0]", "x[1][0]"), "Y")
              for _ in range(rows)]
    return Summary("m", ("Layer", "Type", "Output shape", "Param #", "Connected to"),
                   tuple(layers), Totals(1234567, 0, 4938268, 0))


def cells(found: nodes.table) -> list[list[nodes.entry]]:
    """The cells of ``found`` as the page is written."""
    write_rows(found)
    return [list(row) for row in found.findall(nodes.row)]


def text(entry: nodes.entry) -> str:
    """What a reader sees in a cell (its paragraphs one a line)."""
    return "\n".join(p.astext() for p in entry.findall(nodes.paragraph))


def test_summary_columns_as_keras_writes_them() -> None:
    found = summary_table(summary())
    rows = cells(found)
    assert [e.astext() for e in rows[0]] == ["Layer (type)", "Output shape", "Param #",
                                             "Connected to"]
    assert [text(e) for e in rows[1]] == ["dense_block_1 (Dense)", "(None, 8)", "1,234,567",
                                          "in_put\nx[1][0]"]
    assert rows[1][2]["classes"] == ["kerasviz-number"] == rows[0][2]["classes"]
    assert rows[1][0]["classes"] == ["kerasviz-name"] == rows[1][3]["classes"]
    assert rows[1][1]["classes"] == []
    total = rows[-3]
    assert total[0].astext() == "Total params"
    assert total[2].astext() == "1,234,567 (4.71\u00a0MB)"  # the size kept on one line
    assert found["classes"][:2] == ["kerasviz-summary", "kerasviz-tabular"]


def test_names_break_after_underscores_counts_never() -> None:
    row = cells(summary_table(summary()))[1]
    (name,) = row[0].findall(kerasviz_name)
    assert name_parts(name.astext()) == ["dense_", "block_", "1 (Dense)"]
    assert list(row[2].findall(kerasviz_name)) == []
    assert name_parts("a/b.c.1.d") == ["a/", "b.", "c.1.", "d"]  # not before a digit


def test_latex_spec_and_kind() -> None:
    short = summary_table(summary(10))
    spec = short["kerasviz_colspec"]
    assert spec.count(r"\raggedleft") == 1 and spec.count(r"\raggedright") == 3
    assert spec.count(r"\hyphenpenalty=10000") == 4 and r"\X{14}{" in spec
    assert "longtable" not in short["classes"]  # one page
    assert "longtable" in summary_table(summary(ONE_PAGE))["classes"]
    plain = table(("A", "B"), (1, 1), [(("1", "2"), [])], ["x"])
    assert plain["kerasviz_colspec"].count(r"\raggedright") == 2
