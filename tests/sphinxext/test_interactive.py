"""The ``:interactive:`` diagram in a real browser (Debian's chromium driven by Playwright).

tests/roots/test-interactive is built once for the module, with the default theme, furo and
pydata-sphinx-theme. Its page holds, in order: ``nested`` (#kerasviz-1), ``residual_stack``
with ``:group-repeats:`` (#kerasviz-2), ``awkward_names`` (#kerasviz-3), ``shared``
(#kerasviz-4), ``distilled_int8`` with ``:show-dtype:`` (#kerasviz-5), ResNet50 with
``:group-repeats:`` (#kerasviz-6), the root's ``deep_models.stacked`` (a group inside a nested
model inside a nested model, #kerasviz-7), ``unet`` with ``:fit: shrink``
(#kerasviz-8), the root's ``deep_models.long_chain`` left to right (#kerasviz-9), then a static
diagram. Every page must log no console
error and make no request that leaves the site.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import keras
import pytest

from sphinx_kerasviz.views import formatting as fmt

import kerasviz_test_models as models
from support.browser import CHROMIUM, Page, chromium
from support.paths import MODELS, ROOTS

pytest.importorskip("playwright")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium")

THEMES = {"alabaster": ["-D", "html_theme=alabaster"], "furo": ["-D", "html_theme=furo"],
          "pydata": ["-D", "html_theme=pydata_sphinx_theme",
                     "-A", "default_mode=dark"]}
SIZE = {"width": 1100, "height": 900}

#: What a diagram's state looks like from the page: its drawing, nodes, clusters, selection.
STATE = """root => {
  const svg = root.querySelector('.kerasviz-viewport > svg');
  const sel = svg.querySelector('.kerasviz-selected');
  return {variant: root.querySelector('.kerasviz-viewport').dataset.variant,
          nodes: svg.querySelectorAll('g.node').length,
          clusters: [...svg.querySelectorAll('g.cluster > title')].map(t => t.textContent),
          selected: sel ? sel.dataset.path : null,
          viewBox: svg.getAttribute('viewBox').split(' ').map(Number),
          panel: root.querySelector('.kerasviz-panel').hidden ? null
                 : root.querySelector('.kerasviz-panel').innerText};
}"""
#: Is the element inside its diagram's viewport (as drawn on screen)?
IN_VIEW = """el => {
  const v = el.closest('.kerasviz-viewport').getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.left >= v.left && r.right <= v.right && r.top >= v.top
         && r.bottom <= v.bottom;
}"""
#: The smallest label of a diagram as drawn on screen, in CSS pixels.
SMALLEST_LABEL = """root => Math.min(...[...root.querySelectorAll('.kerasviz-viewport > svg text')]
  .map(t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a))"""
#: The drawing's width on screen, at its natural size (4/3 px a point), and the viewport's.
WIDTHS = """root => {
  const v = root.querySelector('.kerasviz-viewport'), svg = v.querySelector('svg');
  const box = svg.querySelector('g.graph').getBBox();
  return {shown: box.width * svg.getScreenCTM().a, natural: box.width * 4 / 3,
          viewport: v.clientWidth};
}"""
#: The colour of an element's text and of what lies behind it, as opaque RGB.
COLOURS = """el => {
  const ctx = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
  const rgba = c => {
    ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = c; ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = ([r, g, b, a], base) => [r * a + base[0] * (1 - a), g * a + base[1] * (1 - a),
                                         b * a + base[2] * (1 - a)];
  const chain = [];
  for (let e = el; e; e = e.parentElement) chain.push(rgba(getComputedStyle(e).backgroundColor));
  let bg = [255, 255, 255];
  for (const c of chain.reverse()) bg = over(c, bg);
  const fg = rgba(getComputedStyle(el).color);
  fg[3] *= Number(getComputedStyle(el).opacity);
  return {fg: over(fg, bg), bg};
}"""


def contrast(fg: list[float], bg: list[float]) -> float:
    """WCAG contrast ratio of two sRGB colours (0-255)."""

    def luminance(rgb: list[float]) -> float:
        lin = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
               for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test root built with each theme (read once: later builds reuse the doctrees)."""
    base = tmp_path_factory.mktemp("interactive")
    source = base / "src"
    shutil.copytree(ROOTS / "test-interactive", source)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(MODELS), *filter(None, [os.environ.get("PYTHONPATH")])])}
    built = {}
    for name, settings in THEMES.items():
        out = base / name
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "-d",
                   str(base / "doctrees"), *settings, str(source), str(out)]
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        built[name] = out / "index.html"
    return built


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@contextmanager
def opened(browser: Any, page: Path, storage: dict | None = None, **context: Any) -> Iterator[Any]:
    """A page of the site; on leaving, no console errors and nothing fetched from outside.
    ``storage``: a theme's saved choices (furo's ``theme``), set before the page is loaded again."""
    context.setdefault("viewport", SIZE)
    viewer = Page(browser, page, **context)
    try:
        if storage:
            viewer.page.evaluate(
                "s => Object.entries(s).forEach(([k, v]) => localStorage.setItem(k, v))", storage)
            viewer.page.reload()
        yield viewer.page
        assert viewer.errors == []
        assert viewer.outside == []
    finally:
        viewer.close()


def state(page: Any, number: int) -> dict:
    return page.locator(f"#kerasviz-{number}").evaluate(STATE)


def status(page: Any, number: int) -> list[str]:
    """The parts of the status line: what is open, what is selected, what the last action said."""
    return page.locator(f"#kerasviz-{number} .kerasviz-status").text_content().split(" \u00b7 ")


def smallest_label(page: Any, number: int) -> float:
    return page.locator(f"#kerasviz-{number}").evaluate(SMALLEST_LABEL)


def drawn(page: Any, number: int, path: str) -> Any:
    handle = page.locator(f"#kerasviz-{number}").evaluate_handle(
        "(root, path) => [...root.querySelectorAll('.kerasviz-viewport g[data-path]')]"
        ".find(g => g.dataset.path === path) || null", path)
    return handle.as_element()


def rows(page: Any, number: int, caption: str) -> list[list[str]]:
    """The body rows of the panel's table with this caption."""
    return page.locator(f"#kerasviz-{number} .kerasviz-panel").evaluate(
        "(panel, caption) => [...panel.querySelectorAll('table')]"
        ".filter(t => t.caption.textContent === caption)"
        ".flatMap(t => [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent)))",
        caption)


def facts(page: Any, number: int) -> dict[str, str]:
    return page.locator(f"#kerasviz-{number} .kerasviz-panel").evaluate(
        "panel => Object.fromEntries([...panel.querySelectorAll('dt')]"
        ".map(dt => [dt.textContent, dt.nextElementSibling.textContent]))")


def click(page: Any, number: int, path: str) -> None:
    element = drawn(page, number, path)
    assert element is not None, path
    element.scroll_into_view_if_needed()
    element.focus()  # brings it into the viewport's view, as Tab would
    if "cluster" in element.get_attribute("class"):
        element = element.query_selector(":scope > text")  # its label: its middle is a layer
    element.click()


def test_click_shows_class_config_weights_and_every_call(browser: Any, sites: dict) -> None:
    keras.backend.clear_session()
    layer = models.shared().get_layer("shared_dense")
    with opened(browser, sites["alabaster"]) as page:
        assert state(page, 4)["panel"] is None
        click(page, 4, "shared_dense")
        assert state(page, 4)["selected"] == "shared_dense"
        title = page.locator("#kerasviz-4 .kerasviz-panel-title").text_content()
        assert title == "shared_dense Dense"
        assert facts(page, 4)["Parameters"] == fmt.count(layer.count_params()) == "45"
        config = dict(map(tuple, rows(page, 4, "Config")))
        assert config["units"] == "5"
        assert config["activation"] == "linear"
        weights = [(w.path, str(tuple(w.shape)), w.dtype, fmt.count(int(w.numpy().size)),
                    "yes" if w.trainable else "no") for w in layer.weights]
        assert [tuple(r) for r in rows(page, 4, "Weights")] == weights
        assert weights[0][:2] == ("shared_dense/kernel", "(8, 5)")
        calls = [[str(i), fmt.shape(tuple(n.input_tensors[0].shape)),
                  fmt.shape(tuple(n.output_tensors[0].shape)), "float32"]
                 for i, n in enumerate(layer._inbound_nodes, start=1)]
        assert rows(page, 4, "Calls") == calls
        assert calls[1][1:3] == ["(None, 4, 8)", "(None, 4, 5)"]
        # the edges of the selected layer are marked; the close button hides the panel
        assert page.locator("#kerasviz-4 g.edge.kerasviz-linked").count() == 4  # a, b in; 2 out
        page.locator("#kerasviz-4 .kerasviz-close").click()
        assert state(page, 4)["panel"] is None
        assert state(page, 4)["selected"] is None


def test_panel_marks_parts_call_never_reaches_and_shows_dtype_policies(
        browser: Any, sites: dict) -> None:
    keras.backend.clear_session()
    model = models.distilled_int8()
    with opened(browser, sites["alabaster"]) as page:
        box = page.locator("#kerasviz-5 g.cluster.kerasviz-unused")
        assert box.locator(":scope > text").text_content() == "not used by call()"
        assert box.locator(":scope > text").evaluate(IN_VIEW)
        click(page, 5, "teacher")
        shown = facts(page, 5)
        assert shown["Note"] == "not used by call()"
        assert shown["Parameters"] == fmt.count(model.teacher.count_params()) == "114"
        click(page, 5, "head")
        assert facts(page, 5)["Dtype policy"] == "int8_from_float32"
        head = drawn(page, 5, "head")
        assert "int8_from_float32" in head.text_content()


def test_group_panel_counts_with_separators(browser: Any, sites: dict) -> None:
    keras.backend.clear_session()
    model = models.residual_stack()
    members = [layer for layer in model.layers if re.fullmatch(r"res[1-4]_.*", layer.name)]
    with opened(browser, sites["alabaster"]) as page:
        click(page, 2, "res1_conv1//res4_add")
        assert facts(page, 2)["Parameters"] == fmt.count(
            sum(m.count_params() for m in members)) == "18,816"
        assert facts(page, 2)["Blocks"] == "4 \u00d7 5 layers"
        listed = page.locator("#kerasviz-2 .kerasviz-members .kerasviz-link").all_text_contents()
        assert listed == [m.name for m in members]


def root_model(name: str) -> keras.Model:
    """A model of the test root's own module ``deep_models``."""
    spec = importlib.util.spec_from_file_location("deep_models", ROOTS / "test-interactive"
                                                  / "deep_models.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)()


def test_status_says_what_is_open_and_selected(browser: Any, sites: dict) -> None:
    with opened(browser, sites["alabaster"]) as page:
        assert status(page, 1) == ["0 of 2 nested models open", "nothing selected",
                                   "whole diagram in view"]
        click(page, 1, "encoder")
        assert status(page, 1) == ["0 of 2 nested models open", "selected: encoder (Sequential)"]
        assert drawn(page, 1, "encoder").get_attribute("aria-expanded") == "false"
        page.locator("#kerasviz-1 .kerasviz-toggle").click()  # open one
        assert status(page, 1) == ["1 of 2 nested models open", "selected: encoder (Sequential)"]
        assert drawn(page, 1, "encoder").get_attribute("aria-expanded") == "true"
        assert drawn(page, 1, "head").get_attribute("aria-expanded") == "false"
        bulk = {action: page.locator(f'#kerasviz-1 button[data-action="{action}"]')
                for action in ("open-all", "close-all")}
        assert [b.get_attribute("aria-disabled") for b in bulk.values()] == ["false", "false"]
        bulk["open-all"].click()
        assert status(page, 1)[0] == "2 of 2 nested models open"
        assert [b.get_attribute("aria-disabled") for b in bulk.values()] == ["true", "false"]
        bulk["close-all"].click()
        assert status(page, 1) == ["0 of 2 nested models open", "selected: encoder (Sequential)"]
        assert [b.get_attribute("aria-disabled") for b in bulk.values()] == ["false", "true"]
        page.keyboard.press("Escape")  # the keyboard: the panel closes, nothing is selected
        assert status(page, 1) == ["0 of 2 nested models open", "nothing selected"]
        drawn(page, 1, "scale").focus()
        page.keyboard.press("Enter")
        assert status(page, 1)[1] == "selected: scale (Scale)"
        # a group in a nested model in a nested model: Open all opens every level
        assert status(page, 7)[0] == "0 of 3 nested models and groups open"
        search = page.locator("#kerasviz-7 .kerasviz-search")
        search.fill("blk2_mix")  # inside the group: it and the model around it open
        search.press("Enter")
        assert status(page, 7)[:2] == ["2 of 3 nested models and groups open",
                                       "selected: backbone/blk2_mix (Dense)"]
        page.locator('#kerasviz-7 button[data-action="open-all"]').click()
        assert status(page, 7)[0] == "3 of 3 nested models and groups open"
        assert sorted(state(page, 7)["clusters"]) == [
            "cluster_backbone", "cluster_backbone/blk1_dense//blk3_add", "cluster_backbone/inner"]
        click(page, 7, "backbone")  # closing the outer model closes what it holds
        page.locator("#kerasviz-7 .kerasviz-toggle").click()
        assert status(page, 7) == ["0 of 3 nested models and groups open",
                                   "selected: backbone (Functional)"]
        group = "backbone/blk1_dense//blk3_add"
        search.fill("blk1_add")
        search.press("Enter")
        click(page, 7, group)
        assert status(page, 7)[1] == "selected: blk \u00d73 (group of 9 layers)"


@pytest.mark.parametrize(("theme", "width"), [("alabaster", 1100), ("furo", 820)])
def test_fit_on_fully_opened_resnet50_keeps_labels_readable(
        browser: Any, sites: dict, theme: str, width: int) -> None:
    with opened(browser, sites[theme], viewport={"width": width, "height": 900}) as page:
        root = page.locator("#kerasviz-6")
        root.scroll_into_view_if_needed()
        root.locator('button[data-action="open-all"]').click()
        root.locator('button[data-action="reset"]').click()
        assert smallest_label(page, 6) >= 9
        widths = root.evaluate(WIDTHS)  # as wide as the viewport allows: no hairline
        assert widths["shown"] <= widths["viewport"] + 1
        assert widths["shown"] >= min(widths["viewport"], widths["natural"]) - 1
        assert status(page, 6)[0] == "4 of 4 groups open"
        assert status(page, 6)[2] == "fitted to width; drag for the rest"
        assert drawn(page, 6, "conv1_pad").evaluate(IN_VIEW)  # its top; the rest below
        assert not drawn(page, 6, "predictions").evaluate(IN_VIEW)
        # the status lines docs/interactive.rst quotes
        root.locator('button[data-action="close-all"]').click()
        search = root.locator(".kerasviz-search")
        search.fill("conv3_block2_1_conv")
        search.press("Enter")
        assert " \u00b7 ".join(status(page, 6)) == (
            "1 of 4 groups open \u00b7 selected: conv3_block2_1_conv (Conv2D) \u00b7 "
            "\u201cconv3_block2_1_conv\u201d: match 1 of 1")
        root.locator('button[data-action="close-all"]').click()
        assert status(page, 6) == ["0 of 4 groups open",
                                   "selected: conv3_block \u00d73 (group of 30 layers)"]


def test_fit_on_a_wide_model_stays_at_the_floor(browser: Any, sites: dict) -> None:
    with opened(browser, sites["alabaster"]) as page:
        root = page.locator("#kerasviz-9")
        root.scroll_into_view_if_needed()
        root.locator('button[data-action="zoom-out"]').click()
        assert status(page, 9)[1] == "labels under 9 px: zoom in or press Fit to read them"
        root.locator('button[data-action="reset"]').click()
        assert smallest_label(page, 9) == pytest.approx(9, abs=0.01)
        assert status(page, 9) == [
            "nothing selected", "at the smallest readable size (9 px labels); drag for the rest"]
        assert drawn(page, 9, "start").evaluate(IN_VIEW)  # its start, boxes whole
        assert drawn(page, 9, "step1").evaluate(IN_VIEW)
        assert not drawn(page, 9, "step16").evaluate(IN_VIEW)


def test_fit_shrink_shows_everything_and_says_the_labels_are_small(
        browser: Any, sites: dict) -> None:
    with opened(browser, sites["alabaster"]) as page:
        root = page.locator("#kerasviz-8")
        root.scroll_into_view_if_needed()
        assert all(n.evaluate(IN_VIEW) for n in root.locator("g.node").element_handles())
        assert smallest_label(page, 8) < 9
        assert status(page, 8) == [
            "nothing selected", "whole diagram in view; labels under 9 px: zoom in to read them"]
        root.locator('button[data-action="zoom-in"]').click()
        root.locator('button[data-action="reset"]').click()  # Fit: the same again
        assert status(page, 8)[1].startswith("whole diagram in view")


@pytest.mark.parametrize(
    ("number", "path", "model"),
    [(6, "conv3_block2_1_conv", "resnet50"), (1, "encoder/enc_hidden", "nested"),
     (7, "backbone/inner/inner_dense", "stacked"), (7, "backbone/blk2_mix", "stacked")])
def test_panel_shows_the_path_and_what_keras_reports(
        browser: Any, sites: dict, number: int, path: str, model: str) -> None:
    keras.backend.clear_session()
    built = {"resnet50": lambda: keras.applications.ResNet50(weights=None),
             "nested": models.nested, "stacked": lambda: root_model("stacked")}[model]()
    layer = built
    for name in path.split("/"):  # the path is how Keras reaches the layer
        layer = layer.get_layer(name)
    with opened(browser, sites["alabaster"]) as page:
        search = page.locator(f"#kerasviz-{number} .kerasviz-search")
        search.fill(path)
        search.press("Enter")
        panel = page.locator(f"#kerasviz-{number} .kerasviz-panel")
        assert panel.locator(".kerasviz-panel-title strong").text_content() == path
        assert panel.locator(".kerasviz-panel-title .kerasviz-class").text_content() == \
            type(layer).__name__
        shown = facts(page, number)
        assert shown["Path"] == path
        assert shown["Parameters"] == fmt.count(layer.count_params())
        assert shown["Dtype policy"] == layer.dtype_policy.name
        assert shown["Trainable"] == ("yes" if layer.trainable else "no (frozen)")
        assert rows(page, number, "Calls") == [
            ["1", fmt.shape(tuple(layer.input.shape)), fmt.shape(tuple(layer.output.shape)),
             layer.output.dtype]]
        assert [tuple(r) for r in rows(page, number, "Weights")] == [
            (w.path, str(tuple(w.shape)), w.dtype, fmt.count(int(w.numpy().size)),
             "yes" if w.trainable else "no") for w in layer.weights]
        assert status(page, number)[1] == f"selected: {path} ({type(layer).__name__})"


def test_keyboard(browser: Any, sites: dict) -> None:
    with opened(browser, sites["alabaster"]) as page:
        viewport = page.locator("#kerasviz-1 .kerasviz-viewport")
        viewport.focus()
        before = state(page, 1)["viewBox"]
        page.keyboard.press("+")
        zoomed = state(page, 1)["viewBox"]
        assert zoomed[2] == pytest.approx(before[2] / 1.25, rel=1e-3)
        page.keyboard.press("ArrowLeft")
        assert state(page, 1)["viewBox"][0] < zoomed[0]
        page.keyboard.press("0")
        assert state(page, 1)["viewBox"] == pytest.approx(before)
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.dataset.path,"
                                " document.activeElement.getAttribute('role'),"
                                " document.activeElement.getAttribute('aria-label')]")
        assert focused == ["x", "button", "x, InputLayer"]
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.dataset.path") == "encoder"
        page.keyboard.press("Enter")
        panel = state(page, 1)["panel"]
        assert panel is not None
        assert "encoder Sequential" in panel
        assert "330" in panel
        assert page.locator("#kerasviz-1 .kerasviz-toggle").text_content() == "Open"
        page.keyboard.press("Escape")
        assert state(page, 1)["panel"] is None
        assert page.evaluate("() => document.activeElement.dataset.path") == "encoder"
        page.keyboard.press(" ")  # Space selects too
        assert state(page, 1)["selected"] == "encoder"


def test_search_visible_layer(browser: Any, sites: dict) -> None:
    with opened(browser, sites["alabaster"]) as page:
        root = page.locator("#kerasviz-2")
        root.scroll_into_view_if_needed()
        options = root.locator("datalist option").evaluate_all("os => os.map(o => o.value)")
        assert "res3_bn" in options and "widen" in options and len(options) == 30
        assert options[:3] == ["image", "stem", "res1_conv1"]  # the model's order
        assert not drawn(page, 2, "classes").evaluate(IN_VIEW)  # the first view: the top
        search = root.locator(".kerasviz-search")
        search.fill("classes")
        search.press("Enter")
        assert status(page, 2) == ["0 of 1 group open", "selected: classes (Dense)",
                                   "“classes”: match 1 of 1"]
        assert state(page, 2)["selected"] == "classes"
        assert state(page, 2)["variant"] == "default"
        assert drawn(page, 2, "classes").evaluate(IN_VIEW)
        search.fill("WIDE_C")  # no exact name: case-insensitive part of one
        search.press("Enter")
        assert state(page, 2)["selected"] == "wide_conv1"
        assert status(page, 2)[2] == "“WIDE_C”: match 1 of 2 (Enter for the next)"
        search.press("Enter")  # the next match
        assert state(page, 2)["selected"] == "wide_conv2"
        assert status(page, 2)[1:] == ["selected: wide_conv2 (Conv2D)",
                                       "“WIDE_C”: match 2 of 2 (Enter for the next)"]
        search.press("Enter")  # and round again
        assert state(page, 2)["selected"] == "wide_conv1"
        search.fill("wid")  # typing alone searches nothing
        assert state(page, 2)["selected"] == "wide_conv1"
        assert status(page, 2)[2] == "“WIDE_C”: match 1 of 2 (Enter for the next)"
        search.evaluate(  # what the browser sends when a name is picked from the list
            "s => { s.value = 'widen';"
            " s.dispatchEvent(new InputEvent('input', {inputType: 'insertReplacementText'})); }")
        assert state(page, 2)["selected"] == "widen"
        search.fill("no_such_layer")
        search.press("Enter")
        assert status(page, 2) == ["0 of 1 group open", "selected: widen (Conv2D)",
                                   "no layer matches “no_such_layer”"]
        assert state(page, 2)["selected"] == "widen"


def test_search_opens_what_hides_a_layer(browser: Any, sites: dict) -> None:
    with opened(browser, sites["alabaster"]) as page:
        closed = state(page, 2)
        assert closed["nodes"] == 11
        assert drawn(page, 2, "res3_bn") is None
        search = page.locator("#kerasviz-2 .kerasviz-search")
        search.fill("res3_bn")
        search.press("Enter")
        opened_ = state(page, 2)
        assert opened_["variant"] != "default"
        assert opened_["clusters"] == ["cluster_res1_conv1//res4_add"]
        assert opened_["nodes"] == 11 - 1 + 20
        assert opened_["selected"] == "res3_bn"
        assert drawn(page, 2, "res3_bn").evaluate(IN_VIEW)
        assert facts(page, 2)["Inside"] == "res \u00d74"
        assert "BatchNormalization" in opened_["panel"]
        # a layer inside a closed nested model
        search = page.locator("#kerasviz-1 .kerasviz-search")
        search.fill("enc_hidden")
        search.press("Enter")
        assert state(page, 1)["clusters"] == ["cluster_encoder"]
        assert state(page, 1)["selected"] == "encoder/enc_hidden"
        # closing everything selects the closed group that now holds the selected layer
        page.locator('#kerasviz-2 button[data-action="close-all"]').click()
        back = state(page, 2)
        assert (back["variant"], back["nodes"], back["clusters"]) == ("default", 11, [])
        assert back["selected"] == "res1_conv1//res4_add"


def test_open_and_close_in_place(browser: Any, sites: dict) -> None:
    with opened(browser, sites["alabaster"]) as page:
        page.locator("#kerasviz-1 .kerasviz-viewport > svg").evaluate("svg => { svg.mark = 1; }")
        assert state(page, 1)["nodes"] == 4
        click(page, 1, "encoder")
        toggle = page.locator("#kerasviz-1 .kerasviz-toggle")
        toggle.click()
        now = state(page, 1)
        assert (now["nodes"], now["clusters"], now["selected"]) == (6, ["cluster_encoder"],
                                                                      "encoder")
        assert toggle.text_content() == "Close"
        assert toggle.get_attribute("aria-expanded") == "true"
        assert drawn(page, 1, "encoder").evaluate(IN_VIEW)
        # the drawing nearest to what is asked: here both open (the "everything open" one)
        click(page, 1, "head")
        toggle.click()
        assert sorted(state(page, 1)["clusters"]) == ["cluster_encoder", "cluster_head"]
        toggle.click()
        assert state(page, 1)["clusters"] == ["cluster_encoder"]
        page.locator('#kerasviz-1 button[data-action="close-all"]').click()
        back = state(page, 1)
        assert (back["variant"], back["nodes"], back["clusters"]) == ("default", 4, [])
        assert page.locator("#kerasviz-1 .kerasviz-viewport > svg").evaluate("s => s.mark") == 1
        page.locator('#kerasviz-1 button[data-action="open-all"]').click()
        assert sorted(state(page, 1)["clusters"]) == ["cluster_encoder", "cluster_head"]
        assert state(page, 1)["nodes"] == 7
        # a group opens with a double click and closes from its cluster's panel
        group = drawn(page, 2, "res1_conv1//res4_add")
        group.scroll_into_view_if_needed()
        group.dblclick()
        assert state(page, 2)["nodes"] == 30
        click(page, 2, "res1_conv1//res4_add")  # now the open cluster
        assert state(page, 2)["selected"] == "res1_conv1//res4_add"
        page.locator("#kerasviz-2 .kerasviz-toggle").click()
        assert state(page, 2)["nodes"] == 11
        assert state(page, 2)["variant"] == "default"


def test_pan_and_zoom(browser: Any, sites: dict) -> None:
    with opened(browser, sites["alabaster"]) as page:
        root = page.locator("#kerasviz-2")
        root.scroll_into_view_if_needed()
        # a long drawing starts fitted to its width, at its top: the rest is further down
        start = state(page, 2)["viewBox"]
        assert status(page, 2)[2] == "fitted to width; drag for the rest"
        assert drawn(page, 2, "image").evaluate(IN_VIEW)
        assert not drawn(page, 2, "pool").evaluate(IN_VIEW)
        box = root.locator(".kerasviz-viewport").bounding_box()
        scale = box["width"] / start[2]
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 30, y + 20, steps=3)
        page.mouse.move(x + 60, y + 40, steps=3)
        page.mouse.up()
        moved = state(page, 2)
        assert moved["viewBox"][0] == pytest.approx(start[0] - 60 / scale, abs=0.5)
        assert moved["viewBox"][1] == pytest.approx(start[1] - 40 / scale, abs=0.5)
        assert moved["viewBox"][2:] == pytest.approx(start[2:])
        assert moved["panel"] is None  # a drag is not a click
        root.locator('button[data-action="zoom-in"]').click()
        assert state(page, 2)["viewBox"][2] == pytest.approx(start[2] / 1.25, rel=1e-3)
        root.locator('button[data-action="zoom-out"]').click()
        root.locator('button[data-action="zoom-out"]').click()
        assert state(page, 2)["viewBox"][2] == pytest.approx(start[2] * 1.25, rel=1e-3)
        assert len(status(page, 2)) == 2  # zoomed: what Fit said no longer holds
        root.locator('button[data-action="reset"]').click()
        assert state(page, 2)["viewBox"] == pytest.approx(start)
        assert status(page, 2)[2] == "fitted to width; drag for the rest"
        for _ in range(3):  # zoomed out below the floor: the status says so
            root.locator('button[data-action="zoom-out"]').click()
        assert smallest_label(page, 2) < 9
        assert status(page, 2)[2] == "labels under 9 px: zoom in or press Fit to read them"
        root.locator('button[data-action="reset"]').click()
        whole = state(page, 2)["viewBox"]
        scroll = page.evaluate("() => window.scrollY")
        page.mouse.move(x, y)
        page.keyboard.down("Control")
        page.mouse.wheel(0, -200)
        page.keyboard.up("Control")
        page.wait_for_function(
            f"() => Number(document.querySelector('#kerasviz-2 svg').getAttribute('viewBox')"
            f".split(' ')[2]) < {whole[2] * 0.9}")
        assert page.evaluate("() => window.scrollY") == scroll  # the page did not scroll
        page.mouse.wheel(0, 200)  # without ctrl the wheel scrolls the page, not the drawing
        page.wait_for_function(f"() => window.scrollY > {scroll}")
        assert state(page, 2)["viewBox"][2] < whole[2] * 0.9


@pytest.mark.parametrize(
    ("theme", "context"),
    [
        ("alabaster", {"color_scheme": "dark"}),
        ("furo", {"color_scheme": "dark"}),  # data-theme="auto": the OS preference
        ("furo", {"storage": {"theme": "dark"}}),  # the reader chose dark
        ("pydata", {}),  # built with default_mode "dark"
    ],
    ids=["alabaster-os-dark", "furo-auto-os-dark", "furo-dark", "pydata-dark"],
)
def test_dark_mode(browser: Any, sites: dict, theme: str, context: dict) -> None:
    with opened(browser, sites[theme], **context) as page:
        if theme == "furo" and "storage" in context:
            assert page.evaluate("() => document.body.dataset.theme") == "dark"
        if theme == "pydata":
            assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
        page_bg = page.locator("article, .body, main").first.evaluate(COLOURS)["bg"]
        if theme != "alabaster":  # alabaster has no dark mode
            assert max(page_bg) < 80, page_bg
        viewport = page.locator("#kerasviz-2 .kerasviz-viewport")
        assert viewport.evaluate("v => getComputedStyle(v).backgroundColor") == \
            "rgb(248, 249, 250)"
        click(page, 2, "stem")
        panel = page.locator("#kerasviz-2 .kerasviz-panel")
        for selector in (".kerasviz-panel-title strong", ".kerasviz-class", "dd", "th", "td",
                         "caption"):
            colours = panel.locator(selector).first.evaluate(COLOURS)
            assert contrast(colours["fg"], colours["bg"]) >= 4.5, (selector, colours)
        for button in ("zoom-in", "open-all"):
            colours = page.locator(f'#kerasviz-2 button[data-action="{button}"]').evaluate(
                COLOURS)
            assert contrast(colours["fg"], colours["bg"]) >= 4.5, (button, colours)


def test_awkward_names_stay_text(browser: Any, sites: dict) -> None:
    names = ["in<put>", "dense_<b>&", 'q"uote\\back', "tex_&%$#{}~^"]
    with opened(browser, sites["alabaster"]) as page:
        root = page.locator("#kerasviz-3")
        assert root.locator("datalist option").evaluate_all(
            "os => os.map(o => o.value)") == names  # the model's order
        for name in names:
            click(page, 3, name)
            assert root.locator(".kerasviz-panel-title strong").text_content() == name
            labels = drawn(page, 3, name).get_attribute("aria-label")
            assert labels.startswith(name + ", ")
        search = root.locator(".kerasviz-search")
        search.fill("dense_<b>&")
        search.press("Enter")
        assert status(page, 3) == ["selected: dense_<b>& (Dense)", "“dense_<b>&”: match 1 of 1"]
        assert rows(page, 3, "Weights")[0][0] == "dense_<b>&/kernel"
        assert page.evaluate("() => document.querySelectorAll('put, b').length") == 0
        assert root.locator(".kerasviz-panel *").evaluate_all(
            "els => [...new Set(els.map(e => e.localName))].sort()") == sorted(
            ["button", "caption", "dd", "div", "dl", "dt", "p", "span", "strong", "table",
             "tbody", "td", "th", "thead", "tr"])
        # nothing here opens or closes
        assert root.locator('button[data-action="open-all"]').is_hidden()


def test_without_javascript_the_drawing_shows(browser: Any, sites: dict) -> None:
    with opened(browser, sites["alabaster"], java_script_enabled=False) as page:
        for number in (1, 2, 3, 4):
            root = page.locator(f"#kerasviz-{number}")
            assert root.locator(".kerasviz-toolbar").is_hidden()
            assert root.locator(".kerasviz-panel").is_hidden()
            svg = root.locator(".kerasviz-viewport > svg")
            assert svg.is_visible()
            box = svg.bounding_box()
            width = float(svg.get_attribute("width").removesuffix("pt"))
            assert box["width"] == pytest.approx(width * 4 / 3, abs=1)
            assert "kerasviz-js" not in root.get_attribute("class")
            assert root.locator(".kerasviz-viewport g.node[tabindex]").count() == 0


def test_pages_without_interactive_diagrams(browser: Any, sites: dict) -> None:
    """The script does nothing where there is nothing to do, and the static diagram stays."""
    with opened(browser, sites["alabaster"].parent / "genindex.html") as page:
        assert page.locator(".kerasviz-js").count() == 0
    with opened(browser, sites["alabaster"]) as page:
        assert page.locator(".kerasviz-js").count() == 9
        assert page.locator(".kerasviz-graph:not(.kerasviz-interactive) img").count() == 1
