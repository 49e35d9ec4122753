"""The ``keras-weights`` directive: distributions of a model's weights, now or over epochs.

``.. keras-weights:: TARGET`` reads the model (the target syntax of ``keras-model``; a factory's
model is built after ``keras.utils.set_random_seed(0)``) in the same isolated, cached way as
``keras-model``. With ``:over-time: FILE-or-DIR`` (a :class:`~sphinx_kerasviz.weights.callbacks.
WeightHistory` file, or a TensorBoard log with weight histograms, read by
:mod:`sphinx_kerasviz.weights.tensorboard`) the picture shows the recorded epochs instead; then
TARGET may be left out, and when given, the file must hold that model's weights (in a
TensorBoard log, the model tells weights with the same short name apart).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec

from sphinx_kerasviz import options as parse
from sphinx_kerasviz.drawing.figures import Plot
from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.model.target import Target, parse_target
from sphinx_kerasviz.sphinxext.plot_directive import PLOT_OPTIONS, PlotDirective
from sphinx_kerasviz.weights import file as weight_file
from sphinx_kerasviz.weights import tensorboard as weight_tensorboard
from sphinx_kerasviz.weights.data import DEFAULT_BINS, layer_matches
from sphinx_kerasviz.weights.plots import (
    Item,
    WeightsOverTimePlot,
    WeightsPlot,
    layer_parts,
    short,
)
from sphinx_kerasviz.weights.reader import (  # imports Keras only when it reads
    FORMAT,
    SEED,
    WeightsResult,
    read_weights,
)

STYLES = ("histogram", "ridgeline")
OVER_TIME_STYLES = ("bands", "ridgeline")
OWN_OPTIONS = ("style", "layers", "over-time", "over-time-style", "bins")


class KerasWeightsDirective(PlotDirective):
    """``.. keras-weights:: mypkg.build_model`` (see the module's docstring)."""

    required_arguments = 0
    optional_arguments = 1
    option_spec: ClassVar[OptionSpec] = {
        name: directives.unchanged for name in (*PLOT_OPTIONS, "input-shape", *OWN_OPTIONS)
    }

    def run(self) -> list[nodes.Node]:
        shown = self.shown()
        over_time = self.options.get("over-time", "").strip() or None
        target_text = self.arguments[0].strip() if self.arguments else None
        if target_text is None:  # warnings and the node name the file instead
            self.arguments = [over_time or ""]
        try:
            if target_text is None and over_time is None:
                raise KerasvizError("target", "give a model, or a weight history in :over-time:")
            target = parse_target(target_text) if target_text else None
            plots, alt = self.pictures(target, over_time)
        except KerasvizError as err:
            return self.fail(err)
        return [self.plot_wrapper("weights", shown, *self.plot_nodes(plots, alt, shown))]

    def pictures(self, target: Target | None,
                 over_time: str | None) -> tuple[list[Plot], str]:
        """The plot (several parts when one would be taller than a page) and the alt text
        (raises :class:`KerasvizError`)."""
        current = self.read_current(target) if target else None
        if over_time is None:
            assert current is not None
            style = self.option("style", parse.choice(STYLES), "histogram")
            items = self.chosen(tuple((w, (d,)) for w, d in
                                      zip(current.weights, current.distributions, strict=True)))
            model = current.model
            return (layer_parts(partial(WeightsPlot.of, model, style), items),
                    self.alt(model, items))
        history = self.read_history(over_time, current)
        style = self.option("over-time-style", parse.choice(OVER_TIME_STYLES), "bands")
        items = self.chosen(tuple(zip(history.weights, history.series, strict=True)))
        plots = layer_parts(partial(WeightsOverTimePlot.of, history.model, style, history.epochs),
                         items)
        epochs = f"epochs {history.epochs[0]} to {history.epochs[-1]}"
        return plots, self.alt(history.model, items, epochs)

    def chosen(self, items: tuple[Item, ...]) -> tuple[Item, ...]:
        """The weights of the layers in ``:layers:`` (all without it); unknown names warn."""
        names = self.option("layers", parse.names, None)
        if names is None:
            return items
        known = {info.layer for info, _ in items}
        unknown = [n for n in names if not any(layer_matches(k, (n,)) for k in known)]
        kept = tuple(item for item in items if layer_matches(item[0].layer, names))
        if unknown:
            layers = ", ".join(sorted(known))
            err = KerasvizError("weights", f":layers: no layer named {', '.join(unknown)} "
                                f"(layers with weights: {layers})")
            if not kept:
                raise err
            self.warn(err)
        return kept

    def read_history(self, name: str,
                     current: WeightsResult | None) -> weight_file.WeightHistoryData:
        """The file or TensorBoard log ``name``, checked against the model when given."""
        source = self.source_file(name)
        path = weight_file.history_file(source)
        if not path.is_file() and weight_tensorboard.is_log(source):
            model, weights = (current.model, current.weights) if current else (None, None)
            history, files = weight_tensorboard.read(source, model, weights)
            self.note_dependencies(files)
            return history
        self.env.note_dependency(str(path))
        history = weight_file.read(path)
        if current is not None:
            check_same_model(current, history, name)
        return history

    def read_current(self, target: Target) -> WeightsResult:
        """The model's weights, from the cache when nothing they depend on changed."""
        bins = self.option("bins", parse.integer(1, 200), DEFAULT_BINS)
        reading = self.reading(self.input_shape())
        key_fields = {**reading, "view": "weights", "bins": bins, "seed": SEED,
                      "weights_format": FORMAT}
        return self.read(target, key_fields, WeightsResult, read_weights, bins=bins, **reading)

    @staticmethod
    def alt(model: str, items: tuple[Item, ...], epochs: str | None = None) -> str:
        what = f"over {epochs}" if epochs else "now"
        parts = [f"{short(info.path, model)} mean {series[-1].mean:.3g} std {series[-1].std:.3g}"
                 for info, series in items[:8]]
        more = f" and {len(items) - 8} more" if len(items) > 8 else ""
        return f"Distributions of the weights of model {model} {what}: {'; '.join(parts)}{more}"


def check_same_model(current: WeightsResult, history: weight_file.WeightHistoryData,
                     name: str) -> None:
    """Raise when the history's weights are not the model's (paths and shapes)."""
    model = {w.path: w.shape for w in current.weights}
    recorded = {w.path: w.shape for w in history.weights}
    if model == recorded:
        return
    differ = sorted(set(model.items()) ^ set(recorded.items()))
    example = ", ".join(f"{path} {tuple(shape)}" for path, shape in differ[:2])
    raise KerasvizError(
        "weights",
        f"{Path(name).name} records the weights of model {history.model!r}, which are not "
        f"those of {current.model!r} (differing: {example})",
    )
