"""How each box of the diagram looks: its fill says the layer's family, its outline its kind.

*Family* (what a layer computes: convolution, pooling, ...) is the fill, the same for a layer
and a ``keras.ops`` call (``layers.Add`` and ``ops.add``/``+`` are both *Merging*). *Kind* is
the outline, the same in every palette: square for a layer, rounded for a ``keras.ops`` call,
dashed for a custom layer, double for a box that holds layers (a nested model, a group of
repeated blocks). White means no family of its own.

``default`` tells families apart by one colour each (CIEDE2000 distance at least 10 between any
two). ``colorblind`` and ``grayscale`` add a band down the left side of the box: a family is
a body fill (three lightnesses) and a band (five), so it is told apart by lightness alone,
which colour-vision deficiencies and black-and-white print keep. Every fill is light enough
for each text colour drawn on it to reach a WCAG contrast of 4.5:1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

#: The layer families, in the order a legend lists them.
FAMILIES = (
    "input", "core", "embedding", "convolutional", "pooling", "normalization", "activations",
    "regularization", "reshaping", "merging", "rnn", "attention", "preprocessing", "other",
)
#: What a legend calls each family.
FAMILY_NAMES = {
    "input": "Input", "core": "Core (Dense, ...)", "embedding": "Embedding",
    "convolutional": "Convolution", "pooling": "Pooling", "normalization": "Normalization",
    "activations": "Activation", "regularization": "Regularization", "reshaping": "Reshaping",
    "merging": "Merging", "rnn": "Recurrent", "attention": "Attention",
    "preprocessing": "Preprocessing", "other": "Other (no family)",
}
#: The kinds of box, in the order a legend lists them.
KINDS = ("layer", "op", "custom", "holder")
#: What a legend calls each kind.
KIND_NAMES = {"layer": "Layer", "op": "keras.ops call", "custom": "Custom layer",
              "holder": "Nested model, repeated blocks"}
#: The family of each ``keras.ops`` operation (by class name) that has a layer counterpart.
OP_FAMILIES = {
    **dict.fromkeys(("Add", "Subtract", "Multiply", "Divide", "TrueDivide", "Maximum",
                     "Minimum", "Concatenate", "Stack", "Average"), "merging"),
    **dict.fromkeys(("Relu", "Relu6", "Sigmoid", "Softmax", "LogSoftmax", "Gelu", "Silu",
                     "Tanh", "Elu", "Selu", "Celu", "LeakyRelu", "Softplus", "Softsign",
                     "HardSigmoid", "HardSilu", "HardTanh", "LogSigmoid", "Glu", "SparsePlus",
                     "Sparsemax", "Squareplus"), "activations"),
    **dict.fromkeys(("Reshape", "Transpose", "ExpandDims", "Squeeze", "Tile", "Repeat",
                     "BroadcastTo", "Moveaxis", "Swapaxes", "Pad", "GetItem", "Slice", "Take",
                     "Split"), "reshaping"),
    **dict.fromkeys(("Matmul", "Einsum", "Dot", "Tensordot"), "core"),
    **dict.fromkeys(("Conv", "DepthwiseConv", "SeparableConv", "ConvTranspose"),
                    "convolutional"),
    **dict.fromkeys(("MaxPool", "AveragePool", "AdaptiveMaxPool", "AdaptiveAveragePool"),
                    "pooling"),
    **dict.fromkeys(("Normalize", "BatchNorm", "LayerNorm", "RMSNorm"), "normalization"),
}
#: Outline of every box and cluster.
BORDER = "#495057"
#: Row keys (``in``, ``out``, ``params``) and edges.
NOTE = "#495057"
WHITE = "#ffffff"
#: Width of the family band of ``colorblind`` and ``grayscale`` boxes, in points.
BAND_WIDTH = 5


class _Drawn(Protocol):
    """What decides a box's look: a layer description (or anything with these fields)."""

    kind: str
    category: str
    class_name: str
    custom: bool


@dataclass(frozen=True)
class Look:
    """A family's fill: one colour, and in ``colorblind``/``grayscale`` a band down the left."""

    fill: str
    band: str | None = None


@dataclass(frozen=True)
class Palette:
    """A look per family, and the colours of the ``trainable``/``frozen`` marks."""

    looks: dict[str, Look]
    trainable: str
    frozen: str


#: Fill per family in the default palette.
_DEFAULT = {
    "input": "#d8e0f8", "core": "#f8c088", "embedding": "#e0d0b8", "convolutional": "#a5d8ff",
    "pooling": "#b8f0b8", "normalization": "#fff3bf", "activations": "#fcc2d7",
    "regularization": "#c8d0d0", "reshaping": "#d0bfff", "merging": "#99e9f2",
    "rnn": "#f8d0c8", "attention": "#f8b0f8", "preprocessing": "#c3fae8", "other": WHITE,
}
#: ``(body lightness, band lightness)`` of each family in the print palettes: bodies of
#: CIE L* 100, 89 and 79 ("W", "L", "D"); bands of L* 100, 75, 50, 25 and 0, or none. A band
#: differs from its body by at least 20 in L*, so it shows.
_CODES = {
    "other": ("W", None), "regularization": ("W", 75), "preprocessing": ("W", 50),
    "embedding": ("W", 25), "input": ("W", 0),
    "convolutional": ("L", None), "pooling": ("L", 50), "normalization": ("L", 25),
    "attention": ("L", 0),
    "core": ("D", None), "activations": ("D", 100), "merging": ("D", 50), "rnn": ("D", 25),
    "reshaping": ("D", 0),
}
_GRAY_BODIES = {"W": WHITE, "L": "#dedede", "D": "#c2c2c2"}
_GRAY_BANDS = {100: WHITE, 75: "#b9b9b9", 50: "#777777", 25: "#3b3b3b", 0: "#000000"}
#: Okabe-Ito colours mixed with white (bodies) or taken as they are (bands), at the same
#: lightnesses as the grays.
_COLORBLIND_BODIES = {
    "other": WHITE, "regularization": WHITE, "preprocessing": WHITE, "embedding": WHITE,
    "input": WHITE,
    "convolutional": "#c4e5f7",  # sky blue
    "pooling": "#c2e8dd",  # bluish green
    "normalization": "#f6dda6",  # orange
    "attention": "#f1d9e6",  # reddish purple
    "core": "#eebd4f",  # orange
    "activations": "#edba91",  # vermillion
    "merging": "#8cccf0",  # sky blue
    "rnn": "#e3b7cf",  # reddish purple
    "reshaping": "#8ad2bf",  # bluish green
}
_COLORBLIND_BANDS = {100: WHITE, 75: "#e69f00", 50: "#0072b2", 25: "#622b00", 0: "#000000"}


def _banded(bodies: dict[str, str], bands: dict[int, str]) -> dict[str, Look]:
    return {family: Look(bodies[family], None if band is None else bands[band])
            for family, (_, band) in _CODES.items()}


PALETTES = {
    "default": Palette(
        {family: Look(_DEFAULT[family]) for family in FAMILIES},
        trainable="#18592a", frozen="#9b1c1c",
    ),
    "colorblind": Palette(
        _banded(_COLORBLIND_BODIES, _COLORBLIND_BANDS),
        trainable="#004b75", frozen="#8a3200",  # dark Okabe-Ito blue and vermillion
    ),
    "grayscale": Palette(
        _banded({family: _GRAY_BODIES[body] for family, (body, _) in _CODES.items()},
                _GRAY_BANDS),
        trainable="#000000", frozen="#4d4d4d",
    ),
}


def family_of(layer: _Drawn) -> str:
    """The family a layer (or ``keras.ops`` call, or nested model) is drawn as."""
    if layer.kind == "op":
        return OP_FAMILIES.get(layer.class_name, "other")
    return layer.category if layer.category in _DEFAULT else "other"


def family_fill(layer: _Drawn, palette: str = "default") -> str:
    """The fill of a layer's family in ``palette``: what the layered view colours it."""
    return PALETTES[palette].looks[family_of(layer)].fill


def kind_of(layer: _Drawn) -> str:
    """The kind of box a layer is drawn as: ``layer``, ``op``, ``custom`` or ``holder``."""
    if layer.kind == "model":
        return "holder"
    if layer.kind == "op":
        return "op"
    return "custom" if layer.custom else "layer"


def look(family: str, palette: str = "default") -> Look:
    """The fill (and band) of ``family`` in ``palette``."""
    return PALETTES[palette].looks[family]


def outline(kind: str) -> str:
    """The Graphviz table style of a ``kind``'s outline (``holder`` boxes are also double)."""
    return {"op": "rounded", "custom": "dashed"}.get(kind, "")
