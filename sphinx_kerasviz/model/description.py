"""A plain, picklable description of a Keras model: what every view draws from.

Nothing here imports Keras; :mod:`sphinx_kerasviz.model.reader` fills these in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

Shape = tuple[int | None, ...]
#: Changes whenever a field is added, so the disk cache does not return older descriptions.
FORMAT = 3


@dataclass(frozen=True)
class Port:
    """One tensor: output ``tensor`` of call ``call`` (Keras's node index) of layer ``layer``."""

    layer: str
    call: int = 0
    tensor: int = 0


@dataclass(frozen=True)
class Call:
    """One call of a layer inside the model (a shared layer has several)."""

    index: int
    inputs: tuple[Port, ...]
    input_shapes: tuple[Shape | None, ...]
    output_shapes: tuple[Shape | None, ...]
    output_dtypes: tuple[str, ...]


@dataclass(frozen=True)
class Weight:
    """One weight variable of a layer."""

    name: str
    shape: Shape
    dtype: str
    trainable: bool

    @property
    def count(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim or 0
        return count


@dataclass(frozen=True)
class Layer:
    """One layer, ``keras.ops`` call (``kind='op'``), input, or nested model of a model."""

    name: str
    class_name: str
    kind: str  # "input", "layer", "op" or "model"
    category: str
    calls: tuple[Call, ...] = ()
    params: int = 0
    trainable_params: int = 0
    non_trainable_params: int = 0
    trainable: bool | None = None  # None when the layer has no weights
    activation: str | None = None
    detail: str | None = None  # e.g. the wrapped layer of Bidirectional, a Lambda's function
    custom: bool = False
    model: ModelDescription | None = None
    config: tuple[tuple[str, str], ...] = ()  # get_config(), each value written out short
    weights: tuple[Weight, ...] = ()
    dtype_policy: str | None = None  # e.g. "int8_from_float32", "mixed_float16"
    unused: bool = False  # a tracked part of a subclassed model that its call() never reaches


@dataclass(frozen=True)
class Totals:
    """Parameter counts and their memory in bytes, as ``model.summary()`` reports them."""

    trainable: int
    non_trainable: int
    trainable_bytes: float
    non_trainable_bytes: float

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable

    @property
    def total_bytes(self) -> float:
        return self.trainable_bytes + self.non_trainable_bytes


@dataclass(frozen=True)
class Preprocessor:
    """A KerasHub task's preprocessor as ``Task.summary()`` shows it: its tokenizers, image
    and audio converters, each with ``(name, class name, what it holds)``."""

    name: str
    parts: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class ModelDescription:
    """A model: its layers in topological order, its input and output tensors, its totals."""

    name: str
    class_name: str
    kind: str  # "sequential", "functional" or "subclassed"
    layers: tuple[Layer, ...]
    inputs: tuple[Port, ...]
    outputs: tuple[Port, ...]
    totals: Totals
    note: str | None = None  # said under the diagram, e.g. that the model defines no call()
    preprocessor: Preprocessor | None = None

    def layer(self, name: str) -> Layer:
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, Layer]:
        return {layer.name: layer for layer in self.layers}

    def shapes(self, ports: tuple[Port, ...]) -> list[Shape | None]:
        """The shapes of the given output tensors."""
        shapes = []
        for port in ports:
            call = next(c for c in self.layer(port.layer).calls if c.index == port.call)
            shapes.append(call.output_shapes[port.tensor])
        return shapes
