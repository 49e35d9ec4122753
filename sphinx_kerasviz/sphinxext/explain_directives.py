"""The directives that look inside a model: ``keras-activations``, ``keras-saliency``,
``keras-gradcam``, ``keras-activation-max`` and ``keras-decision-boundary``.

Each reads its options into a request (:mod:`sphinx_kerasviz.explain.data`), computes it with
:func:`sphinx_kerasviz.explain.reader.explain` isolated and cached like ``keras-weights``, and
shows the result as a matplotlib plot (:mod:`sphinx_kerasviz.explain.plots`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from sphinx_kerasviz import options as parse
from sphinx_kerasviz.drawing.figures import Plot
from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.explain.data import (
    FORMAT,
    ActivationMaxRequest,
    ActivationsRequest,
    BoundaryRequest,
    Explained,
    GradcamRequest,
    Request,
    Result,
    SaliencyRequest,
    Seen,
    Source,
)
from sphinx_kerasviz.explain.plots import (
    TITLES,
    ActivationMaxPlot,
    ActivationsPlot,
    AttributionPlot,
    BoundaryPlot,
    class_label,
)
from sphinx_kerasviz.explain.reader import SEED, explain
from sphinx_kerasviz.files import is_file_name
from sphinx_kerasviz.model.cache import package_digest
from sphinx_kerasviz.model.target import parse_target
from sphinx_kerasviz.sphinxext.plot_directive import PLOT_OPTIONS, PlotDirective

SEEN_OPTIONS = ("input", "sample")


class ExplainDirective(PlotDirective):
    """A model, options read into a request, a plot of the result (see the module)."""

    kind: ClassVar[str]  # the wrapper's class is kerasviz-<kind>
    own_options: ClassVar[tuple[str, ...]] = ()
    inputs: list[Source]  # the files and Python names the request reads

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.option_spec = {name: directives.unchanged
                           for name in (*PLOT_OPTIONS, "input-shape", *cls.own_options)}

    def run(self) -> list[nodes.Node]:
        shown = self.shown()
        self.inputs = []
        try:
            target = parse_target(self.arguments[0])
            request = self.request()
            explained = self.compute(target, request)
        except KerasvizError as err:
            return self.fail(err)
        plots, alt = self.pictures(explained.result)
        return [self.plot_wrapper(self.kind, shown, *self.plot_nodes(plots, alt, shown))]

    def request(self) -> Request:
        """The request the options describe (raises :class:`KerasvizError`)."""
        raise NotImplementedError

    def picture(self, result: Any) -> tuple[Plot, str]:
        """The plot of ``result`` and its alt text."""
        raise NotImplementedError

    def pictures(self, result: Any) -> tuple[list[Plot], str]:
        """The plots of ``result`` (one, unless it takes parts) and their alt text."""
        plot, alt = self.picture(result)
        return [plot], alt

    def compute(self, target: Any, request: Request) -> Explained:
        reading = self.reading(self.input_shape())
        digests = [self.digest(source) for source in self.inputs]
        key_fields = None if None in digests else {
            **reading, "view": self.name, "request": repr(request), "inputs": digests,
            "seed": SEED, "explain_format": FORMAT}
        return self.read(target, key_fields, Explained, explain, request=request, **reading)

    def digest(self, source: Source) -> str | None:
        """What the source holds, for the cache key; None when unknown (not cached)."""
        if source.path:
            return hashlib.sha256(Path(source.path).read_bytes()).hexdigest()
        return package_digest((source.dotted or "").split(".")[0])

    def source(self, name: str) -> Source:
        """``:name:`` as a file (relative to the document) or a dotted Python path."""
        text = self.options.get(name, "").strip()
        if not text:
            raise KerasvizError("option", f"give :{name}: (a file, or a dotted path to an "
                                "array or a function that returns one)")
        if is_file_name(text):
            path = self.source_file(text)
            self.note_dependencies([path])
            if not path.is_file():
                raise KerasvizError("input", f":{name}: {text}: no such file")
            source = Source(text, path=str(path))
        else:
            source = Source(text, dotted=text)
        self.inputs.append(source)
        return source

    def seen(self) -> Seen:
        return Seen(self.source("input"), self.option("sample", parse.integer(-10**9, 10**9), 0))

    def names(self) -> tuple[str, ...]:
        return self.option("class-names", parse.labels, ())


class KerasActivationsDirective(ExplainDirective):
    """``.. keras-activations:: TARGET`` with ``:input:``: each layer's output for it."""

    kind = "activations"
    own_options = (*SEEN_OPTIONS, "layers", "max-maps", "overlay")

    def request(self) -> ActivationsRequest:
        return ActivationsRequest(self.seen(), self.option("layers", parse.names, None))

    def pictures(self, result: Any) -> tuple[list[Plot], str]:
        most = self.option("max-maps", parse.integer(1, 64), 16)
        overlay = self.option("overlay", parse.parse_bool, False)
        shapes = [f"{layer.name} {'x'.join(map(str, layer.values.shape))}"
                  for layer in result.layers]
        alt = f"Activations of model {result.model} for one input: {', '.join(shapes)}"
        return list(ActivationsPlot.parts(result, most, overlay)), alt


class KerasSaliencyDirective(ExplainDirective):
    """``.. keras-saliency:: TARGET``: vanilla gradients and SmoothGrad for one input."""

    kind = "saliency"
    own_options = (*SEEN_OPTIONS, "class-index", "class-names", "method", "samples", "noise",
                   "seed")

    def request(self) -> SaliencyRequest:
        return SaliencyRequest(
            self.seen(), self.option("class-index", parse.integer(-10**6, 10**6), None),
            self.option("method", parse.methods(("vanilla", "smoothgrad")),
                        ("vanilla", "smoothgrad")),
            self.option("samples", parse.integer(1, 256), 24),
            self.option("noise", parse.number(0.0, 1.0), 0.15),
            self.option("seed", parse.integer(0, 2**31), 0))

    def picture(self, result: Any) -> tuple[Plot, str]:
        return AttributionPlot.of(result, self.names()), attribution_alt(result, self.names())


class KerasGradcamDirective(ExplainDirective):
    """``.. keras-gradcam:: TARGET``: Grad-CAM, Grad-CAM++ and guided Grad-CAM."""

    kind = "gradcam"
    own_options = (*SEEN_OPTIONS, "class-index", "class-names", "method", "layer")

    def request(self) -> GradcamRequest:
        return GradcamRequest(
            self.seen(), self.option("class-index", parse.integer(-10**6, 10**6), None),
            self.option("method", parse.methods(("gradcam", "gradcam++", "guided")),
                        ("gradcam",)),
            self.options.get("layer", "").strip() or None)

    def picture(self, result: Any) -> tuple[Plot, str]:
        return AttributionPlot.of(result, self.names()), attribution_alt(result, self.names())


class KerasActivationMaxDirective(ExplainDirective):
    """``.. keras-activation-max:: TARGET``: inputs that excite classes or a layer's filters."""

    kind = "activation-max"
    own_options = ("classes", "layer", "filters", "class-names", "steps", "rate", "jitter",
                   "total-variation", "seed", "input-range")

    def request(self) -> ActivationMaxRequest:
        layer = self.options.get("layer", "").strip() or None
        which = "filters" if layer else "classes"
        if which == "classes" and "filters" in self.options:
            self.warn(KerasvizError("option", ":filters: needs :layer:; showing classes"))
        default = ActivationMaxRequest()
        return ActivationMaxRequest(
            self.option(which, parse.units, None), layer,
            self.option("steps", parse.integer(1, 2000), default.steps),
            self.option("rate", parse.number(1e-4, 1.0), default.rate),
            self.option("jitter", parse.integer(0, 16), default.jitter),
            self.option("total-variation", parse.number(0.0, 1.0), default.tv),
            self.option("input-range", parse.value_range, default.value_range),
            self.option("seed", parse.integer(0, 2**31), default.seed))

    def picture(self, result: Any) -> tuple[Plot, str]:
        names = self.names()
        what = ", ".join(class_label(u, names) if result.layer is None else f"filter {u}"
                         for u in result.units)
        where = f" of layer {result.layer}" if result.layer else ""
        alt = (f"Inputs that maximise {what}{where} of model {result.model}; the objective "
               f"rose from {result.history[0]:.3g} to {result.history[-1]:.3g} in "
               f"{len(result.history) - 1} steps")
        return ActivationMaxPlot.of(result, names), alt


class KerasDecisionBoundaryDirective(ExplainDirective):
    """``.. keras-decision-boundary:: TARGET`` with ``:data:``: the classes over two features."""

    kind = "decision-boundary"
    own_options = ("data", "features", "filler", "resolution", "class-names",
                   "feature-names")

    def request(self) -> BoundaryRequest:
        default = BoundaryRequest(Source(""))
        return BoundaryRequest(
            self.source("data"), self.option("features", parse.features, default.features),
            self.option("filler", parse.filler, default.filler),
            self.option("resolution", parse.integer(16, 600), default.resolution))

    def picture(self, result: Any) -> tuple[Plot, str]:
        features = self.option("feature-names", parse.labels, None)
        if features is not None and len(features) != 2:
            self.warn(KerasvizError("option", ":feature-names: expected two names"))
            features = None
        plot = BoundaryPlot.of(result, self.names(), features)
        names = features or result.names
        alt = (f"Decision regions of model {result.model} for {result.count} classes over "
               f"{names[0]} and {names[1]}, with {result.points.shape[0]} data points")
        return plot, alt


def attribution_alt(result: Result, names: tuple[str, ...]) -> str:
    methods = ", ".join(TITLES.get(m, m) for m, _ in result.maps)  # type: ignore[union-attr]
    return (f"{methods} of model {result.model} for "  # type: ignore[union-attr]
            f"{class_label(result.class_index, names)} over one input")  # type: ignore[union-attr]


DIRECTIVES: dict[str, type[ExplainDirective]] = {
    "keras-activations": KerasActivationsDirective,
    "keras-saliency": KerasSaliencyDirective,
    "keras-gradcam": KerasGradcamDirective,
    "keras-activation-max": KerasActivationMaxDirective,
    "keras-decision-boundary": KerasDecisionBoundaryDirective,
}
