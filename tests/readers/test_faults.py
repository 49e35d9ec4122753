"""Faults in a model's code are contained by its reader process, in a real ``sphinx-build -j 2``.

One project, built once: a page whose factories hang, exit, crash, eat memory or call
``sys.exit()`` before they build their model, and a page with a healthy model. Each fault is one
located warning of its own subtype, the text after it is still written, the healthy model is
drawn, and no process of Sphinx imports Keras. The same fault under ``-W`` fails the build.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import keras
import pytest

from sphinx_kerasviz.views import formatting as fmt

from support.output import graph_sources, kerasviz_warnings

#: Seconds a model may take (``kerasviz_read_timeout``), counted once its reader has imported
#: Keras (which takes 10-30 s on a busy two-core machine).
READ_TIMEOUT = 15
BUILD_TIMEOUT = 300  # seconds: a build that hangs fails the test instead

FACTORIES = '''"""Factories that build a small model after doing what real code sometimes does."""

import ctypes
import os
import sys
import time

import keras
from keras import layers


def _classifier(name):
    return keras.Sequential([keras.Input((16,)), layers.Dense(8, activation="relu"),
                             layers.Dense(2, activation="softmax")], name=name)


def waits_for_a_server(url="http://localhost:9/weights"):
    while True:  # a download that never comes
        time.sleep(1)
    return _classifier("waited")


def gives_up(weights="pretrained.weights.h5"):
    if not os.path.exists(weights):
        os._exit(3)  # as a C library that calls exit() does
    return _classifier("gave_up")


def segfaults():
    ctypes.string_at(0)  # a broken native extension
    return _classifier("segfaulted")


def caches_everything():
    cache = []
    while True:  # a data set loaded into memory, 100 MB at a time
        cache.append(bytearray(100 * 2**20))
    return _classifier("cached")


def allocates_at_once():
    embeddings = bytearray(64 * 2**30)
    return _classifier(f"embeddings_{len(embeddings)}")


def quits():
    sys.exit(0)  # a script's main() called as a factory
    return _classifier("quit")
'''

HEALTHY = '''"""The MNIST convnet of keras.io, as a factory."""

import keras
from keras import layers


def mnist_convnet(num_classes=10, input_shape=(28, 28, 1)):
    inputs = keras.Input(shape=input_shape, name="digits")
    x = layers.Conv2D(32, kernel_size=(3, 3), activation="relu")(inputs)
    x = layers.MaxPooling2D(pool_size=(2, 2))(x)
    x = layers.Conv2D(64, kernel_size=(3, 3), activation="relu")(x)
    x = layers.MaxPooling2D(pool_size=(2, 2))(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="mnist_convnet")
'''

#: (case, factory, subtype, what the warning says, the paragraph written after the directive).
#: The hang comes first: it holds one reader while the other meets the remaining faults.
FAULTS = [
    ("hang", "waits_for_a_server", "timeout", f"reading took longer than {READ_TIMEOUT} s",
     "After the hang."),
    ("exit", "gives_up", "crash", "the model reader exited with status 3", "After the exit."),
    ("segfault", "segfaults", "crash", "the model reader was killed by signal SIGSEGV",
     "After the segfault."),
    ("memory-loop", "caches_everything", "memory", "more memory than the 3G of "
     "kerasviz_read_memory", "After the growing cache."),
    ("memory-at-once", "allocates_at_once", "memory", "more memory than the 3G of "
     "kerasviz_read_memory", "After the huge allocation."),
    ("sys-exit", "quits", "build", "readers_faults.quits raised SystemExit: 0", "After the quit."),
]
PROSE = ["intro", "install", "usage", "faq"]  # pages enough for -j 2 to fork more than once
WARNING = re.compile(r"faults\.rst:(\d+): WARNING: keras-model readers_faults\.(\w+): (.*) "
                     r"\[kerasviz\.(\w+)\]$")


def process_log(log: Path) -> str:
    """``conf.py`` lines: an extension that notes, in every process of Sphinx, whether Keras or
    TensorFlow was imported there."""
    return f'''
import os, sys


def note_process(app, docname):
    with open({str(log)!r}, "a") as log:
        log.write(f"{{docname}} {{os.getpid()}} {{'keras' in sys.modules}} "
                  f"{{'tensorflow' in sys.modules}}\\n")


def setup(app):
    app.connect("doctree-read", lambda app, doctree: note_process(app, app.env.docname))
    app.connect("build-finished", lambda app, exception: note_process(app, "-"))
'''


def sphinx_build(source: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m sphinx -b html`` in a fresh process group, ended whole when it hangs."""
    command = [sys.executable, "-m", "sphinx", "--no-color", *args, "-b", "html", str(source),
               str(out)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # Sphinx's forked processes too
            stdout, stderr = process.communicate()
            pytest.fail(f"sphinx-build {' '.join(args)} hung: {stdout[-1000:]}{stderr[-2000:]}")
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def write_project(root: Path) -> dict[str, int]:
    """The faults project in ``root / "src"``; the line of each fault's directive."""
    source = root / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(source)!r})\n"
        f'extensions = ["sphinx_kerasviz"]\nproject = "faults"\n'
        f'kerasviz_read_timeout = {READ_TIMEOUT}\nkerasviz_read_memory = "3G"\n'
        + process_log(root / "processes.log"))
    (source / "readers_faults.py").write_text(FACTORIES)
    (source / "readers_healthy.py").write_text(HEALTHY)
    pages = ["faults", "healthy", *PROSE]
    (source / "index.rst").write_text("Faults\n======\n\n.. toctree::\n\n"
                                      + "".join(f"   {page}\n" for page in pages))
    lines, line_of = ["Faults", "======", ""], {}
    for case, factory, _subtype, _message, after in FAULTS:
        line_of[case] = len(lines) + 1
        lines += [f".. keras-model:: readers_faults.{factory}", "", after, ""]
    (source / "faults.rst").write_text("\n".join(lines))
    (source / "healthy.rst").write_text("Healthy\n=======\n\n"
                                        ".. keras-model:: readers_healthy.mnist_convnet\n\n"
                                        "After the healthy model.\n")
    for page in PROSE:
        (source / f"{page}.rst").write_text(f"{page.title()}\n{'=' * len(page)}\n\nProse.\n")
    return line_of


def write_strict_project(root: Path, faults: Path) -> Path:
    """A one-page project whose one model exits (the factory of ``faults``)."""
    source = root / "strict"
    source.mkdir()
    (source / "conf.py").write_text(f"import sys\nsys.path.insert(0, {str(faults)!r})\n"
                                    'extensions = ["sphinx_kerasviz"]\nproject = "strict"\n')
    (source / "index.rst").write_text("Strict\n======\n\n.. keras-model:: readers_faults.gives_up"
                                      "\n\nAfter the exit.\n")
    return source


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Both projects built at once (the strict one while a reader of the other hangs), each in
    a fresh ``sphinx-build`` whose temporary directory is the test's own."""
    root = tmp_path_factory.mktemp("readers-faults")
    line_of = write_project(root)
    strict = write_strict_project(root, root / "src")
    (root / "tmp").mkdir()
    with pytest.MonkeyPatch.context() as patch, ThreadPoolExecutor(2) as builds:
        patch.setenv("TMPDIR", str(root / "tmp"))  # where the readers' socket directory goes
        faults = builds.submit(sphinx_build, root / "src", root / "out", "-j", "2")
        strict_result = builds.submit(sphinx_build, strict, root / "strict-out", "-W")
        result = faults.result()
    return {"root": root, "out": root / "out", "result": result, "line_of": line_of,
            "strict": strict_result.result()}


def test_the_build_succeeds_with_one_located_warning_per_fault(built: dict) -> None:
    result = built["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    warnings = kerasviz_warnings(result.stderr)
    assert len(warnings) == len(FAULTS), warnings
    found = {}
    for warning in warnings:
        match = WARNING.search(warning)
        assert match, warning
        found[match[2]] = (int(match[1]), match[3], match[4])
    for case, factory, subtype, message, _after in FAULTS:
        line, text, got = found[factory]
        assert (line, got) == (built["line_of"][case], subtype), (case, warnings)
        assert message in text, (case, text)
        assert "Traceback" not in text and len(text) < 300
    assert "Traceback" not in result.stderr


def test_the_text_after_every_fault_is_written(built: dict) -> None:
    page = (built["out"] / "faults.html").read_text()
    for case, _factory, _subtype, _message, after in FAULTS:
        assert f"<p>{after}</p>" in page, case
    assert graph_sources(page) == []  # no model: nothing drawn, nothing half drawn


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_healthy_model_is_drawn_with_its_summary(built: dict) -> None:
    page = (built["out"] / "healthy.html").read_text()
    (image,) = graph_sources(page)
    svg = (built["out"] / image).read_text()
    assert svg.rstrip().endswith("</svg>") and "mnist_convnet" in svg
    keras.backend.clear_session()
    model = load(built["root"] / "src" / "readers_healthy.py").mnist_convnet()
    total = re.search(r"<td[^>]*><p>Total params</p></td>\s*(?:<td[^>]*></td>\s*)*"
                      r'<td class="kerasviz-number"><p>([^<]+)</p>', page)
    assert total, page[-3000:]
    assert total[1].startswith(f"{fmt.count(model.count_params())} (")
    assert model.count_params() == 34_826  # the keras.io figure
    assert "<p>After the healthy model.</p>" in page


def test_no_process_of_sphinx_imported_keras(built: dict) -> None:
    """Pages are read in the processes ``-j 2`` forks; the build ends in the one it started."""
    noted = [line.split(" ", 2) for line in
             (built["root"] / "processes.log").read_text().splitlines()]
    assert sorted(docname for docname, _pid, _imported in noted) == sorted(
        ["-", "index", "faults", "healthy", *PROSE])
    assert {imported for _docname, _pid, imported in noted} == {"False False"}
    (owner,) = {pid for docname, pid, _imported in noted if docname == "-"}
    assert owner not in {pid for docname, pid, _imported in noted if docname != "-"}


def test_nothing_half_written_is_left(built: dict) -> None:
    out = built["out"]
    leftovers = [str(path.relative_to(out)) for path in out.rglob("*")
                 if path.name.startswith(".kerasviz-") or path.suffix == ".tmp"]
    assert leftovers == []
    cache = out / ".doctrees" / "kerasviz-cache"
    assert [path.suffix for path in cache.iterdir()] == [".pickle"]  # the healthy model only
    assert list((built["root"] / "tmp").glob("kerasviz-*")) == []  # the socket and its directory


def test_a_fault_fails_a_build_with_warnings_as_errors(built: dict) -> None:
    strict = built["strict"]
    assert strict.returncode != 0
    (warning,) = kerasviz_warnings(strict.stderr)
    assert re.search(r"index\.rst:4: (WARNING|ERROR): keras-model readers_faults\.gives_up: "
                     r"the model reader exited with status 3 while reading \[kerasviz\.crash\]",
                     warning), warning
    assert "<p>After the exit.</p>" in (built["root"] / "strict-out" / "index.html").read_text()
