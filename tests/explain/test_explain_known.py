"""Explanations on models whose answers are known, on TensorFlow (here) and on JAX and PyTorch
(each in its own process, ``KERAS_BACKEND`` being read when Keras is imported)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import explain_checks

CHECKS = Path(explain_checks.__file__)


@pytest.fixture(scope="module", params=["tensorflow", "jax", "torch"])
def measured(request: pytest.FixtureRequest) -> dict:
    if request.param == "tensorflow":
        return explain_checks.measure()
    env = {**os.environ, "KERAS_BACKEND": request.param,
           "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, str(CHECKS)], capture_output=True, text=True,
                            env=env, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["backend"] == request.param
    return found


def test_saliency_of_a_linear_model_is_its_absolute_weights(measured: dict) -> None:
    assert measured["linear"]["vanilla"] < 1e-6
    assert measured["linear"]["smoothgrad"] < 1e-5


def test_maps_peak_in_the_only_quadrant_the_model_sees(measured: dict) -> None:
    quadrant = measured["quadrant"]
    for method in ("vanilla", "smoothgrad", "gradcam", "gradcam++", "guided"):
        row, column = quadrant[method]
        assert row < 4 <= column, (method, row, column)
    for method in ("vanilla", "smoothgrad", "guided"):  # gradients outside are exactly zero
        assert quadrant[f"{method} outside"] == 0.0


def test_activation_maximization_raises_its_objective(measured: dict) -> None:
    for first, last in measured["activation_max"].values():
        assert last > first + 0.01


def test_decision_boundary_lies_on_the_known_hyperplane(measured: dict) -> None:
    assert measured["boundary"] <= 1.0  # within one grid cell everywhere


def test_activations_equal_a_feature_extractor_and_guided_relu_the_formula(
        measured: dict) -> None:
    assert measured["activations"] < 1e-5
    assert measured["guided"] < 1e-5
