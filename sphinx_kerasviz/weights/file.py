"""The weight history file :class:`~sphinx_kerasviz.weights.callbacks.WeightHistory` writes: JSON.

Format version 1 (UTF-8 JSON, one line per weight and epoch, so diffs stay readable)::

    {"format": "sphinx-kerasviz/weight-history", "version": 1,
     "model": "classifier", "bins": 30,
     "percentiles": [0.0, 6.68, 15.87, 30.85, 50.0, 69.15, 84.13, 93.32, 100.0],
     "weights": [
      {"path": "dense/kernel", "shape": [64, 32], "dtype": "float32", "trainable": true},
      ...],
     "epochs": [
      {"epoch": 0, "weights": {
       "dense/kernel": {"range": [lo, hi], "counts": [...30 ints...], "min": ..., "max": ...,
                        "mean": ..., "std": ..., "percentiles": [...9 floats...],
                        "nonfinite": 0},
       ...}},
      ...]}

``weights`` lists every weight of the model by its full Keras 3 path (so two layers' ``kernel``
never collide), in ``model.weights`` order. Epoch 0 is the model before training; epoch ``n``
the model after the ``n``-th epoch. Each histogram has ``bins`` equal-width bins from ``range[0]``
to ``range[1]`` (see :mod:`sphinx_kerasviz.weights.data`); ``std`` is the population standard
deviation; ``nonfinite`` counts NaN and infinite values, which are left out of the rest
(``sum(counts) + nonfinite`` is the weight's size); ``percentiles`` are taken at the top-level
``percentiles`` (TensorBoard's distribution basis points). Reading needs no Keras.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx_kerasviz.errors import KerasvizError, first_line
from sphinx_kerasviz.files import publish, temp_beside
from sphinx_kerasviz.weights.data import PERCENTILES, Distribution, WeightInfo

FORMAT = "sphinx-kerasviz/weight-history"
VERSION = 1
#: The file name the callback uses (and the reader looks for) in a directory.
FILE_NAME = "weight_history.json"


@dataclass(frozen=True)
class WeightHistoryData:
    """A read weight history: ``series[i][j]`` is weight ``weights[i]`` at ``epochs[j]``."""

    model: str
    bins: int
    weights: tuple[WeightInfo, ...]
    epochs: tuple[int, ...]
    series: tuple[tuple[Distribution, ...], ...]


def dumps(model: str, bins: int, weights: list[WeightInfo],
          epochs: list[tuple[int, dict[str, Distribution]]]) -> str:
    """The file's text (see the module's docstring)."""
    head = {"format": FORMAT, "version": VERSION, "model": model, "bins": bins,
            "percentiles": list(PERCENTILES)}
    lines = [json.dumps(head)[:-1] + ',\n "weights": [']
    lines.append(",\n".join("  " + json.dumps(_info(w)) for w in weights) + "],")
    lines.append(' "epochs": [')
    blocks = []
    for epoch, values in epochs:
        rows = ",\n".join(f"   {json.dumps(path)}: {json.dumps(_distribution(d))}"
                          for path, d in values.items())
        blocks.append(f'  {{"epoch": {epoch}, "weights": {{\n{rows}}}}}')
    lines.append(",\n".join(blocks) + "]}")
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> None:
    """Replace ``path`` in one step: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with temp_beside(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
        publish(tmp, path)


def _info(weight: WeightInfo) -> dict[str, Any]:
    return {"path": weight.path, "shape": list(weight.shape), "dtype": weight.dtype,
            "trainable": weight.trainable}


def _distribution(d: Distribution) -> dict[str, Any]:
    return {"range": [d.lo, d.hi], "counts": list(d.counts), "min": d.min, "max": d.max,
            "mean": d.mean, "std": d.std, "percentiles": list(d.percentiles),
            "nonfinite": d.nonfinite}


def history_file(name: str | Path) -> Path:
    """The file a ``:over-time:`` path names: the file itself, or the history in a directory."""
    path = Path(name)
    return path / FILE_NAME if path.is_dir() else path


def read(path: Path) -> WeightHistoryData:
    """Read and check a weight history file; ``KerasvizError('weights')`` when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KerasvizError("weights", f"weight history not found: {path.name}") from None
    except (OSError, ValueError) as exc:
        raise KerasvizError("weights", f"cannot read weight history {path.name}: "
                            f"{first_line(exc)}") from None
    try:
        return _parse(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KerasvizError("weights", f"{path.name} is not a valid weight history "
                            f"({type(exc).__name__}: {first_line(exc)})") from None


def _parse(data: Any) -> WeightHistoryData:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"no \"format\": {FORMAT!r}")
    if data["version"] != VERSION:
        raise ValueError(f"version {data['version']!r}, expected {VERSION}")
    if tuple(data["percentiles"]) != PERCENTILES:
        raise ValueError("unexpected percentiles")
    bins = int(data["bins"])
    weights = tuple(WeightInfo(str(w["path"]), tuple(int(d) for d in w["shape"]),
                               str(w["dtype"]), bool(w["trainable"])) for w in data["weights"])
    epochs = tuple(int(e["epoch"]) for e in data["epochs"])
    if not weights or not epochs:
        raise ValueError("no weights or no epochs recorded")
    series = tuple(
        tuple(_read_distribution(e["weights"][w.path], bins, w) for e in data["epochs"])
        for w in weights
    )
    return WeightHistoryData(str(data["model"]), bins, weights, epochs, series)


def _read_distribution(item: dict[str, Any], bins: int, weight: WeightInfo) -> Distribution:
    lo, hi = (float(x) for x in item["range"])
    counts = tuple(int(c) for c in item["counts"])
    nonfinite = int(item.get("nonfinite", 0))
    if len(counts) != bins or sum(counts) + nonfinite != weight.size:
        raise ValueError(f"histogram of {weight.path} does not match its shape")
    percentiles = tuple(float(p) for p in item["percentiles"])
    if len(percentiles) != len(PERCENTILES):
        raise ValueError(f"percentiles of {weight.path} do not match")
    return Distribution(lo, hi, counts, float(item["min"]), float(item["max"]),
                        float(item["mean"]), float(item["std"]), percentiles, nonfinite)
