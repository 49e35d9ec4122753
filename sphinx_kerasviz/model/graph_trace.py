"""Tracing a ``call()`` that uses TensorFlow functions (``tf.gather``, ``tf.math...``), which
symbolic Keras tensors refuse.

The call runs once inside a TensorFlow graph (as ``fit`` runs it); every layer it calls directly
is recorded with the tensors it took and gave, and the graph's own edges connect the layers,
through the TensorFlow operations between them (which are not drawn). TensorFlow backend only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from unittest import mock

from sphinx_kerasviz.errors import reason
from sphinx_kerasviz.model.describe import (
    Findings,
    api_of,
    as_traced,
    describe_layer,
    dtype_of,
    input_names,
    shape_of,
    totals_of,
)
from sphinx_kerasviz.model.description import Call, Layer, ModelDescription, Port

#: One direct layer call: the layer, the tensors it took and the tensors it gave.
Record = tuple[Any, list[Any], list[Any]]


def graph_trace(keras: Any, model: Any, args: Any, kwargs: Any,
                found: Findings) -> ModelDescription | str:
    """``model``'s ``call(*args, **kwargs)`` (symbolic Keras tensors) traced in a TensorFlow
    graph; a string saying why when it cannot be."""
    if keras.backend.backend() != "tensorflow":
        return f"its call() needs the TensorFlow backend, not {keras.backend.backend()}"
    import tensorflow as tf

    specs = [tf.TensorSpec(t.shape, t.dtype) for t in keras.tree.flatten((args, kwargs))]

    def run(*flat: Any) -> Any:
        call_args, call_kwargs = keras.tree.pack_sequence_as((args, kwargs), list(flat))
        return model.call(*call_args, **call_kwargs)

    records: list[Record] = []
    try:
        with _recording_layer_calls(keras, tf, records):
            function = tf.function(run).get_concrete_function(*specs)
    except Exception as exc:
        return f"tracing its call() failed: {reason(exc)}"
    inputs = function.graph.inputs[: len(specs)]
    outputs = [t for t in tf.nest.flatten(function.structured_outputs) if tf.is_tensor(t)]
    names = input_names(keras, model.name, args, kwargs)
    return _described(model, dict(zip(names, inputs, strict=True)), outputs, records, found)


@contextlib.contextmanager
def _recording_layer_calls(keras: Any, tf: Any, records: list[Record]) -> Iterator[None]:
    """Note every layer call made directly by the traced ``call()`` (not the calls inside)."""
    from keras.src.layers.layer import Layer

    original = Layer.__call__
    depth = [0]

    def call(layer: Any, *args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        try:
            result = original(layer, *args, **kwargs)
        finally:
            depth[0] -= 1
        if depth[0] == 0:  # arrays the call passes (a graph's features) count as inputs too
            taken = [t for t in tf.nest.flatten((args, kwargs)) if hasattr(t, "shape")]
            records.append((layer, taken, [t for t in tf.nest.flatten(result) if tf.is_tensor(t)]))
        return result

    with mock.patch.object(Layer, "__call__", call):
        yield


def _described(model: Any, inputs: dict[str, Any], outputs: list[Any],
               records: list[Record], found: Findings) -> ModelDescription:
    api = api_of(model)
    producers = {t.ref(): Port(name) for name, t in inputs.items()}
    layers: dict[int, tuple[Any, list[Call]]] = {}
    for layer, taken, given in records:
        _, calls = layers.setdefault(id(layer), (layer, []))
        index = len(calls)
        calls.append(Call(
            index=index,
            inputs=tuple(dict.fromkeys(p for t in taken for p in _sources(t, producers))),
            input_shapes=tuple(shape_of(t) for t in taken),
            output_shapes=tuple(shape_of(t) for t in given),
            output_dtypes=tuple(dtype_of(t) for t in given),
        ))
        for position, tensor in enumerate(given):
            producers.setdefault(tensor.ref(), Port(layer.name, index, position))
    described = ModelDescription(
        name=model.name,
        class_name=type(model).__name__,
        kind="functional",
        layers=(
            *(Layer(name, "InputLayer", "input", "input", calls=(
                Call(0, (), (), (shape_of(t),), (dtype_of(t),)),)) for name, t in inputs.items()),
            *(describe_layer(api, layer, tuple(calls), None, found)
              for layer, calls in layers.values()),
        ),
        inputs=tuple(Port(name) for name in inputs),
        outputs=tuple(p for t in outputs for p in _sources(t, producers)),
        totals=totals_of(model),
        note=(f"{type(model).__name__}'s call() uses TensorFlow functions: the layers are "
              "connected through them, and they are not drawn."),
    )
    return as_traced(model, described, [layer for layer, _ in layers.values()], found)


def _sources(tensor: Any, producers: dict[Any, Port]) -> list[Port]:
    """The layer outputs (or model inputs) ``tensor`` is computed from, walking back through
    the TensorFlow operations that are not layers."""
    found: list[Port] = []
    stack, seen = [tensor], set()
    while stack:
        current = stack.pop()
        if not hasattr(current, "ref"):  # an array: no source
            continue
        port = producers.get(current.ref())
        if port is not None:
            found.append(port)
            continue
        try:
            op = current.op
        except AttributeError:  # a constant the call uses (an eager tensor): no source
            continue
        if op.name not in seen:
            seen.add(op.name)
            stack.extend(reversed(list(op.inputs)))
    return found
