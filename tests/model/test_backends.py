"""Keras 3 on JAX and PyTorch, and Keras 2 (``tf_keras``): the same descriptions as on TensorFlow.

Each backend runs in its own process (``KERAS_BACKEND`` is read when Keras is imported), through
``backend_worker.py``; this process (TensorFlow) is the reference.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_kerasviz.model.reader import read_model
from sphinx_kerasviz.model.target import parse_target
from sphinx_kerasviz.views.summary import summarize

from support.paths import MODELS

TARGETS = (
    "kerasviz_test_models.nested",
    "kerasviz_test_models.recurrent",
    "kerasviz_test_models.shared",
    "kerasviz_test_models.with_ops",
    "kerasviz_test_models.subclassed@(5,)",
    "subclassed_models.functional_with_custom_block",
    "subclassed_models.build_encoder@(6, 5)",
    "subclassed_models.build_residual@(8, 8, 3)",
    "keras.applications.MobileNetV3Small(weights=None)",
    "kerasviz_test_models.subclassed_built",  # traced with the call that built it
    "kerasviz_test_models.parts_only",  # no call(): its parts
    "kerasviz_test_models.distilled_int8",  # a part call() never reaches; quantized
    "corpus.nested_dict_call.build",  # called on a dict of arrays
    "kerasviz_test_models.wrapped_subclass",  # a subclassed part only train_step calls
)
# On PyTorch, Keras builds a Sequential nested in a subclassed model with a stand-in batch
# size (83) inside: the totals and layers agree, the inner batch dimension does not.
PARAMS_ONLY = ("subclassed_models.build_two_tower@[(5,), (5,)]",)


def run_worker(backend: str) -> dict[str, dict[str, object]]:
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(MODELS)}
    result = subprocess.run(
        [sys.executable, str(MODELS / "backend_worker.py"), *TARGETS, *PARAMS_ONLY],
        capture_output=True, text=True, env=env, cwd=MODELS, check=False, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def reference() -> dict[str, dict[str, object]]:
    return run_worker("tensorflow")


@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_other_backends_read_the_same_models(backend: str, reference) -> None:
    seen = run_worker(backend)
    for target in TARGETS + PARAMS_ONLY:
        assert seen[target]["backend"] == backend
        # the totals on the page are what Keras itself counts on that backend
        total = list(csv.reader(io.StringIO(seen[target]["summary"])))[-3]
        assert total[3].startswith(f"{seen[target]['keras_params']:,} "), target
        assert seen[target]["keras_params"] == reference[target]["keras_params"], target
        assert seen[target]["notes"] == [], target  # no trace, no fidelity warning
    for target in TARGETS:
        assert seen[target]["summary"] == reference[target]["summary"], target
        assert seen[target]["dot"] == reference[target]["dot"], target


def test_reference_is_tensorflow(reference) -> None:
    assert {report["backend"] for report in reference.values()} == {"tensorflow"}
    assert "enc_hidden,Dense" in reference["kerasviz_test_models.nested"]["summary"]


@pytest.mark.parametrize(
    ("factory", "layers"),
    [
        ("residual_cnn", ["image", "conv_a", "conv_b", "skip", "bn", "double", "gap", "probs"]),
        ("sequential", ["hidden", "drop", "out"]),
        ("nested_shared", ["left", "right", "tower", "merge", "score"]),
    ],
)
def test_keras2_models_from_tf_keras(factory: str, layers: list[str]) -> None:
    import keras2_models

    keras2 = getattr(keras2_models, factory)()
    model = read_model(parse_target(f"keras2_models.{factory}")).model
    summary = summarize(model)
    assert [row.name for row in summary.rows] == layers
    assert model.totals.total == keras2.count_params()
    for row in summary.rows:
        assert row.params == keras2.get_layer(row.name).count_params()
    for layer in keras2.layers:
        shape = layer.output.shape if factory != "nested_shared" else None
        if shape is not None:
            described = model.layer(layer.name).calls[0].output_shapes[0]
            assert described == tuple(shape)


def test_keras2_shared_model_has_both_calls() -> None:
    model = read_model(parse_target("keras2_models.nested_shared")).model
    tower = model.layer("tower")
    assert [[p.layer for p in call.inputs] for call in tower.calls] == [["left"], ["right"]]
    assert [(p.layer, p.call) for p in model.layer("merge").calls[0].inputs] == [
        ("tower", tower.calls[0].index), ("tower", tower.calls[1].index)]


def test_keras2_saved_files_keras_3_cannot_read(tmp_path: Path) -> None:
    """tf_keras saves options (``groups`` of DepthwiseConv2D) that Keras 3 refuses."""
    import keras2_models

    keras2 = keras2_models.mobilenet()
    keras2.save(tmp_path / "mobilenet.h5")
    model = read_model(parse_target("mobilenet.h5"), doc_dir=tmp_path).model
    assert model.totals.total == keras2.count_params()
    assert len(model.layers) == len(keras2.layers)
