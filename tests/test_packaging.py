"""The wheel carries the templates and the stylesheet; graphviz_dot_args reach ``dot``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from support.output import graph_sources

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
    assert "sphinx_kerasviz/model/reader.py" in names
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


def layout_sections(readme: str) -> dict[str, str]:
    """The README's project layout: the text of each entry under ``sphinx_kerasviz/`` (a folder's
    entry holds the lines of its modules), keyed by its first word."""
    block = readme.split("## Project layout", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    sections: dict[str, str] = {}
    current = ""
    for line in block.splitlines():
        if re.match(r"^  \S", line):
            current = line.split()[0]
        if current:
            sections[current] = sections.get(current, "") + line + "\n"
    return sections


def test_readme_layout_names_every_module() -> None:
    sections = layout_sections((ROOT / "README.md").read_text())
    everything = "".join(sections.values())
    package = ROOT / "sphinx_kerasviz"
    missing = []
    for module in sorted(package.rglob("*.py")):
        folder = module.parent.relative_to(package)
        if str(folder) == ".":
            found = module.name in everything
        else:
            found = module.name == "__init__.py" or module.name in sections.get(f"{folder}/", "")
        if not found:
            missing.append(str(module.relative_to(package)))
    folders = {f"{p.relative_to(package)}/" for p in package.iterdir() if p.is_dir()
               and p.name != "__pycache__"}
    assert missing == [] and folders - {"templates/"} <= set(sections), (missing, folders)
