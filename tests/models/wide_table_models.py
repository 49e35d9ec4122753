"""Models whose summary tables are wide: long names, many merges, every optional column."""

from __future__ import annotations

import keras
from keras import layers


def many_merges(branches: int = 6) -> keras.Model:
    """Branches with long names merged twice, so ``Connected to`` lists many inputs."""
    inputs = keras.Input((32, 32, 3), name="image_input_with_a_rather_long_name")
    ends = []
    for i in range(branches):
        x = layers.Conv2D(8, 3, padding="same",
                          name=f"branch_{i}_convolution_with_a_long_name")(inputs)
        ends.append(layers.DepthwiseConv2D(3, padding="same", name=f"branch_{i}_depthwise")(x))
    x = layers.Concatenate(name="concatenate_every_branch_together")(ends)
    x = layers.Conv2D(8, 1, name="pointwise_projection_back_to_eight")(x)
    x = layers.Add(name="add_projection_and_every_branch")([x, *ends])
    x = layers.GlobalAveragePooling2D(name="global_average_pooling_of_everything")(x)
    x = layers.BatchNormalization(name="batch_normalization_before_head")(x)
    outputs = layers.Dense(1000, name="classifier_head_with_a_thousand_units")(x)
    return keras.Model(inputs, outputs, name="wide_merges_model")


def ten_rows() -> keras.Model:
    """A ten-row CNN with a frozen first layer (for ``:show-trainable:``)."""
    model = keras.Sequential([
        keras.Input((64, 64, 3)),
        layers.Conv2D(32, 3, name="first_convolution"),
        layers.BatchNormalization(),
        layers.DepthwiseConv2D(3),
        layers.Conv2D(64, 3),
        layers.MaxPooling2D(),
        layers.SeparableConv2D(64, 3),
        layers.GlobalAveragePooling2D(),
        layers.Dense(128),
        layers.Dropout(0.2),
        layers.Dense(10, activation="softmax", name="class_probabilities"),
    ], name="ten_row_cnn")
    model.layers[0].trainable = False
    return model
