"""Models whose explanations are known, and inputs for them (``:input:`` dotted paths)."""

from __future__ import annotations

import keras
import numpy as np

#: The linear model's weights: its saliency map is their absolute value.
LINEAR_W = (np.arange(16, dtype="float32").reshape(4, 4, 1) - 7.5) / 10
#: The known linear classifier: class 1 where 1.5 x - 2 y + 0.5 > 0.
PLANE_W, PLANE_B = np.array([1.5, -2.0], dtype="float32"), 0.5
QUADRANT = (slice(0, 4), slice(4, 8))  # rows, columns: the top-right quarter of 8x8


def linear() -> keras.Model:
    """One output, a weighted sum of the 4x4 image's pixels."""
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(),
                              keras.layers.Dense(1, name="score")], name="linear")
    model.get_layer("score").set_weights([LINEAR_W.reshape(16, 1), np.zeros(1, "float32")])
    return model


def quadrant() -> keras.Model:
    """Sees only the top-right quarter of an 8x8 image (the rest is cropped and zero-padded
    back); convolutions, a global average and three classes."""
    inputs = keras.Input((8, 8, 1), name="image")
    x = keras.layers.Cropping2D(((0, 4), (4, 0)), name="crop")(inputs)
    x = keras.layers.ZeroPadding2D(((0, 4), (4, 0)), name="pad")(x)
    x = keras.layers.Conv2D(6, 3, padding="same", activation="relu", use_bias=False,
                            name="conv1")(x)
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu", use_bias=False,
                            name="conv2")(x)
    x = keras.layers.GlobalAveragePooling2D(name="average")(x)
    outputs = keras.layers.Dense(3, activation="softmax", name="classes")(x)
    return keras.Model(inputs, outputs, name="quadrant")


def plane() -> keras.Model:
    """A binary classifier of two features whose boundary is the line 1.5 x - 2 y + 0.5 = 0."""
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(
        1, activation="sigmoid", name="decide")], name="plane")
    model.get_layer("decide").set_weights([PLANE_W.reshape(2, 1), np.array([PLANE_B])])
    return model


def three_classes() -> keras.Model:
    """Three classes over four features (two of them held fixed in the picture)."""
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(3, activation="softmax")], name="three")


def dense_relu() -> keras.Model:
    """Six features, a ReLU layer, two outputs: guided backpropagation by hand is easy."""
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(5, activation="relu",
                                                                   name="hidden"),
                             keras.layers.Dense(2, name="out")], name="dense_relu")


def image() -> np.ndarray:
    """A batch of three 8x8 one-channel images in [0, 1]."""
    return np.random.default_rng(1).uniform(0.2, 1.0, (3, 8, 8, 1)).astype("float32")


def small_image() -> np.ndarray:
    return np.random.default_rng(2).uniform(0, 1, (4, 4)).astype("float32")


def points() -> tuple[np.ndarray, np.ndarray]:
    """Points on both sides of :func:`plane`'s line, labelled by it."""
    xy = np.random.default_rng(3).uniform(-2, 2, (60, 2))
    return xy, (xy @ PLANE_W + PLANE_B > 0).astype(int)


def four_features() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(4)
    return {"X": rng.normal(size=(40, 4)), "y": rng.integers(0, 3, 40)}


def not_an_array() -> str:
    return "pixels"
