"""Pictures are drawn while pages are read (in the workers of ``-j N``), not when written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

REFERENCES = {
    "html": r'src="_images/(kerasviz-[^"]+)"',
    "latex": r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{(kerasviz-[^}]+)\}(\.pdf)\}",
}


def drawn(outdir: Path) -> dict[str, int]:
    return {
        p.name: p.stat().st_mtime_ns
        for p in sorted(outdir.rglob("kerasviz-*"))
        if p.suffix in (".svg", ".png", ".pdf")
    }


@pytest.mark.parametrize(
    ("builder", "root"),
    [("html", "interactive"), ("html", "layered"), ("latex", "layered"), ("latex", "basic")],
)
def test_pictures_are_drawn_while_pages_are_read(
    make_app, rootdir: Path, tmp_path: Path, builder: str, root: str
) -> None:
    srcdir = tmp_path / root
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    app = make_app(builder, srcdir=srcdir)
    app.builder.read()
    after_reading = drawn(app.outdir)
    assert after_reading
    app.build()
    assert drawn(app.outdir) == after_reading  # the writer found every file and drew none
    output = "".join(
        p.read_text() for p in app.outdir.glob("*.html" if builder == "html" else "*.tex")
    )
    shown = {"".join(found) for found in re.findall(REFERENCES[builder], output)}
    if root != "interactive":  # the interactive diagrams are inlined
        assert shown and shown <= set(after_reading)
