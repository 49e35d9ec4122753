"""Follows keras.io guide "8-bit Integer Quantization in Keras": fit, then quantize("int8")."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers


def build(mode: str = "int8") -> keras.Model:
    """Fitted, then quantized in place (``int8`` as the guide does; ``int4`` also runs on CPU)."""
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)

    # A small functional model: token ids through an Embedding, and a dense head
    inputs = keras.Input(shape=(8,), dtype="int32", name="tokens")
    x = layers.Embedding(50, 8, name="embedding")(inputs)
    x = layers.GlobalAveragePooling1D(name="pool")(x)
    x = layers.Dense(32, activation="relu", name="hidden")(x)
    outputs = layers.Dense(1, name="target")(x)
    model = keras.Model(inputs, outputs)

    # Compile and train briefly to materialize meaningful weights.
    model.compile(optimizer="adam", loss="mse")
    x_train = rng.integers(0, 50, size=(32, 8)).astype("int32")
    y_train = rng.random((32, 1)).astype("float32")
    model.fit(x_train, y_train, epochs=1, batch_size=16, verbose=0)

    # Quantize the model in-place to INT8.
    model.quantize(mode)
    return model


def build_int4() -> keras.Model:
    """The same model quantized to int4 (packed two to a byte)."""
    return build("int4")


def build_float8() -> keras.Model:
    """The same model with float8 training (Dense layers only; Embedding stays float32)."""
    return build("float8")
