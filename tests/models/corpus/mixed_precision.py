"""Follows keras.io guide "Mixed precision": layers made under "mixed_float16", float32 output."""

from __future__ import annotations

import keras
from keras import layers


def build() -> keras.Model:
    keras.utils.set_random_seed(0)
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        inputs = keras.Input(shape=(32, 32, 3), name="images")
        x = layers.Conv2D(8, 3, activation="relu", name="conv_1")(inputs)
        x = layers.MaxPooling2D(name="pool_1")(x)
        x = layers.Conv2D(16, 3, activation="relu", name="conv_2")(x)
        x = layers.GlobalAveragePooling2D(name="gap")(x)
        x = layers.Dense(10, name="dense_logits")(x)
        # The softmax stays in float32 for numeric stability
        outputs = layers.Activation("softmax", dtype="float32", name="predictions")(x)
        model = keras.Model(inputs=inputs, outputs=outputs)
        model.compile(
            loss="sparse_categorical_crossentropy",
            optimizer=keras.optimizers.RMSprop(),
            metrics=["accuracy"],
        )
    finally:
        keras.mixed_precision.set_global_policy("float32")
    return model
