"""Reading a model: the only module that imports Keras.

:func:`read_model` resolves a :class:`~sphinx_kerasviz.target.Target`, builds the model in a
fresh Keras session and returns a plain :class:`~sphinx_kerasviz.description.ModelDescription`.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import os
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from sphinx_kerasviz.description import Call, Layer, ModelDescription, Port, Shape, Totals
from sphinx_kerasviz.errors import KerasvizError, first_line, reason
from sphinx_kerasviz.target import Target


@dataclass(frozen=True)
class ReadResult:
    """A description and the files it was read from (for Sphinx's dependency tracking)."""

    model: ModelDescription
    dependencies: tuple[str, ...]
    notes: tuple[str, ...] = ()  # what could not be drawn faithfully, for a warning


def read_model(
    target: Target,
    *,
    doc_dir: Path | str = ".",
    source_dir: Path | str = ".",
    input_shape: Any = None,
    confine: bool = False,
) -> ReadResult:
    """Resolve ``target``, build it in a fresh Keras session and describe it.

    File targets are relative to ``doc_dir``, or to ``source_dir`` when they start with ``/``;
    with ``confine`` a file outside ``source_dir`` is refused.
    Raises :class:`KerasvizError` with subtype ``import``, ``build`` or ``file``.
    """
    keras = _import_keras()
    dependencies: tuple[str, ...] = ()
    try:
        if target.is_file:
            path = _model_file(target.path, Path(doc_dir), Path(source_dir), confine)
            dependencies = (str(path),)
            keras.backend.clear_session()
            model = _load_file(keras, path)
        else:
            obj, module = resolve(target.path)
            dependencies = _source_files(module, obj)
            # After the import: a module that builds models when imported must not use up
            # the automatic names (dense, dense_1...) of the model the factory builds.
            keras.backend.clear_session()
            model = _build(keras, target, obj)
        model = _ensure_built(keras, model, target, input_shape)
    except KerasvizError as err:
        err.dependencies = dependencies  # so fixing the source makes Sphinx read the page again
        raise
    description, notes = _describe_traced(keras, model, input_shape)
    return ReadResult(description, dependencies, notes)


def _describe_traced(
    keras: ModuleType, model: Any, input_shape: Any
) -> tuple[ModelDescription, tuple[str, ...]]:
    """Describe ``model``; a subclassed one is traced through ``call()`` on symbolic inputs.

    When it cannot be traced it becomes one node (its layers inside, without connections)
    and the note says why.
    """
    if _graph_of(keras, model) is not None:
        return _describe(model), ()
    if input_shape is None:
        why = "give :input-shape: to trace its call()"
    else:
        shapes = input_shape if isinstance(input_shape, list) else [input_shape]
        inputs = [keras.Input(shape) for shape in shapes]
        try:
            outputs = model.call(inputs if len(inputs) > 1 else inputs[0])
            traced = keras.Model(inputs, outputs, name=model.name)
        except Exception as exc:
            why = f"tracing its call() failed: {reason(exc)}"
        else:
            return replace(_describe(traced), class_name=type(model).__name__), ()
    flat = _describe(model)
    node = Layer(name=model.name, class_name=flat.class_name, kind="model", category="model",
                 params=flat.totals.total, trainable_params=flat.totals.trainable,
                 non_trainable_params=flat.totals.non_trainable, model=flat)
    note = f"subclassed model {model.name!r} is drawn as one box: {why}"
    return replace(flat, layers=(node,)), (note,)


def _import_keras() -> ModuleType:
    # Only structure is read, so TensorFlow's start-up notices are noise in a docs build.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    try:
        import keras
    except Exception as exc:  # ImportError, or a broken backend installation
        raise KerasvizError("import", f"cannot import keras: {first_line(exc)}") from None
    return keras


def resolve(path: str) -> tuple[Any, ModuleType]:
    """Import a dotted ``path`` part by part: modules while they exist, then attributes."""
    parts = path.split(".")
    module = obj = _import(parts[0], top=True)
    for depth, attr in enumerate(parts[1:], start=2):
        if isinstance(obj, ModuleType):
            submodule = _import(".".join(parts[:depth]))
            if submodule is not None:
                module = obj = submodule
                continue
        try:
            obj = getattr(obj, attr)
        except AttributeError:
            owner = ".".join(parts[: depth - 1])
            raise KerasvizError("import", f"{owner!r} has no attribute {attr!r}") from None
    return obj, module


def _import(name: str, top: bool = False) -> Any:
    """Import module ``name``; None when there is no such (sub)module."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            if top:
                raise KerasvizError("import", f"no module named {name!r}") from None
            return None
        raise KerasvizError("import", f"importing {name!r} failed: {first_line(exc)}") from None
    except Exception as exc:
        raise KerasvizError(
            "import", f"importing {name!r} raised {reason(exc)}"
        ) from None


def _source_files(module: ModuleType, obj: Any) -> tuple[str, ...]:
    files = {getattr(module, "__file__", None)}
    with contextlib.suppress(TypeError):  # builtins and instances have no source file
        files.add(inspect.getsourcefile(obj))
    return tuple(sorted(f for f in files if f))


def _build(keras: ModuleType, target: Target, obj: Any) -> Any:
    if isinstance(obj, keras.Model):
        if target.called:
            raise KerasvizError("build", f"{target.path!r} is a model, not a factory to call")
        return obj
    if not callable(obj):
        raise KerasvizError(
            "build", f"{target.path!r} is a {type(obj).__name__}, not a keras.Model or factory"
        )
    saved = _global_config(keras)
    try:
        model = obj(*target.args, **dict(target.kwargs))
    except Exception as exc:
        raise KerasvizError("build", f"{target} raised {reason(exc)}") from None
    finally:  # a factory that sets mixed precision (say) must not change the next page's model
        _restore_config(keras, saved)
    if not isinstance(model, keras.Model):
        raise KerasvizError(
            "build", f"{target} returned a {type(model).__name__}, not a keras.Model"
        )
    return model


def _global_config(keras: ModuleType) -> tuple[Any, ...]:
    config = keras.config
    return (config.dtype_policy(), config.floatx(), config.image_data_format(), config.epsilon())


def _restore_config(keras: ModuleType, saved: tuple[Any, ...]) -> None:
    config = keras.config
    for setter, value in zip(
        (config.set_dtype_policy, config.set_floatx, config.set_image_data_format,
         config.set_epsilon), saved, strict=True
    ):
        setter(value)


def _model_file(name: str, doc_dir: Path, source_dir: Path, confine: bool) -> Path:
    path = source_dir / name.lstrip("/") if name.startswith("/") else doc_dir / name
    if confine and not path.resolve().is_relative_to(source_dir.resolve()):
        raise KerasvizError("file", f"model file {name} is outside the source directory")
    if not path.is_file():
        raise KerasvizError("file", f"model file not found: {name}")
    return path.resolve()


def _load_file(keras: ModuleType, path: Path) -> Any:
    if path.suffix == ".keras" and not zipfile.is_zipfile(path):
        raise KerasvizError("file", f"{path.name} is not a .keras file (not a zip archive)")
    if path.suffix in (".h5", ".hdf5") and path.read_bytes()[:8] != b"\x89HDF\r\n\x1a\n":
        raise KerasvizError("file", f"{path.name} is not an HDF5 file")
    try:
        return keras.saving.load_model(path, compile=False)
    except Exception as exc:
        raise KerasvizError(
            "file", f"cannot load model file {path.name}: {first_line(exc)}"
        ) from None



def read_object(model: Any, input_shape: Any = None) -> tuple[ModelDescription, tuple[str, ...]]:
    """Describe a model object the caller already has (built, or built from ``input_shape``);
    also the notes on what could not be drawn faithfully."""
    keras = _import_keras()
    if not isinstance(model, keras.Model):
        raise KerasvizError("build", f"a {type(model).__name__} is not a keras.Model")
    return _describe_traced(keras, _ensure_built(keras, model, model.name, input_shape),
                            input_shape)


def _ensure_built(keras: ModuleType, model: Any, target: object, input_shape: Any) -> Any:
    """Build an unbuilt model from ``input_shape``: Sequential by ``build``, others by a call."""
    if model.built:
        return model
    if input_shape is None:
        raise KerasvizError(
            "build",
            f"model {model.name!r} from {target} is not built; build it in the factory "
            "or give :input-shape:",
        )
    shapes = input_shape if isinstance(input_shape, list) else [input_shape]
    try:
        if isinstance(model, keras.Sequential):
            model.build((None, *shapes[0]))
        else:  # a subclassed model creates its weights when it is called
            inputs = [keras.Input(shape) for shape in shapes]
            model(inputs if len(inputs) > 1 else inputs[0])
    except Exception as exc:
        message = f"building {model.name!r} with input shape {input_shape} failed"
        raise KerasvizError("build", f"{message}: {first_line(exc)}") from None
    return model


def _graph_of(keras: ModuleType, model: Any) -> Any:
    """The Functional graph behind ``model``, or None for a subclassed model."""
    if isinstance(model, keras.Sequential):
        return getattr(model, "_functional", None)
    from keras.src.models.functional import Functional

    return model if isinstance(model, Functional) else None


def _describe(model: Any) -> ModelDescription:
    """:func:`describe`, with a failure on an unusual model reported like bad input."""
    try:
        return describe(model)
    except Exception as exc:
        raise KerasvizError("read", f"cannot read the model: {reason(exc)}") from None


def describe(model: Any) -> ModelDescription:
    """Turn a built Keras model into a :class:`ModelDescription`."""
    keras = _import_keras()
    from keras.src.utils.summary_utils import count_params, weight_memory_size

    totals = Totals(
        trainable=count_params(model.trainable_weights),
        non_trainable=count_params(model.non_trainable_weights),
        trainable_bytes=float(weight_memory_size(model.trainable_weights)),
        non_trainable_bytes=float(weight_memory_size(model.non_trainable_weights)),
    )
    kind = "sequential" if isinstance(model, keras.Sequential) else "functional"
    graph = _graph_of(keras, model)
    if graph is None:
        layers = tuple(_layer(keras, layer, ()) for layer in model.layers)
        return ModelDescription(
            model.name, type(model).__name__, "subclassed", layers, (), (), totals
        )
    relevant = {id(node) for nodes in graph._nodes_by_depth.values() for node in nodes}
    layers = []
    for op in graph._operations:
        calls = tuple(
            _call(index, node)
            for index, node in enumerate(op._inbound_nodes)
            if id(node) in relevant
        )
        layers.append(_layer(keras, op, calls))
    return ModelDescription(
        name=model.name,
        class_name=type(model).__name__,
        kind=kind,
        layers=tuple(layers),
        inputs=tuple(_port(t) for t in keras.tree.flatten(graph.inputs)),
        outputs=tuple(_port(t) for t in keras.tree.flatten(graph.outputs)),
        totals=totals,
    )


def _port(tensor: Any) -> Port:
    history = tensor._keras_history
    return Port(history.operation.name, history.node_index, history.tensor_index)


def _shape(tensor: Any) -> Shape | None:
    shape = getattr(tensor, "shape", None)
    return None if shape is None else tuple(None if d is None else int(d) for d in shape)


def _call(index: int, node: Any) -> Call:
    return Call(
        index=index,
        inputs=tuple(_port(t) for t in node.input_tensors),
        input_shapes=tuple(_shape(t) for t in node.input_tensors),
        output_shapes=tuple(_shape(t) for t in node.output_tensors),
        output_dtypes=tuple(str(getattr(t, "dtype", "?")) for t in node.output_tensors),
    )


def _layer(keras: ModuleType, op: Any, calls: tuple[Call, ...]) -> Layer:
    is_layer = isinstance(op, keras.layers.Layer)
    weights = {id(w): w for w in op.weights} if is_layer else {}
    trainable_ids = {id(w) for w in op.trainable_weights} if is_layer else set()
    trainable = sum(_size(w) for i, w in weights.items() if i in trainable_ids)
    non_trainable = sum(_size(w) for i, w in weights.items() if i not in trainable_ids)
    if isinstance(op, keras.Model):
        kind, nested = "model", describe(op)
    else:
        kind, nested = ("input" if isinstance(op, keras.layers.InputLayer) else
                        "layer" if is_layer else "op"), None
    return Layer(
        name=op.name,
        class_name=type(op).__name__,
        kind=kind,
        category=_category(keras, op),
        calls=calls,
        params=trainable + non_trainable,
        trainable_params=trainable,
        non_trainable_params=non_trainable,
        trainable=bool(op.trainable) if weights else None,
        activation=_activation(op),
        detail=_detail(keras, op),
        custom=not type(op).__module__.startswith("keras."),
        model=nested,
    )


def _size(weight: Any) -> int:
    size = 1
    for dim in weight.shape:
        size *= int(dim)
    return size


def _category(keras: ModuleType, op: Any) -> str:
    """The family of the layer, from where its class (or a Keras base class) lives."""
    if isinstance(op, keras.Model):
        return "model"
    if not isinstance(op, keras.layers.Layer):
        return "op"
    for cls in type(op).__mro__:
        parts = cls.__module__.split(".")
        if parts[:3] == ["keras", "src", "layers"] and len(parts) > 4:
            group = parts[3]
            if group == "core":
                return {"InputLayer": "input", "Embedding": "embedding"}.get(
                    cls.__name__, "core"
                )
            return group
    return "custom"


def _activation(op: Any) -> str | None:
    activation = getattr(op, "activation", None)
    if activation is None:
        return None
    return getattr(activation, "__name__", type(activation).__name__)


def _detail(keras: ModuleType, op: Any) -> str | None:
    """A short extra line: the wrapped layer of a wrapper, the function of a Lambda."""
    if isinstance(op, keras.layers.Lambda):
        return getattr(op.function, "__name__", type(op.function).__name__)
    inner = getattr(op, "forward_layer", None) or getattr(op, "layer", None)
    if isinstance(inner, keras.layers.Layer):
        units = getattr(inner, "units", None)
        return f"{type(inner).__name__}({units})" if units else type(inner).__name__
    return None
