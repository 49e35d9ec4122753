"""Follows keras.io "OCR model for reading Captchas" (examples/vision/captcha_ocr.py)."""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

characters = sorted(set("2345678bcdefgmnpwxy"))
img_width = 64
img_height = 16
max_length = 4
batch_size = 4

# Mapping characters to integers, and back
char_to_num = layers.StringLookup(vocabulary=list(characters), mask_token=None)
num_to_char = layers.StringLookup(
    vocabulary=char_to_num.get_vocabulary(), mask_token=None, invert=True
)


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    label_length = ops.cast(ops.squeeze(label_length, axis=-1), dtype="int32")
    input_length = ops.cast(ops.squeeze(input_length, axis=-1), dtype="int32")
    sparse_labels = ops.cast(ctc_label_dense_to_sparse(y_true, label_length), dtype="int32")
    y_pred = ops.log(ops.transpose(y_pred, axes=[1, 0, 2]) + keras.backend.epsilon())
    return ops.expand_dims(
        tf.compat.v1.nn.ctc_loss(inputs=y_pred, labels=sparse_labels, sequence_length=input_length),
        1,
    )


def ctc_label_dense_to_sparse(labels, label_lengths):
    label_shape = ops.shape(labels)
    dense_mask = ops.expand_dims(ops.arange(label_shape[1]), 0) < ops.expand_dims(
        label_lengths, 1
    )
    indices = tf.where(dense_mask)
    vals_sparse = tf.gather_nd(ops.cast(labels, "int32"), indices)
    return tf.SparseTensor(indices, vals_sparse, ops.cast(label_shape, dtype="int64"))


class CTCLayer(layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = ctc_batch_cost

    def call(self, y_true, y_pred):
        # Compute the training-time loss value and add it to the layer using `self.add_loss()`.
        batch_len = ops.cast(ops.shape(y_true)[0], dtype="int64")
        input_length = ops.cast(ops.shape(y_pred)[1], dtype="int64")
        label_length = ops.cast(ops.shape(y_true)[1], dtype="int64")

        input_length = input_length * ops.ones(shape=(batch_len, 1), dtype="int64")
        label_length = label_length * ops.ones(shape=(batch_len, 1), dtype="int64")

        loss = self.loss_fn(y_true, y_pred, input_length, label_length)
        self.add_loss(loss)

        # At test time, just return the computed predictions
        return y_pred


def build_model() -> keras.Model:
    # Inputs to the model
    input_img = layers.Input(shape=(img_width, img_height, 1), name="image", dtype="float32")
    labels = layers.Input(name="label", shape=(None,), dtype="float32")

    # First conv block
    x = layers.Conv2D(
        8,
        (3, 3),
        activation="relu",
        kernel_initializer="he_normal",
        padding="same",
        name="Conv1",
    )(input_img)
    x = layers.MaxPooling2D((2, 2), name="pool1")(x)

    # Second conv block
    x = layers.Conv2D(
        16,
        (3, 3),
        activation="relu",
        kernel_initializer="he_normal",
        padding="same",
        name="Conv2",
    )(x)
    x = layers.MaxPooling2D((2, 2), name="pool2")(x)

    # Two max pools with pool size and strides 2: the feature maps are 4x smaller.
    new_shape = ((img_width // 4), (img_height // 4) * 16)
    x = layers.Reshape(target_shape=new_shape, name="reshape")(x)
    x = layers.Dense(16, activation="relu", name="dense1")(x)
    x = layers.Dropout(0.2)(x)

    # RNNs
    x = layers.Bidirectional(layers.LSTM(16, return_sequences=True, dropout=0.25))(x)
    x = layers.Bidirectional(layers.LSTM(8, return_sequences=True, dropout=0.25))(x)

    # Output layer
    x = layers.Dense(len(char_to_num.get_vocabulary()) + 1, activation="softmax", name="dense2")(x)

    # Add CTC layer for calculating CTC loss at each step
    output = CTCLayer(name="ctc_loss")(labels, x)

    model = keras.models.Model(inputs=[input_img, labels], outputs=output, name="ocr_model_v1")
    model.compile(optimizer=keras.optimizers.Adam())
    return model


def encode_single_sample(img, label):
    # Map the characters in label to numbers
    label = char_to_num(tf.strings.unicode_split(label, input_encoding="UTF-8"))
    return {"image": img, "label": label}


def build() -> keras.Model:
    """The compiled training model, as ``build_model()`` returns it."""
    return build_model()


def build_fitted() -> keras.Model:
    """The training model after ``fit`` on a tiny dict dataset (the CTC loss is really run)."""
    keras.utils.set_random_seed(0)
    images = np.random.rand(8, img_width, img_height, 1).astype("float32")
    texts = ["".join(np.random.choice(characters, max_length)) for _ in range(8)]
    train_dataset = (
        tf.data.Dataset.from_tensor_slices((images, texts))
        .map(encode_single_sample)
        .batch(batch_size)
    )
    model = build_model()
    model.fit(train_dataset, epochs=1, verbose=0)
    return model


def build_prediction_model() -> keras.Model:
    """The example's prediction model: the training model cut at "dense2", before the CTC layer."""
    model = build()
    return keras.models.Model(model.input[0], model.get_layer(name="dense2").output)
