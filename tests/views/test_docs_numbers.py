"""Words match pictures: every number the documentation states about a model it shows (layers,
boxes, table rows, groups, trainable and frozen parameters) is read from the .rst text and
compared with what Keras and the views make of that model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sphinx_kerasviz.model.description import ModelDescription
from sphinx_kerasviz.model.reader import import_keras, load_target, read_model
from sphinx_kerasviz.model.target import parse_target
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.dot import to_dot
from sphinx_kerasviz.views.groups import find_groups
from sphinx_kerasviz.views.summary import summarize

DOCS = Path(__file__).parents[2] / "docs"
MOBILENET = "keras.applications.MobileNetV2(weights=None, input_shape=(96, 96, 3), alpha=0.35)"
#: ``(page, sentence with the number in a group, model, what is counted)``
STATEMENTS = [
    ("usage.rst", r"MobileNetV2 \(``alpha=0.35``, 96x96 images\) has (\d+) layers", MOBILENET,
     "layers"),
    ("latex.rst", r"The summary of the MobileNetV2 from :doc:`usage` has (\d+) rows", MOBILENET,
     "rows"),
    ("layered.rst", r"``keras.applications.ResNet50\(weights=None\)``: (\d+) layers",
     "keras.applications.ResNet50(weights=None)",
     "layers"),
    ("options.rst", r"DenseNet121, (\d+) layers", "keras.applications.DenseNet121(weights=None)",
     "layers"),
    ("options.rst", r"Keras model cnn \(Sequential\): (\d+) layers", "examples.build_cnn",
     "layers"),
    ("papers.rst", r"(\d+) boxes in all", "examples.build_deep_mlp(depth=40)", "boxes"),
]


@pytest.fixture(autouse=True)
def docs_examples(monkeypatch) -> None:
    """``examples`` is docs/examples.py, as docs/conf.py makes it."""
    monkeypatch.syspath_prepend(str(DOCS))


def stated(page: str, sentence: str) -> int:
    """The number ``sentence`` states on ``page`` (lines joined as the reader reads them)."""
    text = " ".join((DOCS / page).read_text().split())
    match = re.search(sentence, text)
    assert match, f"{page} no longer says {sentence!r}: update this test"
    return int(match.group(1).replace(",", ""))


def keras_layers(target: str) -> int:
    """``len(model.layers)`` as Keras reports it."""
    model, _ = load_target(import_keras(), parse_target(target), values=False)
    return len(model.layers)


def described(target: str) -> ModelDescription:
    return read_model(parse_target(target)).model


def nodes(dot: str) -> int:
    """The boxes a DOT text draws (the legend aside)."""
    return len(re.findall(r'^\s*"(?!/legend")(?:[^"\\]|\\.)*" \[label=<', dot, re.M))


@pytest.mark.parametrize(("page", "sentence", "target", "counted"), STATEMENTS)
def test_stated_counts_are_keras_counts(page: str, sentence: str, target: str,
                                        counted: str) -> None:
    number = stated(page, sentence)
    if counted == "layers":
        assert number == keras_layers(target)
    elif counted == "rows":
        assert number == len(summarize(described(target)).rows)
    else:
        assert number == nodes(to_dot(described(target), Options()))


def grouping_table() -> list[list[str]]:
    """The rows of options.rst's table of what grouping leaves of keras.applications models."""
    text = (DOCS / "options.rst").read_text()
    table = text.split(".. list-table:: What grouping leaves")[1].split("\n\n", 2)[1]
    cells = [cell.strip() for cell in re.split(r"\n\s+[*]? +- ", "\n" + table)[1:]]
    rows = [cells[i : i + 4] for i in range(0, len(cells), 4)]
    assert rows[0] == ["Model", "Layers", "Nodes grouped", "Groups"]
    return rows[1:]


@pytest.mark.parametrize("row", grouping_table(), ids=lambda row: row[0])
def test_grouping_table_is_what_grouping_does(row: list[str]) -> None:
    """Layers (Keras), boxes drawn with ``:group-repeats:``, and each group's repeat count."""
    name, layers, drawn, groups = row
    target = f"keras.applications.{name}(weights=None)"
    assert int(layers) == keras_layers(target)
    model = described(target)
    assert int(drawn) == nodes(to_dot(model, Options(group_repeats=True)))
    repeats = [int(n) for n in re.findall("\u00d7(\\d+)", groups)]
    ranges = len(re.findall("``\u2013``", groups))  # InceptionV3: one count, three ranges
    assert [group.repeats for group in find_groups(model)] == repeats * max(1, ranges)


def test_show_trainable_example_shows_what_its_table_counts() -> None:
    """The ``:show-trainable:`` example has frozen and trainable layers, its frozen layers hold
    exactly the non-trainable parameters, and the text states both totals."""
    text = " ".join((DOCS / "options.rst").read_text().split())
    section = re.search(r"``:show-trainable:`` ~+ (.*?) ``:[a-z-]+:`` ~+", text).group(1)
    target = re.search(r"\.\. keras-model:: (\S+) :show-trainable:", section).group(1)
    model = described(target)
    weighted = [layer for layer in model.layers if layer.trainable is not None]
    frozen = sum(layer.params for layer in weighted if not layer.trainable)
    assert {layer.trainable for layer in weighted} == {True, False}
    assert frozen == model.totals.non_trainable
    dot = to_dot(model, Options(show_trainable=True))
    assert ">frozen<" in dot and ">trainable<" in dot
    assert stated("options.rst", r"the table's (\d+) non-trainable parameters") == frozen
    assert stated("options.rst", r"and the (\d+) trainable ones") == model.totals.trainable
