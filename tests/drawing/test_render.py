"""Running the real ``dot``: content-hash names, identical bytes, nothing half-written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sphinx_kerasviz.drawing.graphviz import render_dot
from sphinx_kerasviz.errors import KerasvizError

from support.paths import BIN

DOT = 'digraph "m" { "a<b" -> "c"; }\n'


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_same_input_same_bytes(tmp_path: Path, fmt: str) -> None:
    first = render_dot([DOT], fmt, tmp_path / "one")
    time.sleep(1.1)  # a clock in the file would now differ
    second = render_dot([DOT], fmt, tmp_path / "two")
    assert first.name == second.name and first.name.startswith("kerasviz-")
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in first.parent.iterdir()] == [first.name]


def test_pdf_date_comes_from_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pdf = render_dot([DOT], "pdf", tmp_path).read_bytes()
    assert b"/CreationDate (D:20231114221320Z)" in pdf


def test_cached_file_is_not_rendered_again(tmp_path: Path) -> None:
    path = render_dot([DOT], "svg", tmp_path)
    path.write_text("cached")
    assert render_dot([DOT], "svg", tmp_path).read_text() == "cached"
    assert render_dot([DOT], "svg", tmp_path, args=["-Gpad=1"]).name != path.name


def test_failure_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(KerasvizError, match="trouble in init_rank") as info:
        render_dot([DOT, DOT], "svg", tmp_path, dot=str(BIN / "failing-dot"))
    assert info.value.subtype == "render"
    assert list(tmp_path.iterdir()) == []
