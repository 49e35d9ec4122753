"""Which process reads a model: never Sphinx's own, nor the processes ``-j 2`` forks.

Each project's ``conf.py`` notes, in every process of Sphinx (``doctree-read`` runs where a page
is read, ``build-finished`` in the process that started the build), its pid and whether Keras or
TensorFlow was imported there. Models are read by reader processes: asked for before Sphinx reads
the pages (a page's model is read while Sphinx is busy with the page before), once per build,
and not at all when the cache has them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.builds import build_in_subprocess, sphinx_build
from support.output import check_pages_equal, graph_sources

MODELS = '''"""The models of a small project."""

import keras
from keras import layers


def mlp(units=32, classes=3):
    inputs = keras.Input((20,), name="features")
    x = layers.Dense(units, activation="relu")(inputs)
    x = layers.Dropout(0.1)(x)
    return keras.Model(inputs, layers.Dense(classes, activation="softmax")(x), name="mlp")


def sentiment(vocabulary=1000, length=50):
    return keras.Sequential([
        keras.Input((length,), dtype="int32", name="tokens"),
        layers.Embedding(vocabulary, 16),
        layers.GlobalAveragePooling1D(),
        layers.Dense(1, activation="sigmoid"),
    ], name="sentiment")


def autoencoder(size=64, code=8):
    inputs = keras.Input((size,), name="signal")
    encoded = layers.Dense(code, activation="relu", name="code")(inputs)
    return keras.Model(inputs, layers.Dense(size, name="decoded")(encoded), name="autoencoder")
'''
MODEL_PAGES = {
    "mlp": ".. keras-model:: readers_project_models.mlp(units=16)\n   :show-params:",
    "sentiment": ".. keras-model:: readers_project_models.sentiment",
    "autoencoder": ".. keras-model:: readers_project_models.autoencoder\n   :rankdir: LR",
}
PROSE_PAGES = ["intro", "install", "faq"]

#: Two factories that note when (and where) they start.
NOTED = '''"""Two models that note when they are read."""

import os
import time
from pathlib import Path

import keras
from keras import layers

LOG = Path({log!r})


def _started(name):
    with LOG.open("a") as log:
        log.write(f"{{name}} {{os.getpid()}} {{time.time()}}\\n")


def first():
    _started("first")
    return keras.Sequential([keras.Input((4,)), layers.Dense(2)], name="first")


def second():
    _started("second")
    return keras.Sequential([keras.Input((4,)), layers.Dense(2)], name="second")
'''
#: Page ``a`` takes Sphinx 3 s more once read; when Sphinx starts reading page ``b`` is noted.
SLOW_PAGE = '''
def slow_page(app, doctree):
    if app.env.docname == "a":
        time.sleep(3)


def note_source(app, docname, source):
    if docname == "b":
        Path(app.outdir).with_name("b-started").write_text(str(time.time()))
'''


def conf(source: Path, extra: str = "", hooks: tuple[str, ...] = ()) -> str:
    """``conf.py``: the project's models importable, and every process of Sphinx noted in
    ``<output directory>.log``."""
    return f'''import os
import sys
import time
from pathlib import Path

sys.path.insert(0, {str(source)!r})
extensions = ["sphinx_kerasviz"]
project = "readers"
{extra}

def note_process(app, docname):
    log = Path(app.outdir).with_name(Path(app.outdir).name + ".log")
    with log.open("a") as file:
        file.write(f"{{docname}} {{os.getpid()}} {{time.time()}} {{'keras' in sys.modules}} "
                   f"{{'tensorflow' in sys.modules}}\\n")


def setup(app):
    app.connect("doctree-read", lambda app, doctree: note_process(app, app.env.docname))
    app.connect("build-finished", lambda app, exception: note_process(app, "-"))
''' + "".join(f"    app.connect({event!r}, {handler})\n" for event, handler in
          (hook.split(":") for hook in hooks))


def processes(log: Path) -> list[tuple[str, int, float, str]]:
    """(page or "-" for the end of the build, pid, time, "keras tensorflow") of each line."""
    noted = []
    for line in log.read_text().splitlines():
        docname, pid, when, imported = line.split(" ", 3)
        noted.append((docname, int(pid), float(when), imported))
    return noted


def write_pages(source: Path, pages: dict[str, str]) -> None:
    (source / "index.rst").write_text("Readers\n=======\n\n.. toctree::\n\n"
                                      + "".join(f"   {name}\n" for name in pages))
    for name, body in pages.items():
        (source / f"{name}.rst").write_text(f"{name.title()}\n{'=' * len(name)}\n\n{body}\n")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """Three model pages and three of prose, built cold with ``-j 2``."""
    root = tmp_path_factory.mktemp("readers-processes")
    source = root / "src"
    source.mkdir()
    (source / "conf.py").write_text(conf(source))
    (source / "readers_project_models.py").write_text(MODELS)
    write_pages(source, {**{name: f"{directive}\n\nSome prose."
                            for name, directive in MODEL_PAGES.items()},
                         **{name: "Prose." for name in PROSE_PAGES}})
    (root / "tmp").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(root / "tmp"))  # where the readers' socket directory goes
        cold = build_in_subprocess(source, "-j", "2")
    return source, cold


def test_no_process_of_a_parallel_build_imports_keras(project: tuple[Path, dict]) -> None:
    source, cold = project
    pages = sorted(["index", *MODEL_PAGES, *PROSE_PAGES])
    assert cold["readers"] >= 1  # ("read" names only the first page of each chunk of -j 2)
    noted = processes(source.parent / "out.log")
    assert sorted(docname for docname, *_ in noted) == sorted(["-", *pages])
    assert {imported for *_, imported in noted} == {"False False"}
    (owner,) = {pid for docname, pid, *_ in noted if docname == "-"}
    readers_of_pages = {pid for docname, pid, *_ in noted if docname != "-"}
    assert len(readers_of_pages) > 1 and owner not in readers_of_pages  # forked by -j 2
    assert list((source.parent / "tmp").iterdir()) == []  # no socket directory left


def test_parallel_pages_equal_serial_ones(project: tuple[Path, dict]) -> None:
    """``-j 1`` from the models ``-j 2`` read (its cache, copied): the same pages."""
    source, _cold = project
    root = source.parent
    shutil.copytree(root / "out" / ".doctrees" / "kerasviz-cache",
                    root / "serial" / ".doctrees" / "kerasviz-cache")
    result = sphinx_build(source, root / "serial", "-j", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr
    check_pages_equal(root / "out", root / "serial", ["index", *MODEL_PAGES, *PROSE_PAGES])
    for name in MODEL_PAGES:
        assert len(graph_sources((root / "out" / f"{name}.html").read_text())) == 1
    assert {imported for *_, imported in processes(root / "serial.log")} == {"False False"}


def test_a_warm_build_starts_no_reader(project: tuple[Path, dict]) -> None:
    source, _cold = project
    page = source / "mlp.rst"
    page.write_text(page.read_text().replace("Some prose.", "Edited prose."))
    assert build_in_subprocess(source, "-j", "2") == {"readers": 0, "read": ["mlp"]}
    html = (source.parent / "out" / "mlp.html").read_text()
    assert "Edited prose." in html and len(graph_sources(html)) == 1
    assert build_in_subprocess(source, "-j", "2") == {"readers": 0, "read": []}


def test_models_are_read_before_sphinx_meets_them(tmp_path: Path) -> None:
    """Two pages, a model each, Sphinx reading one page at a time (``-j 1``) and taking 3 s
    over page ``a``: the model of page ``b`` is read meanwhile, before Sphinx starts page
    ``b``, by the reader (not in Sphinx's process)."""
    source = tmp_path / "src"
    source.mkdir()
    log = tmp_path / "factories.log"
    (source / "conf.py").write_text(
        conf(source, SLOW_PAGE, ("doctree-read:slow_page", "source-read:note_source")))
    (source / "readers_noted.py").write_text(NOTED.format(log=str(log)))
    write_pages(source, {"a": ".. keras-model:: readers_noted.first",
                         "b": ".. keras-model:: readers_noted.second"})
    report = build_in_subprocess(source)
    assert report == {"readers": 1, "read": ["a", "b", "index"]}
    started = {name: (int(pid), float(when)) for name, pid, when in
               (line.split() for line in log.read_text().splitlines())}
    assert sorted(started) == ["first", "second"]
    b_started = float((tmp_path / "b-started").read_text())
    assert started["second"][1] < b_started - 1
    sphinx = {pid for _docname, pid, *_ in processes(tmp_path / "out.log")}
    assert started["first"][0] == started["second"][0] and started["first"][0] not in sphinx
    out = tmp_path / "out"
    assert 'data-model="first"' in (out / "a.html").read_text()
    assert 'data-model="second"' in (out / "b.html").read_text()


def test_a_parallel_build_with_a_long_temporary_directory(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["sphinx_kerasviz"]\n')
    write_pages(source, {f"page{number}": "Prose." for number in range(6)})
    temporary = tmp_path / ("temporary-files-of-a-ci-job-" * 4)
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    result = sphinx_build(source, tmp_path / "out", "-j", "2")
    assert result.returncode == 0, result.stderr[-2000:]
    assert list(temporary.iterdir()) == []
