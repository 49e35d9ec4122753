"""Synthetic models of 5,000 layers: the size limits of the diagram (``test_big.py``)."""

from __future__ import annotations

import sys

import keras
from keras import layers


def flat(count: int = 5000) -> keras.Model:
    """``count`` layers in one graph: Dense layers with residual Adds."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20 * count))  # Keras walks it recursively
    inputs = keras.Input((4,), name="x")
    x = inputs
    for index in range(count // 2):
        x = layers.Add(name=f"add{index}")([x, layers.Dense(4, name=f"dense{index}")(x)])
    return keras.Model(inputs, x, name="flat")


def blocks(count: int = 50, size: int = 100) -> keras.Model:
    """``count`` nested models of ``size`` layers each."""
    inputs = keras.Input((4,), name="x")
    x = inputs
    for index in range(count):
        block_in = keras.Input((4,), name=f"block{index}_in")
        y = block_in
        for step in range(size - 1):
            y = layers.Dense(4, name=f"b{index}_dense{step}")(y)
        x = keras.Model(block_in, y, name=f"block{index}")(x)
    return keras.Model(inputs, x, name="blocks")
