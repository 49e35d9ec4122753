"""Repeated blocks drawn as one node: exact on hand-made chains, on real Keras models, through
Sphinx to HTML and to a compiled PDF."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import keras
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.model.describe import describe
from sphinx_kerasviz.model.description import ModelDescription, Port
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.dot import to_dot
from sphinx_kerasviz.views.groups import find_groups
from sphinx_kerasviz.views.summary import summarize

import kerasviz_test_models as models
from support.builds import built_copy, compile_pdf
from support.handmade import TOTALS, dense_layer, input_layer
from support.output import kerasviz_warnings, pdf_text


def chain(units: list[int]) -> ModelDescription:
    """Dense layers one after another; ``units`` stands in for each layer's config."""
    layers = [input_layer("x", (None, 4))]
    for number, size in enumerate(units):
        source = layers[-1].name
        dense = dense_layer(f"d{number}", [(Port(source), (None, 4), (None, 4))])
        layers.append(replace(dense, config=(("units", str(size)),)))
    return ModelDescription("chain", "Functional", "functional", tuple(layers), (Port("x"),),
                            (Port(layers[-1].name),), TOTALS)


def test_identical_layers_in_a_row_are_one_group() -> None:
    (group,) = find_groups(chain([8, 4, 4, 4, 4, 2]))
    assert group.members == ("d1", "d2", "d3", "d4")
    assert (group.period, group.repeats, group.key) == (1, 4, "d1//d4")


def test_configs_that_differ_never_join() -> None:
    (group,) = find_groups(chain([4, 5, 4, 5, 4, 5, 9]))
    assert (group.period, group.repeats, group.members[-1]) == (2, 3, "d5")
    assert find_groups(chain([7, 4, 4, 9])) == ()  # two layers: not worth a group
    assert find_groups(chain([1, 2, 3, 4, 5, 6])) == ()


def test_wiring_that_differs_never_joins() -> None:
    """Three Dense layers with one config; the last reads the input, not its neighbour."""
    model = chain([4, 4, 4, 4])
    last = model.layers[-1]
    rewired = replace(last, calls=(replace(last.calls[0], inputs=(Port("x"),)),))
    model = replace(model, layers=(*model.layers[:-1], rewired))
    groups = find_groups(model)
    assert all("d3" not in g.members for g in groups)


def test_shared_layers_never_join() -> None:
    model = chain([4, 4, 4, 4])
    shared = model.layers[2]
    twice = replace(shared, calls=(shared.calls[0], replace(shared.calls[0], index=1)))
    model = replace(model, layers=(model.layers[0], model.layers[1], twice, *model.layers[3:]))
    assert all("d1" not in g.members for g in find_groups(model))


def keras_runs_identical(model: keras.Model, members: list[str], period: int) -> None:
    """Read straight from Keras: every block of the run has the same classes, configs (names
    aside) and wiring inside as the first block."""
    def inbound(layer: keras.Layer, block: list[str]) -> list[object]:
        tensors = keras.tree.flatten(layer._inbound_nodes[0].input_tensors)
        names = [t._keras_history.operation.name for t in tensors]
        return [block.index(n) if n in block else "outside" for n in names]

    def described(block: list[str]) -> list[object]:
        out = []
        for name in block:
            layer = model.get_layer(name)
            config = {k: v for k, v in layer.get_config().items() if k != "name"}
            out.append((type(layer).__name__, config, inbound(layer, block)))
        return out

    blocks = [members[i : i + period] for i in range(0, len(members), period)]
    first = described(blocks[0])
    for block in blocks[1:]:
        assert described(block) == first


@pytest.mark.parametrize(
    ("app", "layers_left", "repeats"),
    [("ResNet50", 61, [2, 3, 5, 2]), ("DenseNet121", 27, [6, 12, 24, 16])],
)
def test_keras_applications_groups(app: str, layers_left: int, repeats: list[int]) -> None:
    keras.backend.clear_session()
    model = getattr(keras.applications, app)(weights=None)
    description = describe(model)
    groups = find_groups(description)
    assert [g.repeats for g in groups] == repeats
    for group in groups:
        keras_runs_identical(model, list(group.members), group.period)
    hidden = sum(len(g.members) for g in groups)
    left = len(description.layers) - hidden + len(groups)
    print(f"{app}: {len(description.layers)} layers drawn as {left} nodes")
    assert left == layers_left
    svg = subprocess.run(["dot", "-Tsvg"], input=to_dot(description, Options(group_repeats=True)),
                         capture_output=True, text=True, check=True).stdout
    assert svg.count('class="node') == layers_left
    for group in groups:
        assert f"{group.title} \u00d7{group.repeats}" in svg
    rows = summarize(description, Options(group_repeats=True)).rows
    assert len(rows) == layers_left
    assert sum(row.params for row in rows) == model.count_params()


def test_residual_stack_groups_and_table() -> None:
    keras.backend.clear_session()
    description = describe(models.residual_stack())
    (group,) = find_groups(description)
    assert group.members[0] == "res1_conv1" and group.members[-1] == "res4_add"
    assert (group.repeats, group.period, group.title) == (4, 5, "res")
    dot = to_dot(description, Options(group_repeats=True))
    assert re.search(r'"stem" -> "res1_conv1//res4_add";', dot)
    assert re.search(r'"res1_conv1//res4_add" -> "widen";', dot)
    assert dot.count('-> "res1_conv1//res4_add"') == 1  # two calls read the stem: one edge
    opened = to_dot(description, Options(group_repeats=True),
                    open_paths=frozenset({group.key}))
    assert '"cluster_res1_conv1//res4_add"' in opened and '"res3_bn"' in opened


@pytest.fixture(scope="module")
def latex_groups(rootdir: Path, tmp_path_factory) -> Iterator[SphinxTestApp]:
    with built_copy(rootdir, tmp_path_factory.mktemp("groups"), "interactive", "latex") as app:
        yield app


def test_groups_in_the_pdf(latex_groups: SphinxTestApp) -> None:
    """The group is one row of the printed table and one box of the printed diagram; the
    interactive diagrams print as their default drawing."""
    assert kerasviz_warnings(latex_groups.warning.getvalue()) == []
    tex = next(latex_groups.outdir.glob("*.tex")).read_text()
    assert "res1\\_conv1 … res4\\_add" in tex
    assert "res \u00d74 (5 layers each)" in tex
    directives = (latex_groups.srcdir / "index.rst").read_text().count(".. keras-model::")
    sections = tex.split("%% sphinx-kerasviz: ")[1:]  # one per directive
    assert len(sections) == directives
    assert all(re.search(r"\\sphinxincludegraphics\{\{kerasviz-[0-9a-f]{40}\}\.pdf\}", part)
               for part in sections)  # a big diagram in parts (6 pt labels), the others whole
    assert "res \u00d74" in pdf_text(compile_pdf(latex_groups.outdir))
