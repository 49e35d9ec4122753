"""The catalogue of hostile and broken input: one page, one directive per case, built once.

Every failing case gives one located ``kerasviz`` warning with its subtype and a short cause;
the build goes on (the last directive renders) and leaves no half-written file. Cases that are
not failures (odd names, printing factories, deep nesting) render literally and warn nothing.
Also in the catalogue, tested elsewhere: ``dot`` missing, crashing, or timing out
(``test_errors.py``), a broken template override, bad ``conf.py`` values.
"""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import keras
import pytest
from sphinx.testing.util import SphinxTestApp

import kerasviz_test_models as models
from support.output import graph_sources, kerasviz_warnings, svg_files

#: (case, directive argument and options, warning subtype or None, what the warning says)
CATALOGUE = [
    ("syntax-error", "hostile_models.prints(", "target", "cannot parse"),
    ("os-system", 'hostile_models.prints(os.system("touch pwned"))', "target", "not a literal"),
    ("dunder-import", "hostile_models.prints(__import__('os'))", "target", "not a literal"),
    ("lambda-argument", "hostile_models.deep(lambda: 1)", "target", "not a literal"),
    ("star-kwargs", "hostile_models.deep(**{'levels': 2})", "target", "'**' is not allowed"),
    ("subscript", "hostile_models.deep[0]", "target", "not a dotted path"),
    ("no-module", "no_such_module.build", "import", "no module named 'no_such_module'"),
    ("no-attribute", "hostile_models.missing", "import", "has no attribute 'missing'"),
    ("import-raises", "hostile_broken_import.build", "import", "cannot be imported"),
    ("import-exits", "hostile_exit_import.build", "import", "SystemExit"),
    ("factory-raises", "kerasviz_test_models.raises", "build", "raised RuntimeError"),
    ("factory-exits", "hostile_models.exits", "build", "SystemExit"),
    ("factory-recurses", "hostile_models.recurses", "build", "RecursionError"),
    ("wrong-arguments", "hostile_models.deep(1, 2, 3)", "build", "TypeError"),
    ("not-a-model", "kerasviz_test_models.not_a_model", "build", "returned a dict"),
    ("not-callable", "kerasviz_test_models.NOT_CALLABLE", "build", "is a int"),
    ("model-called", "kerasviz_test_models.MODEL()", "build", "is a model, not a factory"),
    ("unbuilt", "kerasviz_test_models.unbuilt", "build", "is not built"),
    ("wrong-input-shape", "hostile_models.wrong_rank\n   :input-shape: (5,)", "build",
     "with input shape (5,) failed"),
    ("empty-sequential", "hostile_models.empty_sequential", "build", "is not built"),
    ("bad-option", "kerasviz_test_models.branched\n   :rankdir: sideways", "option",
     ":rankdir:"),
    ("bad-input-shape", "hostile_models.prints\n   :input-shape: (3, 'x')", "option",
     ":input-shape:"),
    ("missing-file", "missing.keras", "file", "model file not found: missing.keras"),
    ("outside-source", "../outside.keras", "file", "outside the source directory"),
    ("absolute-escape", "/../outside.keras", "file", "outside the source directory"),
    ("empty-keras", "empty.keras", "file", "not a .keras file"),
    ("not-zip", "text.keras", "file", "not a .keras file"),
    ("zip-not-model", "other.keras", "file", "cannot load model file other.keras"),
    ("empty-h5", "empty.h5", "file", "empty.h5 is not an HDF5 file"),
    ("truncated-h5", "truncated.h5", "file", "cannot load model file truncated.h5"),
    ("unknown-custom-class", "custom.keras", "custom", "custom class 'Scale'"),
    # not failures: rendered, literally, with no warning
    ("prints", "hostile_models.prints", None, None),
    ("global-state", "hostile_models.changes_global_state", None, None),
    ("markup-names", "hostile_models.hostile_names", None, None),
    ("ten-deep", "hostile_models.deep\n   :expand-nested:", None, None),
    ("no-layers", "hostile_models.no_layers", None, None),
]
LAST = "kerasviz_test_models.sequential_cnn\n   :caption: Still rendered."


def write_project(source: Path) -> dict[str, int]:
    """The catalogue as one page, and the files it reads; the line of every case."""
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["sphinx_kerasviz"]\nproject = "hostile"\n')
    lines, line_of = ["Hostile", "=======", ""], {}
    for case, argument, _subtype, _message in [*CATALOGUE, ("last", LAST, None, None)]:
        line_of[case] = len(lines) + 1
        lines += [*f".. keras-model:: {argument}".splitlines(), ""]
    (source / "index.rst").write_text("\n".join(lines))
    (source.parent / "outside.keras").write_bytes(b"PK\x05\x06" + bytes(18))
    (source / "empty.keras").write_bytes(b"")
    (source / "empty.h5").write_bytes(b"")
    (source / "text.keras").write_text("print('not a model')")
    with zipfile.ZipFile(source / "other.keras", "w") as archive:
        archive.writestr("readme.txt", "a zip, not a model")
    (source / "truncated.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(100))
    keras.backend.clear_session()
    models.nested().save(source / "custom.keras")  # uses the unregistered layer Scale
    return line_of


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SphinxTestApp, dict]]:
    root = tmp_path_factory.mktemp("hostile")
    line_of = write_project(root / "src")
    app = SphinxTestApp("html", srcdir=root / "src", builddir=root / "out")
    try:
        app.build()
        yield app, line_of
    finally:
        app.cleanup()


#: Every view option that draws more: the catalogue must survive them as well.
EVERYTHING = {"kerasviz_interactive": True, "kerasviz_group_repeats": True,
              "kerasviz_legend": True, "kerasviz_palette": "grayscale",
              "kerasviz_views": ["graph", "summary", "layered"]}


@pytest.fixture(scope="module")
def built_with_everything(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    root = tmp_path_factory.mktemp("hostile-everything")
    write_project(root / "src")
    app = SphinxTestApp("html", srcdir=root / "src", builddir=root / "out",
                        confoverrides=EVERYTHING)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_every_view_option_on_gives_the_same_warnings(built, built_with_everything) -> None:
    """Interactive pages, groups, legends and layered views on every hostile model: the same
    located warnings, markup in names stays text in the inline SVG and in the data."""
    def located(app: SphinxTestApp) -> list[str]:
        return sorted(re.sub(r"^.*?index\.rst:", "", w) for w in
                      kerasviz_warnings(app.warning.getvalue()))

    app, _ = built
    assert located(built_with_everything) == located(app)
    page = (built_with_everything.outdir / "index.html").read_text()
    assert "Still rendered." in page
    static = graph_sources((app.outdir / "index.html").read_text())
    assert page.count('class="kerasviz-data"') == len(static)  # every diagram, interactive
    assert "<script>alert" not in page and "<script>bad" not in page
    assert "in\\u003cscript\\u003ealert(1)" in page  # in the JSON of the panel
    assert html.escape("in<script>alert(1)", quote=False) in page  # in the inline SVG


def test_catalogue_is_large_enough() -> None:
    assert len(CATALOGUE) >= 25
    assert len({case for case, *_ in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize(("case", "argument", "subtype", "message"), CATALOGUE,
                         ids=[case for case, *_ in CATALOGUE])
def test_case(built, case: str, argument: str, subtype: str | None, message: str | None) -> None:
    app, line_of = built
    warnings = [w for w in kerasviz_warnings(app.warning.getvalue())
                if re.search(rf"index\.rst:{line_of[case]}: ", w)]
    if subtype is None:
        assert warnings == []
        return
    (warning,) = warnings
    assert warning.endswith(f"[kerasviz.{subtype}]")
    assert f"keras-model {argument.splitlines()[0]}: " in warning
    assert message in warning
    assert len(warning) < 400 and "Traceback" not in warning


def test_the_build_went_on_and_left_nothing_half_written(built) -> None:
    app, _ = built
    page = (app.outdir / "index.html").read_text()
    assert "Still rendered." in page
    for name, svg in svg_files(app.outdir).items():
        assert svg.rstrip().endswith("</svg>"), name
    leftovers = [p.name for p in app.outdir.rglob("*") if p.name.startswith(".kerasviz-")]
    assert leftovers == []  # the temporary files of files.temp_beside
    assert not (app.srcdir / "pwned").exists() and not Path("pwned").exists()


def test_markup_in_names_is_text(built) -> None:
    app, _ = built
    page = (app.outdir / "index.html").read_text()
    assert "<script>alert" not in page and "<script>bad" not in page
    assert html.escape("<svg onload=bad()><script>bad()", quote=False) in page
    svgs = "".join(svg_files(app.outdir).values())
    assert "<script>" not in svgs
    for name in ("in&lt;script&gt;alert(1)", "ünïcödé_名前_🙂", "#1 %c {a}", "q&quot;uote"):
        assert name in svgs


def test_markup_in_names_compiles_in_latex(tmp_path: Path) -> None:
    # pdflatex, the default engine: Latin non-ASCII text
    app = build_page(tmp_path, "latex", "hostile_models.hostile_names('ünïcödé_ßøå')")
    assert kerasviz_warnings(app.warning.getvalue()) == []
    tex = (app.outdir / "hostile.tex").read_text()
    assert r"\textbackslash{}textbf\{b\}" in tex and r"\textless{}script\textgreater{}" in tex
    done = subprocess.run(["make", "-C", str(app.outdir)], capture_output=True, text=True,
                          check=False, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]
    text = subprocess.run(["pdftotext", str(app.outdir / "hostile.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "in<script>alert(1)" in text and "ünïcödé_ßøå" in text


def test_global_state_is_restored(built) -> None:
    assert keras.config.dtype_policy().name == "float32"
    assert keras.config.floatx() == "float32"
    assert keras.config.epsilon() == 1e-7
    assert keras.config.image_data_format() == "channels_last"


def test_ten_models_deep_are_all_drawn(built) -> None:
    app, _ = built
    drawn = "".join(svg_files(app.outdir).values())
    path = "/".join(f"level{level}" for level in range(8, -1, -1)) + "/core"
    assert html.escape(path) in drawn


def test_model_with_no_layers_shows_its_input(built) -> None:
    app, _ = built
    page = (app.outdir / "index.html").read_text()
    assert "only_input" in page.replace("<wbr />", "")
    rendered = [case for case, _, subtype, _ in CATALOGUE if subtype in (None, "option")]
    assert len(graph_sources(page)) == len(rendered) + 1  # and the last directive


def test_printing_factory_output_stays_out_of_the_page(built) -> None:
    app, _ = built
    assert "factory output" not in (app.outdir / "index.html").read_text()


def build_page(tmp_path: Path, builder: str, argument: str, conf: str = "") -> SphinxTestApp:
    """A project of one page with one directive (on line 4), built with ``builder``."""
    source = tmp_path / "src"
    source.mkdir(exist_ok=True)
    (source / "conf.py").write_text(f'extensions = ["sphinx_kerasviz"]\nproject = "hostile"\n'
                                    f"{conf}")
    (source / "index.rst").write_text(f"Page\n====\n\n.. keras-model:: {argument}\n")
    app = SphinxTestApp(builder, srcdir=source, builddir=tmp_path / "out")
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def save_custom_model(tmp_path: Path) -> int:
    """``src/custom.keras``: a model with the unregistered layer ``Scale``; its parameters."""
    (tmp_path / "src").mkdir()
    keras.backend.clear_session()
    model = models.nested()
    model.save(tmp_path / "src" / "custom.keras")
    return model.count_params()


def test_bad_custom_objects_conf(tmp_path: Path) -> None:
    save_custom_model(tmp_path)
    app = build_page(tmp_path, "html", "custom.keras",
                     'kerasviz_custom_objects = {"Scale": "kerasviz_test_models.NoSuchScale"}\n')
    (warning,) = kerasviz_warnings(app.warning.getvalue())
    assert "index.rst:4:" in warning and "kerasviz_custom_objects['Scale']" in warning
    assert "has no attribute 'NoSuchScale'" in warning and warning.endswith("[kerasviz.import]")


def test_custom_objects_conf_loads_the_file(tmp_path: Path) -> None:
    total = save_custom_model(tmp_path)
    app = build_page(tmp_path, "html", "custom.keras",
                     'kerasviz_custom_objects = {"Scale": "kerasviz_test_models.Scale"}\n')
    assert kerasviz_warnings(app.warning.getvalue()) == []
    page = (app.outdir / "index.html").read_text()
    assert f"{total:,}" in page and "Scale" in page
