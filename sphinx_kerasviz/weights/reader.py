"""Reading a model's current weights as plain data (imports Keras; runs like ``read_model``).

A model a factory builds has random initial weights: the reader calls
``keras.utils.set_random_seed(SEED)`` just before building it, so every read gives the same
weights (and the same pictures). A model file keeps the weights saved in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sphinx_kerasviz.model.reader import read_with
from sphinx_kerasviz.model.target import Target
from sphinx_kerasviz.weights.data import (
    DEFAULT_BINS,
    Distribution,
    WeightInfo,
    distribution,
    model_weights,
)

SEED = 0
#: Changes whenever the result's fields change, so the disk cache drops older entries.
FORMAT = 1


@dataclass(frozen=True)
class WeightsResult:
    """The weights of a model (``model`` is its name), with the files it was read from."""

    model: str
    weights: tuple[WeightInfo, ...]
    distributions: tuple[Distribution, ...]
    dependencies: tuple[str, ...]


def read_weights(target: Target, *, bins: int = DEFAULT_BINS, **reading: Any) -> WeightsResult:
    """Build (seeded) or load ``target`` and summarise every weight; ``reading`` as
    ``read_model`` takes it (``doc_dir``, ``source_dir``, ``input_shape``, ``confine``,
    ``custom_objects``)."""
    (name, pairs), dependencies = read_with(target, lambda model: (str(model.name), model_weights(
        model.weights, {id(v) for v in model.trainable_weights})), seed=SEED, **reading)
    return WeightsResult(
        model=name,
        weights=tuple(info for info, _ in pairs),
        distributions=tuple(distribution(np.asarray(v), bins) for _, v in pairs),
        dependencies=dependencies,
    )
