"""Bad input never kills a build: one located warning per failure, and the build goes on."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from support.output import graph_sources, kerasviz_warnings
from support.paths import BIN, MODELS

EXPECTED = [
    (4, "import", "no module named 'no_such_module'"),
    (6, "import", "'kerasviz_test_models' has no attribute 'missing'"),
    (8, "build", "kerasviz_test_models.raises raised RuntimeError: factory exploded"),
    (10, "build", "kerasviz_test_models.not_a_model returned a dict, not a keras.Model"),
    (12, "build", "model 'unbuilt' from kerasviz_test_models.unbuilt is not built"),
    (14, "option", ":rankdir: expected one of TB, LR, BT, RL, got 'sideways'; using the default"),
    (17, "file", "model file not found: missing.keras"),
    (19, "file", "corrupt.keras is not a .keras file (not a zip archive)"),
    (21, "target", "argument \"open('x')\" in \"kerasviz_test_models.build(open('x'))\" is not a "
                   "literal"),
]


def parse_warning(line: str) -> tuple[str, int, str, str]:
    match = re.match(r"(.+?):(\d+): WARNING: (.*) \[kerasviz\.(\w+)\]$", line)
    assert match, line
    return match.group(1), int(match.group(2)), match.group(4), match.group(3)


@pytest.mark.sphinx("html", testroot="errors")
def test_each_failure_is_one_located_warning(app: SphinxTestApp) -> None:
    app.build()
    lines = kerasviz_warnings(app.warning.getvalue())
    assert len(lines) == len(EXPECTED), "\n".join(lines)
    for line, (lineno, subtype, message) in zip(lines, EXPECTED, strict=True):
        source, got_line, got_subtype, text = parse_warning(line)
        assert source.endswith("index.rst")
        assert (got_line, got_subtype) == (lineno, subtype)
        assert message in text, text
        assert "Traceback" not in text
    page = (app.outdir / "index.html").read_text()
    # the bad option falls back to its default; the last directive is untouched
    assert page.count('class="kerasviz"') == 2
    assert "Still rendered." in page and len(graph_sources(page)) == 2


def test_warnings_fail_a_build_with_W(rootdir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(MODELS)}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "--no-color", "-W", "-b", "html",
         str(rootdir / "test-errors"), str(tmp_path / "out")],
        capture_output=True, text=True, env=env, check=False,
    )
    assert result.returncode != 0
    assert "index.rst:4: WARNING: keras-model no_such_module.build" in result.stderr


def test_fixing_the_factory_module_rereads_a_failing_page(make_app, rootdir, tmp_path) -> None:
    srcdir = tmp_path / "deps"
    shutil.copytree(rootdir / "test-deps", srcdir)
    (srcdir / "index.rst").write_text("Deps\n====\n\n.. keras-model:: deps_models.build\n"
                                      "   :views: graph\n\n.. keras-model:: deps_models.nothing\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert len(kerasviz_warnings(app.warning.getvalue())) == 1
    module = srcdir / "deps_models.py"
    module.write_text(module.read_text() + "\n\nnothing = build\n")
    _added, changed, _removed = app.env.get_outdated_files(config_changed=False)
    assert changed == {"index"}


def render_failure_app(make_app, rootdir: Path, tmp_path: Path, dot: str, builder: str = "html",
                       **conf):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-deps", srcdir)
    app = make_app(builder, srcdir=srcdir, confoverrides={"graphviz_dot": dot, **conf})
    app.build()
    return app


def test_dot_not_installed(make_app, rootdir: Path, tmp_path: Path) -> None:
    app = render_failure_app(make_app, rootdir, tmp_path, "/nonexistent/dot")
    (line,) = kerasviz_warnings(app.warning.getvalue())
    source, lineno, subtype, text = parse_warning(line)
    assert (Path(source).name, lineno, subtype) == ("index.rst", 4, "render")
    assert "Graphviz '/nonexistent/dot' was not found" in text
    page = (app.outdir / "index.html").read_text()
    assert graph_sources(page) == [] and "kerasviz-summary" in page
    assert "<p>only (Dense)</p>" in page


def test_dot_crashing_leaves_nothing_half_written(make_app, rootdir: Path, tmp_path: Path) -> None:
    app = render_failure_app(make_app, rootdir, tmp_path, str(BIN / "failing-dot"))
    (line,) = kerasviz_warnings(app.warning.getvalue())
    assert parse_warning(line)[2] == "render" and "trouble in init_rank" in line
    images = app.outdir / "_images"
    assert not images.exists() or not [p for p in images.iterdir() if "kerasviz" in p.name]
    assert "kerasviz-summary" in (app.outdir / "index.html").read_text()


def test_dot_failing_on_an_interactive_diagram(make_app, rootdir, tmp_path) -> None:
    app = render_failure_app(make_app, rootdir, tmp_path, str(BIN / "failing-dot"),
                             kerasviz_interactive=True)
    (line,) = kerasviz_warnings(app.warning.getvalue())
    assert parse_warning(line)[1:3] == (4, "render") and "trouble in init_rank" in line
    page = (app.outdir / "index.html").read_text()
    assert "kerasviz-viewport" not in page and "kerasviz-summary" in page


def test_dot_failing_once_is_retried_with_a_safer_layout(make_app, rootdir, tmp_path) -> None:
    app = render_failure_app(make_app, rootdir, tmp_path, str(BIN / "picky-dot"))
    assert app.warning.getvalue() == ""
    page = (app.outdir / "index.html").read_text()
    (source,) = graph_sources(page)
    assert "only" in (app.outdir / source).read_text()


def test_dot_failing_in_latex(make_app, rootdir: Path, tmp_path: Path) -> None:
    app = render_failure_app(make_app, rootdir, tmp_path, str(BIN / "failing-dot"), "latex")
    (line,) = kerasviz_warnings(app.warning.getvalue())
    assert parse_warning(line)[1:3] == (4, "render")
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert "sphinxincludegraphics" not in tex and "Total params" in tex


@pytest.mark.sphinx("html", testroot="deps", srcdir="bad-config",
                    confoverrides={"kerasviz_rankdir": "diagonal", "kerasviz_views": "graph,chart",
                                   "kerasviz_output_format": "gif"})
def test_bad_config_values(app: SphinxTestApp) -> None:
    app.build()
    lines = kerasviz_warnings(app.warning.getvalue())
    assert len(lines) == 3, lines
    assert all("[kerasviz.config]" in line for line in lines)
    rankdir = "kerasviz_rankdir: expected one of TB, LR, BT, RL, got 'diagonal'; using 'TB'"
    assert any(rankdir in line for line in lines)
    assert any("kerasviz_views: unknown view 'chart'" in x for x in lines)
    page = (app.outdir / "index.html").read_text()
    assert graph_sources(page)[0].endswith(".svg") and "kerasviz-summary" in page


def test_broken_template_override(make_app, rootdir: Path, tmp_path: Path) -> None:
    srcdir = tmp_path / "tpl"
    shutil.copytree(rootdir / "test-templates", srcdir)
    templates = srcdir / "_templates" / "kerasviz"
    (templates / "graph.html.jinja").write_text("<img src='{{ no_such_variable }}'>")
    (templates / "wrapper.html.jinja").write_text("<div>forgot the content</div>")
    app = make_app("html", srcdir=srcdir)
    app.build()
    lines = kerasviz_warnings(app.warning.getvalue())
    assert len(lines) == 2 and all("[kerasviz.template]" in line for line in lines)
    assert all("index.rst:4" in line for line in lines)
    page = (app.outdir / "index.html").read_text()
    assert '<div class="kerasviz" data-model="branched">' in page and len(graph_sources(page)) == 1


def test_untraceable_subclassed_model_warns_and_still_renders(make_app, rootdir, tmp_path) -> None:
    srcdir = tmp_path / "trace"
    shutil.copytree(rootdir / "test-deps", srcdir)
    (srcdir / "index.rst").write_text(
        "Trace\n=====\n\n.. keras-model:: kerasviz_test_models.untraceable\n"
        "\n.. keras-model:: kerasviz_test_models.subclassed\n"
        "   :input-shape: 5\n"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    (line,) = kerasviz_warnings(app.warning.getvalue())
    _source, lineno, subtype, text = parse_warning(line)
    assert (lineno, subtype) == (4, "trace")
    assert "subclassed model 'untraceable' is drawn as one box: tracing its call() failed" in text
    page = (app.outdir / "index.html").read_text()
    assert len(graph_sources(page)) == 2 and page.count('class="kerasviz-summary') == 2
    traced = (app.outdir / graph_sources(page)[1]).read_text()
    assert "hidden" in traced and "&#45;&gt;" in traced  # the traced layers and their edge


def test_input_shapes_from_conf_and_files_outside_the_project(make_app, rootdir, tmp_path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-deps", srcdir)
    (tmp_path / "outside.keras").write_bytes(b"PK")
    (srcdir / "index.rst").write_text(
        "Conf\n====\n\n.. keras-model:: kerasviz_test_models.unbuilt\n\n"
        ".. keras-model:: ../outside.keras\n"
    )
    shapes = {"kerasviz_test_models.unbuilt": "(7,)"}
    app = make_app("html", srcdir=srcdir, confoverrides={"kerasviz_input_shapes": shapes})
    app.build()
    (line,) = kerasviz_warnings(app.warning.getvalue())
    assert parse_warning(line)[1:3] == (6, "file") and "outside the source directory" in line
    page = (app.outdir / "index.html").read_text()
    assert "<p>42 (168.00\u00a0B)</p>" in page  # built with the shape conf.py gives this target


def test_dot_that_hangs_times_out(make_app, rootdir: Path, tmp_path: Path) -> None:
    srcdir = tmp_path / "slow"
    shutil.copytree(rootdir / "test-deps", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={
        "graphviz_dot": str(BIN / "slow-dot"), "kerasviz_dot_timeout": 1})
    app.build()
    (line,) = kerasviz_warnings(app.warning.getvalue())
    assert parse_warning(line)[1:3] == (4, "render")
    assert "no result after 1 s (kerasviz_dot_timeout)" in line
    images = app.outdir / "_images"
    assert not images.exists() or not [p for p in images.iterdir() if "kerasviz" in p.name]
