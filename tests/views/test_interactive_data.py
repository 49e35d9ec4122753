"""The interactive view without a browser: its drawings and data, pure and through Sphinx."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import keras
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.model.description import ModelDescription, Port
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.interactive import interactive_view

import kerasviz_test_models as models
from support.builds import built_copy
from support.handmade import TOTALS, dense_layer, input_layer, nested_layer
from support.output import kerasviz_warnings


def nested_model(name: str = "head") -> ModelDescription:
    head = dense_layer(name, [(Port("inner"), (None, 2), (None, 1))])
    return ModelDescription("outer", "Functional", "functional",
                            (input_layer("x", (None, 4)), nested_layer(), head),
                            (Port("x"),), (Port(name),), TOTALS)


def test_one_drawing_per_item_that_opens() -> None:
    view = interactive_view(nested_model(), Options())
    keys = [v.key for v in view.variants]
    assert keys == ["default", "v1"]  # opening "inner" is also "all open"
    assert view.data["toggles"] == {"inner": "v1"}
    assert view.data["all"] == {"open": "v1", "closed": "default"}
    default, opened = view.variants
    assert '"inner" [label=' in default.dot and "cluster_inner" not in default.dot
    assert "cluster_inner" in opened.dot and '"inner/inner_dense"' in opened.dot
    assert view.data["layers"]["inner/inner_dense"]["container"] == "inner"


def test_open_by_default_toggles_closed() -> None:
    view = interactive_view(nested_model(), Options(expand_nested=True))
    assert view.data["variants"]["default"] == ["inner"]
    closing = view.data["toggles"]["inner"]
    assert view.data["variants"][closing] == []


def test_json_cannot_end_the_script_element() -> None:
    view = interactive_view(nested_model("</script><b>&"), Options())
    text = view.json()
    assert "<" not in text and ">" not in text and "&" not in text
    assert "</script><b>&" in json.loads(text)["layers"]


@pytest.fixture(scope="module")
def page(rootdir, tmp_path_factory) -> Iterator[tuple[SphinxTestApp, str]]:
    tmp = tmp_path_factory.mktemp("interactive-data")
    with built_copy(rootdir, tmp, "interactive", "html") as app:
        yield app, (app.outdir / "index.html").read_text()


def diagrams(page: str) -> dict[str, str]:
    """The interactive diagrams of the page by model name, in page order."""
    blocks = re.findall(r'<div class="kerasviz-graph kerasviz-interactive.*?</script>\s*</div>',
                        page, re.DOTALL)
    return {html.unescape(re.search(r'data-model="([^"]*)"', b)[1]): b for b in blocks}


def data_of(block: str) -> dict:
    return json.loads(re.search(r'class="kerasviz-data">(.*?)</script>', block, re.DOTALL)[1])


def test_page_holds_drawings_and_details(page: tuple[SphinxTestApp, str]) -> None:
    app, text = page
    assert kerasviz_warnings(app.warning.getvalue()) == []
    blocks = list(diagrams(text).values())
    assert len(blocks) == 9
    assert text.count("<img src=") == 1  # the one static diagram of the page
    assert '<script defer="defer" src="_static/kerasviz-interactive.js' in text
    assert (app.outdir / "_static" / "kerasviz-interactive.js").is_file()
    for number, block in enumerate(blocks, start=1):
        assert f'id="kerasviz-{number}"' in block
        assert "<!--" not in block and "<?xml" not in block
        assert not re.search(r'<(svg|g)\b[^>]* id="', block)  # Graphviz's ids are gone
        data = data_of(block)
        assert block.count("<template data-variant=") == len(data["variants"]) - 1


def test_details_equal_what_keras_reports(page: tuple[SphinxTestApp, str]) -> None:
    keras.backend.clear_session()
    model = models.residual_stack()
    data = data_of(diagrams(page[1])["residual_stack"])
    for layer in model.layers:
        details = data["layers"][layer.name]
        assert details["class"] == type(layer).__name__
        assert details["params"] == layer.count_params()
        weights = [(w.path, str(tuple(w.shape)), w.dtype, int(w.numpy().size))
                   for w in layer.weights]
        assert [tuple(w[:4]) for w in details["weights"]] == weights
        assert details["calls"][0]["out"] == [str(tuple(layer.output.shape))]
    assert dict(data["layers"]["stem"]["config"])["filters"] == "16"
    (group,) = data["groups"].values()
    assert group["repeats"] == 4 and group["members"][0] == "res1_conv1"
    toggle = data["toggles"]["res1_conv1//res4_add"]
    assert data["variants"][toggle] == ["res1_conv1//res4_add"]
    assert data["layers"]["res3_bn"]["container"] == "res1_conv1//res4_add"


def test_awkward_names_stay_text(page: tuple[SphinxTestApp, str]) -> None:
    block = diagrams(page[1])["awk&<ward>"]
    assert "dense_<b>" not in block
    assert html.escape("dense_<b>&") in block  # in the SVG's text
    assert "dense_\\u003cb\\u003e\\u0026" in block  # in the JSON



def test_same_page_from_build_to_build(page: tuple[SphinxTestApp, str], rootdir,
                                       tmp_path_factory) -> None:
    tmp = tmp_path_factory.mktemp("interactive-again")
    with built_copy(rootdir, tmp, "interactive", "html",
                    confoverrides={"kerasviz_cache": False}) as app:
        assert (app.outdir / "index.html").read_text() == page[1]
