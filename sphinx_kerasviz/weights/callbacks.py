"""Keras callbacks shipped with sphinx-kerasviz (importing this module imports Keras).

:class:`WeightHistory` records the distribution of every weight at the start of training
(epoch 0) and after each epoch, into one JSON file (format: :mod:`sphinx_kerasviz.weights.file`)
that ``.. keras-weights::`` reads with ``:over-time:``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keras
import numpy as np

from sphinx_kerasviz.weights import file as weight_file
from sphinx_kerasviz.weights.data import (
    DEFAULT_BINS,
    Distribution,
    WeightInfo,
    distribution,
    model_weights,
)


class WeightHistory(keras.callbacks.Callback):
    """Write histograms and statistics of every weight, keyed by its full path, per epoch.

    ``path`` is the JSON file to write, or a directory (the file is then
    ``weight_history.json`` in it). The file is rewritten in one step at the start of training
    and after every epoch, so it is always complete. ``bins`` is the number of histogram bins.
    """

    def __init__(self, path: str | Path, bins: int = DEFAULT_BINS) -> None:
        super().__init__()
        if int(bins) < 1:
            raise ValueError(f"bins must be a positive integer, got {bins!r}")
        self.path = Path(path)
        self.bins = int(bins)
        self.epochs: list[tuple[int, dict[str, Distribution]]] = []

    @property
    def file(self) -> Path:
        return self.path / weight_file.FILE_NAME if self.path.is_dir() else self.path

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        if not self.epochs:  # a second fit() continues the same run
            self._record(0)

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._record(epoch + 1)

    def _record(self, epoch: int) -> None:
        weights = self._weights()
        values = {info.path: distribution(np.asarray(variable), self.bins)
                  for info, variable in weights}
        self.epochs = [(e, v) for e, v in self.epochs if e != epoch]
        self.epochs.append((epoch, values))
        text = weight_file.dumps(self.model.name, self.bins, [info for info, _ in weights],
                                 self.epochs)
        weight_file.write(self.file, text)

    def _weights(self) -> list[tuple[WeightInfo, Any]]:
        trainable = {id(v) for v in self.model.trainable_weights}
        return model_weights(self.model.weights, trainable)

