"""Models written the way keras.io examples and KerasHub write them, for the documentation.

Each factory returns its model in the state the example leaves it: fitted, called on data, or
assembled from a configuration. All are tiny and built from random data; nothing is downloaded.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers, ops


class Sampling(layers.Layer):
    """Draws z from (z_mean, z_log_var)."""

    def call(self, inputs):
        z_mean, z_log_var = inputs
        epsilon = keras.random.normal(ops.shape(z_mean))
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


class VAE(keras.Model):
    """keras.io's VAE: an encoder, a decoder and a custom train_step; no call()."""

    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder
        self.total_loss_tracker = keras.metrics.Mean(name="total_loss")

    def train_step(self, data):
        import tensorflow as tf

        with tf.GradientTape() as tape:
            z_mean, z_log_var, z = self.encoder(data)
            reconstruction = self.decoder(z)
            loss = ops.mean(ops.square(data - reconstruction)) - 0.5 * ops.mean(
                1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var))
        grads = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights, strict=True))
        self.total_loss_tracker.update_state(loss)
        return {"loss": self.total_loss_tracker.result()}


def build_vae(latent_dim: int = 2) -> keras.Model:
    """The VAE, fitted for one epoch on random 28x28 images."""
    inputs = keras.Input((28, 28, 1), name="image")
    x = layers.Conv2D(8, 3, strides=2, padding="same", activation="relu", name="conv")(inputs)
    x = layers.Flatten(name="flatten")(x)
    z_mean = layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
    z = Sampling(name="z")([z_mean, z_log_var])
    encoder = keras.Model(inputs, [z_mean, z_log_var, z], name="encoder")
    latent = keras.Input((latent_dim,), name="latent")
    y = layers.Dense(14 * 14 * 8, activation="relu", name="expand")(latent)
    y = layers.Reshape((14, 14, 8), name="reshape")(y)
    y = layers.Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid",
                               name="deconv")(y)
    decoder = keras.Model(latent, y, name="decoder")
    vae = VAE(encoder, decoder, name="vae")
    vae.compile(optimizer="adam")
    vae.fit(np.random.default_rng(0).random((16, 28, 28, 1), "float32"), epochs=1,
            batch_size=8, verbose=0)
    return vae


class Distiller(keras.Model):
    """keras.io's knowledge distillation: call() runs the student only."""

    def __init__(self, student, teacher, **kwargs):
        super().__init__(**kwargs)
        self.student = student
        self.teacher = teacher

    def call(self, x):
        return self.student(x)


def build_distiller(classes: int = 10) -> keras.Model:
    """A Distiller called on a batch of data, as ``evaluate`` or ``predict`` would."""
    def convnet(filters: int, name: str) -> keras.Sequential:
        return keras.Sequential([keras.Input((28, 28, 1)),
                                 layers.Conv2D(filters, 3, strides=2, activation="relu"),
                                 layers.GlobalMaxPooling2D(), layers.Dense(classes)], name=name)

    distiller = Distiller(convnet(4, "student"), convnet(64, "teacher"), name="distiller")
    distiller(np.zeros((2, 28, 28, 1), "float32"))
    return distiller


class GraphConv(layers.Layer):
    """Aggregates each node's neighbours with TensorFlow's segment functions."""

    def __init__(self, units: int, edges: np.ndarray, **kwargs):
        super().__init__(**kwargs)
        self.edges = edges
        self.update_fn = layers.Dense(units, activation="gelu", name="update")

    def call(self, nodes):
        import tensorflow as tf

        messages = tf.gather(nodes, self.edges[1])
        summed = tf.math.unsorted_segment_sum(messages, self.edges[0], tf.shape(nodes)[0])
        return self.update_fn(tf.concat([nodes, summed], axis=1))


class NodeClassifier(keras.Model):
    """keras.io's GNN node classifier: the graph is held by the model, call() takes node ids."""

    def __init__(self, features: np.ndarray, edges: np.ndarray, classes: int, **kwargs):
        super().__init__(**kwargs)
        self.features = features
        self.preprocess = layers.Dense(16, activation="gelu", name="preprocess")
        self.conv1 = GraphConv(16, edges, name="graph_conv1")
        self.conv2 = GraphConv(16, edges, name="graph_conv2")
        self.logits = layers.Dense(classes, name="logits")

    def call(self, node_ids):
        import tensorflow as tf

        x = self.preprocess(self.features)
        x = self.conv1(x) + x
        x = self.conv2(x) + x
        return self.logits(tf.gather(x, node_ids))


def build_gnn(nodes: int = 20, classes: int = 3) -> keras.Model:
    """The node classifier, built by calling it on a few node ids."""
    rng = np.random.default_rng(0)
    edges = rng.integers(0, nodes, size=(2, 60))
    model = NodeClassifier(rng.random((nodes, 8), "float32"), edges, classes, name="gnn")
    model(np.array([1, 5, 7]))
    return model


def build_quantized(vocabulary: int = 200) -> keras.Model:
    """A small text classifier, quantized to int8 after building."""
    tokens = keras.Input((16,), dtype="int32", name="tokens")
    x = layers.Embedding(vocabulary, 16, name="embed")(tokens)
    x = layers.GlobalAveragePooling1D(name="pool")(x)
    x = layers.Dense(32, activation="relu", name="hidden")(x)
    model = keras.Model(tokens, layers.Dense(4, name="logits")(x), name="quantized")
    model.quantize("int8")
    return model


VOCABULARY = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "model", "draws", "layers",
              "a", "keras", "diagram", "of", "its", "##s"]


def build_bert_classifier(classes: int = 3) -> keras.Model:
    """A KerasHub BERT classifier from a tiny configuration, with its preprocessor."""
    import keras_hub

    backbone = keras_hub.models.BertBackbone(
        vocabulary_size=len(VOCABULARY), num_layers=2, num_heads=2, hidden_dim=16,
        intermediate_dim=32, max_sequence_length=16)
    tokenizer = keras_hub.models.BertTokenizer(vocabulary=VOCABULARY)
    preprocessor = keras_hub.models.BertTextClassifierPreprocessor(tokenizer,
                                                                   sequence_length=16)
    return keras_hub.models.BertTextClassifier(backbone, num_classes=classes,
                                               preprocessor=preprocessor)
