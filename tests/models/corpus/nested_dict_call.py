"""Follows keras.io "Structured data classification with Wide, Deep, and Cross networks"."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers, ops


class WideAndDeep(keras.Model):
    """The example's wide and deep parts as a subclass whose call() takes a dict of features."""

    def __init__(self, vocabulary_size, embedding_dims, hidden_units, dropout_rate, **kwargs):
        super().__init__(**kwargs)
        self.category_embedding = layers.Embedding(vocabulary_size, embedding_dims)
        self.wide = layers.Dense(1, name="wide")
        self.concat = layers.Concatenate()
        self.deep = [
            (layers.Dense(units), layers.BatchNormalization(), layers.Dropout(dropout_rate))
            for units in hidden_units
        ]
        self.merge = layers.Concatenate(name="merge")
        self.head = layers.Dense(1, activation="sigmoid", name="head")

    def call(self, inputs, training=False):
        wide = self.wide(inputs["wide_features"])
        embedded = self.category_embedding(inputs["category"])
        deep = self.concat([inputs["numeric"], ops.mean(embedded, axis=1)])
        for dense, norm, dropout in self.deep:
            deep = dense(deep)
            deep = norm(deep, training=training)
            deep = keras.activations.relu(deep)
            deep = dropout(deep, training=training)
        return self.head(self.merge([wide, deep]))


class TwoTowerSum(keras.Model):
    """A model whose call() unpacks a tuple of two tensors, built by calling it on a tuple."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.query_tower = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)])
        self.item_tower = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)])

    def call(self, inputs):
        query, item = inputs
        return ops.sum(self.query_tower(query) * self.item_tower(item), axis=1, keepdims=True)


def build() -> keras.Model:
    keras.utils.set_random_seed(0)
    model = WideAndDeep(vocabulary_size=20, embedding_dims=4, hidden_units=[16, 8],
                        dropout_rate=0.1)
    features = {
        "wide_features": np.random.randint(0, 2, size=(4, 10)).astype("float32"),
        "numeric": np.random.rand(4, 3).astype("float32"),
        "category": np.random.randint(0, 20, size=(4, 2)),
    }
    model(features)
    return model


def build_tuple() -> keras.Model:
    keras.utils.set_random_seed(0)
    model = TwoTowerSum()
    model((np.random.rand(4, 6).astype("float32"), np.random.rand(4, 5).astype("float32")))
    return model
