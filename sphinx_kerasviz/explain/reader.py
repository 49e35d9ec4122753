"""Load a target and compute one explanation as plain data (imports Keras; runs isolated).

A factory's model is built after ``keras.utils.set_random_seed(SEED)``, like ``keras-weights``,
so untrained models give the same pictures on every build; a model file keeps its weights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.explain import methods
from sphinx_kerasviz.explain.data import (
    ActivationMax,
    ActivationMaxRequest,
    Activations,
    ActivationsRequest,
    Attribution,
    Boundary,
    BoundaryRequest,
    Explained,
    GradcamRequest,
    LayerOutput,
    Picture,
    Request,
    Result,
    SaliencyRequest,
    Seen,
    Source,
)
from sphinx_kerasviz.explain.inputs import (
    model_input,
    points_and_labels,
    read_array,
)
from sphinx_kerasviz.model.reader import read_with, resolve
from sphinx_kerasviz.model.target import Target

SEED = 0
MAX_UNITS = 16  # activation maximization of every class or filter stops here


def explain(target: Target, *, request: Request, **reading: Any) -> Explained:
    """Build (seeded) or load ``target`` and compute what ``request`` asks for; ``reading`` as
    ``read_model`` takes it. Raises :class:`KerasvizError` (``import``, ``build``, ``file``,
    ``input``, ``option``, ``explain``)."""
    result, dependencies = read_with(target, lambda model: compute(model, request), seed=SEED,
                                     **reading)
    return Explained(result, dependencies + source_files(request))


def compute(model: Any, request: Request) -> Result:
    if len(model.inputs) != 1:
        raise KerasvizError("explain", f"model {model.name!r} has {len(model.inputs)} inputs; "
                            "explanations need a model with one")
    return COMPUTE[type(request)](model, request)


def source_files(request: Request) -> tuple[str, ...]:
    """The Python file a dotted ``:input:`` or ``:data:`` comes from (files are the
    directive's to track)."""
    source = request.data if isinstance(request, BoundaryRequest) else getattr(
        request, "seen", Seen(Source(""))).source
    if not source.dotted:
        return ()
    _obj, module = resolve(source.dotted)
    return (str(module.__file__),) if getattr(module, "__file__", None) else ()


def input_shape_of(model: Any) -> tuple[int | None, ...]:
    return tuple(model.inputs[0].shape[1:])


def seen_input(model: Any, seen: Seen) -> np.ndarray:
    shape = input_shape_of(model)
    image_shape = shape if all(d is not None for d in shape) else None
    return model_input(read_array(seen.source, image_shape), shape, seen.sample)


def flat_map(values: np.ndarray) -> np.ndarray:
    """A map over an image drops its channels (their largest value); others stay."""
    return values.max(axis=-1) if values.ndim == 3 else values


def activations_of(model: Any, request: ActivationsRequest) -> Activations:
    x = seen_input(model, request.seen)
    outputs = methods.activations(model, x, request.layers)
    return Activations(str(model.name), Picture.of(x[0]),
                       tuple(LayerOutput(name, kind, Picture.of(values))
                             for name, kind, values in outputs))


def saliency_of(model: Any, request: SaliencyRequest) -> Attribution:
    x = seen_input(model, request.seen)
    index, output = methods.check_class(model, x, request.class_index)
    maps = []
    for method in request.methods:
        samples = request.samples if method == "smoothgrad" else 0
        values = methods.saliency(model, x, index, samples=samples, noise=request.noise,
                                  seed=request.seed)
        maps.append((method, Picture.of(flat_map(values))))
    return Attribution(str(model.name), Picture.of(x[0]), index, float(output[index]),
                       int(np.argmax(output)), tuple(maps),
                       output_kind=methods.output_kind(model))


def gradcam_of(model: Any, request: GradcamRequest) -> Attribution:
    layer = request.layer or methods.last_conv_layer(model)
    methods.feature_layer(model, layer)  # checked before the input is read
    x = seen_input(model, request.seen)
    if x.ndim != 4:
        raise KerasvizError("explain", f"Grad-CAM needs image inputs; the model takes "
                            f"{x.shape[1:]}")
    index, output = methods.check_class(model, x, request.class_index)
    cams: dict[str, np.ndarray] = {}
    maps = []
    for method in request.methods:
        plus = method == "gradcam++"
        key = "gradcam++" if plus else "gradcam"
        if key not in cams:
            cams[key] = methods.gradcam(model, x, index, layer, plus=plus)
        if method == "guided":
            guided = methods.guided_backprop(model, x, index) * cams["gradcam"][..., None]
            maps.append((method, Picture.of(methods.normalised(np.abs(guided).max(axis=-1)))))
        else:
            maps.append((method, Picture.of(cams[key])))
    return Attribution(str(model.name), Picture.of(x[0]), index, float(output[index]),
                       int(np.argmax(output)), tuple(maps), layer, methods.output_kind(model))


def activation_max_of(model: Any, request: ActivationMaxRequest) -> ActivationMax:
    units = request.units
    if units is None:
        if request.layer is None:
            count = methods.predict_width(model)
        else:
            count = int(methods.feature_layer(model, request.layer).output.shape[-1])
        units = tuple(range(min(count, MAX_UNITS)))
    images, history = methods.activation_max(
        model, units, request.layer, steps=request.steps, rate=request.rate,
        jitter=request.jitter, tv=request.tv, value_range=request.value_range,
        seed=request.seed)
    return ActivationMax(str(model.name), request.layer, units, Picture.of(images),
                         tuple(float(v) for v in history))


def boundary_of(model: Any, request: BoundaryRequest) -> Boundary:
    points, labels, names = points_and_labels(read_array(request.data))
    width = points.shape[1]
    wanted = input_shape_of(model)
    if wanted != (width,) and wanted != (None,):
        raise KerasvizError("input", f"the data has {width} features; the model takes "
                            f"inputs of shape {wanted}")
    for feature in request.features:
        if not 0 <= feature < width:
            raise KerasvizError("option", f":features: {feature} is out of range: the data "
                                f"has {width} features")
    if isinstance(request.filler, tuple):
        if len(request.filler) != width:
            raise KerasvizError("option", f":filler: gives {len(request.filler)} values; "
                                f"the data has {width} features")
        filler = np.asarray(request.filler, dtype="float64")
    else:
        filler = getattr(np, request.filler)(points, axis=0)
    xs, ys, classes, count = methods.decision_grid(model, points, request.features, filler,
                                                   request.resolution)
    others = tuple((names[i] if names else f"feature {i}", float(v))
                   for i, v in enumerate(filler) if i not in request.features)
    axis_names = tuple(names[f] if names else f"feature {f}" for f in request.features)
    return Boundary(
        str(model.name), request.features, tuple(float(v) for v in xs),
        tuple(float(v) for v in ys), Picture.of(classes), count,
        Picture.of(points[:, list(request.features)]),
        None if labels is None else tuple(int(v) for v in labels), others,
        (axis_names[0], axis_names[1]))


COMPUTE: dict[type, Callable[[Any, Any], Result]] = {
    ActivationsRequest: activations_of,
    SaliencyRequest: saliency_of,
    GradcamRequest: gradcam_of,
    ActivationMaxRequest: activation_max_of,
    BoundaryRequest: boundary_of,
}
