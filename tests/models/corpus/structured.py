"""Follows keras.io "Structured data classification from scratch" (per-feature keras.Input)."""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf
from keras import layers
from keras.layers import IntegerLookup, Normalization, StringLookup


def make_dataset(size: int = 32) -> tf.data.Dataset:
    """A tiny stand-in for the heart-disease CSV: a dict of feature columns and a target."""
    features = {
        "sex": np.random.randint(0, 2, size).astype("int64"),
        "cp": np.random.randint(0, 4, size).astype("int64"),
        "fbs": np.random.randint(0, 2, size).astype("int64"),
        "thal": np.random.choice(["fixed", "normal", "reversible"], size),
        "age": np.random.randint(29, 77, size).astype("float32"),
        "trestbps": np.random.randint(94, 200, size).astype("float32"),
        "chol": np.random.randint(126, 564, size).astype("float32"),
        "oldpeak": np.random.rand(size).astype("float32") * 6,
    }
    target = np.random.randint(0, 2, size)
    ds = tf.data.Dataset.from_tensor_slices((features, target))
    return ds.shuffle(buffer_size=size, seed=0)


def encode_numerical_feature(feature, name, dataset):
    # Create a Normalization layer for our feature
    normalizer = Normalization()
    # Prepare a Dataset that only yields our feature
    feature_ds = dataset.map(lambda x, y: x[name])
    feature_ds = feature_ds.map(lambda x: tf.expand_dims(x, -1))
    # Learn the statistics of the data
    normalizer.adapt(feature_ds)
    # Normalize the input feature
    encoded_feature = normalizer(feature)
    return encoded_feature


def encode_categorical_feature(feature, name, dataset, is_string):
    lookup_class = StringLookup if is_string else IntegerLookup
    # Create a lookup layer which will turn strings into integer indices
    lookup = lookup_class(output_mode="binary")
    # Prepare a Dataset that only yields our feature
    feature_ds = dataset.map(lambda x, y: x[name])
    feature_ds = feature_ds.map(lambda x: tf.expand_dims(x, -1))
    # Learn the set of possible values and assign them a fixed integer index
    lookup.adapt(feature_ds)
    encoded_feature = lookup(feature)
    return encoded_feature


def build() -> keras.Model:
    keras.utils.set_random_seed(0)
    train_ds = make_dataset().batch(8)

    # Categorical features encoded as integers
    sex = keras.Input(shape=(1,), name="sex", dtype="int64")
    cp = keras.Input(shape=(1,), name="cp", dtype="int64")
    fbs = keras.Input(shape=(1,), name="fbs", dtype="int64")
    # Categorical feature encoded as string
    thal = keras.Input(shape=(1,), name="thal", dtype="string")
    # Numerical features
    age = keras.Input(shape=(1,), name="age")
    trestbps = keras.Input(shape=(1,), name="trestbps")
    chol = keras.Input(shape=(1,), name="chol")
    oldpeak = keras.Input(shape=(1,), name="oldpeak")

    all_inputs = [sex, cp, fbs, thal, age, trestbps, chol, oldpeak]

    # Integer categorical features
    sex_encoded = encode_categorical_feature(sex, "sex", train_ds, False)
    cp_encoded = encode_categorical_feature(cp, "cp", train_ds, False)
    fbs_encoded = encode_categorical_feature(fbs, "fbs", train_ds, False)
    # String categorical features
    thal_encoded = encode_categorical_feature(thal, "thal", train_ds, True)
    # Numerical features
    age_encoded = encode_numerical_feature(age, "age", train_ds)
    trestbps_encoded = encode_numerical_feature(trestbps, "trestbps", train_ds)
    chol_encoded = encode_numerical_feature(chol, "chol", train_ds)
    oldpeak_encoded = encode_numerical_feature(oldpeak, "oldpeak", train_ds)

    all_features = layers.concatenate(
        [
            sex_encoded,
            cp_encoded,
            fbs_encoded,
            thal_encoded,
            age_encoded,
            trestbps_encoded,
            chol_encoded,
            oldpeak_encoded,
        ]
    )
    x = layers.Dense(16, activation="relu")(all_features)
    x = layers.Dropout(0.5)(x)
    output = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(all_inputs, output)
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    return model
