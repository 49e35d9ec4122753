"""``graph_view(...).save("x.html")``: the interactive diagram as one self-contained page."""

from __future__ import annotations

import re
from pathlib import Path

import keras
import pytest

from sphinx_kerasviz import graph_view

import kerasviz_test_models as models
from support.browser import CHROMIUM, Page, chromium

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium")


def test_standalone_page_works_offline(tmp_path: Path) -> None:
    keras.backend.clear_session()
    model = models.residual_stack()
    path = graph_view(model, group_repeats=True).save(tmp_path / "model.html")
    text = path.read_text()
    assert not re.search(r'<(link|img)\b|\bsrc="', text)  # nothing to fetch
    assert text.count("<template data-variant=") >= 1
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    with chromium() as browser:
        page = Page(browser, path)
        try:
            stem = page.page.locator("g.node", has=page.page.locator("title", has_text="stem"))
            stem.first.click()
            panel = page.page.locator(".kerasviz-panel")
            panel.wait_for(state="visible")
            assert "Conv2D" in panel.inner_text()
            assert "(3, 3, 3, 16)" in panel.inner_text()  # the kernel, as Keras has it
            assert "448" in panel.inner_text()
            assert page.errors == [] and page.outside == []
        finally:
            page.close()
    assert path.read_text() == graph_view(model, group_repeats=True).save(
        tmp_path / "again.html").read_text()
