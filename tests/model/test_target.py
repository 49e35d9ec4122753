"""The directive argument is parsed, never evaluated."""

from __future__ import annotations

import pytest

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.model.target import Target, parse_target


def test_dotted_path() -> None:
    assert parse_target("mypkg.models.build_model") == Target("mypkg.models.build_model")


def test_call_with_literals() -> None:
    target = parse_target("mypkg.build(10, dropout=0.2, shape=(28, 28, 1), act=None, n=-3)")
    assert target.called
    assert target.path == "mypkg.build"
    assert target.args == (10,)
    assert dict(target.kwargs) == {"dropout": 0.2, "shape": (28, 28, 1), "act": None, "n": -3}
    assert str(target) == "mypkg.build(10, dropout=0.2, shape=(28, 28, 1), act=None, n=-3)"


def test_files() -> None:
    assert parse_target("saved/classifier.keras") == Target("saved/classifier.keras", is_file=True)
    assert parse_target("/models/old.h5").is_file


@pytest.mark.parametrize(
    "text",
    [
        "mypkg.build(__import__('os').system('false'))",
        "mypkg.build(x=open('f'))",
        "mypkg.build(*args)",
        "mypkg.build(**kw)",
        "mypkg.build(",
        "mypkg[0]",
        "1 + 2",
        "",
    ],
)
def test_rejects_anything_but_literals(text: str) -> None:
    with pytest.raises(KerasvizError) as info:
        parse_target(text)
    assert info.value.subtype == "target"
