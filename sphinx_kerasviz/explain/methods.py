"""The explanations themselves, on a built Keras model and numpy inputs (needs Keras).

Class scores are taken before a final softmax or sigmoid (:func:`scores_before_squashing`), as
Grad-CAM and activation maximization prescribe; gradients come from :mod:`.gradients`, so every
method runs on TensorFlow, JAX and PyTorch.
"""

from __future__ import annotations

import contextlib
import fnmatch
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.explain.gradients import value_and_gradient

EPS = 1e-8


def keras_module() -> Any:
    import keras

    return keras


def model_in(model: Any) -> Any:
    """The model's input tensor (its list when there are several), to build sub-models."""
    return model.inputs[0] if len(model.inputs) == 1 else model.inputs


def predict(model: Any, x: np.ndarray) -> np.ndarray:
    """The model's first output for ``x``, as numpy."""
    return np.asarray(keras_module().ops.convert_to_numpy(first(model(x, training=False))))


def first(outputs: Any) -> Any:
    if isinstance(outputs, dict):
        return next(iter(outputs.values()))
    return outputs[0] if isinstance(outputs, (list, tuple)) else outputs


def squashing_layer(model: Any) -> Any | None:
    """The last layer if its activation is a softmax or a sigmoid, else None."""
    keras = keras_module()
    layer = model.layers[-1] if model.layers else None
    squashing = (keras.activations.softmax, keras.activations.sigmoid)
    return layer if getattr(layer, "activation", None) in squashing else None


def output_kind(model: Any) -> str:
    """What the model's output for a class is: ``probability`` after a softmax or a sigmoid of
    several units, else ``score``; ``first output's ...`` when the model has several outputs."""
    probability = squashing_layer(model) is not None and predict_width(model) > 1
    kind = "probability" if probability else "score"
    return f"first output's {kind}" if len(model.outputs) > 1 else kind


@contextlib.contextmanager
def scores_before_squashing(model: Any) -> Iterator[None]:
    """Within the block the last layer's softmax or sigmoid activation is the identity."""
    keras = keras_module()
    layer = squashing_layer(model)
    if layer is None:
        yield
        return
    activation = layer.activation
    layer.activation = keras.activations.linear
    try:
        yield
    finally:
        layer.activation = activation


def check_class(model: Any, x: np.ndarray, class_index: int | None) -> tuple[int, np.ndarray]:
    """The class to explain (the predicted one by default) and the model's output for ``x``."""
    output = predict(model, x)[0].reshape(-1)
    if class_index is None:
        return int(np.argmax(output)), output
    if not -len(output) <= class_index < len(output):
        raise KerasvizError("option", f":class-index: {class_index} is out of range: the model "
                            f"has {len(output)} output{'s' if len(output) > 1 else ''}")
    return class_index % len(output), output


def class_score(model: Any, class_index: int) -> Any:
    ops = keras_module().ops
    return lambda x: ops.sum(ops.reshape(first(model(x, training=False)),
                                         (-1, predict_width(model)))[:, class_index])


def predict_width(model: Any) -> int:
    return int(np.prod(first(model.outputs).shape[1:]))


# -- saliency ------------------------------------------------------------------------------


def saliency(model: Any, x: np.ndarray, class_index: int, *, samples: int = 0,
             noise: float = 0.15, seed: int = 0) -> np.ndarray:
    """``|d score / d input|`` for one input (vanilla); with ``samples``, SmoothGrad: the
    gradient averaged over that many copies with Gaussian noise of ``noise`` times the input's
    value range, then made absolute."""
    with scores_before_squashing(model):
        score = class_score(model, class_index)
        if not samples:
            return np.abs(value_and_gradient(score, [x])[1][0])
        rng = np.random.default_rng(seed)
        sigma = noise * float(np.ptp(x) or 1.0)
        total = np.zeros_like(x[0], dtype="float64")
        for _ in range(samples):
            noisy = x + rng.normal(0.0, sigma, x.shape).astype("float32")
            total += value_and_gradient(score, [noisy])[1][0]
        return np.abs(total / samples)


# -- Grad-CAM --------------------------------------------------------------------------------


def last_conv_layer(model: Any) -> str:
    """The name of the last layer that gives 2-D feature maps (batch, height, width, channels)."""
    keras = keras_module()
    for layer in reversed(model.layers):
        if isinstance(layer, keras.layers.InputLayer):
            continue
        shape = getattr(getattr(layer, "output", None), "shape", None)
        if "conv" in type(layer).__name__.lower() and shape is not None and len(shape) == 4:
            return str(layer.name)
    raise KerasvizError("explain", f"model {model.name!r} has no 2-D convolution layer: "
                        "Grad-CAM needs one (name it with :layer:)")


def feature_layer(model: Any, name: str) -> Any:
    try:
        layer = model.get_layer(name)
    except ValueError:
        names = ", ".join(layer.name for layer in model.layers[:30])
        raise KerasvizError("option", f":layer: no layer named {name!r} (layers: {names})"
                            ) from None
    shape = layer.output.shape
    if len(shape) != 4:
        raise KerasvizError("option", f":layer: {name!r} gives outputs of shape "
                            f"{tuple(shape)}; Grad-CAM needs 2-D feature maps")
    return layer


def gradcam(model: Any, x: np.ndarray, class_index: int, layer_name: str,
            plus: bool = False) -> np.ndarray:
    """Grad-CAM (or Grad-CAM++) of one input at ``layer_name``, in [0, 1], at the input's
    height and width."""
    keras = keras_module()
    layer = feature_layer(model, layer_name)
    features = np.asarray(keras.ops.convert_to_numpy(
        keras.Model(model_in(model), layer.output)(x, training=False)))
    head = keras.Model([*model.inputs, layer.output], first(model.outputs))
    ops = keras.ops
    width = predict_width(model)
    with scores_before_squashing(model):
        def score(*tensors: Any) -> Any:
            out = ops.reshape(head(list(tensors), training=False), (-1, width))
            return ops.sum(out[:, class_index])

        _, grads = value_and_gradient(score, [x, features], wrt=1)
    a, g = features[0].astype("float64"), grads[0].astype("float64")
    if plus:
        g2, g3 = g**2, g**3
        alpha = g2 / np.where(np.abs(d := 2 * g2 + a.sum(axis=(0, 1)) * g3) > EPS, d, 1.0)
        weights = (alpha * np.maximum(g, 0)).sum(axis=(0, 1))
    else:
        weights = g.mean(axis=(0, 1))
    cam = np.maximum((a * weights).sum(axis=-1), 0)
    return normalised(resize(cam, x.shape[1:3]))


def resize(image: np.ndarray, size: Sequence[int]) -> np.ndarray:
    """A 2-D map resized bilinearly to ``size`` (height, width)."""
    ops = keras_module().ops
    resized = ops.image.resize(image[None, :, :, None].astype("float32"), tuple(size),
                               interpolation="bilinear", data_format="channels_last")
    return np.asarray(ops.convert_to_numpy(resized))[0, :, :, 0]


def normalised(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


@contextlib.contextmanager
def guided_relus(model: Any) -> Iterator[None]:
    """Within the block every ReLU passes back only positive gradients where its input was
    positive (guided backpropagation)."""
    keras = keras_module()
    ops = keras.ops

    @ops.custom_gradient
    def guided(x: Any) -> Any:
        def grad(*args: Any, upstream: Any = None) -> Any:
            upstream = args[0] if upstream is None else upstream
            return upstream * ops.cast(x > 0, x.dtype) * ops.cast(upstream > 0, x.dtype)

        return ops.relu(x), grad

    patched = []
    for layer in all_layers(model):
        if getattr(layer, "activation", None) is keras.activations.relu:
            patched.append((layer, "activation", layer.activation))
            layer.activation = guided
        elif isinstance(layer, keras.layers.ReLU) and not layer.negative_slope and \
                layer.max_value is None and not layer.threshold:
            patched.append((layer, "call", None))
            layer.call = guided
    try:
        yield
    finally:
        for layer, name, old in patched:
            if old is None:
                del layer.__dict__[name]
            else:
                setattr(layer, name, old)


def all_layers(model: Any) -> Iterator[Any]:
    for layer in model.layers:
        yield layer
        if hasattr(layer, "layers"):
            yield from all_layers(layer)


def guided_backprop(model: Any, x: np.ndarray, class_index: int) -> np.ndarray:
    """The gradient of the class score with guided ReLUs, for one input."""
    with guided_relus(model), scores_before_squashing(model):
        return value_and_gradient(class_score(model, class_index), [x])[1][0]


# -- activations -----------------------------------------------------------------------------


def chosen_layers(model: Any, patterns: Sequence[str] | None) -> list[Any]:
    """The layers whose names match one of ``patterns`` (shell patterns), in model order;
    all but the inputs without patterns."""
    keras = keras_module()
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    if patterns is None:
        return layers
    kept = [layer for layer in layers
            if any(fnmatch.fnmatchcase(layer.name, p) for p in patterns)]
    unknown = [p for p in patterns if not any(fnmatch.fnmatchcase(lay.name, p) for lay in layers)]
    if unknown:
        names = ", ".join(layer.name for layer in layers[:30])
        raise KerasvizError("option", f":layers: nothing matches {', '.join(unknown)} "
                            f"(layers: {names})")
    return kept


def activations(model: Any, x: np.ndarray,
                patterns: Sequence[str] | None) -> list[tuple[str, str, np.ndarray]]:
    """Each chosen layer's name, class and output for one input (batch axis dropped)."""
    keras = keras_module()
    layers = [layer for layer in chosen_layers(model, patterns)
              if not isinstance(layer.output, (list, tuple, dict))]
    extractor = keras.Model(model_in(model), [layer.output for layer in layers])
    outputs = extractor(x, training=False)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    return [(str(layer.name), type(layer).__name__,
             np.asarray(keras.ops.convert_to_numpy(out))[0])
            for layer, out in zip(layers, outputs, strict=True)]


# -- activation maximization -----------------------------------------------------------------


def maximise(objective: Any, start: np.ndarray, *, steps: int, rate: float, jitter: int,
             tv: float, value_range: tuple[float, float],
             rng: np.random.Generator) -> tuple[np.ndarray, list[float]]:
    """Gradient ascent on ``objective`` (a batch of images to a scalar) from ``start``: each
    step rolls the images by up to ``jitter`` pixels, follows the normalised gradient, pulls
    against total variation with relative weight ``tv`` and clips to ``value_range``. Returns
    the images and the objective at each step (on the shifted images) and at the end."""
    x = start.astype("float32")
    history = []
    for _ in range(steps):
        shift = tuple(int(s) for s in rng.integers(-jitter, jitter + 1, size=2))
        value, grad = value_and_gradient(objective, [np.roll(x, shift, axis=(1, 2))])
        history.append(value)
        grad = np.roll(grad, tuple(-s for s in shift), axis=(1, 2))
        step = grad / (np.sqrt(np.mean(grad**2)) + EPS)
        if tv:
            smooth = total_variation_gradient(x)
            step = step - tv * smooth / (np.sqrt(np.mean(smooth**2)) + EPS)
        x = np.clip(x + rate * (value_range[1] - value_range[0]) * step,
                    *value_range).astype("float32")
    history.append(value_and_gradient(objective, [x])[0])
    return x, history


def total_variation_gradient(x: np.ndarray) -> np.ndarray:
    """The gradient of the anisotropic total variation of a batch of images (N, H, W, C)."""
    grad = np.zeros_like(x)
    for axis in (1, 2):
        diff = np.sign(np.diff(x, axis=axis))
        lead = [slice(None)] * 4
        lead[axis] = slice(1, None)
        trail = [slice(None)] * 4
        trail[axis] = slice(None, -1)
        grad[tuple(lead)] += diff
        grad[tuple(trail)] -= diff
    return grad


def activation_max(model: Any, units: Sequence[int], layer_name: str | None, *,
                   steps: int, rate: float, jitter: int, tv: float,
                   value_range: tuple[float, float], seed: int,
                   ) -> tuple[np.ndarray, list[float]]:
    """Inputs that maximise each of ``units``: classes of the output, or filters (channels)
    of ``layer_name``; optimised together as one batch from seeded noise."""
    keras = keras_module()
    ops = keras.ops
    shape = tuple(model.inputs[0].shape[1:])
    if any(d is None for d in shape):
        raise KerasvizError("explain", f"the input shape {shape} is not fixed: give "
                            ":input-shape:")
    if len(shape) != 3:
        raise KerasvizError("explain", f"activation maximization draws images: the input "
                            f"shape {shape} is not (height, width, channels)")
    target = model if layer_name is None else keras.Model(
        model_in(model), feature_layer(model, layer_name).output)
    width = int(target.outputs[0].shape[-1])
    what = "class" if layer_name is None else f"filter of {layer_name!r}"
    for unit in units:
        if not 0 <= unit < width:
            raise KerasvizError("option", f"{what} {unit} is out of range: there are {width}")
    picks = np.zeros((len(units), width), dtype="float32")
    picks[np.arange(len(units)), list(units)] = 1.0

    def objective(images: Any) -> Any:
        out = first(target(images, training=False))
        if layer_name is not None:  # a filter's mean activation over the map
            out = ops.mean(out, axis=(1, 2))
        return ops.sum(ops.reshape(out, (-1, width)) * ops.convert_to_tensor(picks)) / len(units)

    rng = np.random.default_rng(seed)
    lo, hi = value_range
    start = lo + (hi - lo) * np.clip(0.5 + 0.1 * rng.standard_normal((len(units), *shape)), 0, 1)
    with scores_before_squashing(model):
        return maximise(objective, start, steps=steps, rate=rate, jitter=jitter, tv=tv,
                        value_range=value_range, rng=rng)


# -- decision boundaries ---------------------------------------------------------------------


def decision_grid(model: Any, points: np.ndarray, features: tuple[int, int],
                  filler: np.ndarray, resolution: int, margin: float = 0.08,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The grid's x and y values over the two ``features`` of ``points`` (widened by
    ``margin``), the class predicted at each grid point (other features at ``filler``) and the
    number of classes."""
    axes = []
    for feature in features:
        lo, hi = float(points[:, feature].min()), float(points[:, feature].max())
        pad = (hi - lo) * margin or 1.0
        axes.append(np.linspace(lo - pad, hi + pad, resolution))
    gx, gy = np.meshgrid(*axes)
    grid = np.tile(filler.astype("float32"), (gx.size, 1))
    grid[:, features[0]], grid[:, features[1]] = gx.ravel(), gy.ravel()
    out = np.asarray(first(model.predict(grid, batch_size=4096, verbose=0)))
    out = out.reshape(len(grid), -1)
    if out.shape[1] == 1:
        classes, count = (out[:, 0] > threshold(model)).astype(int), 2
    else:
        classes, count = out.argmax(axis=1), out.shape[1]
    return axes[0], axes[1], classes.reshape(gx.shape), count


def threshold(model: Any) -> float:
    """Where a one-unit output changes class: 0.5 after a sigmoid, else 0."""
    keras = keras_module()
    layer = model.layers[-1] if model.layers else None
    return 0.5 if getattr(layer, "activation", None) is keras.activations.sigmoid else 0.0
