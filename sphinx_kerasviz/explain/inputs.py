"""Reading ``:input:`` (what the model looks at) and ``:data:`` (points for a decision
boundary): a dotted path to an array or a function returning one, or a file (``.npy``,
``.npz``, ``.csv``, or an image)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from sphinx_kerasviz.errors import KerasvizError, reason
from sphinx_kerasviz.explain.data import Source
from sphinx_kerasviz.files import IMAGES


def python_object(dotted: str) -> Any:
    """The object a dotted path names, called when it is a function (with no arguments)."""
    from sphinx_kerasviz.model.reader import resolve

    obj, _module = resolve(dotted)
    if not callable(obj):
        return obj
    try:
        return obj()
    except Exception as exc:
        raise KerasvizError("input", f"{dotted}() raised {reason(exc)}") from None


def read_array(source: Source, image_shape: tuple[int, ...] | None = None) -> Any:
    """The array (or, from ``.npz`` and Python, whatever object) the source holds; an image
    is read at ``image_shape`` (height, width, channels) with values in [0, 1]."""
    if source.dotted:
        return python_object(source.dotted)
    path = Path(source.path or source.text)
    suffix = path.suffix.lower()
    try:
        if suffix in IMAGES:
            return read_image(path, image_shape)
        if suffix == ".npy":
            return np.load(path, allow_pickle=False)
        if suffix == ".npz":
            with np.load(path, allow_pickle=False) as archive:
                return {name: archive[name] for name in archive.files}
        if suffix == ".csv":
            return read_csv(path)
    except KerasvizError:
        raise
    except Exception as exc:
        raise KerasvizError("input", f"cannot read {path.name}: {reason(exc)}") from None
    raise KerasvizError("input", f"cannot read {path.name}: use .npy, .npz, .csv or an image")


def read_csv(path: Path) -> dict[str, Any]:
    """Numbers separated by commas (``X``, the last column also as ``y``); a first line that
    is not numbers is a header, whose names go in ``names``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",") if lines else []
    try:
        [float(cell) for cell in header]
        names: list[str] = []
    except ValueError:
        names = [cell.strip() for cell in header]
    table = np.loadtxt(path, delimiter=",", skiprows=1 if names else 0, ndmin=2)
    return {"X": table, "table": True, "names": tuple(names)}


def read_image(path: Path, shape: tuple[int, ...] | None) -> np.ndarray:
    import keras

    if shape is None or len(shape) != 3 or shape[2] not in (1, 3, 4):
        raise KerasvizError("input", f"{path.name} is an image, but the model's input "
                            f"{shape} is not (height, width, 1, 3 or 4 channels)")
    mode = {1: "grayscale", 3: "rgb", 4: "rgba"}[shape[2]]
    image = keras.utils.load_img(path, color_mode=mode, target_size=shape[:2])
    return keras.utils.img_to_array(image, data_format="channels_last") / 255.0


def model_input(value: Any, shape: tuple[int | None, ...], sample: int) -> np.ndarray:
    """``value`` as one float32 input of ``shape`` with a batch axis: a single input, or
    ``sample`` from a batch; a missing trailing channel of 1 is added."""
    if isinstance(value, dict):
        value = next(iter(value.values()), None)
    try:
        array = np.asarray(value, dtype="float32")
    except (TypeError, ValueError) as exc:
        raise KerasvizError("input", f"the input is not an array of numbers ({exc})") from None
    if fits(array.shape, shape):
        return array[None]
    if shape and shape[-1] == 1 and fits((*array.shape, 1), shape):
        return array[None, ..., None]
    batch = array if fits(array.shape[1:], shape) else (
        array[..., None] if shape and shape[-1] == 1 and fits((*array.shape[1:], 1), shape)
        else None)
    if batch is None:
        raise KerasvizError("input", f"the input has shape {array.shape}; the model takes "
                            f"{tuple(shape)} (or a batch of them)")
    if not -len(batch) <= sample < len(batch):
        raise KerasvizError("option", f":sample: {sample} is out of range: the input holds "
                            f"{len(batch)}")
    return batch[sample][None]


def fits(actual: tuple[int, ...], wanted: tuple[int | None, ...]) -> bool:
    return len(actual) == len(wanted) and all(w is None or a == w
                                              for a, w in zip(actual, wanted, strict=True))


def points_and_labels(value: Any) -> tuple[np.ndarray, np.ndarray | None, tuple[str, ...]]:
    """``(X, y, feature names)`` from a pair, a dict with ``X``/``x`` and ``y``, a
    scikit-learn ``Bunch``, or a table whose last column holds the labels (a ``.csv``, whose
    header names the features); labels may be absent (``X`` alone)."""
    names: tuple[str, ...] = ()
    if isinstance(value, dict) and value.get("table"):
        names = tuple(value["names"][:-1])
        value = np.asarray(value["X"])
        value = (value[:, :-1], value[:, -1]) if value.ndim == 2 and value.shape[1] > 2 \
            else value
    elif isinstance(value, dict):
        xs = next((value[k] for k in ("X", "x", "data", "points") if k in value), None)
        ys = next((value[k] for k in ("y", "labels", "target") if k in value), None)
        if xs is None:
            raise KerasvizError("input", "the data has no array named X, x, data or points "
                                f"(it has {', '.join(value) or 'none'})")
        value = (xs, ys)
    elif hasattr(value, "data") and hasattr(value, "target"):  # a scikit-learn Bunch
        names = tuple(getattr(value, "feature_names", ()))
        value = (value.data, value.target)
    if not (isinstance(value, tuple) and len(value) == 2):
        raise KerasvizError("input", "expected points and labels: (X, y), a dict of them, or "
                            "a table whose last column is the label")
    xs = np.asarray(value[0], dtype="float64")
    if xs.ndim != 2 or xs.shape[1] < 2:
        raise KerasvizError("input", f"the points have shape {xs.shape}; expected rows of at "
                            "least two features")
    labels = None if value[1] is None else np.asarray(value[1]).reshape(-1)
    if labels is not None and len(labels) != len(xs):
        raise KerasvizError("input", f"{len(xs)} points but {len(labels)} labels")
    if labels is not None and not np.issubdtype(labels.dtype, np.number):
        raise KerasvizError("input", "the labels must be class indices (0, 1, ...)")
    return xs, labels, tuple(str(n) for n in names) if len(names) == xs.shape[1] else ()
