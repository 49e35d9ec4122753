"""``:over-time:`` on a TensorBoard log: weight histograms of a real seeded training.

One short training of two Dense layers (two weights called ``kernel``) writes three logs:
``paths/`` with ``keras.callbacks.TensorBoard(histogram_freq=1)`` as installed (recent Keras 3
tags histograms by weight path), ``short/`` with the same callback writing tags as Keras 3
releases before keras-team/keras#22317 did (by the short name: the kernels collide), and
``nohist/`` with ``histogram_freq=0``. A snapshot callback keeps the real weights of each epoch.
"""

from __future__ import annotations

import inspect
import shutil
import sys
from pathlib import Path

import keras
import numpy as np
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.sphinxext.nodes import kerasviz_plot
from sphinx_kerasviz.tensorboard_events import event_files, summaries
from sphinx_kerasviz.weights.data import PERCENTILES, WeightInfo
from sphinx_kerasviz.weights.tensorboard import read

from support.builds import python_output
from support.output import kerasviz_warnings

EPOCHS = 3
PATHS = ["first/kernel", "first/bias", "second/kernel", "second/bias"]
SHORT = ["kernel", "bias", "kernel", "bias"]
#: Whether the installed Keras tags histograms by weight path (since keras-team/keras#22317;
#: 3.15.1 does) rather than by short name.
WRITES_PATHS = "weight.path" in inspect.getsource(keras.callbacks.TensorBoard._log_weights)
SHAPES = {"first/kernel": (6, 8), "first/bias": (8,), "second/kernel": (8, 3),
          "second/bias": (3,)}
MODELS = '''import keras


def build():
    inputs = keras.Input((6,))
    hidden = keras.layers.Dense(8, activation="relu", name="first")(inputs)
    return keras.Model(inputs, keras.layers.Dense(3, name="second")(hidden), name="tiny")


def wider():
    inputs = keras.Input((6,))
    hidden = keras.layers.Dense(9, activation="relu", name="first")(inputs)
    return keras.Model(inputs, keras.layers.Dense(3, name="second")(hidden), name="wider")
'''
GOOD = """Good
====

.. keras-weights::
   :over-time: short

.. keras-weights:: tb_models.build
   :over-time: short
   :over-time-style: ridgeline

.. keras-weights:: tb_models.build
   :over-time: paths
"""
BAD = """Bad
===

.. keras-weights::
   :over-time: nohist

.. keras-weights::
   :over-time: corrupt

.. keras-weights:: tb_models.wider
   :over-time: short

Still built.
"""


class ShortNameTensorBoard(keras.callbacks.TensorBoard):
    """The callback as Keras 3 shipped it before keras-team/keras#22317: ``weight.name`` tags."""

    def _log_weights(self, epoch: int) -> None:
        with self._train_writer.as_default():
            for layer in self.model.layers:
                for weight in layer.weights:
                    name = weight.name.replace(":", "_")
                    self.summary.histogram(f"{name}/histogram", weight, step=epoch)
            self._train_writer.flush()


class Snapshots(keras.callbacks.Callback):
    def __init__(self) -> None:
        super().__init__()
        self.weights: dict[int, dict[str, np.ndarray]] = {}

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        self.weights[epoch + 1] = {w.path: np.array(w) for w in self.model.weights}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, dict[str, np.ndarray]]]:
    source = tmp_path_factory.mktemp("tb") / "src"
    source.mkdir()
    (source / "tb_models.py").write_text(MODELS)
    sys.path.insert(0, str(source))
    sys.modules.pop("tb_models", None)
    import tb_models

    keras.utils.set_random_seed(5)
    model = tb_models.build()
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(64, 6)), rng.normal(size=(64, 3))
    snapshots = Snapshots()
    callbacks = [
        keras.callbacks.TensorBoard(str(source / "paths"), histogram_freq=1),
        ShortNameTensorBoard(str(source / "short"), histogram_freq=1, write_graph=False),
        keras.callbacks.TensorBoard(str(source / "nohist"), histogram_freq=0),
        snapshots,
    ]
    model.fit(x, y, epochs=EPOCHS, batch_size=16, verbose=0, callbacks=callbacks)
    assert [w.path for w in model.weights] == PATHS
    return source, snapshots.weights


def model_weights() -> tuple[WeightInfo, ...]:
    return tuple(WeightInfo(path, SHAPES[path]) for path in PATHS)


def histogram_events(logdir: Path) -> list[tuple[int, str, np.ndarray]]:
    return [(item.step, item.tag, item.value) for file in event_files(logdir)
            for item in summaries(file, logdir, "weights") if item.tag.endswith("/histogram")]


def test_what_keras_writes(run) -> None:
    """Tags, their order, the tensors' shape: what the reader relies on."""
    source, _ = run
    assert [f.parent.name for f in event_files(source / "paths")] == ["train"]
    for log, names in (("paths", PATHS if WRITES_PATHS else SHORT), ("short", SHORT)):
        events = histogram_events(source / log)
        assert [(step, tag) for step, tag, _ in events] == [
            (step, f"{name}/histogram") for step in range(EPOCHS) for name in names]
        for _, _, buckets in events:
            assert buckets.shape == (30, 3) and buckets.dtype == np.float64
            assert np.array_equal(buckets[1:, 0], buckets[:-1, 1])  # left edge, right edge


@pytest.mark.parametrize("log", ["paths", "short"])
def test_counts_sum_to_each_weights_size(run, log: str) -> None:
    for weights in (model_weights(), None):
        data, files = read(run[0] / log, "tiny", weights)
        assert data.epochs == (1, 2, 3) and files == event_files(run[0] / log)
        for weight, series in zip(data.weights, data.series, strict=True):
            size = int(np.prod(SHAPES[PATHS[data.weights.index(weight)]]))
            assert all(sum(d.counts) == size == d.size for d in series)


@pytest.mark.parametrize("log", ["paths", "short"])
def test_the_model_tells_the_kernels_apart(run, log: str) -> None:
    source, snapshots = run
    data, _ = read(source / log, "tiny", model_weights())
    assert [w.path for w in data.weights] == PATHS and data.weights == model_weights()
    first, second = data.series[0], data.series[2]
    for weight, series in zip(data.weights, data.series, strict=True):
        for epoch, d in zip(data.epochs, series, strict=True):
            values = snapshots[epoch][weight.path].astype(np.float64).ravel()
            # the outer edges are the exact minimum and maximum; the counts are TensorBoard's
            # bucketing (floor((x - min) / width), the last bucket closed) of the real weights
            assert (d.min, d.max, d.lo, d.hi) == (values.min(), values.max()) * 2
            width = (values.max() - values.min()) / 30
            index = np.minimum(np.floor((values - values.min()) / width).astype(int), 29)
            assert d.counts == tuple(np.bincount(index, minlength=30))
            # the statistics are approximations from the buckets: within a bucket's width
            # (each percentile lies in the bucket of the value whose rank it names)
            assert abs(d.mean - values.mean()) <= width / 2
            assert abs(d.std - values.std()) <= width
            exact = np.percentile(values, PERCENTILES, method="inverted_cdf")
            assert np.all(np.abs(np.array(d.percentiles) - exact) <= width * (1 + 1e-9))
    assert first[-1].counts != second[-1].counts and first[0].size == 48 != second[0].size


def test_without_the_model_colliding_names_are_numbered(run) -> None:
    data, _ = read(run[0] / "short")
    assert [w.path for w in data.weights] == ["kernel (1)", "bias (1)", "kernel (2)", "bias (2)"]
    assert [w.kind for w in data.weights] == ["kernel", "bias", "kernel", "bias"]
    assert [w.shape for w in data.weights] == [(48,), (8,), (24,), (3,)]  # sizes, not shapes
    named, _ = read(run[0] / "paths")
    assert named.model == "tiny"  # from the graph Keras writes
    if WRITES_PATHS:
        assert [w.path for w in named.weights] == PATHS
    with_model, _ = read(run[0] / "short", "tiny", model_weights())
    assert data.series == with_model.series


def test_a_mismatched_model_names_the_mismatch(run) -> None:
    wider = tuple(WeightInfo(p, (6, 9) if p == "first/kernel" else s) for p, s in SHAPES.items())
    with pytest.raises(KerasvizError, match=r"histogram 1 of kernel counts 48 values, but the "
                       r"model's first/kernel \(6, 9\) has 54") as err:
        read(run[0] / "short", "wider", wider)
    assert err.value.subtype == "weights" and err.value.dependencies
    with pytest.raises(KerasvizError, match="the log has 2 weights named kernel, the model 1"):
        read(run[0] / "short", "one", model_weights()[:2])


@pytest.fixture(scope="module")
def html(run, tmp_path_factory: pytest.TempPathFactory):
    source = tmp_path_factory.mktemp("tb-html") / "src"
    shutil.copytree(run[0], source, ignore=shutil.ignore_patterns("__pycache__"))
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(source)!r})\nextensions = ['sphinx_kerasviz']\n")
    (source / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   good\n   bad\n")
    (source / "good.rst").write_text(GOOD)
    (source / "bad.rst").write_text(BAD)
    shutil.copytree(run[0] / "short", source / "corrupt")
    event = event_files(source / "corrupt")[0]
    data = bytearray(event.read_bytes())
    data[len(data) // 2] ^= 0xFF
    event.write_bytes(bytes(data))
    app = SphinxTestApp("html", srcdir=source)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_html_build_renders_tensorboard_logs(html: SphinxTestApp, run) -> None:
    warnings = kerasviz_warnings(html.warning.getvalue())
    assert not [w for w in warnings if "good.rst" in w], warnings
    page = (html.outdir / "good.html").read_text()
    assert page.count('class="kerasviz kerasviz-weights') == 3
    unnamed, named, paths = (n["plot"] for n in html.env.get_doctree("good").findall(
        kerasviz_plot))
    assert [w.path for w, _ in unnamed.items] == ["kernel (1)", "bias (1)", "kernel (2)",
                                                  "bias (2)"]
    assert [w.path for w, _ in named.items] == PATHS and named.style == "ridgeline"
    assert named.items == paths.items and named.epochs == (1, 2, 3)
    deps = {Path(html.srcdir, d).resolve() for d in html.env.dependencies["good"]}
    assert set(event_files(Path(html.srcdir) / "short")) <= deps


def test_bad_logs_give_one_located_warning_each(html: SphinxTestApp) -> None:
    warnings = [w for w in kerasviz_warnings(html.warning.getvalue()) if "bad.rst" in w]
    expected = [
        (4, "nohist/: no weight histograms in the TensorBoard log"),
        (7, "corrupt/train/events.out.tfevents"),
        (10, "short/: histogram 1 of kernel counts 48 values, but the model's first/kernel"),
    ]
    assert len(warnings) == len(expected), warnings
    for warning, (line, text) in zip(warnings, expected, strict=True):
        assert f"bad.rst:{line}: WARNING: keras-weights" in warning, warning
        assert warning.endswith("[kerasviz.weights]") and text in warning, warning
    assert "Still built." in (html.outdir / "bad.html").read_text()
    deps = {Path(html.srcdir, d).resolve() for d in html.env.dependencies["bad"]}
    assert set(event_files(Path(html.srcdir) / "nohist")) <= deps


def test_reading_a_log_imports_no_keras(run) -> None:
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from sphinx_kerasviz.weights.tensorboard import read\n"
        f"data, _ = read(Path({str(run[0] / 'short')!r}))\n"
        "print(len(data.weights), sorted(m for m in ('keras', 'tensorflow') if m in sys.modules))\n"
    )
    assert python_output(script, timeout=120) == "4 []"
