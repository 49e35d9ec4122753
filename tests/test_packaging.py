"""The wheel carries the templates and the stylesheet; graphviz_dot_args reach ``dot``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import graph_sources

ROOT = Path(__file__).parent.parent


def test_wheel_ships_templates_and_static_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("sphinx_kerasviz-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ("graph.html.jinja", "wrapper.html.jinja", "graph.tex.jinja",
                     "wrapper.tex.jinja"):
        assert f"sphinx_kerasviz/templates/kerasviz/{template}" in names
    assert "sphinx_kerasviz/static/kerasviz.css" in names
    assert "sphinx_kerasviz/keras_reader.py" in names
    assert not any(name.startswith(("tests/", "docs/")) for name in names)


def test_graphviz_dot_args_are_passed(make_app, rootdir: Path, tmp_path: Path) -> None:
    sizes = []
    for args in ([], ["-Gpad=3"]):
        srcdir = tmp_path / f"pad{len(args)}"
        shutil.copytree(rootdir / "test-deps", srcdir)
        app = make_app("html", srcdir=srcdir, confoverrides={"graphviz_dot_args": args})
        app.build()
        (source,) = graph_sources((app.outdir / "index.html").read_text())
        svg = (app.outdir / source).read_text()
        sizes.append(float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1)))
    assert sizes[1] == sizes[0] + 2 * (3 * 72 - 4)  # 3 inches on each side instead of 4 points
