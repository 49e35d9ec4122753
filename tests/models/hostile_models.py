"""Factories that misbehave, for the catalogue of hostile input (``test_hostile.py``)."""

from __future__ import annotations

import sys

import keras
from keras import layers


def prints() -> keras.Model:
    print("<b>factory output</b>")
    print("to stderr", file=sys.stderr)
    inputs = keras.Input((3,), name="x")
    return keras.Model(inputs, layers.Dense(2, name="quiet")(inputs), name="printing")


def exits() -> keras.Model:
    sys.exit(3)


def recurses(depth: int = 0) -> keras.Model:
    return recurses(depth + 1)


def changes_global_state() -> keras.Model:
    keras.config.set_dtype_policy("mixed_float16")
    keras.config.set_floatx("float16")
    keras.config.set_epsilon(1e-3)
    keras.config.set_image_data_format("channels_first")
    inputs = keras.Input((4,), name="x")
    return keras.Model(inputs, layers.Dense(2, name="half")(inputs), name="stateful")


def hostile_names(text: str = "ünïcödé_名前_🙂") -> keras.Model:
    """Names that are markup in HTML, SVG, DOT and LaTeX, and non-ASCII ``text``."""
    inputs = keras.Input((4,), name="in<script>alert(1)")  # Keras refuses "/" in names
    x = layers.Dense(3, name='q"uote\'s & <b>bold')(inputs)
    x = layers.Dense(3, name=r"tex_$x^2$ #1 %c {a} \textbf{b} ~ \\")(x)
    x = layers.Lambda(lambda t: t, name=text)(x)
    return keras.Model(inputs, x, name="<svg onload=bad()><script>bad()")


def deep(levels: int = 10) -> keras.Model:
    """Models nested ``levels`` deep, each wrapping the one inside."""
    inputs = keras.Input((4,), name="x0")
    model = keras.Model(inputs, layers.Dense(4, name="core")(inputs), name="level0")
    for level in range(1, levels):
        outer_in = keras.Input((4,), name=f"x{level}")
        model = keras.Model(outer_in, model(outer_in), name=f"level{level}")
    return model


def no_layers() -> keras.Model:
    inputs = keras.Input((4,), name="only_input")
    return keras.Model(inputs, inputs, name="identity")


def empty_sequential() -> keras.Model:
    return keras.Sequential(name="empty")


def wrong_rank() -> keras.Model:
    return keras.Sequential([layers.Conv2D(4, 3, name="conv")], name="needs_images")
