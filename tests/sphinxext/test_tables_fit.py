"""Every cell of every kerasviz table is fully visible without scrolling, in five themes, at
1280 and 820 pixels, light and dark, in headless Chromium; the counts are Keras's own.

The page holds wide tables: a functional model with long names and merges of many branches
(``Connected to``, ``:show-trainable:``, ``:show-dtype:``), a ten-row CNN, MobileNetV2's 156
rows, the docs' transformer, a training history's table and a model card's architecture and
metrics tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.browser import Page, chromium
from support.builds import build_clean
from support.paths import DOCS

THEMES = ("alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme", "sphinx_book_theme")
WIDTHS = (1280, 820)
SCHEMES = ("light", "dark")
CONF = """import sys
sys.path.insert(0, {docs!r})  # examples.py
extensions = ["sphinx_kerasviz"]
html_theme = {theme!r}
html_context = {{"default_mode": "auto"}}  # pydata: without it the theme logs a console error
"""
PAGE = """Wide tables
===========

.. keras-model:: wide_table_models.many_merges
   :views: summary
   :show-trainable:
   :show-dtype:

.. keras-model:: wide_table_models.ten_rows
   :views: summary
   :show-trainable:

.. keras-model:: keras.applications.MobileNetV2(weights=None)
   :views: summary

.. keras-model:: examples.build_transformer
   :views: summary
   :show-trainable:
   :show-dtype:

.. keras-history:: history.csv
   :align: left
   :width: 70%

.. keras-model-card:: card.yaml
"""
CARD = """model_details:
  name: Wide merges
quantitative_analysis:
  performance_metrics:
    - type: top-5 accuracy on the held-out validation split
      value: 0.91234
      slice: images_with_long_descriptive_names
      confidence_interval: {lower_bound: 0.90011, upper_bound: 0.92345}
kerasviz:
  architecture: wide_table_models.many_merges
  architecture_views: summary
"""
#: Per table: the text boxes of its cells outside a clipping ancestor or the viewport, the
#: ancestors that would scroll sideways (or that the table sticks out of: the themes' own
#: headings and sidebars may stick out of theirs), the counts set on more than one line, and
#: the totals.
PROBE = """() => {
  const width = document.documentElement.clientWidth;
  const clips = (element) => {  // ancestors that cut or scroll what sticks out
    const found = [];
    for (let e = element.parentElement; e; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== "visible") found.push(e);
    }
    return found;
  };
  const name = (e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : "");
  const tables = "table:is(.kerasviz-summary, .kerasviz-history-table, .kerasviz-card-metrics)";
  return [...document.querySelectorAll(tables)].map((table) => {
    const boxes = clips(table).map((e) => [name(e), e.getBoundingClientRect()]);
    const cut = [], scrolls = [], broken = [];
    const own = table.getBoundingClientRect();
    for (let e = table; e; e = e.parentElement) {  // a box that scrolls, or that it sticks out of
      const box = e.getBoundingClientRect();
      if (getComputedStyle(e).overflowX !== "visible" && e.scrollWidth > e.clientWidth + 1
          || own.left < box.left - 0.5 || own.right > box.right + 0.5) {
        scrolls.push([name(e), e.scrollWidth, e.clientWidth]);
      }
    }
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.left < -0.5 || r.right > width + 0.5) cut.push([node.textContent, "viewport"]);
        for (const [box, b] of boxes) {
          if (r.left < b.left - 0.5 || r.right > b.right + 0.5) cut.push([node.textContent, box]);
        }
      }
    }
    const column = [...table.querySelectorAll("thead th")].findIndex(
      (th) => th.textContent.trim() === "Param #");
    const counts = column < 0 ? [] : [...table.querySelectorAll("tbody tr")].map(
      (row) => row.cells[column]);
    for (const cell of counts) {
      const text = cell.textContent.trim();
      const count = text.match(/^[0-9][0-9,.]*/);
      if (!count) continue;
      const node = [...cell.querySelectorAll("p")].map((p) => p.firstChild)[0];
      const range = document.createRange();
      range.setStart(node, node.textContent.indexOf(count[0]));
      range.setEnd(node, node.textContent.indexOf(count[0]) + count[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size !== 1) broken.push(text);
    }
    const totals = Object.fromEntries([...table.querySelectorAll("tr.kerasviz-total")].map(
      (row) => [row.cells[0].textContent.trim(), row.cells[column].textContent.trim()]));
    return {classes: table.className, cells: table.querySelectorAll("td").length, cut, scrolls,
            broken, totals};
  });
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Each theme's page, built once."""
    history = (DOCS / "_static" / "training" / "history.csv").read_text()
    return {theme: build_clean("html", tmp_path_factory.mktemp(theme), {
        "conf.py": CONF.format(docs=str(DOCS), theme=theme), "index.rst": PAGE, "card.yaml": CARD,
        "history.csv": history}) / "index.html" for theme in THEMES}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def keras_totals() -> dict[str, tuple[int, int]]:
    """Total and trainable parameters of each model as Keras counts them."""
    import keras
    import wide_table_models

    models = [wide_table_models.many_merges(), wide_table_models.ten_rows(),
              keras.applications.MobileNetV2(weights=None)]
    return {m.name: (m.count_params(), sum(int(w.numpy().size) for w in m.trainable_weights))
            for m in models}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("theme", THEMES)
def test_every_cell_is_visible(sites: dict[str, Path], browser: Any,
                               keras_totals: dict[str, tuple[int, int]], theme: str, width: int,
                               scheme: str) -> None:
    page = Page(browser, sites[theme], viewport={"width": width, "height": 900},
                color_scheme=scheme)
    try:
        page.page.wait_for_load_state("load")
        tables = page.page.evaluate(PROBE)
        kinds = [t["classes"].split()[0] for t in tables]
        assert kinds == ["kerasviz-summary"] * 4 + ["kerasviz-history-table", "kerasviz-summary",
                                                    "kerasviz-card-metrics"]
        for table in tables:
            assert table["cells"] > 0, table
            assert table["cut"] == [], (table["classes"], table["cut"][:5])
            assert table["scrolls"] == [], (table["classes"], table["scrolls"])
            assert table["broken"] == [], (table["classes"], table["broken"])
        names = ["wide_merges_model", "ten_row_cnn", "mobilenetv2_1.00_224"]
        for name, table in zip(names, [*tables[:3]], strict=True):
            total, trainable = keras_totals[name]
            assert table["totals"]["Total params"].startswith(f"{total:,} ("), table["totals"]
            assert table["totals"]["Trainable params"].startswith(f"{trainable:,} (")
            assert table["totals"]["Non-trainable params"].startswith(f"{total - trainable:,} (")
        assert tables[5]["totals"] == tables[0]["totals"]  # the card's architecture table
        assert page.errors == [] and page.outside == []
    finally:
        page.close()
