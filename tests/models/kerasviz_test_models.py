"""Models the tests render: every structure the directive must draw faithfully."""

from __future__ import annotations

import keras
from keras import layers, ops


def sequential_cnn(num_classes: int = 10, dropout: float = 0.25) -> keras.Model:
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu"),
            layers.MaxPooling2D(),
            layers.BatchNormalization(),
            layers.Flatten(),
            layers.Dropout(dropout),
            layers.Dense(num_classes, activation="softmax"),
        ],
        name="cnn",
    )


def branched() -> keras.Model:
    inputs = keras.Input((32,), name="features")
    left = layers.Dense(16, activation="relu", name="left")(inputs)
    right = layers.Dense(16, activation="tanh", name="right")(inputs)
    merged = layers.Concatenate(name="merge")([left, right])
    skip = layers.Add(name="skip")([merged, layers.Dense(32, name="project")(inputs)])
    return keras.Model(inputs, layers.Dense(1, name="score")(skip), name="branched")


def multi_io() -> keras.Model:
    image = keras.Input((16, 16, 3), name="image")
    meta = keras.Input((5,), name="meta")
    x = layers.Conv2D(4, 3, name="conv")(image)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = layers.Concatenate(name="join")([x, meta])
    label = layers.Dense(3, activation="softmax", name="label")(x)
    box = layers.Dense(4, name="box")(x)
    return keras.Model([image, meta], [label, box], name="multi_io")


class Scale(layers.Layer):
    """A custom layer with one trainable weight and one frozen weight."""

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        self.offset = self.add_weight(shape=(input_shape[-1],), trainable=False)

    def call(self, x):
        return x * self.scale + self.offset


def nested() -> keras.Model:
    encoder = keras.Sequential(
        [keras.Input((20,)), layers.Dense(12, name="enc_hidden"), layers.Dense(6, name="enc_out")],
        name="encoder",
    )
    inner_in = keras.Input((6,))
    head = keras.Model(inner_in, layers.Dense(2, name="head_out")(inner_in), name="head")
    inputs = keras.Input((20,), name="x")
    code = encoder(inputs)
    code = Scale(name="scale")(code)
    return keras.Model(inputs, head(code), name="nested")


def shared() -> keras.Model:
    """One Dense layer called on two inputs of different length: two calls, two shapes."""
    a = keras.Input((10, 8), name="a")
    b = keras.Input((4, 8), name="b")
    dense = layers.Dense(5, name="shared_dense")
    merged = layers.Concatenate(axis=1, name="cat")([dense(a), dense(b)])
    return keras.Model([a, b], merged, name="siamese")


def with_ops() -> keras.Model:
    """Raw keras.ops calls and a Lambda inside a functional model."""
    inputs = keras.Input((8,), name="x")
    x = layers.Dense(8, name="d1")(inputs)
    x = ops.add(x, inputs)
    x = ops.relu(x)
    x = layers.Lambda(lambda t: t * 2.0, name="double")(x)
    return keras.Model(inputs, layers.Dense(2, name="out")(x), name="with_ops")


def recurrent() -> keras.Model:
    inputs = keras.Input((None,), dtype="int32", name="tokens")
    x = layers.Embedding(100, 16, name="embed")(inputs)
    x = layers.Bidirectional(layers.LSTM(8), name="bilstm")(x)
    return keras.Model(inputs, layers.Dense(1, name="out")(x), name="recurrent")


def awkward_names() -> keras.Model:
    """Names that break naive escaping in HTML, DOT and LaTeX."""
    inputs = keras.Input((4,), name="in<put>")
    x = layers.Dense(3, name="dense_<b>&")(inputs)
    x = layers.Dense(3, name='q"uote\\back')(x)
    x = layers.Dense(2, name="tex_&%$#{}~^")(x)
    return keras.Model(inputs, x, name="awk&<ward>")


def frozen() -> keras.Model:
    model = sequential_cnn()
    model.layers[0].trainable = False
    return model


def raises() -> keras.Model:
    raise RuntimeError("factory exploded")


def not_a_model() -> dict:
    return {"not": "a model"}


def unbuilt() -> keras.Model:
    return keras.Sequential([layers.Dense(4), layers.Dense(2)], name="unbuilt")


NOT_CALLABLE = 42
MODEL = branched()
#: The shapes :class:`CountingInitializer` filled with values, in order.
INITIALIZED: list[tuple[int, ...]] = []


class CountingInitializer(keras.initializers.Initializer):
    """Glorot uniform that notes the shape of every weight it fills."""

    def __call__(self, shape, dtype=None):
        INITIALIZED.append(tuple(shape))
        return keras.initializers.GlorotUniform(seed=1)(shape, dtype)


def counted() -> keras.Model:
    inputs = keras.Input((6,), name="x")
    x = layers.Dense(5, kernel_initializer=CountingInitializer(), name="counted")(inputs)
    return keras.Model(inputs, layers.BatchNormalization(name="norm")(x), name="counted")


def trained() -> keras.Model:
    """A factory that trains its model one step: it needs the weights' values."""
    model = branched()
    model.compile(optimizer="sgd", loss="mse")
    inputs = keras.ops.zeros((4, *model.input_shape[1:]))
    model.fit(inputs, model.predict(inputs, verbose=0), epochs=1, verbose=0)
    return model


class Subclassed(keras.Model):
    """A subclassed model: unbuilt until it is called."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(8, name="hidden")
        self.out = layers.Dense(2, name="out")

    def call(self, x):
        return self.out(self.hidden(x))


def subclassed() -> keras.Model:
    return Subclassed(name="subclassed")


def tall(depth: int = 200) -> keras.Model:
    """A chain so long that its natural drawing is taller than TeX can measure."""
    inputs = keras.Input((4,), name="x")
    x = inputs
    for _ in range(depth):
        x = layers.Dense(4)(x)
    return keras.Model(inputs, x, name="tall")


def seed_mlp() -> keras.Model:
    """The seed's model: three Dense layers of 12, 8 and 1 units after 8 inputs."""
    return keras.Sequential([
        keras.Input((8,), name="features"),
        layers.Dense(12, activation="relu", name="hidden1"),
        layers.Dense(8, activation="relu", name="hidden2"),
        layers.Dense(1, activation="sigmoid", name="output"),
    ], name="seed")


def unet(depth: int = 3) -> keras.Model:
    """A small U-Net: an encoder, a decoder and skip connections joined by Concatenate."""
    inputs = keras.Input((64, 64, 3), name="image")
    x, skips = inputs, []
    for level in range(depth):
        x = layers.Conv2D(8 * 2**level, 3, padding="same", activation="relu",
                          name=f"down{level}")(x)
        skips.append(x)
        x = layers.MaxPooling2D(name=f"pool{level}")(x)
    x = layers.Conv2D(8 * 2**depth, 3, padding="same", name="bottom")(x)
    for level in reversed(range(depth)):
        x = layers.UpSampling2D(name=f"up{level}")(x)
        x = layers.Concatenate(name=f"skip{level}")([x, skips[level]])
        x = layers.Conv2D(8 * 2**level, 3, padding="same", name=f"conv{level}")(x)
    return keras.Model(inputs, layers.Conv2D(1, 1, name="mask")(x), name="unet")


class TensorFlowCall(keras.Model):
    """Calls TensorFlow directly: fine on real tensors, not on Keras's symbolic ones."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.inner = layers.Dense(3, name="inner")
        self.outer = layers.Dense(2, name="outer")

    def call(self, x):
        import tensorflow as tf

        hidden = tf.nn.relu(self.inner(x))
        return self.outer(tf.concat([hidden, tf.gather(x, [0, 1], axis=1)], axis=1))


def tensorflow_call() -> keras.Model:
    return TensorFlowCall(name="tf_call")


class Untraceable(keras.Model):
    """Reads its input's values in call(): only eager tensors have them."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.inner = layers.Dense(3, name="inner")

    def call(self, x):
        return self.inner(x * float(x.numpy().max()))


def untraceable() -> keras.Model:
    model = Untraceable(name="untraceable")
    model(keras.ops.ones((2, 4)))  # eagerly: built by data
    return model


def subclassed_built() -> keras.Model:
    """A subclassed model built by calling it on data: no input shape is known."""
    model = Subclassed(name="built_by_data")
    model(keras.ops.zeros((2, 5)))
    return model


def mixed_precision() -> keras.Model:
    """A factory that changes global Keras state (and forgets to set it back)."""
    keras.config.set_dtype_policy("mixed_float16")
    keras.config.set_image_data_format("channels_first")
    inputs = keras.Input((4,), name="x")
    return keras.Model(inputs, layers.Dense(2, name="half")(inputs), name="mixed")


def residual_stack(blocks: int = 4, width: int = 16) -> keras.Model:
    """A stem, ``blocks`` identical residual blocks, then one block of another width."""
    inputs = keras.Input((8, 8, 3), name="image")
    x = layers.Conv2D(width, 3, padding="same", name="stem")(inputs)

    def block(x, name, filters):
        y = layers.Conv2D(filters, 3, padding="same", name=f"{name}_conv1")(x)
        y = layers.BatchNormalization(name=f"{name}_bn")(y)
        y = layers.Activation("relu", name=f"{name}_relu")(y)
        y = layers.Conv2D(filters, 3, padding="same", name=f"{name}_conv2")(y)
        return layers.Add(name=f"{name}_add")([x, y])

    for number in range(1, blocks + 1):
        x = block(x, f"res{number}", width)
    x = layers.Conv2D(width * 2, 1, name="widen")(x)
    x = block(x, "wide", width * 2)
    x = layers.GlobalAveragePooling2D(name="pool")(x)
    return keras.Model(inputs, layers.Dense(10, name="classes")(x), name="residual_stack")


class _Parts:
    """A plain object: Keras does not look inside it for layers."""

    def __init__(self) -> None:
        self.dense = layers.Dense(3, name="hidden_from_keras")


class UntrackedLayer(keras.Model):
    """Holds a layer where Keras cannot see it: ``count_params()`` leaves its weights out."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.parts = _Parts()
        self.out = layers.Dense(2, name="out")

    def call(self, x):
        return self.out(self.parts.dense(x))


def untracked_layer() -> keras.Model:
    model = UntrackedLayer(name="untracked")
    model(keras.ops.ones((2, 4)))
    return model


class Distilled(keras.Model):
    """A Distiller as keras.io writes it: call() runs the student only; here with a head."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.teacher = keras.Sequential([layers.Input((4,)), layers.Dense(16, name="t1"),
                                         layers.Dense(2, name="t2")], name="teacher")
        self.student = keras.Sequential([layers.Input((4,)), layers.Dense(3, name="s1")],
                                        name="student")
        self.head = layers.Dense(2, name="head")

    def call(self, x):
        return self.head(self.student(x))


def distilled_int8() -> keras.Model:
    """Built by one call on data; its head quantized to int8 afterwards."""
    model = Distilled(name="distilled")
    model(keras.ops.ones((2, 4)))
    model.head.quantize("int8")
    return model


class PartsOnly(keras.Model):
    """A GAN-style wrapper: two parts and a custom train_step, no call()."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        noise = keras.Input((3,), name="noise")
        self.generator = keras.Model(noise, layers.Dense(4, name="fake")(noise), name="generator")
        sample = keras.Input((4,), name="sample")
        self.discriminator = keras.Model(sample, layers.Dense(1, name="real")(sample),
                                         name="discriminator")

    def train_step(self, data):
        return {}


def parts_only() -> keras.Model:
    return PartsOnly(name="parts_only")


class NeedsTraining(keras.Model):
    """``call(inputs, training)`` with no default, as the captioning example writes it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(3, name="dense")
        self.drop = layers.Dropout(0.5, name="drop")

    def call(self, inputs, training):
        return self.drop(self.dense(inputs), training=training)


class Wrapper(keras.Model):
    """A trainer without call() around a subclassed model it calls only in train_step."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.network = NeedsTraining(name="network")

    def train_step(self, data):
        return {"loss": keras.ops.mean(self.network(data, training=True))}


def wrapped_subclass() -> keras.Model:
    """Only the inner model was ever called (as train_step or a script would call it)."""
    model = Wrapper(name="wrapper")
    model.network(keras.ops.ones((4, 5)), training=False)
    return model
