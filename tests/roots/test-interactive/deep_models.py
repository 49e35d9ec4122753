"""A model for this test root: nested models two levels deep, with repeated blocks inside."""

import keras
from keras import layers


def stacked() -> keras.Model:
    """``backbone`` (nested) holds three identical residual blocks and the nested ``inner``."""
    inner_in = keras.Input((8,), name="inner_in")
    inner = keras.Model(inner_in, layers.Dense(8, name="inner_dense")(inner_in), name="inner")
    features = keras.Input((8,), name="features")
    x = features
    for number in range(1, 4):
        y = layers.Dense(8, name=f"blk{number}_dense")(x)
        y = layers.Dense(8, name=f"blk{number}_mix")(y)
        x = layers.Add(name=f"blk{number}_add")([x, y])
    backbone = keras.Model(features, inner(x), name="backbone")
    inputs = keras.Input((8,), name="x")
    return keras.Model(inputs, layers.Dense(2, name="out")(backbone(inputs)), name="stacked")


def long_chain(depth: int = 16) -> keras.Model:
    """Named Dense layers in a row: drawn left to right, far wider than any page."""
    inputs = keras.Input((8,), name="start")
    x = inputs
    for number in range(1, depth + 1):
        x = layers.Dense(8, name=f"step{number}")(x)
    return keras.Model(inputs, x, name="long_chain")
