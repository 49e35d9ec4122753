"""The arguments a subclassed model was called with, so its ``call()`` can be traced again.

Most subclassed models are built by calling them: on data, by ``fit`` or ``predict``. While a
model is made, :func:`recording` notes the tensors (shapes, dtypes, structure) each model is
first called with; a model built elsewhere (at import, or loaded from a file) falls back to the
shapes Keras keeps in ``_build_shapes_dict``. The batch axis becomes ``None`` either way.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from unittest import mock

#: id(model) -> (a weak reference to it, its first call's tensor arguments as KerasTensors)
_FIRST_CALLS: dict[int, tuple[weakref.ref, dict[str, Any]]] = {}


@contextlib.contextmanager
def recording(keras: ModuleType) -> Iterator[None]:
    """Note the first call of every model built inside the block."""
    from keras.src.layers.layer import Layer

    _FIRST_CALLS.clear()
    original = Layer._maybe_build

    def maybe_build(layer: Any, call_spec: Any) -> Any:
        if not layer.built and isinstance(layer, keras.Model) and _recorded(layer) is None:
            with contextlib.suppress(Exception):  # an argument we cannot copy: no record
                _FIRST_CALLS[id(layer)] = (weakref.ref(layer),
                                           _symbolic(keras, call_spec.tensor_arguments_dict))
        return original(layer, call_spec)

    with mock.patch.object(Layer, "_maybe_build", maybe_build):
        yield


def call_arguments(keras: ModuleType, model: Any, input_shape: Any) -> list[tuple[Any, Any]]:
    """``(args, kwargs)`` of symbolic tensors to trace ``model``'s ``call()`` with: from
    ``input_shape`` when given, else from the call that built the model. A model never called
    (a Distiller whose ``fit`` runs only its parts) gets a guess per built sub-model: the
    inputs of that part, in the order the model tracks its parts."""
    if input_shape is not None:
        shapes = input_shape if isinstance(input_shape, list) else [input_shape]
        inputs = [keras.KerasTensor((None, *shape)) for shape in shapes]
        return [((inputs if len(inputs) > 1 else inputs[0],), {})]
    recorded = _recorded(model)
    if recorded is not None:
        return [((), recorded)]
    shapes_dict = getattr(model, "_build_shapes_dict", None)
    if shapes_dict and list(shapes_dict) == ["input_shape"]:
        return [((_from_shapes(keras, shapes_dict["input_shape"]),), {})]
    if shapes_dict:
        return [((), {name.removesuffix("_shape"): _from_shapes(keras, shapes)
                      for name, shapes in shapes_dict.items()})]
    return [((_like(part.inputs),), {}) for part in model.layers
            if isinstance(part, keras.Model) and getattr(part, "inputs", None)]


def _like(inputs: list[Any]) -> Any:
    """Symbolic tensors the way a functional part takes them: one, or a list."""
    return inputs[0] if len(inputs) == 1 else list(inputs)


def _recorded(model: Any) -> dict[str, Any] | None:
    """The first call of ``model``; None when there is none (an id once used by a model made
    and dropped in a first attempt at building does not count)."""
    ref, recorded = _FIRST_CALLS.get(id(model), (None, None))
    return recorded if ref is not None and ref() is model else None


def _symbolic(keras: ModuleType, arguments: dict[str, Any]) -> dict[str, Any]:
    def spec(tensor: Any) -> Any:
        if tensor is None:
            return None
        return _batchless(keras, tensor.shape, keras.backend.standardize_dtype(tensor.dtype))

    return {name: keras.tree.map_structure(spec, value)
            for name, value in arguments.items() if name != "mask"}


def _from_shapes(keras: ModuleType, shapes: Any) -> Any:
    """Shapes (as Keras records them: tuples, or lists after a file) as float tensors."""
    if _is_shape(shapes):
        return _batchless(keras, shapes)
    if isinstance(shapes, dict):
        return {key: _from_shapes(keras, value) for key, value in shapes.items()}
    return type(shapes)(_from_shapes(keras, value) for value in shapes)


def _batchless(keras: ModuleType, shape: Any, dtype: str | None = None) -> Any:
    """A symbolic tensor of a recorded ``shape`` (batch axis first) with that axis made None."""
    shape = tuple(shape)
    return keras.KerasTensor((None, *shape[1:]) if shape else (), dtype=dtype)


def _is_shape(value: Any) -> bool:
    return isinstance(value, tuple | list) and all(
        dim is None or isinstance(dim, int) for dim in value)
