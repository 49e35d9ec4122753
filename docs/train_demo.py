"""Train the tiny digits classifier whose logs the documentation shows (outside the docs build).

Run ``python docs/train_demo.py`` (CPU, seeded, well under a minute); it rewrites
``docs/_static/training/``: ``history.csv`` (``keras.callbacks.CSVLogger``), ``history.json``
(``History.history``), ``tensorboard/`` (``keras.callbacks.TensorBoard``: ``train/`` with the
weight histograms of every epoch, and ``validation/``) and ``weight_history.json``
(:class:`sphinx_kerasviz.WeightHistory`). The data is scikit-learn's digits, which ships with
the package. The training set is kept small so the model overfits after a while: the
validation loss has a clear best epoch, which is what ``:mark-best:`` shows.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")  # the TensorBoard callback needs it
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
from sklearn.datasets import load_digits

from sphinx_kerasviz.weights.callbacks import WeightHistory

OUT = Path(__file__).resolve().parent / "_static" / "training"
SEED = 8
EPOCHS = 30


def data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """400 training and 400 validation images (8x8, scaled to 0..1), shuffled with the seed."""
    digits = load_digits()
    order = np.random.default_rng(SEED).permutation(len(digits.target))
    x = (digits.data[order] / 16.0).astype("float32")
    y = digits.target[order].astype("int32")
    return x[:400], y[:400], x[400:800], y[400:800]


def build_model() -> keras.Model:
    """A small MLP: 64 pixels -> 64 ReLU units -> 10 classes."""
    inputs = keras.Input((64,), name="pixels")
    hidden = keras.layers.Dense(64, activation="relu", name="hidden")(inputs)
    outputs = keras.layers.Dense(10, activation="softmax", name="digit")(hidden)
    model = keras.Model(inputs, outputs, name="digits_mlp")
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def callbacks(out: Path) -> list[keras.callbacks.Callback]:
    """Every callback that writes an artifact into ``out``."""
    return [
        keras.callbacks.CSVLogger(str(out / "history.csv")),
        keras.callbacks.TensorBoard(log_dir=str(out / "tensorboard"), write_graph=False,
                                    histogram_freq=1),
        # --- keras-weights: the weights callback goes here -------------------------------
        WeightHistory(out / "weight_history.json"),
    ]


def main(out: Path = OUT, epochs: int = EPOCHS) -> keras.callbacks.History:
    """Train and write the artifacts into ``out`` (emptied first, so reruns give no extra files)."""
    keras.utils.set_random_seed(SEED)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    x_train, y_train, x_val, y_val = data()
    history = build_model().fit(x_train, y_train, validation_data=(x_val, y_val),
                                epochs=epochs, batch_size=32, callbacks=callbacks(out),
                                verbose=0, shuffle=True)
    values = {name: [float(v) for v in series] for name, series in history.history.items()}
    (out / "history.json").write_text(json.dumps(values, indent=1) + "\n")
    return history


if __name__ == "__main__":
    main()
    for path in sorted(OUT.rglob("*")):
        if path.is_file():
            print(f"{path.stat().st_size:>7}  {path.relative_to(OUT)}")
