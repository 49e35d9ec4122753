"""Reading a model's current weights as plain data (imports Keras; runs like ``read_model``).

A model a factory builds has random initial weights: the reader calls
``keras.utils.set_random_seed(SEED)`` just before building it, so every read gives the same
weights (and the same pictures). A model file keeps the weights saved in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sphinx_kerasviz.keras_reader import fresh_session, import_keras, load_target
from sphinx_kerasviz.target import Target
from sphinx_kerasviz.weight_data import (
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


def read_weights(
    target: Target,
    *,
    doc_dir: Path | str = ".",
    source_dir: Path | str = ".",
    input_shape: Any = None,
    confine: bool = False,
    custom_objects: Mapping[str, str] | None = None,
    bins: int = DEFAULT_BINS,
) -> WeightsResult:
    """Build (seeded) or load ``target`` and summarise every weight; see ``read_model``."""
    keras = import_keras()
    model, dependencies = load_target(
        keras, target, doc_dir=doc_dir, source_dir=source_dir, input_shape=input_shape,
        confine=confine, custom_objects=custom_objects, seed=SEED,
    )
    trainable = {id(v) for v in model.trainable_weights}
    pairs = model_weights(model.weights, trainable)
    result = WeightsResult(
        model=str(model.name),
        weights=tuple(info for info, _ in pairs),
        distributions=tuple(distribution(np.asarray(v), bins) for _, v in pairs),
        dependencies=dependencies,
    )
    del model, pairs
    fresh_session(keras)
    return result
