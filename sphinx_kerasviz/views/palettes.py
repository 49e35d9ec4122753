"""How each layer family looks in the diagram: fill, outline and text colours, per palette.

``default`` tells families apart by colour alone. ``colorblind`` (Okabe-Ito hues) and
``grayscale`` (grays only, for black-and-white print) also give every family an outline (plain,
bold, dashed, dotted, rounded), so no two families differ by colour alone. Every fill is light
enough for each text colour drawn on it to reach a WCAG contrast of 4.5:1.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The layer families, in the order a legend lists them.
FAMILIES = (
    "input", "core", "embedding", "convolutional", "pooling", "normalization", "activations",
    "regularization", "reshaping", "merging", "rnn", "attention", "preprocessing", "model", "op",
    "custom",
)
#: What a legend calls each family.
FAMILY_NAMES = {
    "input": "Input", "core": "Core (Dense, ...)", "embedding": "Embedding",
    "convolutional": "Convolution", "pooling": "Pooling", "normalization": "Normalization",
    "activations": "Activation", "regularization": "Regularization", "reshaping": "Reshaping",
    "merging": "Merging", "rnn": "Recurrent", "attention": "Attention",
    "preprocessing": "Preprocessing", "model": "Nested model", "op": "keras.ops call",
    "custom": "Custom layer",
}
#: Fill colour per layer family in the default palette (also the layered view's colours).
PALETTE = {
    "input": "#e9ecef",
    "core": "#ffd8a8",
    "embedding": "#ffe8cc",
    "convolutional": "#a5d8ff",
    "pooling": "#b2f2bb",
    "normalization": "#fff3bf",
    "activations": "#fcc2d7",
    "regularization": "#dee2e6",
    "reshaping": "#d0bfff",
    "merging": "#99e9f2",
    "rnn": "#ffc9c9",
    "attention": "#eebefa",
    "preprocessing": "#c3fae8",
    "model": "#ffffff",
    "op": "#f8f9fa",
    "custom": "#ffffff",
}
#: Outline of every box and cluster.
BORDER = "#495057"
#: Row keys (``in``, ``out``, ``params``) and edges.
NOTE = "#495057"
#: Direction of a gradient fill ``"bottom:top"``. Graphviz numbers gradients per drawing, so
#: SVGs inlined in one page share ids: one gradient for all keeps that harmless.
GRADIENT_ANGLE = 90


@dataclass(frozen=True)
class NodeStyle:
    """The look of one family's boxes, as Graphviz ``<table>``/``<td>`` attributes."""

    fill: str  # "#rrggbb", or "#bottom:#top" for a gradient
    style: str = ""  # Graphviz table style: rounded, dashed, dotted, or rounded with one of them
    border: int = 1  # outline width in points

    @property
    def fills(self) -> tuple[str, ...]:
        """Every colour the fill shows (both ends of a gradient)."""
        return tuple(self.fill.split(":"))

    def attrs(self) -> str:
        """The attributes for a ``<table>`` or ``<td>``."""
        text = f'border="{self.border}" bgcolor="{self.fill}" color="{BORDER}"'
        if len(self.fills) > 1:
            text += f' gradientangle="{GRADIENT_ANGLE}"'
        return text + (f' style="{self.style}"' if self.style else "")


@dataclass(frozen=True)
class Palette:
    """A look per family, and the colours of the ``trainable``/``frozen`` marks."""

    styles: dict[str, NodeStyle]
    trainable: str
    frozen: str


#: Outlines of the colorblind and grayscale palettes: each is shared by two families, which
#: their fills tell apart.
_OUTLINES = {
    "core": ("", 1), "convolutional": ("", 1),
    "pooling": ("", 2), "model": ("", 2),
    "regularization": ("dashed", 1), "custom": ("dashed", 1),
    "rnn": ("dashed", 2), "preprocessing": ("dashed", 2),
    "normalization": ("dotted", 2), "attention": ("dotted", 2),
    "input": ("rounded", 1), "reshaping": ("rounded", 1),
    "activations": ("rounded", 2), "merging": ("rounded", 2),
    "op": ("rounded,dashed", 1), "embedding": ("rounded,dashed", 1),
}
#: Okabe-Ito colours mixed with white: to luminance 0.60 ("strong") or 0.85 ("pale").
_COLORBLIND = {
    "input": "#ededed",  # grey, pale
    "core": "#f0c769",  # orange
    "embedding": "#faeccb",  # orange, pale
    "convolutional": "#9cd3f2",  # sky blue
    "pooling": "#99d8c7",  # bluish green
    "normalization": "#f0e442",  # yellow, as it is
    "activations": "#efc4a1",  # vermillion
    "regularization": "#cccccc",  # grey
    "reshaping": "#acd1e6",  # blue
    "merging": "#dcf0fb",  # sky blue, pale
    "rnn": "#e8c1d6",  # reddish purple
    "attention": "#f7eaf1",  # reddish purple, pale
    "preprocessing": "#dcf2ec",  # bluish green, pale
    "model": "#ffffff",
    "op": "#ffffff",
    "custom": "#ffffff",
}
_WHITE, _GRAY, _SHADED = "#ffffff", "#dddddd", "#cccccc:#ffffff"
_GRAYSCALE = {
    "input": _GRAY, "core": _GRAY, "embedding": _GRAY, "convolutional": _SHADED,
    "pooling": _GRAY, "normalization": _WHITE, "activations": _SHADED, "regularization": _GRAY,
    "reshaping": _WHITE, "merging": _GRAY, "rnn": _SHADED, "attention": _SHADED,
    "preprocessing": _GRAY, "model": _WHITE, "op": _WHITE, "custom": _WHITE,
}
_DEFAULT_OUTLINES = {"input": ("rounded", 1), "op": ("rounded", 1), "custom": ("dashed", 1)}

PALETTES = {
    "default": Palette(
        {f: NodeStyle(PALETTE[f], *_DEFAULT_OUTLINES.get(f, ("", 1))) for f in FAMILIES},
        trainable="#18592a", frozen="#9b1c1c",
    ),
    "colorblind": Palette(
        {f: NodeStyle(_COLORBLIND[f], *_OUTLINES[f]) for f in FAMILIES},
        trainable="#004b75", frozen="#8a3200",  # dark Okabe-Ito blue and vermillion
    ),
    "grayscale": Palette(
        {f: NodeStyle(_GRAYSCALE[f], *_OUTLINES[f]) for f in FAMILIES},
        trainable="#000000", frozen="#4d4d4d",
    ),
}


def family(category: str) -> str:
    """The family a layer category is drawn as (unknown categories look custom)."""
    return category if category in PALETTE else "custom"


def node_style(category: str, palette: str = "default") -> NodeStyle:
    """The look of a layer of ``category`` in ``palette``."""
    return PALETTES[palette].styles[family(category)]
