"""Small Keras models for the documentation of sphinx-kerasviz.

Every factory builds in well under a second and takes keyword arguments, so the pages can show
both ``examples.build_cnn`` and ``examples.build_cnn(num_classes=3)``. ``docs/conf.py`` puts this
directory on ``sys.path``; the directives then name the factories as ``examples.<factory>``.
"""

from __future__ import annotations

import keras
from keras import layers, ops


def build_cnn(num_classes: int = 10, dropout: float = 0.25) -> keras.Model:
    """A Sequential CNN for 28x28 grey images."""
    return keras.Sequential(
        [
            keras.Input((28, 28, 1), name="image"),
            layers.Conv2D(16, 3, activation="relu", name="conv1"),
            layers.MaxPooling2D(name="pool1"),
            layers.Conv2D(32, 3, activation="relu", name="conv2"),
            layers.MaxPooling2D(name="pool2"),
            layers.BatchNormalization(name="norm"),
            layers.Flatten(name="flatten"),
            layers.Dropout(dropout, name="dropout"),
            layers.Dense(num_classes, activation="softmax", name="classes"),
        ],
        name="cnn",
    )


def build_branched(width: int = 32, units: int = 16) -> keras.Model:
    """A functional model: two branches merged, plus a skip connection around them."""
    inputs = keras.Input((width,), name="features")
    left = layers.Dense(units, activation="relu", name="left")(inputs)
    right = layers.Dense(units, activation="tanh", name="right")(inputs)
    merged = layers.Concatenate(name="merge")([left, right])
    projected = layers.Dense(2 * units, name="project")(inputs)
    skip = layers.Add(name="skip")([merged, projected])
    outputs = layers.Dense(1, activation="sigmoid", name="score")(skip)
    return keras.Model(inputs, outputs, name="branched")


def build_multi_io(num_classes: int = 3, meta_size: int = 5) -> keras.Model:
    """Two inputs (an image and metadata), two outputs (a class and a bounding box)."""
    image = keras.Input((32, 32, 3), name="image")
    meta = keras.Input((meta_size,), name="meta")
    x = layers.Conv2D(8, 3, activation="relu", name="conv")(image)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = layers.Concatenate(name="join")([x, meta])
    x = layers.Dense(16, activation="relu", name="hidden")(x)
    label = layers.Dense(num_classes, activation="softmax", name="label")(x)
    box = layers.Dense(4, name="box")(x)
    return keras.Model([image, meta], [label, box], name="multi_io")


def build_nested(code_size: int = 8, num_classes: int = 4) -> keras.Model:
    """A classifier around a nested Sequential encoder that itself nests a block."""
    block = keras.Sequential(
        [keras.Input((32,)), layers.Dense(32, name="block_dense"), layers.ReLU(name="block_relu")],
        name="block",
    )
    encoder = keras.Sequential(
        [
            keras.Input((64,)),
            layers.Dense(32, activation="relu", name="enc_in"),
            block,
            layers.Dense(code_size, name="enc_out"),
        ],
        name="encoder",
    )
    inputs = keras.Input((64,), name="x")
    code = encoder(inputs)
    x = layers.LayerNormalization(name="norm")(code)
    outputs = layers.Dense(num_classes, activation="softmax", name="classes")(x)
    return keras.Model(inputs, outputs, name="nested")


def build_shared(length: int = 10, features: int = 8) -> keras.Model:
    """One Dense layer called on two inputs (a siamese pair): one layer, two calls."""
    first = keras.Input((length, features), name="first")
    second = keras.Input((length // 2, features), name="second")
    shared = layers.Dense(6, activation="relu", name="shared_dense")
    joined = layers.Concatenate(axis=1, name="cat")([shared(first), shared(second)])
    pooled = layers.GlobalMaxPooling1D(name="pool")(joined)
    return keras.Model([first, second], layers.Dense(1, name="similarity")(pooled), name="siamese")


@keras.saving.register_keras_serializable(package="examples")
class Scale(layers.Layer):
    """A custom layer: a learned scale (trainable) and a fixed offset (not trainable)."""

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")
        self.offset = self.add_weight(
            shape=(input_shape[-1],), initializer="zeros", trainable=False, name="offset"
        )

    def call(self, x):
        return x * self.scale + self.offset


def build_custom(features: int = 12, units: int = 6) -> keras.Model:
    """A functional model with the custom :class:`Scale` layer in the middle."""
    inputs = keras.Input((features,), name="x")
    x = layers.Dense(units, name="dense")(inputs)
    x = Scale(name="scale")(x)
    outputs = layers.Dense(1, name="out")(x)
    return keras.Model(inputs, outputs, name="custom")


def build_transfer(num_classes: int = 3) -> keras.Model:
    """Transfer learning: a frozen convolutional base (as a pretrained one would be) under a
    trainable head."""
    inputs = keras.Input((28, 28, 1), name="image")
    conv = layers.Conv2D(8, 3, activation="relu", name="base_conv")
    norm = layers.BatchNormalization(name="base_norm")
    x = layers.GlobalAveragePooling2D(name="pool")(norm(conv(inputs)))
    outputs = layers.Dense(num_classes, activation="softmax", name="head")(x)
    conv.trainable = norm.trainable = False
    return keras.Model(inputs, outputs, name="transfer")


class AttentionBlock(layers.Layer):
    """A custom layer that owns layers: self-attention with a residual, then a feed-forward."""

    def __init__(self, width: int = 16, heads: int = 2, **kwargs):
        super().__init__(**kwargs)
        self.attention = layers.MultiHeadAttention(heads, width // heads, name="attention")
        self.norm = layers.LayerNormalization(name="norm")
        self.feed = layers.Dense(width, activation="relu", name="feed")

    def call(self, x):
        return self.feed(self.norm(x + self.attention(x, x)))


def build_attention(tokens: int = 8, width: int = 16) -> keras.Model:
    """A functional model with two :class:`AttentionBlock` layers."""
    inputs = keras.Input((tokens, width), name="tokens")
    x = AttentionBlock(width, name="block1")(inputs)
    x = AttentionBlock(width, name="block2")(x)
    x = layers.GlobalAveragePooling1D(name="pool")(x)
    return keras.Model(inputs, layers.Dense(3, name="classes")(x), name="attention")


class TinyTransformer(keras.Model):
    """A subclassed model: an embedding, a loop over blocks, a dict of two heads."""

    def __init__(self, blocks: int = 2, width: int = 16, **kwargs):
        super().__init__(**kwargs)
        self.embed = layers.Dense(width, name="embed")
        self.blocks = [AttentionBlock(width, name=f"block{i + 1}") for i in range(blocks)]
        self.pool = layers.GlobalAveragePooling1D(name="pool")
        self.heads = {"label": layers.Dense(3, name="label"),
                      "score": layers.Dense(1, name="score")}

    def call(self, x):
        x = self.embed(x)
        for block in self.blocks:
            x = block(x)
        x = self.pool(x)
        return {name: head(x) for name, head in self.heads.items()}


def build_subclassed(blocks: int = 2) -> keras.Model:
    """An unbuilt :class:`TinyTransformer`: give ``:input-shape:``."""
    return TinyTransformer(blocks, name="tiny_transformer")


class Gate(layers.Layer):
    """A custom layer that is not registered with Keras (see ``_static/gated.keras``)."""

    def build(self, input_shape):
        self.gate = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="gate")

    def call(self, x):
        return x * ops.sigmoid(self.gate)


def build_gated(features: int = 6) -> keras.Model:
    """Saved as ``docs/_static/gated.keras`` with ``build_gated().save(...)``."""
    inputs = keras.Input((features,), name="x")
    x = Gate(name="gate")(layers.Dense(features, name="dense")(inputs))
    return keras.Model(inputs, layers.Dense(1, name="out")(x), name="gated")


def double(t):
    """The function of the ``Lambda`` layer in :func:`build_ops`."""
    return t * 2.0


def build_ops(features: int = 8, units: int = 2) -> keras.Model:
    """Raw ``keras.ops`` calls (a residual add, a ReLU) and a ``Lambda`` layer."""
    inputs = keras.Input((features,), name="x")
    x = layers.Dense(features, name="dense")(inputs)
    x = ops.add(x, inputs)
    x = ops.relu(x)
    x = layers.Lambda(double, name="double")(x)
    outputs = layers.Dense(units, name="out")(x)
    return keras.Model(inputs, outputs, name="with_ops")


def build_bilstm(vocab_size: int = 1000, embed_dim: int = 16, units: int = 8) -> keras.Model:
    """A text classifier: an embedding and a bidirectional LSTM."""
    tokens = keras.Input((None,), dtype="int32", name="tokens")
    x = layers.Embedding(vocab_size, embed_dim, name="embed")(tokens)
    x = layers.Bidirectional(layers.LSTM(units), name="bilstm")(x)
    x = layers.Dropout(0.2, name="dropout")(x)
    outputs = layers.Dense(1, activation="sigmoid", name="sentiment")(x)
    return keras.Model(tokens, outputs, name="bilstm")


def build_unbuilt(units: int = 4) -> keras.Model:
    """A Sequential model without an ``Input``: it needs ``:input-shape:``."""
    return keras.Sequential(
        [layers.Dense(units, activation="relu", name="hidden"), layers.Dense(1, name="out")],
        name="unbuilt",
    )


def build_palette(length: int = 16, channels: int = 4) -> keras.Model:
    """One layer of every colour family, named after its family (for the theming page)."""
    image = keras.Input((8, 8, 1), name="input")
    tokens = keras.Input((length,), dtype="int32", name="tokens")
    x = layers.Rescaling(1 / 255, name="preprocessing")(image)
    x = layers.Conv2D(channels, 3, padding="same", name="convolutional")(x)
    x = layers.BatchNormalization(name="normalization")(x)
    x = layers.ReLU(name="activations")(x)
    x = layers.MaxPooling2D(name="pooling")(x)
    x = layers.Reshape((length, channels), name="reshaping")(x)
    x = layers.Dropout(0.1, name="regularization")(x)
    words = layers.Embedding(100, channels, name="embedding")(tokens)
    x = layers.Add(name="merging")([x, words])
    x = layers.MultiHeadAttention(num_heads=1, key_dim=channels, name="attention")(x, x)
    x = layers.LSTM(channels, return_sequences=True, name="rnn")(x)
    x = layers.Dense(channels, name="core")(x)
    x = ops.tanh(x)
    x = Scale(name="custom")(x)
    head = keras.Sequential([keras.Input((length, channels)), layers.Dense(1)], name="model")
    return keras.Model([image, tokens], head(x), name="palette")


def build_deep_mlp(depth: int = 40, units: int = 8) -> keras.Model:
    """A long chain: ``depth`` small Dense layers (for ``:wrap:``)."""
    return keras.Sequential(
        [keras.Input((16,), name="features")]
        + [layers.Dense(units, activation="relu", name=f"dense_{i}") for i in range(1, depth + 1)]
        + [layers.Dense(1, name="out")],
        name="deep_mlp",
    )


def build_mlp() -> keras.Model:
    """The seed's model: three Dense layers of 12, 8 and 1 units after 8 inputs."""
    return keras.Sequential(
        [
            keras.Input((8,), name="features"),
            layers.Dense(12, activation="relu", name="hidden1"),
            layers.Dense(8, activation="relu", name="hidden2"),
            layers.Dense(1, activation="sigmoid", name="output"),
        ],
        name="mlp",
    )


def build_unet(depth: int = 3, filters: int = 8) -> keras.Model:
    """A small U-Net for 64x64 RGB images: skips from each encoder level to its decoder level."""
    inputs = keras.Input((64, 64, 3), name="image")
    x = inputs
    skips = []
    for level in range(depth):
        x = layers.Conv2D(
            filters * 2**level, 3, padding="same", activation="relu", name=f"down{level + 1}"
        )(x)
        skips.append(x)
        x = layers.MaxPooling2D(name=f"pool{level + 1}")(x)
    x = layers.Conv2D(filters * 2**depth, 3, padding="same", activation="relu", name="bottom")(x)
    for level in reversed(range(depth)):
        x = layers.UpSampling2D(name=f"up{level + 1}")(x)
        x = layers.Concatenate(name=f"cat{level + 1}")([x, skips[level]])
        x = layers.Conv2D(
            filters * 2**level, 3, padding="same", activation="relu", name=f"dec{level + 1}"
        )(x)
    outputs = layers.Conv2D(1, 1, activation="sigmoid", name="mask")(x)
    return keras.Model(inputs, outputs, name="unet")


def build_resnet_block_model(blocks: int = 2, filters: int = 16) -> keras.Model:
    """A small residual CNN: ``blocks`` blocks of two convolutions and a shortcut ``Add``."""
    inputs = keras.Input((32, 32, 3), name="image")
    x = layers.Conv2D(filters, 3, padding="same", activation="relu", name="stem")(inputs)
    for block in range(1, blocks + 1):
        shortcut = x
        x = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"b{block}_conv1")(x)
        x = layers.Conv2D(filters, 3, padding="same", name=f"b{block}_conv2")(x)
        x = layers.Add(name=f"b{block}_add")([x, shortcut])
        x = layers.ReLU(name=f"b{block}_relu")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = layers.Dropout(0.2, name="dropout")(x)
    outputs = layers.Dense(10, activation="softmax", name="classes")(x)
    return keras.Model(inputs, outputs, name="resnet_blocks")


def build_transformer(blocks: int = 4, tokens: int = 16, width: int = 32) -> keras.Model:
    """A small Transformer encoder: ``blocks`` identical blocks of attention and feed-forward."""
    inputs = keras.Input((tokens,), dtype="int32", name="tokens")
    x = layers.Embedding(1000, width, name="embed")(inputs)
    for block in range(1, blocks + 1):
        attended = layers.MultiHeadAttention(4, width // 4, name=f"enc{block}_attention")(x, x)
        x = layers.LayerNormalization(name=f"enc{block}_norm1")(
            layers.Add(name=f"enc{block}_add1")([x, attended])
        )
        hidden = layers.Dense(width * 2, activation="gelu", name=f"enc{block}_ff1")(x)
        hidden = layers.Dense(width, name=f"enc{block}_ff2")(hidden)
        x = layers.LayerNormalization(name=f"enc{block}_norm2")(
            layers.Add(name=f"enc{block}_add2")([x, hidden])
        )
    x = layers.GlobalAveragePooling1D(name="pool")(x)
    return keras.Model(inputs, layers.Dense(2, activation="softmax", name="label")(x),
                       name="transformer")


#: A model object (not a factory): ``.. keras-model:: examples.MLP``.
MLP = keras.Sequential(
    [
        keras.Input((4,), name="measurements"),
        layers.Dense(8, activation="relu", name="hidden"),
        layers.Dense(3, activation="softmax", name="species"),
    ],
    name="iris_mlp",
)
