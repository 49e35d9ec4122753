"""Follows keras.io "Image similarity estimation using a Siamese Network with a triplet loss"."""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf
from keras import layers, metrics, ops
from keras.applications import resnet

target_shape = (32, 32)


def make_base_cnn() -> keras.Model:
    """A small stand-in for ``resnet.ResNet50(weights="imagenet", include_top=False)``."""
    inputs = keras.Input(shape=(*target_shape, 3))
    x = layers.Conv2D(8, 3, padding="same", activation="relu", name="conv1_relu")(inputs)
    x = layers.MaxPooling2D(name="pool1")(x)
    x = layers.Conv2D(16, 3, padding="same", activation="relu", name="conv5_block1_out")(x)
    x = layers.MaxPooling2D(name="pool5")(x)
    return keras.Model(inputs, x, name="base_cnn")


def make_embedding() -> keras.Model:
    base_cnn = make_base_cnn()
    flatten = layers.Flatten()(base_cnn.output)
    dense1 = layers.Dense(32, activation="relu")(flatten)
    dense1 = layers.BatchNormalization()(dense1)
    dense2 = layers.Dense(16, activation="relu")(dense1)
    dense2 = layers.BatchNormalization()(dense2)
    output = layers.Dense(8)(dense2)
    embedding = keras.Model(base_cnn.input, output, name="Embedding")

    trainable = False
    for layer in base_cnn.layers:
        if layer.name == "conv5_block1_out":
            trainable = True
        layer.trainable = trainable
    return embedding


class DistanceLayer(layers.Layer):
    """Computes the anchor-positive and the anchor-negative distances."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def call(self, anchor, positive, negative):
        ap_distance = ops.sum(tf.square(anchor - positive), -1)
        an_distance = ops.sum(tf.square(anchor - negative), -1)
        return (ap_distance, an_distance)


def make_siamese_network() -> keras.Model:
    embedding = make_embedding()
    anchor_input = layers.Input(name="anchor", shape=(*target_shape, 3))
    positive_input = layers.Input(name="positive", shape=(*target_shape, 3))
    negative_input = layers.Input(name="negative", shape=(*target_shape, 3))
    distances = DistanceLayer()(
        embedding(resnet.preprocess_input(anchor_input)),
        embedding(resnet.preprocess_input(positive_input)),
        embedding(resnet.preprocess_input(negative_input)),
    )
    return keras.Model(
        inputs=[anchor_input, positive_input, negative_input], outputs=distances
    )


class SiameseModel(keras.Model):
    """The Siamese Network model with a custom training and testing loops.

    Computes the triplet loss using the three embeddings produced by the Siamese Network:
    L(A, P, N) = max(|f(A) - f(P)|^2 - |f(A) - f(N)|^2 + margin, 0)
    """

    def __init__(self, siamese_network, margin=0.5):
        super().__init__()
        self.siamese_network = siamese_network
        self.margin = margin
        self.loss_tracker = metrics.Mean(name="loss")

    def call(self, inputs):
        return self.siamese_network(inputs)

    def train_step(self, data):
        with tf.GradientTape() as tape:
            loss = self._compute_loss(data)
        gradients = tape.gradient(loss, self.siamese_network.trainable_weights)
        self.optimizer.apply_gradients(
            zip(gradients, self.siamese_network.trainable_weights, strict=True)
        )
        self.loss_tracker.update_state(loss)
        return {"loss": self.loss_tracker.result()}

    def test_step(self, data):
        loss = self._compute_loss(data)
        self.loss_tracker.update_state(loss)
        return {"loss": self.loss_tracker.result()}

    def _compute_loss(self, data):
        # The output of the network is a tuple containing the distances
        # between the anchor and the positive example, and the anchor and
        # the negative example.
        ap_distance, an_distance = self.siamese_network(data)
        loss = ap_distance - an_distance
        loss = tf.maximum(loss + self.margin, 0.0)
        return loss

    @property
    def metrics(self):
        return [self.loss_tracker]


def build() -> keras.Model:
    keras.utils.set_random_seed(0)
    images = np.random.rand(3, 8, *target_shape, 3).astype("float32") * 255.0
    dataset = tf.data.Dataset.from_tensor_slices((images[0], images[1], images[2])).batch(4)
    siamese_model = SiameseModel(make_siamese_network())
    siamese_model.compile(optimizer=keras.optimizers.Adam(0.0001))
    siamese_model.fit(dataset, epochs=1, verbose=0)
    return siamese_model
