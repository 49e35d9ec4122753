"""Views are pure functions: tested on hand-made descriptions, no Keras, no Sphinx."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace

import pytest

from sphinx_kerasviz.model.description import Layer, ModelDescription, Port
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views import formatting as fmt
from sphinx_kerasviz.views.dot import (
    LARGE_DIAGRAM,
    SMALLEST_FONT_PT,
    drawn_nodes,
    fitted_label_pt,
    label_text,
    quoted,
    to_dot,
    within_limit,
)
from sphinx_kerasviz.views.summary import summarize

from support.handmade import TOTALS, dense_layer, input_layer, nested_layer


def shared_model() -> ModelDescription:
    a, b = input_layer("a", (None, 10, 8)), input_layer("b", (None, 4, 8))
    dense = dense_layer("dense<&>", [(Port("a"), (None, 10, 8), (None, 10, 5)),
                                (Port("b"), (None, 4, 8), (None, 4, 5))])
    return ModelDescription("m", "Functional", "functional", (a, b, dense),
                            (Port("a"), Port("b")), (Port("dense<&>", 0), Port("dense<&>", 1)),
                            TOTALS)


def nested_model() -> ModelDescription:
    outer_in = input_layer("x", (None, 4))
    sub = nested_layer()
    head = dense_layer("head", [(Port("inner"), (None, 2), (None, 1))])
    return ModelDescription("outer", "Functional", "functional", (outer_in, sub, head),
                            (Port("x"),), (Port("head"),), TOTALS)


def edges(dot: str) -> list[tuple[str, str]]:
    """The drawn edges (into a box, or not)."""
    return re.findall(r'"([^"]+)" -> "([^"]+)"(?: \[lhead="[^"]+"\])?;', dot)


def test_escaping_for_html_labels_and_ids() -> None:
    assert label_text('a<b>&"c') == "a&lt;b&gt;&amp;&quot;c"
    assert quoted('q"uote\\') == '"q\\"uote\\\\"'
    assert label_text("tab\x01") == "tab?"


def test_shared_layer_is_one_node_with_every_call() -> None:
    dot = to_dot(shared_model(), Options())
    assert dot.count('"dense<&>" [label=') == 1
    assert "dense&lt;&amp;&gt;" in dot
    assert edges(dot) == [("a", "dense<&>"), ("b", "dense<&>")]
    assert "(None, 10, 5)" in dot and "(None, 4, 5)" in dot
    assert "out #2" in dot


def test_options_change_the_labels() -> None:
    model = shared_model()
    plain = to_dot(model, Options(show_shapes=False, show_layer_names=False))
    assert "(None, 10, 5)" not in plain and "dense&lt;" not in plain
    full = to_dot(model, Options(show_dtype=True, show_activations=True, show_params=True,
                                 show_trainable=True, rankdir="LR"))
    for text in ("float32", "relu", ">params<", ">trainable<", 'rankdir="LR"'):
        assert text in full


def test_default_layout_avoids_ortho_and_safe_layout_differs() -> None:
    normal, safe = to_dot(shared_model(), Options()), to_dot(shared_model(), Options(), safe=True)
    assert "ortho" not in normal and "ortho" not in safe
    assert normal != safe and 'splines="line"' in safe


def test_nested_model_collapsed_or_expanded() -> None:
    model = nested_model()
    collapsed = to_dot(model, Options())
    assert edges(collapsed) == [("x", "inner"), ("inner", "head")]
    expanded = to_dot(model, Options(expand_nested=True))
    assert 'subgraph "cluster_inner"' in expanded
    assert edges(expanded) == [("inner/inner_in", "inner/inner_dense"),
                               ("x", "inner/inner_in"), ("inner/inner_dense", "head")]
    assert '"x" -> "inner/inner_in" [lhead="cluster_inner"];' in expanded
    assert to_dot(model, Options(depth=0)) == collapsed
    assert to_dot(model, Options(depth=1)) == expanded


def chain(length: int, name: str = "chain", nested: Layer | None = None) -> ModelDescription:
    """An input ``x`` and ``length`` Dense layers; the last one replaced by ``nested``."""
    layers = [input_layer("x", (None, 4))]
    for i in range(length):
        layers.append(dense_layer(f"d{i}", [(Port(layers[-1].name), (None, 4), (None, 4))]))
    if nested is not None:
        layers[-1] = replace(nested, name=layers[-1].name, calls=layers[-1].calls)
    return ModelDescription(name, "Functional", "functional", tuple(layers), (Port("x"),),
                            (Port(layers[-1].name),), TOTALS)


def test_wrap_folds_a_chain_into_lines() -> None:
    dot = to_dot(chain(9), Options(rankdir="LR", wrap=4))
    assert 'rankdir="TB"' in dot  # rows of a left-to-right model, stacked
    assert re.findall(r"\{ rank=same; (.*?); \}", dot) == [
        '"x"; "d0"; "d1"; "d2"', '"d3"; "d4"; "d5"; "d6"', '"d7"; "d8"']
    assert '"x" -> "d3" [style=invis, weight=100];' in dot
    assert '"d2" -> "d3" [constraint=false];' in dot and '"d1" -> "d2";' in dot
    assert ">in<" not in dot and ">out<" in dot  # inputs are their producers' outputs
    assert 'rankdir="LR"' in to_dot(chain(9), Options(rankdir="TB", wrap=4))  # columns
    assert "rank=same" not in to_dot(chain(9), Options(rankdir="LR"))


def test_fitted_label_size() -> None:
    assert fitted_label_pt((100, 100), (200, 200)) == SMALLEST_FONT_PT  # never enlarged
    assert fitted_label_pt((900, 300), (450, 600)) == SMALLEST_FONT_PT / 2


def test_dot_accepts_the_text() -> None:
    for dot_text in (to_dot(shared_model(), Options(show_dtype=True)),
                     to_dot(nested_model(), Options(expand_nested=True))):
        svg = subprocess.run(["dot", "-Tsvg"], input=dot_text.encode(), capture_output=True,
                             check=True).stdout.decode()
        assert "<svg" in svg


def test_summary_rows_and_footer() -> None:
    summary = summarize(shared_model())
    assert summary.columns == ("Layer", "Type", "Output shape", "Param #", "Connected to")
    row = summary.rows[2]
    assert summary.cells(row) == ["dense<&>", "Dense", "(None, 10, 5)\n(None, 4, 5)", "8",
                                  "a[0][0]\nb[0][0]"]
    assert summary.footer()[0] == ("Total params", "1,234,577 (4.71 MB)")
    trainable = summarize(shared_model(), Options(show_trainable=True))
    assert trainable.columns[-1] == "Trainable" and trainable.cells(trainable.rows[2])[-1] == "Y"


def test_summary_expands_nested_rows() -> None:
    names = [r.name for r in summarize(nested_model(), Options(expand_nested=True)).rows]
    assert names == ["x", "inner", "inner_in", "inner_dense", "head"]
    assert [r.name for r in summarize(nested_model()).rows] == ["x", "inner", "head"]


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0.00 B"), (684, "684.00 B"), (1024, "1.00 KB"), (102546848, "97.80 MB")],
)
def test_memory_like_keras(size: int, text: str) -> None:
    assert fmt.memory(size) == text


def test_alt_text() -> None:
    alt = fmt.alt_text(shared_model())
    assert alt.startswith("Keras model m (Functional): 1 layer, 1,234,577 parameters")
    assert "input [(None, 10, 8), (None, 4, 8)]" in alt
    assert "output [(None, 10, 5), (None, 4, 5)]" in alt


def wrapped(model: ModelDescription) -> Layer:
    return Layer(model.name, "Functional", "model", "model", model=model)


@pytest.mark.parametrize(
    ("options", "depth", "note"),
    [
        (Options(), 0, None),  # closed: 11 boxes
        (Options(depth=1), 1, None),  # 10 + 1,500 boxes
        (Options(expand_nested=True), 1, "nested models give 2,511 boxes, so they are opened "
                                         "to depth 1"),
    ],
)
def test_large_diagrams_close_nested_models(options: Options, depth: int, note: str | None):
    inner = chain(1000, "inner")
    middle = chain(1500, "middle", wrapped(inner))
    outer = chain(10, "outer", wrapped(middle))
    assert [drawn_nodes(outer, d) for d in (0, 1, 2, 3)] == [11, 1511, 2511, 2511]
    fitted, message = within_limit(outer, options)
    assert fitted.expand_depth == depth
    assert message is None if note is None else note in message
    assert ('splines="line"' in to_dot(outer, options)) == (note is not None)


def test_too_large_even_closed_gets_the_quicker_layout() -> None:
    model = chain(LARGE_DIAGRAM + 1)
    fitted, message = within_limit(model, Options())
    assert fitted == Options() and message is not None
    assert f"{LARGE_DIAGRAM + 2:,} boxes are drawn with a quicker layout" in message
    assert 'splines="line"' in to_dot(model, fitted)


def with_unused_part() -> ModelDescription:
    """A traced subclassed model whose ``teacher`` (a nested model) its call() never reaches,
    with dtype policies on its layers."""
    model = nested_model()
    teacher = replace(nested_layer(), name="teacher", calls=(), unused=True,
                      dtype_policy="float32")
    head = replace(model.layer("head"), dtype_policy="int8_from_float32")
    return replace(model, layers=(*model.layers[:2], head, teacher))


def test_parts_call_never_reaches_are_drawn_apart_and_marked() -> None:
    dot = to_dot(with_unused_part(), Options())
    box = dot[dot.index('subgraph "cluster_/unused"'):]
    assert 'label=<<i>not used by call()</i>>' in box and 'class="kerasviz-unused"' in box
    assert '"teacher" [label=' in box  # inside the box, not connected
    assert all("teacher" not in edge for edge in edges(dot))
    svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True,
                         check=True).stdout.decode()
    assert "not used by call()" in svg
    summary = summarize(with_unused_part())
    (row,) = [row for row in summary.rows if row.name == "teacher"]
    assert summary.cells(row)[2] == "not used by call()" and row.params == 10


def test_show_dtype_shows_each_layers_policy() -> None:
    model = with_unused_part()
    assert "int8_from_float32" not in to_dot(model, Options())
    dot = to_dot(model, Options(show_dtype=True))
    assert ">policy<" in dot and ">int8_from_float32<" in dot
    summary = summarize(model, Options(show_dtype=True))
    assert "Dtype policy" in summary.columns
    policies = {row.name: summary.cells(row)[-1] for row in summary.rows}
    assert policies == {"x": "-", "inner": "-", "head": "int8_from_float32",
                        "teacher": "float32"}
