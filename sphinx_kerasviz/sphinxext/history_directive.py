"""The ``keras-history`` directive: training curves from a CSVLogger, History JSON or TensorBoard
log, and a table of each series' final and best values."""

from __future__ import annotations

import math
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.history import History, read_history
from sphinx_kerasviz.history_options import (
    HISTORY_SPECS,
    HistoryOptions,
    conf_name,
    parse_history_value,
)
from sphinx_kerasviz.sphinxext.plot_directive import PlotDirective
from sphinx_kerasviz.views.history import Best, HistoryPlot, best_of, history_plot

COLUMNS = ("Series", "Final", "Best", "Best epoch")


class KerasHistoryDirective(PlotDirective):
    """``.. keras-history:: logs/history.csv`` (or ``history.json``, or a TensorBoard log dir)."""

    option_spec: ClassVar[OptionSpec] = {
        **PlotDirective.option_spec,
        **{spec.name: directives.unchanged for spec in HISTORY_SPECS},
    }

    def run(self) -> list[nodes.Node]:
        shown = self.shown()
        options = self.history_options()
        path = self.source_file(self.arguments[0])
        self.env.note_dependency(str(path))  # a log directory: files added or removed
        try:
            history = read_history(path)
        except KerasvizError as err:
            for dependency in err.dependencies:
                self.env.note_dependency(dependency)
            self.warn(err)
            return []
        for file in history.files:
            self.env.note_dependency(str(file))
        metrics = self.known_metrics(history, options.metrics)
        best = self.best(history, options.mark_best)
        plot = history_plot(history, metrics, options.smooth, options.log_y, best)
        if options.log_y:
            self.check_log_scale(plot)
        node = self.plot_node(plot, alt_text(plot), shown)
        return [self.wrapper("history", shown, node, history_table(history, plot, best))]

    def history_options(self) -> HistoryOptions:
        values = {}
        for spec in HISTORY_SPECS:
            default = parse_history_value(spec, getattr(self.config, conf_name(spec)))
            values[spec.attr] = self.option(spec.name, spec.parse, default)
        return HistoryOptions(**values)

    def known_metrics(self, history: History, metrics: tuple[str, ...] | None
                      ) -> tuple[str, ...] | None:
        """``:metrics:`` without the names the log lacks (each one warned about)."""
        if metrics is None:
            return None
        names = history.names()
        known = tuple(m for m in metrics if m in names or f"val_{m}" in names)
        for name in metrics:
            if name not in known:
                self.warn(KerasvizError(
                    "history", f":metrics: {name!r} is not in the log (it has "
                    f"{', '.join(names)}); leaving it out"))
        return known or None

    def best(self, history: History, mark: tuple[str, bool | None] | None) -> Best | None:
        if mark is None:
            return None
        name, maximum = mark
        series = history.get(name)
        if series is None:
            self.warn(KerasvizError("history", f":mark-best: {name!r} is not in the log (it has "
                                    f"{', '.join(history.names())}); marking nothing"))
            return None
        best = best_of(series, maximum)
        if best is None:
            self.warn(KerasvizError("history", f":mark-best: {name} has no finite value"))
        return best

    def check_log_scale(self, plot: HistoryPlot) -> None:
        for name, (_epochs, values) in plot.series().items():
            if any(v <= 0 for v in values):
                self.warn(KerasvizError("history", f":log-y: {name} has values <= 0, which a "
                                        "log scale leaves out"))


def alt_text(plot: HistoryPlot) -> str:
    """``Training history over 30 epochs: loss, accuracy; best val_loss 0.169 at epoch 23.``"""
    epochs = max(e for p in plot.panels for c in p.curves for e in c.epochs)
    text = f"Training history over {epochs} epochs: {', '.join(p.metric for p in plot.panels)}"
    if plot.best:
        text += (f"; best {plot.best.series} {number(plot.best.value)} at epoch "
                 f"{plot.best.epoch}")
    return text + "."


def number(value: float) -> str:
    """Four significant digits, as the table and the alt text show values."""
    return f"{value:.4g}" if math.isfinite(value) else "n/a"


def history_table(history: History, plot: HistoryPlot, marked: Best | None) -> nodes.table:
    """Each plotted series: its final value, its best value and that epoch (min or max)."""
    table = nodes.table(classes=["kerasviz-history-table", "colwidths-given"])
    table["support_smartquotes"] = False
    tgroup = nodes.tgroup(cols=len(COLUMNS))
    table += tgroup
    for width in (34, 22, 22, 22):
        tgroup += nodes.colspec(colwidth=width)
    thead = nodes.thead()
    thead += _row(COLUMNS)
    tgroup += thead
    tbody = nodes.tbody()
    for name in plot.series():
        series = history.get(name)
        assert series is not None
        best = marked if marked and marked.series == name else best_of(series)
        finals = [(e, v) for e, v in zip(series.epochs, series.values, strict=True)]
        final = f"{number(finals[-1][1])} (epoch {finals[-1][0]})"
        how = "max" if best and best.maximum else "min"
        cells = (
            name,
            final,
            f"{number(best.value)} ({how})" if best else "n/a",
            (f"{best.epoch} (marked)" if best is marked else str(best.epoch)) if best else "n/a",
        )
        tbody += _row(cells, ["kerasviz-best"] if best is not None and best is marked else [])
    tgroup += tbody
    return table


def _row(cells: tuple[str, ...], classes: list[str] | None = None) -> nodes.row:
    row = nodes.row(classes=classes or [])
    for text in cells:
        entry = nodes.entry()
        entry += nodes.paragraph(text, text)
        row += entry
    return row
