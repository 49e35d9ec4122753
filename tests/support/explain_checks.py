"""Known answers, measured on whatever backend ``KERAS_BACKEND`` names.

:func:`measure` runs every check through :func:`sphinx_kerasviz.explain.reader.explain` (the
directive's path) and returns plain numbers; ``python tests/support/explain_checks.py`` prints
them as JSON, so that ``test_explain_known.py`` can compare JAX and PyTorch with TensorFlow.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "models"))  # explain_models

from sphinx_kerasviz.explain.data import (
    ActivationMaxRequest,
    ActivationsRequest,
    BoundaryRequest,
    GradcamRequest,
    SaliencyRequest,
    Seen,
)
from sphinx_kerasviz.explain.inputs import Source
from sphinx_kerasviz.explain.reader import explain
from sphinx_kerasviz.model.target import parse_target

import explain_models


def run(target: str, request: Any) -> Any:
    return explain(parse_target(f"explain_models.{target}"), request=request).result


def seen(name: str, sample: int = 0) -> Seen:
    return Seen(Source(name, dotted=f"explain_models.{name}"), sample)


def peak(values: np.ndarray) -> list[int]:
    return [int(i) for i in np.unravel_index(np.argmax(values), values.shape)]


def linear_saliency() -> dict[str, float]:
    """The largest difference between each saliency map and the absolute weights."""
    result = run("linear", SaliencyRequest(seen("small_image"), samples=8))
    expected = np.abs(explain_models.LINEAR_W[..., 0])
    return {method: float(np.abs(p.array - expected).max()) for method, p in result.maps}


def quadrant_peaks() -> dict[str, list[int]]:
    """Where each map of the quadrant model peaks, and how much lies outside the quadrant."""
    peaks: dict[str, Any] = {}
    for request in (SaliencyRequest(seen("image", 1)),
                    GradcamRequest(seen("image", 1), methods=("gradcam", "gradcam++", "guided"))):
        for method, picture in run("quadrant", request).maps:
            values = picture.array
            outside = values.copy()
            outside[explain_models.QUADRANT] = 0
            peaks[method] = peak(values)
            peaks[f"{method} outside"] = float(outside.max() / (values.max() or 1))
    return peaks


def activation_max() -> dict[str, list[float]]:
    """The objective at the first and last step, for classes and for filters."""
    found = {}
    for name, request in (("classes", ActivationMaxRequest(steps=40)),
                          ("filters", ActivationMaxRequest(units=(0, 1, 2), layer="conv2",
                                                           steps=40))):
        history = run("quadrant", request).history
        found[name] = [history[0], history[-1]]
    return found


def boundary_distance() -> float:
    """The farthest grid cell where the class changes from the known line, in grid cells."""
    result = run("plane", BoundaryRequest(Source("points", dotted="explain_models.points"),
                                          resolution=120))
    classes = result.classes.array
    xs, ys = np.asarray(result.xs), np.asarray(result.ys)
    cell = max(xs[1] - xs[0], ys[1] - ys[0])
    change = np.argwhere(np.diff(classes, axis=1) != 0)  # between columns c and c + 1
    mid_x = (xs[change[:, 1]] + xs[change[:, 1] + 1]) / 2
    values = mid_x * explain_models.PLANE_W[0] + ys[change[:, 0]] * explain_models.PLANE_W[1]
    distance = np.abs(values + explain_models.PLANE_B) / np.linalg.norm(explain_models.PLANE_W)
    return float(distance.max() / cell) if len(change) else float("inf")


def activations_error() -> float:
    """The largest difference from a feature extractor built here, on the same weights."""
    import keras

    result = run("quadrant", ActivationsRequest(seen("image", 2), ("conv*", "classes")))
    keras.utils.set_random_seed(0)  # as the reader does
    model = explain_models.quadrant()
    layers = [model.get_layer(n) for n in ("conv1", "conv2", "classes")]
    outputs = keras.Model(model.inputs[0], [lay.output for lay in layers])(
        explain_models.image()[2:3])
    assert [lay.name for lay in result.layers] == ["conv1", "conv2", "classes"]
    return max(float(np.abs(keras.ops.convert_to_numpy(out)[0] - got.values.array).max())
               for out, got in zip(outputs, result.layers, strict=True))


def guided_error() -> float:
    """Guided backpropagation through Dense-ReLU-Dense against the formula, by hand."""
    import keras

    from sphinx_kerasviz.explain import methods

    keras.utils.set_random_seed(5)
    model = explain_models.dense_relu()
    x = np.random.default_rng(6).normal(size=(1, 6)).astype("float32")
    w1, b1 = (np.asarray(v) for v in model.get_layer("hidden").get_weights())
    w2 = np.asarray(model.get_layer("out").get_weights()[0])
    upstream = w2[:, 1]  # d out[1] / d hidden
    mask = (x @ w1 + b1 > 0)[0] & (upstream > 0)
    expected = w1 @ (upstream * mask)
    return float(np.abs(methods.guided_backprop(model, x, 1) - expected).max())


def measure() -> dict[str, Any]:
    import keras

    return {"backend": keras.backend.backend(), "linear": linear_saliency(),
            "quadrant": quadrant_peaks(), "activation_max": activation_max(),
            "boundary": boundary_distance(), "activations": activations_error(),
            "guided": guided_error()}


if __name__ == "__main__":
    print(json.dumps(measure()))
