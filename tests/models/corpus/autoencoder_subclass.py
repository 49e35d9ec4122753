"""Follows the TensorFlow tutorial "Intro to Autoencoders" (Autoencoder, Denoise subclasses)."""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf
from keras import layers, losses
from keras.models import Model


class Autoencoder(Model):
    def __init__(self, latent_dim, shape):
        super().__init__()
        self.latent_dim = latent_dim
        self.shape = shape
        self.encoder = keras.Sequential(
            [
                layers.Flatten(),
                layers.Dense(latent_dim, activation="relu"),
            ]
        )
        self.decoder = keras.Sequential(
            [
                # The tutorial passes the numpy integer itself, which Keras 3 refuses as `units`
                layers.Dense(int(tf.math.reduce_prod(shape).numpy()), activation="sigmoid"),
                layers.Reshape(shape),
            ]
        )

    def call(self, x):
        encoded = self.encoder(x)
        decoded = self.decoder(encoded)
        return decoded


class Denoise(Model):
    def __init__(self):
        super().__init__()
        self.encoder = keras.Sequential(
            [
                layers.Input(shape=(28, 28, 1)),
                layers.Conv2D(8, (3, 3), activation="relu", padding="same", strides=2),
                layers.Conv2D(4, (3, 3), activation="relu", padding="same", strides=2),
            ]
        )
        self.decoder = keras.Sequential(
            [
                layers.Conv2DTranspose(4, kernel_size=3, strides=2, activation="relu",
                                       padding="same"),
                layers.Conv2DTranspose(8, kernel_size=3, strides=2, activation="relu",
                                       padding="same"),
                layers.Conv2D(1, kernel_size=(3, 3), activation="sigmoid", padding="same"),
            ]
        )

    def call(self, x):
        encoded = self.encoder(x)
        decoded = self.decoder(encoded)
        return decoded


def noisy_digits(count: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.random.rand(count, 28, 28, 1).astype("float32")
    noise_factor = 0.2
    x_noisy = x + noise_factor * tf.random.normal(shape=x.shape)
    x_noisy = tf.clip_by_value(x_noisy, clip_value_min=0.0, clip_value_max=1.0)
    return x, x_noisy.numpy()


def build() -> keras.Model:
    """The convolutional denoising autoencoder, built by ``fit``."""
    keras.utils.set_random_seed(0)
    x_train, x_train_noisy = noisy_digits(16)
    x_test, x_test_noisy = noisy_digits(8)
    autoencoder = Denoise()
    autoencoder.compile(optimizer="adam", loss=losses.MeanSquaredError())
    autoencoder.fit(
        x_train_noisy,
        x_train,
        epochs=1,
        batch_size=8,
        shuffle=True,
        validation_data=(x_test_noisy, x_test),
        verbose=0,
    )
    return autoencoder


def build_dense() -> keras.Model:
    """The first, dense autoencoder (encoder and decoder without an Input), built by ``fit``."""
    keras.utils.set_random_seed(0)
    x_train, _ = noisy_digits(16)
    shape = x_train.shape[1:]
    autoencoder = Autoencoder(latent_dim=8, shape=shape)
    autoencoder.compile(optimizer="adam", loss=losses.MeanSquaredError())
    autoencoder.fit(x_train, x_train, epochs=1, batch_size=8, shuffle=True, verbose=0)
    return autoencoder
