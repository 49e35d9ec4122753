"""The legibility floor and the layout of pictures in HTML, measured in headless Chromium in five
themes at 1280 and 820 pixels: no label of a diagram, plot or layered view shows under 9 CSS px
(its rendered width over the SVG's own width, times the SVG's smallest font); a picture too wide
for that scrolls in its box with nothing lost and gets an overview that moves the box; aligned
figures end before the next heading; ``:width: 30%`` takes 30% of the column; ``:fit: shrink``
fits the column. The keras.applications models are read once; each theme only writes pages."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from support.browser import Page, chromium

THEMES = ("alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme", "sphinx_book_theme")
WIDTHS = (1280, 820)
EVERY_THEME_AND_WIDTH = pytest.mark.parametrize(("theme", "width"),
                                                [(t, w) for t in THEMES for w in WIDTHS])
FLOOR_PX = 9
CONF = """extensions = ["sphinx_kerasviz"]
html_context = {"default_mode": "light"}
"""
PAGES = {
    "index": """Pictures
========

.. toctree::

   zoo
   layout
""",
    "zoo": """Zoo
===

.. keras-model:: keras.applications.DenseNet121(weights=None)
   :rankdir: LR
   :views: graph

.. keras-model:: keras.applications.ResNet50(weights=None)
   :views: graph

.. keras-model:: keras.applications.MobileNetV2(weights=None)
   :views: graph
""",
    "layout": """Layout
======

A CNN left to right
-------------------

.. keras-model:: kerasviz_test_models.sequential_cnn
   :rankdir: LR
   :views: graph

.. keras-model:: kerasviz_test_models.sequential_cnn
   :rankdir: LR
   :fit: shrink
   :class: shrunk
   :views: graph

Aligned left
------------

.. keras-model:: kerasviz_test_models.sequential_cnn
   :align: left
   :class: aligned
   :views: graph

A short paragraph that may run beside the diagram.

After the left one
------------------

.. keras-model:: kerasviz_test_models.branched
   :align: right
   :caption: A captioned figure on the right.
   :class: aligned
   :views: graph

After the right one
-------------------

.. keras-model:: kerasviz_test_models.sequential_cnn
   :width: 30%
   :class: thirty
   :views: graph

.. keras-model:: kerasviz_test_models.branched
   :width: 30%
   :align: left
   :caption: A third of the column, captioned.
   :class: thirty aligned
   :views: graph

The layered view and a plot
---------------------------

.. keras-model:: kerasviz_test_models.sequential_cnn
   :views: layered

.. keras-weights:: kerasviz_test_models.sequential_cnn
""",
}
#: Every picture of the page: its element's size and place, its box's scrolling, the overview.
PICTURES = """() => [...document.querySelectorAll(".kerasviz-pan")].map((box) => {
  const shown = box.firstElementChild;
  const style = getComputedStyle(shown);
  const inset = ["paddingLeft", "paddingRight", "borderLeftWidth", "borderRightWidth"]
    .reduce((sum, key) => sum + parseFloat(style[key]), 0);
  const rect = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; };
  const clippers = [];
  for (let e = box.parentElement; e && e !== document.body; e = e.parentElement) {
    if (getComputedStyle(e).overflowX !== "visible") clippers.push(rect(e));
  }
  const overview = box.parentElement.querySelector(":scope > .kerasviz-overview");
  return {
    src: shown.getAttribute("src") || shown.getAttribute("data"),
    wrapper: box.closest(".kerasviz").className,
    content: shown.getBoundingClientRect().width - inset,
    shown: rect(shown), box: rect(box), clippers,
    scrollWidth: box.scrollWidth, clientWidth: box.clientWidth,
    scrollHeight: box.scrollHeight, clientHeight: box.clientHeight,
    page: document.documentElement.clientWidth,
    overview: overview ? !overview.hidden : null,
  };
})"""
#: Scrolled to its far end, where the picture's right edge is against the box's.
FAR_END = """(index) => { const box = document.querySelectorAll(".kerasviz-pan")[index];
  box.scrollLeft = box.scrollWidth;
  return [box.firstElementChild.getBoundingClientRect().right,
          box.getBoundingClientRect().left + box.clientLeft + box.clientWidth]; }"""


def svg_labels(svg: Path) -> tuple[float, float]:
    """The SVG's own width (its viewBox) and its smallest font, read from the file."""
    text = svg.read_text()
    width = float(re.search(r'viewBox="[\d.\-]+[ ,]+[\d.\-]+[ ,]+([\d.]+)', text).group(1))
    sizes = [float(s) for s in re.findall(r'font-size(?:="|:\s*)([\d.]+)', text)]
    return width, min(sizes)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The project read once (the zoo models are slow), then written in every theme."""
    source = tmp_path_factory.mktemp("legibility-src")
    (source / "conf.py").write_text(CONF)
    for name, text in PAGES.items():
        (source / f"{name}.rst").write_text(text)
    first = tmp_path_factory.mktemp("legibility-build")
    sites = {}
    for theme in THEMES:
        builddir = tmp_path_factory.mktemp(theme)
        shutil.copytree(first, builddir, dirs_exist_ok=True)  # the read doctrees and images
        app = SphinxTestApp("html", srcdir=source, builddir=builddir,
                            confoverrides={"html_theme": theme})
        try:
            app.build()
            assert app.warning.getvalue() == "", app.warning.getvalue()
            sites[theme] = app.outdir
        finally:
            app.cleanup()
        if theme == THEMES[0]:
            shutil.copytree(builddir, first, dirs_exist_ok=True)
    return sites


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(scrollbars=True) as launched:
        yield launched


def opened(browser: Any, site: Path, page: str, width: int, **context: Any) -> Page:
    opened = Page(browser, site / f"{page}.html", viewport={"width": width, "height": 900},
                  **context)
    opened.page.wait_for_load_state("load")
    return opened


def evaluated(browser: Any, path: Path, width: int, script: str) -> Any:
    """What ``script`` finds on the page at ``path``, ``width`` pixels wide."""
    page = opened(browser, path.parent, path.stem, width)
    try:
        found = page.page.evaluate(script)
        assert page.errors == []
        return found
    finally:
        page.close()


@EVERY_THEME_AND_WIDTH
def test_every_label_is_readable_and_nothing_is_lost(sites: dict, browser: Any, theme: str,
                                                     width: int) -> None:
    seen = 0
    for name in ("zoo", "layout"):
        page = opened(browser, sites[theme], name, width)
        try:
            pictures = page.page.evaluate(PICTURES)
            for index, found in enumerate(pictures):
                svg_width, smallest = svg_labels(sites[theme] / found["src"])
                label = found["content"] / svg_width * smallest
                box, pans = found["box"], found["scrollWidth"] > found["clientWidth"] + 1
                where = f"{theme} {width}px {name} #{index} {found['src']}: {found}"
                if "shrunk" in found["wrapper"]:  # :fit: shrink: fits the column instead
                    assert not pans and label < FLOOR_PX, where
                    continue
                assert label >= FLOOR_PX - 0.01, f"labels of {label:.2f} px in {where}"
                # the box fits the page and nothing around it clips it
                assert box["right"] <= found["page"] + 0.5 and box["left"] >= -0.5, where
                for clip in found["clippers"]:
                    inside = clip["left"] - 0.5 <= box["left"] <= box["right"] <= clip["right"] + 1
                    assert inside, where
                # every part of the picture can be scrolled to, across and down
                assert found["scrollHeight"] <= found["clientHeight"] + 1, where
                assert found["shown"]["left"] >= box["left"] - 0.5, where
                right, end = page.page.evaluate(FAR_END, index)
                assert right <= end + 1, where
                assert found["overview"] in (None, pans), where  # shown exactly when it pans
                seen += 1
            assert page.errors == [] and page.outside == []
        finally:
            page.close()
    assert seen == 3 + 8 - 1  # every picture but the shrunk one


@pytest.mark.parametrize("theme", THEMES)
def test_the_overview_moves_the_box(sites: dict, browser: Any, theme: str) -> None:
    page = opened(browser, sites[theme], "zoo", 1280)
    try:
        picture = page.page.locator(".kerasviz-graph").first  # DenseNet121, left to right
        box, overview = picture.locator(".kerasviz-pan"), picture.locator(".kerasviz-overview")
        assert overview.is_visible()
        assert overview.locator("img").get_attribute("alt") == ""
        frame = overview.locator(".kerasviz-overview-view")
        area = overview.bounding_box()
        assert frame.bounding_box()["x"] == pytest.approx(area["x"], abs=1)
        overview.click(position={"x": area["width"] * 0.75, "y": area["height"] / 2})
        scroll = box.evaluate("(b) => [b.scrollLeft, b.scrollWidth, b.clientWidth]")
        assert scroll[0] == pytest.approx(0.75 * scroll[1] - scroll[2] / 2, abs=2)
        framed = frame.bounding_box()
        middle = framed["x"] + framed["width"] / 2 - area["x"]
        assert middle == pytest.approx(0.75 * area["width"], abs=2)
        assert framed["width"] == pytest.approx(area["width"] * scroll[2] / scroll[1], abs=2)
        # the overview has no words at all
        svg = (sites[theme] / overview.locator("img").get_attribute("src")).read_text()
        assert "<text" not in svg and "<path" in svg
        assert page.errors == []
    finally:
        page.close()


def test_scrollbars_show_and_the_box_scrolls_without_javascript(sites: dict,
                                                               browser: Any) -> None:
    page = opened(browser, sites["furo"], "zoo", 1280, java_script_enabled=False)
    try:
        box = page.page.locator(".kerasviz-pan").first
        bar, scroll = box.evaluate("(b) => [b.offsetHeight - b.clientHeight, "
                                   "b.scrollWidth - b.clientWidth]")
        assert bar >= 8 and scroll > 50_000  # a visible scrollbar, a long way to go
        assert page.page.locator(".kerasviz-overview").first.is_hidden()
        box.evaluate("(b) => { b.scrollLeft = 1e6; }")
        assert box.evaluate("(b) => b.scrollLeft") == scroll
    finally:
        page.close()


@EVERY_THEME_AND_WIDTH
def test_aligned_figures_end_before_the_next_heading(sites: dict, browser: Any, theme: str,
                                                     width: int) -> None:
    found = evaluated(browser, sites[theme] / "layout.html", width, """() =>
        [...document.querySelectorAll(".kerasviz.aligned")]
          .map((wrapper) => {
            const picture = wrapper.querySelector(":scope > *");
            const section = wrapper.closest("section").nextElementSibling;
            const heading = section.querySelector("h1, h2, h3, h4, h5, h6");
            return [picture.getBoundingClientRect().bottom, heading.getBoundingClientRect().top,
                    getComputedStyle(picture).float];
          })""")
    assert len(found) == 3
    for bottom, top, _float in found:
        assert top >= bottom, found
    assert [f[2] for f in found] == ["left", "right", "left"]


@EVERY_THEME_AND_WIDTH
def test_width_takes_a_share_of_the_column(sites: dict, browser: Any, theme: str,
                                           width: int) -> None:
    found = evaluated(browser, sites[theme] / "layout.html", width, """() =>
        [...document.querySelectorAll(".kerasviz.thirty")]
          .map((wrapper) => { const shown = wrapper.querySelector(":scope > *");
            const style = getComputedStyle(shown);
            return [wrapper.clientWidth, shown.getBoundingClientRect().width,
              shown.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
              wrapper.querySelector(".kerasviz-pan").getBoundingClientRect().width,
              wrapper.querySelector(".kerasviz-pan > img").getBoundingClientRect().width]; })""")
    assert len(found) == 2
    for column, shown, inside, box, image in found:  # the figure, or the picture's box
        assert shown == pytest.approx(0.3 * column, abs=1.5), found
        assert box == pytest.approx(inside, abs=1) and image >= box - 1, found
