"""Weights: the WeightHistory callback on a real seeded training, and ``.. keras-weights::``.

One short training (two Dense layers, so two weights are both called ``kernel``) writes the
history file; a snapshot callback keeps the real weights of every epoch to compare with.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import keras
import numpy as np
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.sphinxext.nodes import kerasviz_plot
from sphinx_kerasviz.weights import file as weight_file
from sphinx_kerasviz.weights.callbacks import WeightHistory
from sphinx_kerasviz.weights.data import PERCENTILES

from support.builds import compile_pdf, prose_edit_rebuild
from support.output import kerasviz_warnings, latex_plot_pdfs, pdf_text

EPOCHS = 4
MODELS = '''import keras


def build():
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu",
                             name="first"), keras.layers.Dense(3, name="second")], name="tiny")


def other():
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(2, name="first")],
                            name="other")
'''
GOOD = """Weights
=======

Some prose.

.. keras-weights:: weights_models.build
   :caption: The weights now.
   :name: fig-now
   :bins: 12

.. keras-weights:: weights_models.build
   :style: ridgeline
   :bins: 12
   :width: 80%
   :align: left
   :class: framed

.. keras-weights::
   :over-time: run/weight_history.json

.. keras-weights:: weights_models.build
   :over-time: run
   :over-time-style: ridgeline
   :layers: second
"""
BAD = """Bad
===

.. keras-weights::
   :over-time: missing.json

.. keras-weights::
   :over-time: corrupt.json

.. keras-weights::
   :over-time: foreign.json

.. keras-weights:: weights_models.other
   :over-time: run/weight_history.json

.. keras-weights:: weights_models.build
   :layers: nothing

.. keras-weights:: weights_models.nowhere

.. keras-weights::

Still built.
"""


class Snapshots(keras.callbacks.Callback):
    """The real weights at the start and after every epoch, and the file checked each time."""

    def __init__(self, file: Path) -> None:
        super().__init__()
        self.file = file
        self.weights: dict[int, dict[str, np.ndarray]] = {}
        self.checked: list[tuple[int, ...]] = []

    def snapshot(self, epoch: int) -> None:
        self.weights[epoch] = {w.path: np.array(w) for w in self.model.weights}
        self.checked.append(weight_file.read(self.file).epochs)  # valid after every write

    def on_train_begin(self, logs=None) -> None:
        self.snapshot(0)

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        self.snapshot(epoch + 1)


class Crash(keras.callbacks.Callback):
    def on_epoch_end(self, epoch: int, logs=None) -> None:
        if epoch == 1:
            raise RuntimeError("crash")


def train(run: Path, *extra: keras.callbacks.Callback) -> Snapshots:
    import weights_models

    keras.utils.set_random_seed(0)  # as the directive does: epoch 0 equals its picture
    model = weights_models.build()
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 6)), rng.normal(size=(64, 3))
    snapshots = Snapshots(run / weight_file.FILE_NAME)
    callbacks = [WeightHistory(run, bins=12), snapshots, *extra]
    model.fit(x, y, epochs=EPOCHS, batch_size=16, verbose=0, callbacks=callbacks)
    return snapshots


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Snapshots]:
    source = tmp_path_factory.mktemp("weights") / "src"
    (source / "run").mkdir(parents=True)
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(source)!r})\nextensions = ['sphinx_kerasviz']\n"
        "html_static_path = []\n"
    )
    (source / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   good\n   bad\n")
    (source / "good.rst").write_text(GOOD)
    (source / "bad.rst").write_text(BAD)
    (source / "weights_models.py").write_text(MODELS)
    (source / "corrupt.json").write_text('{"format": "sphinx-kerasviz/weight-hist')
    (source / "foreign.json").write_text(json.dumps({"loss": [1.0, 0.5]}))
    sys.path.insert(0, str(source))
    sys.modules.pop("weights_models", None)
    return source, train(source / "run")


def history(source: Path) -> weight_file.WeightHistoryData:
    return weight_file.read(source / "run" / weight_file.FILE_NAME)


def sphinx_build(source: Path, out: Path, builder: str) -> SphinxTestApp:
    copy = out / "src"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    app = SphinxTestApp(builder, srcdir=copy, builddir=out / "build")
    app.build()
    return app


def test_histograms_count_every_value_and_keep_layers_apart(project) -> None:
    data = history(project[0])
    assert data.model == "tiny" and data.epochs == tuple(range(EPOCHS + 1))
    paths = [w.path for w in data.weights]
    assert paths == ["tiny/first/kernel", "tiny/first/bias", "tiny/second/kernel",
                     "tiny/second/bias"]
    assert [w.kind for w in data.weights] == ["kernel", "bias", "kernel", "bias"]
    for weight, series in zip(data.weights, data.series, strict=True):
        for d in series:
            assert len(d.counts) == 12 and sum(d.counts) == weight.size == np.prod(weight.shape)
    first, second = data.series[0], data.series[2]
    assert first[-1] != second[-1]


def test_histograms_and_stats_equal_numpy_on_the_real_weights(project) -> None:
    data = history(project[0])
    snapshots = project[1].weights
    for weight, series in zip(data.weights, data.series, strict=True):
        for epoch, d in zip(data.epochs, series, strict=True):
            values = snapshots[epoch][weight.path].astype(np.float64).ravel()
            counts, edges = np.histogram(values, bins=12)
            assert d.counts == tuple(counts) and np.array_equal(d.edges, edges)
            assert (d.min, d.max, d.mean, d.std) == (values.min(), values.max(), values.mean(),
                                                     values.std())
            assert d.percentiles == tuple(np.percentile(values, PERCENTILES))
    kernels = [snapshots[EPOCHS][p] for p in ("tiny/first/kernel", "tiny/second/kernel")]
    assert kernels[0].shape == (6, 8) and kernels[1].shape == (8, 3)
    assert not np.array_equal(snapshots[0]["tiny/first/bias"], snapshots[EPOCHS]["tiny/first/bias"])


def test_file_is_valid_after_every_epoch_and_after_a_crash(project, tmp_path: Path) -> None:
    assert project[1].checked == [tuple(range(n + 1)) for n in range(EPOCHS + 1)]
    assert [p.name for p in (project[0] / "run").iterdir()] == [weight_file.FILE_NAME]
    with pytest.raises(RuntimeError, match="crash"):
        train(tmp_path, Crash())
    assert weight_file.read(tmp_path / weight_file.FILE_NAME).epochs == (0, 1, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [weight_file.FILE_NAME]


def test_file_is_small_and_line_per_weight(project) -> None:
    text = (project[0] / "run" / weight_file.FILE_NAME).read_text()
    assert text.count("\n") == 1 + 1 + 4 + 1 + (EPOCHS + 1) * 5
    assert json.loads(text)["version"] == weight_file.VERSION


@pytest.fixture(scope="module")
def html(project, tmp_path_factory) -> SphinxTestApp:
    app = sphinx_build(project[0], tmp_path_factory.mktemp("html"), "html")
    yield app
    app.cleanup()


def plots(app: SphinxTestApp, doc: str) -> list[kerasviz_plot]:
    return list(app.env.get_doctree(doc).findall(kerasviz_plot))


def test_html_shows_every_variant(html: SphinxTestApp) -> None:
    assert not [w for w in kerasviz_warnings(html.warning.getvalue()) if "good.rst" in w]
    page = (html.outdir / "good.html").read_text()
    assert page.count('class="kerasviz kerasviz-weights') == 4
    assert 'class="kerasviz kerasviz-weights framed"' in page
    assert "The weights now." in page and 'id="fig-now"' in page
    images = re.findall(r'<img src="(_images/kerasviz-[0-9a-f]+\.svg)" alt="([^"]+)"', page)
    assert len(images) == 4
    assert "style=\"width: 80%\"" in page
    for src, alt in images:
        svg = (html.outdir / src).read_text()
        assert svg.startswith("<?xml") and "<image" not in svg  # vector, no raster inside
        assert "kernel" in svg and "model tiny" in alt


def test_plot_data_equal_the_file(html: SphinxTestApp, project) -> None:
    data = history(project[0])
    now, ridges, bands, chosen = (node["plot"] for node in plots(html, "good"))
    assert now.style == "histogram" and ridges.style == "ridgeline"
    first_epoch = tuple((w, (s[0],)) for w, s in zip(data.weights, data.series, strict=True))
    assert now.items == ridges.items == first_epoch  # the seeded model is the run's epoch 0
    assert bands.style == "bands" and bands.epochs == data.epochs
    assert bands.items == tuple(zip(data.weights, data.series, strict=True))
    assert chosen.style == "ridgeline"
    assert [w.path for w, _ in chosen.items] == ["tiny/second/kernel", "tiny/second/bias"]
    assert chosen.items == bands.items[2:]


def test_bad_input_gives_one_located_warning_each(html: SphinxTestApp) -> None:
    warnings = kerasviz_warnings(html.warning.getvalue())
    expected = [
        (4, "weights", "weight history not found: missing.json"),
        (7, "weights", "corrupt.json"),
        (10, "weights", "foreign.json is not a valid weight history"),
        (13, "weights", "records the weights of model 'tiny', which are not those of 'other'"),
        (16, "weights", ":layers: no layer named nothing (layers with weights: tiny/first"),
        (19, "import", "has no attribute 'nowhere'"),
        (21, "target", "give a model, or a weight history in :over-time:"),
    ]
    assert len(warnings) == len(expected), warnings
    for line, (lineno, subtype, text) in zip(warnings, expected, strict=True):
        assert f"bad.rst:{lineno}:" in line and f"[kerasviz.{subtype}]" in line, line
        assert text in line, line
    assert "Still built." in (html.outdir / "bad.html").read_text()


def test_output_is_deterministic(html: SphinxTestApp, project, tmp_path: Path) -> None:
    again = sphinx_build(project[0], tmp_path, "html")
    try:
        first = {p.name: p.read_bytes() for p in (html.outdir / "_images").glob("*.svg")}
        second = {p.name: p.read_bytes() for p in (again.outdir / "_images").glob("*.svg")}
        assert len(first) == 4 and first == second
    finally:
        again.cleanup()


def test_latex_builds_vector_pdfs_and_compiles(project, tmp_path: Path) -> None:
    app = sphinx_build(project[0], tmp_path, "latex")
    try:
        assert len(latex_plot_pdfs(app.outdir)) == 4
        text = pdf_text(compile_pdf(app.outdir))
        assert "The weights now." in text and "second/kernel" in text
    finally:
        app.cleanup()


def test_warm_rebuild_imports_no_keras(project, tmp_path: Path) -> None:
    source = prose_edit_rebuild(project[0], tmp_path)
    assert "More prose." in (source.parent / "out" / "good.html").read_text()
