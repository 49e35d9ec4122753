"""The seed's model: three Dense layers of 12, 8 and 1 units after 8 inputs."""

import keras
from keras import layers


def build() -> keras.Model:
    return keras.Sequential([
        keras.Input((8,), name="features"),
        layers.Dense(12, activation="relu", name="hidden1"),
        layers.Dense(8, activation="relu", name="hidden2"),
        layers.Dense(1, activation="sigmoid", name="output"),
    ], name="seed")
