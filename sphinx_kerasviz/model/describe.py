"""Turning a built Keras model into a plain :class:`~.description.ModelDescription`.

Works on Keras 3 models (any backend) and on Keras 2 models from the ``tf_keras`` package: the
functions take ``api``, the ``keras`` or ``tf_keras`` module the model belongs to.
Subclassed Keras 3 models and custom layers that own layers are traced through ``call()``.
"""

from __future__ import annotations

import contextlib
import inspect
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any
from unittest import mock

from sphinx_kerasviz.errors import KerasvizError, reason
from sphinx_kerasviz.model.calls import call_arguments
from sphinx_kerasviz.model.description import (
    Call,
    Layer,
    ModelDescription,
    Port,
    Preprocessor,
    Shape,
    Totals,
    Weight,
)

LAYER_PACKAGES = (["keras", "src", "layers"], ["tf_keras", "src", "layers"])
#: Config entries shown elsewhere (the name) or that describe a whole model, not a layer.
CONFIG_SKIPPED = frozenset({"name", "build_config", "compile_config", "layers"})
CONFIG_VALUE_CHARS = 160
#: Where a model keeps the weights it made itself (not its layers'): Keras 3, then Keras 2.
OWN_WEIGHTS = ("_trainable_variables", "_non_trainable_variables", "_trainable_weights",
               "_non_trainable_weights")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


@dataclass
class Findings:
    """What describing a model noticed: warnings to give, and the weights its drawn layers hold
    (by ``id``, with their sizes), so the totals can be checked against them."""

    notes: list[KerasvizError] = field(default_factory=list)
    drawn: dict[int, int] = field(default_factory=dict)

    def note(self, subtype: str, message: str) -> None:
        self.notes.append(KerasvizError(subtype, message))


def api_of(model: Any) -> ModuleType:
    """The ``keras`` module, or ``tf_keras`` for a Keras 2 model."""
    if type(model).__module__.startswith("tf_keras."):
        return sys.modules["tf_keras"]
    return sys.modules["keras"]


def is_model(obj: Any) -> bool:
    """A Keras 3 model, or a Keras 2 one when the program uses ``tf_keras``."""
    return any(isinstance(obj, sys.modules[name].Model) for name in ("keras", "tf_keras")
               if name in sys.modules)


def graph_of(api: ModuleType, model: Any) -> Any:
    """The functional graph behind ``model``, or None for a subclassed model."""
    if api.__name__ == "tf_keras":
        return model if getattr(model, "_is_graph_network", False) else None
    if isinstance(model, api.Sequential):
        return getattr(model, "_functional", None)
    from keras.src.models.functional import Functional

    return model if isinstance(model, Functional) else None


def defines_call(api: ModuleType, model: Any) -> bool:
    """Whether ``model``'s class has a ``call()`` of its own (a VAE or GAN wrapper often has
    only ``train_step``)."""
    return type(model).call not in (api.Model.call, api.layers.Layer.call)


def trace(keras: ModuleType, op: Any, args: Any, kwargs: Any) -> Any:
    """A functional model of ``op.call(*args, **kwargs)`` on fresh symbolic inputs shaped like
    the symbolic tensors in ``args``; a string saying why when the call cannot be traced."""
    if keras.__name__ != "keras":
        return "Keras 2 models are not traced"
    signature = inspect.signature(op.call)
    accepted = signature.parameters
    if not any(p.kind is p.VAR_KEYWORD for p in accepted.values()):  # as Layer.__call__ does
        kwargs = {key: value for key, value in kwargs.items() if key in accepted}
    training = accepted.get("training")
    if training is not None and training.default is training.empty:  # call(x, training)
        with contextlib.suppress(TypeError):
            if "training" not in signature.bind_partial(*args, **kwargs).arguments:
                kwargs = {**kwargs, "training": False}
    names = iter(input_names(keras, op.name, args, kwargs))
    inputs: list[Any] = []

    def fresh(value: Any) -> Any:
        if not isinstance(value, keras.KerasTensor):
            return value
        inputs.append(keras.Input(batch_shape=value.shape, dtype=value.dtype, name=next(names)))
        return inputs[-1]

    try:
        args, kwargs = keras.tree.map_structure(fresh, (args, kwargs))
        with _symbolic_losses_skipped(keras):
            outputs = op.call(*args, **kwargs)
        # Only read, never run: stateless, so PyTorch does not make Parameters of its
        # variables (which quantized int8 variables cannot be)
        with keras.StatelessScope():
            return keras.Model(inputs if len(inputs) > 1 else inputs[0], outputs, name=op.name)
    except Exception as exc:
        return f"tracing its call() failed: {reason(exc)}"


def input_names(keras: ModuleType, owner: str, args: Any, kwargs: Any) -> list[str]:
    """A name for each symbolic tensor in ``(args, kwargs)``, in order: its key when it is an
    entry of a dict (``{"numeric": ..., "category": ...}``), else ``<owner>_input[_<i>]``."""
    paths = [path for path, value in keras.tree.flatten_with_path((args, kwargs))
             if isinstance(value, keras.KerasTensor)]
    names: list[str] = []
    for index, path in enumerate(paths):
        keys = [key for key in path[2:] if isinstance(key, str)]  # not the argument's name
        name = keys[-1] if keys else f"{owner}_input_{index}" if len(paths) > 1 \
            else f"{owner}_input"
        names.append(name if name not in names else f"{name}_{index}")
    return names


@contextlib.contextmanager
def _symbolic_losses_skipped(keras: ModuleType) -> Iterator[None]:
    """``self.add_loss(kl_loss)`` in a traced ``call()`` (a VAE's) gets a symbolic tensor, which
    Keras refuses outside its own call; the loss is not part of the drawing, so it is skipped."""
    original = keras.layers.Layer.add_loss

    def add_loss(layer: Any, loss: Any) -> Any:
        if any(isinstance(x, keras.KerasTensor) for x in keras.tree.flatten(loss)):
            return None
        return original(layer, loss)

    with mock.patch.object(keras.layers.Layer, "add_loss", add_loss):
        yield


def describe_or_fail(describing: Any, *args: Any) -> ModelDescription:
    """``describing(*args)`` (:func:`describe` or :func:`describe_traced`), with a failure on an
    unusual model reported like bad input."""
    try:
        return describing(*args)
    except Exception as exc:
        raise KerasvizError("read", f"cannot read the model: {reason(exc)}") from None


def totals_of(model: Any) -> Totals:
    """The parameter counts and bytes ``model.summary()`` prints (Keras's own functions)."""
    from keras.src.utils.summary_utils import count_params, weight_memory_size

    return Totals(
        trainable=count_params(model.trainable_weights),
        non_trainable=count_params(model.non_trainable_weights),
        trainable_bytes=float(weight_memory_size(model.trainable_weights)),
        non_trainable_bytes=float(weight_memory_size(model.non_trainable_weights)),
    )


def describe(model: Any, found: Findings | None = None) -> ModelDescription:
    """Turn a built Keras model into a :class:`ModelDescription`.

    Nested subclassed models and custom layers that own layers are traced through their
    ``call()``; ``found`` receives why a nested model could not be. A subclassed model is
    described as its tracked parts, unconnected.
    """
    found = Findings() if found is None else found
    api = api_of(model)
    totals = totals_of(model)
    found.drawn.update(_own_weights(model))  # counted by Keras, drawn in no layer
    kind = "sequential" if isinstance(model, api.Sequential) else "functional"
    graph = graph_of(api, model)
    if graph is None:
        layers = tuple(describe_layer(api, layer, (), None, found) for layer in model.layers)
        note = None if defines_call(api, model) else (
            f"{type(model).__name__} defines no call(): its parts are drawn side by side, "
            "unconnected.")
        return ModelDescription(
            model.name, type(model).__name__, "subclassed", layers, (), (), totals, note
        )
    relevant = {id(node) for nodes in graph._nodes_by_depth.values() for node in nodes}
    layers = []
    operations = getattr(graph, "_operations", None) or graph._self_tracked_trackables
    for op in operations:
        nodes = [(i, node) for i, node in enumerate(op._inbound_nodes) if id(node) in relevant]
        calls = tuple(_call(index, node) for index, node in nodes)
        layers.append(describe_layer(api, op, calls, nodes[0][1] if nodes else None, found))
    return ModelDescription(
        name=model.name,
        class_name=type(model).__name__,
        kind=kind,
        layers=tuple(layers),
        inputs=tuple(_port(t) for t in _flatten(graph.inputs)),
        outputs=tuple(_port(t) for t in _flatten(graph.outputs)),
        totals=totals,
        preprocessor=_preprocessor(api, model),
    )


def _preprocessor(api: ModuleType, model: Any) -> Preprocessor | None:
    """What KerasHub's ``Task.summary()`` shows of the task's preprocessor (found by the base
    classes' names, so KerasHub need not be imported)."""
    preprocessor = getattr(model, "preprocessor", None)
    if not isinstance(preprocessor, api.layers.Layer):
        return None
    parts = []
    for layer in preprocessor._flatten_layers(include_self=False):
        bases = {cls.__name__ for cls in type(layer).__mro__}
        if "Tokenizer" in bases:
            info = f"Vocab size: {layer.vocabulary_size():,}"
        elif "ImageConverter" in bases:
            info = f"Image size: {_dims(layer.image_size or (None, None))}"
        elif "AudioConverter" in bases:
            info = f"Audio shape: {_dims(layer.audio_shape())}"
        else:
            continue
        parts.append((layer.name, type(layer).__name__, info))
    return Preprocessor(preprocessor.name, tuple(parts))


def _dims(shape: Any) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


def describe_traced(model: Any, traced: Any, found: Findings) -> ModelDescription:
    """``model`` as ``traced`` (the functional model of its ``call()``) draws it."""
    api = api_of(model)
    reached = [op for op in traced.operations if isinstance(op, api.layers.Layer)]
    return as_traced(model, describe(traced, found), reached, found)


def as_traced(model: Any, described: ModelDescription, reached: list[Any],
              found: Findings) -> ModelDescription:
    """``described`` (a trace of ``model``'s ``call()`` that ``reached`` these layers) with
    ``model``'s class and totals; the tracked parts the call never reaches follow, marked."""
    api = api_of(model)
    found.drawn.update(_own_weights(model))
    seen = {id(layer) for op in reached for layer in op._flatten_layers()}
    unused = tuple(replace(describe_layer(api, layer, (), None, found), unused=True)
                   for layer in model.layers if id(layer) not in seen)
    return replace(described, class_name=type(model).__name__, totals=totals_of(model),
                   layers=described.layers + unused)


def fidelity_problem(model: Any, description: ModelDescription, found: Findings) -> str | None:
    """Why the totals of ``description`` cannot be trusted, or None: they must equal Keras's
    ``count_params()``, and the layers drawn must hold every weight Keras counts."""
    totals = description.totals
    built = getattr(model, "built", True)
    counted = model.count_params() if built else totals.total
    if counted != totals.total:
        return f"Keras counts {counted:,} parameters but the table would say {totals.total:,}"
    drawn = sum(found.drawn.values())
    if drawn == totals.total:
        return None
    why = ("some of its weights are in no layer drawn" if drawn < totals.total else
           "Keras does not track some layers its call() uses")
    return f"the layers drawn hold {drawn:,} parameters but Keras counts {totals.total:,}: {why}"


def _own_weights(model: Any) -> dict[int, int]:
    """The weights a model made itself (``self.add_weight`` in a subclass), not its layers'."""
    return {id(w): _size(w) for name in OWN_WEIGHTS for w in getattr(model, name, ())}


def _flatten(structure: Any) -> list[Any]:
    import keras

    return keras.tree.flatten(structure)


def _port(tensor: Any) -> Port:
    history = tensor._keras_history
    operation = getattr(history, "operation", None) or history.layer  # Keras 3, Keras 2
    return Port(operation.name, history.node_index, history.tensor_index)


def shape_of(tensor: Any) -> Shape | None:
    shape = getattr(tensor, "shape", None)
    return None if shape is None else tuple(None if d is None else int(d) for d in shape)


def dtype_of(tensor: Any) -> str:
    dtype = getattr(tensor, "dtype", "?")
    return str(getattr(dtype, "name", dtype))  # Keras 2 has TensorFlow dtypes


def _call(index: int, node: Any) -> Call:
    inputs = node.keras_inputs if hasattr(node, "keras_inputs") else node.input_tensors
    outputs = _flatten(node.output_tensors)
    return Call(
        index=index,
        inputs=tuple(_port(t) for t in inputs),
        input_shapes=tuple(shape_of(t) for t in inputs),
        output_shapes=tuple(shape_of(t) for t in outputs),
        output_dtypes=tuple(dtype_of(t) for t in outputs),
    )


def describe_layer(api: ModuleType, op: Any, calls: tuple[Call, ...], node: Any,
                   found: Findings) -> Layer:
    """One layer (or op, or nested model) with its ``calls``; ``node`` is its first call's."""
    is_layer = isinstance(op, api.layers.Layer)
    weights = {id(w): w for w in op.weights} if is_layer else {}
    trainable_ids = {id(w) for w in op.trainable_weights} if is_layer else set()
    trainable = sum(_size(w) for i, w in weights.items() if i in trainable_ids)
    non_trainable = sum(_size(w) for i, w in weights.items() if i not in trainable_ids)
    custom = not type(op).__module__.startswith(("keras.", "tf_keras."))
    if isinstance(op, api.Model):
        kind, nested = "model", _nested_model(api, op, node, found)
    else:
        kind = ("input" if isinstance(op, api.layers.InputLayer) else
                "layer" if is_layer else "op")
        owns_layers = custom and is_layer and bool(getattr(op, "_layers", None))
        nested = _traced_layer(api, op, node, found) if owns_layers else None
        found.drawn.update((i, _size(w)) for i, w in weights.items())
    return Layer(
        name=op.name,
        class_name=type(op).__name__,
        kind=kind,
        category=_category(api, op),
        calls=calls,
        params=trainable + non_trainable,
        trainable_params=trainable,
        non_trainable_params=non_trainable,
        trainable=bool(op.trainable) if weights else None,
        activation=_activation(op),
        detail=_detail(api, op),
        custom=custom,
        model=nested,
        config=() if kind == "model" else _config(op),
        weights=() if kind == "model" else tuple(
            Weight(_weight_name(w), tuple(int(d) for d in w.shape), dtype_of(w), i in trainable_ids)
            for i, w in weights.items()
        ),
        dtype_policy=_policy(op) if kind in ("layer", "model") else None,
    )


def _policy(layer: Any) -> str | None:
    policy = getattr(layer, "dtype_policy", None)  # Keras 2 layers have none
    return str(getattr(policy, "name", policy)) if policy is not None else None


def _weight_name(weight: Any) -> str:
    return str(getattr(weight, "path", None) or weight.name)  # Keras 3 paths, Keras 2 names


def _config(op: Any) -> tuple[tuple[str, str], ...]:
    """``op.get_config()``, each value written out in one short line."""
    try:
        config = op.get_config()
    except Exception:  # custom layers often have none
        return ()
    if not isinstance(config, dict):
        return ()
    return tuple(
        (str(key), _clipped(_written(value)))
        for key, value in config.items()
        if key not in CONFIG_SKIPPED
    )


def _written(value: Any) -> str:
    """A config value as people read it: ``GlorotUniform(seed=None)``, ``(3, 3)``, ``same``."""
    if isinstance(value, dict) and "class_name" in value:
        inner = value.get("config")
        if isinstance(inner, dict):
            args = ", ".join(f"{key}={_written(item)}" for key, item in inner.items())
        else:
            args = _written(inner) if inner is not None else ""
        return f"{value['class_name']}({args})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_written(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        items = ", ".join(_written(item) for item in value)
        return f"({items}{',' if len(value) == 1 else ''})" if isinstance(value, tuple) \
            else f"[{items}]"
    if isinstance(value, str):
        return value
    return _ADDRESS.sub("", repr(value))  # a function's address changes from run to run


def _clipped(text: str) -> str:
    return text if len(text) <= CONFIG_VALUE_CHARS else text[: CONFIG_VALUE_CHARS - 1] + "…"


def _nested_model(api: ModuleType, model: Any, node: Any, found: Findings) -> ModelDescription:
    """A nested model; a subclassed one traced on the inputs of its call in the outer model,
    or, when the outer model never calls it (a part of a VAE), on the call that built it."""
    if graph_of(api, model) is not None or not defines_call(api, model):
        return describe(model, found)
    if node is not None:
        candidates = [_arguments(node)]
    else:  # Keras 2 models are not traced
        candidates = call_arguments(api, model, None) if api.__name__ == "keras" else []
    for arguments in candidates:
        traced = trace(api, model, *arguments)
        if not isinstance(traced, str):
            return describe_traced(model, traced, found)
        if node is not None:
            found.note("trace", f"nested model {model.name!r} is drawn without its "
                                f"connections: {traced}")
    return describe(model, found)


def _traced_layer(
    api: ModuleType, layer: Any, node: Any, found: Findings
) -> ModelDescription | None:
    """The inside of a custom layer that owns layers, for :expand-nested:; None when its
    ``call()`` cannot be traced (it is then drawn as the one box it is)."""
    if node is None:
        return None
    traced = trace(api, layer, *_arguments(node))
    if isinstance(traced, str):
        return None
    return replace(describe(traced, found), class_name=type(layer).__name__)


def _arguments(node: Any) -> tuple[Any, Any]:
    arguments = getattr(node, "arguments", None)  # Keras 3; Keras 2 keeps call_args
    if arguments is None:
        return node.call_args, node.call_kwargs
    return arguments.args, arguments.kwargs


def _size(weight: Any) -> int:
    size = 1
    for dim in weight.shape:
        size *= int(dim)
    return size


def _category(api: ModuleType, op: Any) -> str:
    """The family of the layer, from where its class (or a Keras base class) lives."""
    if isinstance(op, api.Model):
        return "model"
    if not isinstance(op, api.layers.Layer):
        return "op"
    if isinstance(op, api.layers.InputLayer):
        return "input"
    for cls in type(op).__mro__:
        parts = cls.__module__.split(".")
        if parts[:3] in LAYER_PACKAGES and len(parts) > 4:
            group = parts[3]
            if group == "core":
                return "embedding" if cls.__name__ == "Embedding" else "core"
            return group
    return "custom"


def _activation(op: Any) -> str | None:
    activation = getattr(op, "activation", None)
    if activation is None:
        return None
    return getattr(activation, "__name__", type(activation).__name__)


def _detail(api: ModuleType, op: Any) -> str | None:
    """A short extra line: the wrapped layer of a wrapper, the function of a Lambda."""
    if isinstance(op, api.layers.Lambda):
        return getattr(op.function, "__name__", type(op.function).__name__)
    inner = getattr(op, "forward_layer", None) or getattr(op, "layer", None)
    if isinstance(inner, api.layers.Layer):
        units = getattr(inner, "units", None)
        return f"{type(inner).__name__}({units})" if units else type(inner).__name__
    return None
