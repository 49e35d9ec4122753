"""Subclassed models and custom layers written the ways people write them.

Each ``build_*`` factory returns an unbuilt model and ``INPUT_SHAPES`` gives its input shape:
the reader must trace it so every leaf layer is in the description, connected.
"""

from __future__ import annotations

import keras
from keras import layers


class AttentionBlock(layers.Layer):
    """A custom layer that owns layers: self-attention, a residual and a feed-forward part."""

    def __init__(self, width: int, **kwargs):
        super().__init__(**kwargs)
        self.attention = layers.MultiHeadAttention(num_heads=2, key_dim=width // 2, name="mha")
        self.norm = layers.LayerNormalization(name="norm")
        self.feed = layers.Dense(width, activation="relu", name="feed")

    def call(self, x):
        x = self.norm(x + self.attention(x, x))
        return self.feed(x)


class Encoder(keras.Model):
    """A list of blocks in a loop, a dict of heads, keyword arguments in call()."""

    def __init__(self, blocks: int = 3, **kwargs):
        super().__init__(**kwargs)
        self.embed = layers.Dense(16, name="embed")
        self.blocks = [AttentionBlock(16, name=f"block{i}") for i in range(blocks)]
        self.heads = {"score": layers.Dense(1, name="score"),
                      "label": layers.Dense(3, activation="softmax", name="label")}
        self.pool = layers.GlobalAveragePooling1D(name="pool")

    def call(self, x, training=False):
        x = self.embed(x)
        for block in self.blocks:
            x = block(x, training=training)
        x = self.pool(x)
        return {name: head(x) for name, head in self.heads.items()}


class TwoTower(keras.Model):
    """Two inputs, one shared tower called twice, a merge: nested subclassed models inside."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.tower = keras.Sequential([layers.Dense(8, activation="relu", name="t1"),
                                       layers.Dense(4, name="t2")], name="tower")
        self.mixer = Mixer(name="mixer")
        self.out = layers.Dense(1, activation="sigmoid", name="out")

    def call(self, inputs):
        left, right = inputs
        return self.out(self.mixer([self.tower(left), self.tower(right)]))


class Mixer(keras.Model):
    """A subclassed model used as a layer of another one."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.concat = layers.Concatenate(name="concat")
        self.hidden = layers.Dense(6, name="mix_hidden")

    def call(self, pair):
        return self.hidden(self.concat(pair))


class Residual(keras.Model):
    """Python control flow on static facts (shapes, flags) is fine to trace."""

    def __init__(self, depth: int = 4, **kwargs):
        super().__init__(**kwargs)
        self.convs = [layers.Conv2D(8, 3, padding="same", name=f"conv{i}") for i in range(depth)]
        self.stem = layers.Conv2D(8, 1, name="stem")
        self.bn = layers.BatchNormalization(name="bn")
        self.flatten = layers.Flatten(name="flatten")
        self.classify = layers.Dense(10, name="classify")

    def call(self, x):
        x = self.stem(x)
        for index, conv in enumerate(self.convs):
            y = keras.ops.relu(conv(x))
            x = x + y if index % 2 else y
        return self.classify(self.flatten(self.bn(x)))


def build_encoder() -> keras.Model:
    return Encoder(name="encoder")


def build_two_tower() -> keras.Model:
    return TwoTower(name="two_tower")


def build_residual() -> keras.Model:
    return Residual(name="residual")


def functional_with_custom_block() -> keras.Model:
    """A functional model using the custom attention block and a nested subclassed model."""
    inputs = keras.Input((6, 16), name="tokens")
    x = AttentionBlock(16, name="attention_block")(inputs)
    x = layers.GlobalAveragePooling1D(name="gap")(x)
    return keras.Model(inputs, Mixer(name="mixer")([x, x]), name="with_block")


INPUT_SHAPES = {
    "build_encoder": (6, 5),
    "build_two_tower": [(5,), (5,)],
    "build_residual": (8, 8, 3),
}
