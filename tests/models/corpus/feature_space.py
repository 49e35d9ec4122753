"""Follows keras.io "Structured data classification with FeatureSpace" (training + inference)."""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf
from keras.utils import FeatureSpace


def make_dataset(size: int = 32) -> tf.data.Dataset:
    """A tiny stand-in for the heart-disease CSV: a dict of feature columns and a target."""
    features = {
        "sex": np.random.randint(0, 2, size).astype("int64"),
        "cp": np.random.randint(0, 4, size).astype("int64"),
        "thal": np.random.choice(["fixed", "normal", "reversible"], size),
        "age": np.random.randint(29, 77, size).astype("float32"),
        "chol": np.random.randint(126, 564, size).astype("float32"),
        "oldpeak": np.random.rand(size).astype("float32") * 6,
    }
    target = np.random.randint(0, 2, size)
    return tf.data.Dataset.from_tensor_slices((features, target)).batch(8)


def make_feature_space(train_ds: tf.data.Dataset) -> FeatureSpace:
    feature_space = FeatureSpace(
        features={
            # Categorical features encoded as integers
            "sex": FeatureSpace.integer_categorical(num_oov_indices=0),
            "cp": FeatureSpace.integer_categorical(num_oov_indices=0),
            # Categorical feature encoded as string
            "thal": FeatureSpace.string_categorical(num_oov_indices=0),
            # Numerical features to discretize
            "age": FeatureSpace.float_discretized(num_bins=8),
            # Numerical features to normalize
            "chol": FeatureSpace.float_normalized(),
            "oldpeak": FeatureSpace.float_normalized(),
        },
        # Specify feature cross with a custom crossing dim.
        crosses=[
            FeatureSpace.cross(feature_names=("sex", "age"), crossing_dim=16),
            FeatureSpace.cross(feature_names=("thal", "cp"), crossing_dim=8),
        ],
        output_mode="concat",
    )
    train_ds_with_no_labels = train_ds.map(lambda x, _: x)
    feature_space.adapt(train_ds_with_no_labels)
    return feature_space


def build_models() -> tuple[keras.Model, keras.Model]:
    keras.utils.set_random_seed(0)
    train_ds = make_dataset()
    feature_space = make_feature_space(train_ds)

    dict_inputs = feature_space.get_inputs()
    encoded_features = feature_space.get_encoded_features()

    x = keras.layers.Dense(16, activation="relu")(encoded_features)
    x = keras.layers.Dropout(0.5)(x)
    predictions = keras.layers.Dense(1, activation="sigmoid")(x)

    training_model = keras.Model(inputs=encoded_features, outputs=predictions)
    training_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    inference_model = keras.Model(inputs=dict_inputs, outputs=predictions)
    return training_model, inference_model


def build() -> keras.Model:
    """The training model: one input, the encoded feature vector."""
    return build_models()[0]


def build_inference() -> keras.Model:
    """The end-to-end model: a dict of raw feature inputs through the FeatureSpace layer."""
    return build_models()[1]
