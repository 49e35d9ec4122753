"""Follows keras.io guide "Making new layers and models via subclassing" (Linear, MLPBlock)."""

from __future__ import annotations

import keras
import numpy as np
from keras import ops


class Linear(keras.layers.Layer):
    """A layer whose weights are created lazily in build(), once the input shape is known."""

    def __init__(self, units=32):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(
            shape=(input_shape[-1], self.units),
            initializer="random_normal",
            trainable=True,
        )
        self.b = self.add_weight(shape=(self.units,), initializer="random_normal", trainable=True)

    def call(self, inputs):
        return ops.matmul(inputs, self.w) + self.b


class ActivityRegularizationLayer(keras.layers.Layer):
    def __init__(self, rate=1e-2):
        super().__init__()
        self.rate = rate

    def call(self, inputs):
        self.add_loss(self.rate * ops.mean(inputs))
        return inputs


class MLPBlock(keras.Model):
    """The guide's MLPBlock (a Layer there; a Model here so it can be drawn on its own)."""

    def __init__(self):
        super().__init__()
        self.linear_1 = Linear(32)
        self.linear_2 = Linear(16)
        self.regularization = ActivityRegularizationLayer(1e-2)
        self.linear_3 = Linear(1)

    def call(self, inputs):
        x = self.linear_1(inputs)
        x = ops.relu(x)
        x = self.linear_2(x)
        x = ops.relu(x)
        x = self.regularization(x)
        return self.linear_3(x)


def build() -> keras.Model:
    keras.utils.set_random_seed(0)
    mlp = MLPBlock()
    y = mlp(np.ones(shape=(3, 64), dtype="float32"))  # The first call to `mlp` creates the weights
    del y
    return mlp
