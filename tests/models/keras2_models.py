"""Keras 2 models, built with the ``tf_keras`` package."""

from __future__ import annotations

import tf_keras
from tf_keras import layers


def residual_cnn() -> tf_keras.Model:
    """Functional: a skip connection, batch norm (frozen weights), a Lambda."""
    inputs = tf_keras.Input((28, 28, 1), name="image")
    x = layers.Conv2D(8, 3, activation="relu", name="conv_a")(inputs)
    y = layers.Conv2D(8, 3, padding="same", name="conv_b")(x)
    x = layers.Add(name="skip")([x, y])
    x = layers.BatchNormalization(name="bn")(x)
    x = layers.Lambda(lambda t: t * 2.0, name="double")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    return tf_keras.Model(inputs, layers.Dense(10, activation="softmax", name="probs")(x),
                          name="keras2_cnn")


def sequential() -> tf_keras.Model:
    return tf_keras.Sequential(
        [tf_keras.Input((12,)), layers.Dense(8, activation="relu", name="hidden"),
         layers.Dropout(0.2, name="drop"), layers.Dense(3, name="out")],
        name="keras2_sequential",
    )


def nested_shared() -> tf_keras.Model:
    """A nested model called twice on two inputs."""
    inner_in = tf_keras.Input((6,))
    tower = tf_keras.Model(inner_in, layers.Dense(4, name="tower_dense")(inner_in), name="tower")
    left, right = tf_keras.Input((6,), name="left"), tf_keras.Input((6,), name="right")
    merged = layers.Concatenate(name="merge")([tower(left), tower(right)])
    return tf_keras.Model([left, right], layers.Dense(1, name="score")(merged), name="siamese")


def mobilenet() -> tf_keras.Model:
    return tf_keras.applications.MobileNetV2(weights=None, input_shape=(96, 96, 3))
