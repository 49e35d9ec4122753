"""Follows keras.io guide "Customizing what happens in fit() with TensorFlow" (CustomModel)."""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf
from keras import layers


class CustomModel(keras.Model):
    """The guide's CustomModel: train_step computes the loss via ``self.compute_loss``."""

    def train_step(self, data):
        # Unpack the data. Its structure depends on your model and on what you pass to `fit()`.
        x, y = data

        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)  # Forward pass
            # Compute the loss value (the loss function is configured in `compile()`)
            loss = self.compute_loss(y=y, y_pred=y_pred)

        # Compute gradients
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)

        # Update weights
        self.optimizer.apply(gradients, trainable_vars)

        # Update metrics (includes the metric that tracks the loss)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)

        # Return a dict mapping metric names to current value
        return {m.name: m.result() for m in self.metrics}


class CustomMLP(keras.Model):
    """The same training step on a subclassed model with its own layers and ``call()``.

    Not a subclass of ``CustomModel``: ``CustomModel(inputs, outputs)`` makes Keras rebase that
    class on ``Functional`` for good, and every subclass with it.
    """

    train_step = CustomModel.train_step

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(16, activation="relu")
        self.dropout = layers.Dropout(0.2)
        self.out = layers.Dense(1)

    def call(self, inputs, training=False):
        x = self.hidden(inputs)
        x = self.dropout(x, training=training)
        return self.out(x)


def build() -> keras.Model:
    """The subclassed model with ``call()``, built by ``fit``."""
    keras.utils.set_random_seed(0)
    model = CustomMLP()
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    # Just use `fit` as usual
    x = np.random.random((16, 32))
    y = np.random.random((16, 1))
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    return model


def build_functional() -> keras.Model:
    """The guide's own way: ``CustomModel(inputs, outputs)``, a functional subclass; fitted."""
    keras.utils.set_random_seed(0)
    # Construct and compile an instance of CustomModel
    inputs = keras.Input(shape=(32,))
    outputs = keras.layers.Dense(1)(inputs)
    model = CustomModel(inputs, outputs)
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    x = np.random.random((16, 32))
    y = np.random.random((16, 1))
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    return model
