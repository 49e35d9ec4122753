"""What the explain directives ask for and what they get back: plain, picklable data.

A :class:`Picture` holds an array; its ``repr`` is a digest, so a plot that holds pictures
still gets a short, content-addressed file name
(:func:`sphinx_kerasviz.drawing.figures.render_plot`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

#: Changes whenever a request's or a result's fields change: the disk cache drops older entries.
FORMAT = 2


@dataclass(frozen=True)
class Source:
    """Where an input comes from: ``path`` (a file, absolute) or ``dotted`` (a Python name)."""

    text: str
    path: str | None = None
    dotted: str | None = None


@dataclass(frozen=True, repr=False)
class Picture:
    """A float32 array of any shape, kept as bytes."""

    shape: tuple[int, ...]
    data: bytes

    @classmethod
    def of(cls, array: np.ndarray) -> Picture:
        values = np.ascontiguousarray(array, dtype="float32")
        return cls(tuple(int(d) for d in values.shape), values.tobytes())

    @property
    def array(self) -> np.ndarray:
        return np.frombuffer(self.data, dtype="float32").reshape(self.shape)

    def __repr__(self) -> str:
        return f"Picture({self.shape}, {hashlib.sha1(self.data).hexdigest()})"


# -- requests --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """The input one explanation looks at: ``sample`` of the batch ``source`` holds."""

    source: Source
    sample: int = 0


@dataclass(frozen=True)
class ActivationsRequest:
    seen: Seen
    layers: tuple[str, ...] | None = None  # shell patterns; None: every layer


@dataclass(frozen=True)
class SaliencyRequest:
    seen: Seen
    class_index: int | None = None  # None: the predicted class
    methods: tuple[str, ...] = ("vanilla", "smoothgrad")
    samples: int = 24  # SmoothGrad's noisy copies
    noise: float = 0.15  # SmoothGrad's noise, times the input's value range
    seed: int = 0


@dataclass(frozen=True)
class GradcamRequest:
    seen: Seen
    class_index: int | None = None
    methods: tuple[str, ...] = ("gradcam",)
    layer: str | None = None  # None: the last convolution


@dataclass(frozen=True)
class ActivationMaxRequest:
    units: tuple[int, ...] | None = None  # classes, or filters of ``layer``; None: all (<= 16)
    layer: str | None = None
    steps: int = 128
    rate: float = 0.05
    jitter: int = 1
    tv: float = 0.15
    value_range: tuple[float, float] = (0.0, 1.0)
    seed: int = 0


@dataclass(frozen=True)
class BoundaryRequest:
    data: Source
    features: tuple[int, int] = (0, 1)
    filler: str | tuple[float, ...] = "mean"  # "mean", "median" or a value per feature
    resolution: int = 160


Request = (ActivationsRequest | SaliencyRequest | GradcamRequest | ActivationMaxRequest
           | BoundaryRequest)


# -- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerOutput:
    name: str
    class_name: str
    values: Picture  # without the batch axis


@dataclass(frozen=True)
class Activations:
    model: str
    input: Picture  # without the batch axis
    layers: tuple[LayerOutput, ...]


@dataclass(frozen=True)
class Attribution:
    """Maps over one input for one class: saliency or Grad-CAM, one per method."""

    model: str
    input: Picture  # without the batch axis
    class_index: int
    output: float  # the model's output for that class
    predicted: int
    maps: tuple[tuple[str, Picture], ...]  # method, map of the input's height and width
    layer: str | None = None  # Grad-CAM's layer
    output_kind: str = "score"  # what ``output`` is: "probability", "score" (see methods)


@dataclass(frozen=True)
class ActivationMax:
    model: str
    layer: str | None  # None: classes of the output
    units: tuple[int, ...]
    images: Picture  # one per unit
    history: tuple[float, ...]  # the mean objective before the first step and after each


@dataclass(frozen=True)
class Boundary:
    model: str
    features: tuple[int, int]
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    classes: Picture  # the class at each grid point, rows along ys
    count: int  # number of classes
    points: Picture  # (n, 2): the data's two features
    labels: tuple[int, ...] | None = None
    filled: tuple[tuple[str, float], ...] = ()  # the other features and their values
    names: tuple[str, str] = ("feature 0", "feature 1")  # the two features' names


Result = Activations | Attribution | ActivationMax | Boundary


@dataclass(frozen=True)
class Explained:
    """A result and the files it was computed from (for Sphinx's dependency tracking)."""

    result: Result
    dependencies: tuple[str, ...]
