"""Reading a model: with :mod:`.describe`, where the package imports Keras to read models.

:func:`read_model` resolves a :class:`~.target.Target`, builds the model in a fresh Keras session
and returns a plain :class:`~.description.ModelDescription`; :func:`read_with` runs another
computation (weights, explanations) on the built model.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.util
import inspect
import os
import re
import sys
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from sphinx_kerasviz.errors import KerasvizError, first_line, reason
from sphinx_kerasviz.model.calls import call_arguments, recording
from sphinx_kerasviz.model.describe import (
    Findings,
    api_of,
    defines_call,
    describe,
    describe_or_fail,
    describe_traced,
    fidelity_problem,
    graph_of,
    is_model,
    trace,
)
from sphinx_kerasviz.model.description import Layer, ModelDescription
from sphinx_kerasviz.model.graph_trace import graph_trace
from sphinx_kerasviz.model.target import Target

T = TypeVar("T")


@dataclass(frozen=True)
class ReadResult:
    """A description and the files it was read from (for Sphinx's dependency tracking)."""

    model: ModelDescription
    dependencies: tuple[str, ...]
    notes: tuple[KerasvizError, ...] = ()  # what could not be drawn faithfully: warnings


def read_model(
    target: Target,
    *,
    doc_dir: Path | str = ".",
    source_dir: Path | str = ".",
    input_shape: Any = None,
    confine: bool = False,
    custom_objects: Mapping[str, str] | None = None,
) -> ReadResult:
    """Resolve ``target``, build it in a fresh Keras session and describe it.

    File targets are relative to ``doc_dir``, or to ``source_dir`` when they start with ``/``;
    with ``confine`` a file outside ``source_dir`` is refused. ``custom_objects`` maps the
    class names a model file uses to dotted paths of the classes (or functions).
    Raises :class:`KerasvizError` with subtype ``import``, ``build``, ``file`` or ``custom``.
    """
    keras = import_keras()
    model, dependencies = load_target(keras, target, doc_dir=doc_dir, source_dir=source_dir,
                                      input_shape=input_shape, confine=confine,
                                      custom_objects=custom_objects, values=False)
    description, notes = _describe_traced(keras, model, input_shape)
    del model
    fresh_session(keras)  # the next model is built in an empty session: peak memory stays low
    return ReadResult(description, dependencies, notes)


def load_target(
    keras: ModuleType,
    target: Target,
    *,
    doc_dir: Path | str = ".",
    source_dir: Path | str = ".",
    input_shape: Any = None,
    confine: bool = False,
    custom_objects: Mapping[str, str] | None = None,
    seed: int | None = None,
    values: bool = True,
) -> tuple[Any, tuple[str, ...]]:
    """The built Keras model ``target`` names (see :func:`read_model`) and its source files.

    With ``seed``, ``keras.utils.set_random_seed(seed)`` runs just before the model is built,
    so its initial weights are the same on every read. Without ``values`` the weights may be
    left uninitialized (their shapes and dtypes are known; reading their values is not allowed).
    """
    dependencies: tuple[str, ...] = ()
    try:
        if target.is_file:
            path = model_file(target.path, Path(doc_dir), Path(source_dir), confine)
            dependencies = (str(path),)
            objects = _custom_objects(custom_objects or {})
            make = partial(_load_file, keras, path, objects)
        else:
            obj, module = resolve(target.path)
            dependencies = _source_files(module, obj)
            make = partial(_build, keras, target, obj, seed)
        with recording(keras):
            model = _construct(keras, lambda: _ensure_built(make(), target, input_shape),
                               values)
    except KerasvizError as err:
        err.dependencies = dependencies  # so fixing the source makes Sphinx read the page again
        raise
    return model, dependencies


def read_with(target: Target, compute: Callable[[Any], T], *, seed: int | None = None,
              **reading: Any) -> tuple[T, tuple[str, ...]]:
    """``compute(model)`` on the model ``target`` names (read as :func:`load_target` reads it)
    and the model's source files; the session is cleared afterwards."""
    keras = import_keras()
    model, dependencies = load_target(keras, target, seed=seed, **reading)
    try:
        return compute(model), dependencies
    except KerasvizError as err:
        err.dependencies = dependencies
        raise
    finally:
        del model
        fresh_session(keras)


def _describe_traced(
    keras: ModuleType, model: Any, input_shape: Any
) -> tuple[ModelDescription, tuple[KerasvizError, ...]]:
    """Describe ``model``; a subclassed one is traced through ``call()`` on symbolic inputs
    shaped like ``input_shape``, else like the call that built it.

    When it cannot be traced it becomes one node (its layers inside, without connections)
    and a ``trace`` note says why; a ``fidelity`` note says when the totals fail their check.
    """
    found = Findings()
    api = api_of(model)
    if graph_of(api, model) is not None or not defines_call(api, model):
        description = describe_or_fail(describe, model, found)
    else:
        description = _traced_or_boxed(keras, model, input_shape, found)
    problem = fidelity_problem(model, description, found)
    if problem:
        found.note("fidelity", problem)
    return description, tuple(found.notes)


def _traced_or_boxed(keras: ModuleType, model: Any, input_shape: Any,
                     found: Findings) -> ModelDescription:
    why = "it was never called or built: give :input-shape: to trace its call()"
    for arguments in call_arguments(keras, model, input_shape):
        traced = trace(keras, model, *arguments)
        if not isinstance(traced, str):
            return describe_or_fail(describe_traced, model, traced, found)
        in_graph = graph_trace(keras, model, *arguments, found)  # tf.* functions in call()
        if not isinstance(in_graph, str):
            return in_graph
        why = traced
    flat = describe_or_fail(describe, model, found)
    node = Layer(name=model.name, class_name=flat.class_name, kind="model", category="model",
                 params=flat.totals.total, trainable_params=flat.totals.trainable,
                 non_trainable_params=flat.totals.non_trainable, model=flat)
    found.note("trace", f"subclassed model {model.name!r} is drawn as one box: {why}")
    return replace(flat, layers=(node,))


def import_keras() -> ModuleType:
    # Only structure is read, so TensorFlow's start-up notices are noise in a docs build.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    first = "keras" not in sys.modules
    try:
        import keras
    except Exception as exc:  # ImportError, or a broken backend installation
        raise KerasvizError("import", f"cannot import keras: {first_line(exc)}") from None
    if first:  # Keras and its backend stay loaded: the garbage collection after each model
        gc.freeze()  # need not go through their objects again (a quarter second each time)
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
    except MemoryError:
        raise  # the reader reports it, with its memory cap
    except (Exception, SystemExit) as exc:  # sys.exit() in a module must not end the build
        raise KerasvizError("import", f"importing {name!r} raised {reason(exc)}") from None


def _source_files(module: ModuleType, obj: Any) -> tuple[str, ...]:
    files = {getattr(module, "__file__", None)}
    with contextlib.suppress(TypeError):  # builtins and instances have no source file
        files.add(inspect.getsourcefile(obj))
    return tuple(sorted(f for f in files if f))


def fresh_session(keras: ModuleType, free_memory: bool = True) -> None:
    keras.backend.clear_session(free_memory=free_memory)
    if "tf_keras" in sys.modules:  # the factory may build a Keras 2 model
        sys.modules["tf_keras"].backend.clear_session()


def _construct(keras: ModuleType, make: Callable[[], Any], values: bool) -> Any:
    """``make()`` in a fresh session; without ``values`` first with the weights' initialization
    deferred (and never done), which makes building VGG16 take 0.02 s instead of 3.6 s.

    A model whose making needs its weights' values is then made again as usual.
    """
    if not values:
        try:
            fresh_session(keras, free_memory=False)
            with keras.StatelessScope(initialize_variables=False):
                return make()
        except MemoryError:
            raise  # making it again would fill the reader's memory a second time
        except Exception:
            pass
    # A module that builds models when imported must not use up the automatic names (dense,
    # dense_1...) of the model made here. (Memory was freed after the previous model.)
    fresh_session(keras, free_memory=False)
    return make()


def _build(keras: ModuleType, target: Target, obj: Any, seed: int | None) -> Any:
    if seed is not None:
        keras.utils.set_random_seed(seed)
    if is_model(obj):
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
    except MemoryError:
        raise  # the reader reports it, with its memory cap
    except (Exception, SystemExit) as exc:
        raise KerasvizError("build", f"{target} raised {reason(exc)}") from None
    finally:  # a factory that sets mixed precision (say) must not change the next page's model
        _restore_config(keras, saved)
    if not is_model(model):
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


def model_file(name: str, doc_dir: Path, source_dir: Path, confine: bool) -> Path:
    """The model file ``name`` names (see :func:`read_model`); ``file`` error when refused."""
    path = source_dir / name.lstrip("/") if name.startswith("/") else doc_dir / name
    if confine and not path.resolve().is_relative_to(source_dir.resolve()):
        raise KerasvizError("file", f"model file {name} is outside the source directory")
    if not path.is_file():
        raise KerasvizError("file", f"model file not found: {name}")
    return path.resolve()


def _custom_objects(paths: Mapping[str, str]) -> dict[str, Any]:
    objects = {}
    for name, path in sorted(paths.items()):
        try:
            objects[name] = resolve(path)[0]
        except KerasvizError as err:
            raise KerasvizError("import", f"kerasviz_custom_objects[{name!r}]: {err.message}") \
                from None
    return objects


_UNKNOWN_CLASS = re.compile(r"Could not locate (?:class|function) '([^']+)'|Unknown \w+: '([^']+)'")


def _load_file(keras: ModuleType, path: Path, custom_objects: dict[str, Any]) -> Any:
    if path.suffix == ".keras" and not zipfile.is_zipfile(path):
        raise KerasvizError("file", f"{path.name} is not a .keras file (not a zip archive)")
    if path.suffix in (".h5", ".hdf5") and path.read_bytes()[:8] != b"\x89HDF\r\n\x1a\n":
        raise KerasvizError("file", f"{path.name} is not an HDF5 file")
    try:
        return keras.saving.load_model(path, custom_objects=custom_objects, compile=False)
    except Exception as exc:
        keras2 = _load_keras2_file(path, custom_objects)
        if keras2 is not None:
            return keras2
        unknown = _UNKNOWN_CLASS.search(str(exc))
        if unknown:
            raise KerasvizError(
                "custom",
                f"{path.name} uses the custom class {unknown[1] or unknown[2]!r}, which Keras "
                "cannot find: name it in kerasviz_custom_objects or register it with "
                "@keras.saving.register_keras_serializable",
            ) from None
        raise KerasvizError(
            "file", f"cannot load model file {path.name}: {first_line(exc)}"
        ) from None



def _load_keras2_file(path: Path, custom_objects: dict[str, Any]) -> Any:
    """A file only Keras 2 reads (``tf_keras`` saves layer options Keras 3 dropped), or None."""
    if importlib.util.find_spec("tf_keras") is None:
        return None
    import tf_keras

    tf_keras.backend.clear_session()
    try:
        return tf_keras.models.load_model(path, custom_objects=custom_objects, compile=False)
    except Exception:
        return None


def read_object(
    model: Any, input_shape: Any = None
) -> tuple[ModelDescription, tuple[KerasvizError, ...]]:
    """Describe a model object the caller already has (built, or built from ``input_shape``);
    also the notes on what could not be drawn faithfully."""
    keras = import_keras()
    if not is_model(model):
        raise KerasvizError("build", f"a {type(model).__name__} is not a keras.Model")
    return _describe_traced(keras, _ensure_built(model, model.name, input_shape),
                            input_shape)


def _ensure_built(model: Any, target: object, input_shape: Any) -> Any:
    """Build an unbuilt model from ``input_shape``: Sequential by ``build``, others by a call.

    A model without ``call()`` (a VAE or GAN wrapper) is drawn as its parts, built or not; so
    is one whose parts are built although it was never called itself (a Distiller's ``fit``
    calls only its student and teacher)."""
    api = api_of(model)
    parts = model.layers
    if model.built or not defines_call(api, model) or (parts and all(p.built for p in parts)):
        return model
    if input_shape is None:
        raise KerasvizError(
            "build",
            f"model {model.name!r} from {target} is not built; build it in the factory "
            "or give :input-shape:",
        )
    shapes = input_shape if isinstance(input_shape, list) else [input_shape]
    try:
        if isinstance(model, api.Sequential):
            model.build((None, *shapes[0]))
        else:  # a subclassed model creates its weights when it is called
            inputs = [api.Input(shape) for shape in shapes]
            model(inputs if len(inputs) > 1 else inputs[0])
    except Exception as exc:
        message = f"building {model.name!r} with input shape {input_shape} failed"
        raise KerasvizError("build", f"{message}: {first_line(exc)}") from None
    return model


