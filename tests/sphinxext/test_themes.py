"""The diagram and the summary table in five real themes, light and dark, in headless Chromium:
the diagram sits on a light card, every cell of the table keeps a WCAG contrast of 4.5:1.
(tests/sphinxext/test_tables_fit.py checks that every cell is visible.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.browser import Page, chromium
from support.builds import build_clean

THEMES = ("alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme", "sphinx_book_theme")
#: mode: (the OS colour scheme, what the reader picked with the theme's switch)
MODES = {
    "light": ("light", None),
    "dark": ("dark", None),  # furo, pydata and book follow the OS by default ("auto")
    "picked-dark": ("light", "dark"),
    "picked-light": ("dark", "light"),
}
SWITCHES = {"furo", "pydata_sphinx_theme", "sphinx_book_theme"}
CONF = """extensions = ["sphinx_kerasviz"]
html_theme = {theme!r}
html_context = {{"default_mode": "auto"}}  # pydata: without it the theme logs a console error
"""
PAGE = """Themes
======

.. keras-model:: kerasviz_test_models.frozen
   :legend:
   :show-trainable:
"""
#: Reads the page: the diagram's backdrop and filter, the page's, each table cell's contrast.
PROBE = """() => {
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = css; ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data; return [d[0], d[1], d[2], d[3] / 255];
  };
  const backdrop = (element) => {  // every background behind the element, over white
    const chain = [];
    for (let e = element; e; e = e.parentElement) {
      chain.unshift(getComputedStyle(e).backgroundColor);
    }
    return chain.reduce((under, css) => { const [r, g, b, a] = rgba(css);
      return [r * a + under[0] * (1 - a), g * a + under[1] * (1 - a), b * a + under[2] * (1 - a)];
    }, [255, 255, 255]);
  };
  const lum = (rgb) => rgb.map((v) => { v /= 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const img = document.querySelector("div.kerasviz-graph img");
  const cells = [...document.querySelectorAll("table.kerasviz-summary :is(th, td)")]
    .filter((cell) => cell.textContent.trim());
  return {
    loaded: img.complete && img.naturalWidth > 0,
    diagram: lum(backdrop(img)), filter: getComputedStyle(img).filter,
    page: lum(backdrop(document.querySelector(".kerasviz"))),
    cells: cells.length,
    worst: Math.min(...cells.map((c) => contrast(rgba(getComputedStyle(c).color).slice(0, 3),
                                                  backdrop(c)))),
  };
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Each theme's page, built once."""
    return {theme: build_clean("html", tmp_path_factory.mktemp(theme),
                               {"conf.py": CONF.format(theme=theme), "index.rst": PAGE})
            / "index.html" for theme in THEMES}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("theme", THEMES)
def test_diagram_and_table_are_readable(sites: dict[str, Path], browser: Any, theme: str,
                                        mode: str) -> None:
    scheme, picked = MODES[mode]
    if picked and theme not in SWITCHES:
        pytest.skip(f"{theme} has no light/dark switch")
    page = Page(browser, sites[theme], color_scheme=scheme)
    try:
        if picked:  # what the theme's switch stores; the theme reads it on the next load
            page.page.evaluate("(m) => { localStorage.setItem('theme', m); "
                               "localStorage.setItem('mode', m); }", picked)
            page.page.reload()
        page.page.wait_for_load_state("load")
        seen = page.page.evaluate(PROBE)
        dark = (picked or scheme) == "dark" and theme in SWITCHES
        assert seen["page"] < 0.05 if dark else seen["page"] > 0.9, seen
        assert seen["loaded"] and seen["filter"] == "none", seen
        assert seen["diagram"] > 0.9, seen  # a light card on a dark page
        assert seen["cells"] >= 7 * 4 and seen["worst"] >= 4.5, seen
        assert page.errors == [] and page.outside == []
    finally:
        page.close()
