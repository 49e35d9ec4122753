"""How numbers, shapes and sizes are written, the way ``model.summary()`` writes them."""

from __future__ import annotations

from collections.abc import Iterable

from sphinx_kerasviz.model.description import Layer, ModelDescription, Port, Shape

_UNITS = ("B", "KB", "MB", "GB", "TB", "PB")
#: How a tracked part of a subclassed model that its ``call()`` never reaches is marked.
UNUSED = "not used by call()"


def count(value: int) -> str:
    """``25636712`` -> ``25,636,712``."""
    return f"{value:,}"


def memory(size: float) -> str:
    """Bytes in 1024-based units with two decimals, as Keras prints them (``97.80 MB``)."""
    for unit in _UNITS:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} {_UNITS[-1]}"


def count_and_memory(value: int, size: float) -> str:
    return f"{count(value)} ({memory(size)})"


def shape(value: Shape | None) -> str:
    """``(None, 28, 28, 1)``; ``?`` when unknown."""
    if value is None:
        return "?"
    return "(" + ", ".join("None" if d is None else str(d) for d in value) + ")"


def shapes(values: Iterable[Shape | None]) -> str:
    """One shape plainly, several as a list."""
    items = [shape(v) for v in values]
    return items[0] if len(items) == 1 else "[" + ", ".join(items) + "]"


def port(value: Port) -> str:
    """Keras's ``Connected to`` notation: ``name[call][tensor]``."""
    return f"{value.layer}[{value.call}][{value.tensor}]"


def real_layers(model: ModelDescription) -> list[Layer]:
    """Layers proper: not the model's inputs and not raw ``keras.ops`` calls."""
    return [layer for layer in model.layers if layer.kind in ("layer", "model")]


def alt_text(model: ModelDescription) -> str:
    """A one-sentence description of the model for alt text and text builders."""
    totals = model.totals
    n = len(real_layers(model))
    parts = [
        f"Keras model {model.name} ({model.class_name}): {n} layer{'' if n == 1 else 's'}, "
        f"{count(totals.total)} parameters ({count(totals.trainable)} trainable)"
    ]
    if model.inputs:
        parts.append(f"input {shapes(model.shapes(model.inputs))}")
    if model.outputs:
        parts.append(f"output {shapes(model.shapes(model.outputs))}")
    return "; ".join(parts) + "."
