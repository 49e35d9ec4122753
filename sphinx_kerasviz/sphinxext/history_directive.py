"""The ``keras-history`` directive: training curves from a CSVLogger, History JSON or TensorBoard
log, and a table of each series' final and best values."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.history.data import History
from sphinx_kerasviz.history.plot import Best, HistoryPlot, alt_text, best_of, history_plot
from sphinx_kerasviz.history.reader import read_history
from sphinx_kerasviz.history.table import COLUMNS, NUMBERS, WIDTHS, table_rows
from sphinx_kerasviz.options import HISTORY_SPECS, HistoryOptions, parse_spec
from sphinx_kerasviz.sphinxext.plot_directive import PlotDirective
from sphinx_kerasviz.sphinxext.table import table


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
            return self.fail(err)
        self.note_dependencies(history.files)
        metrics = self.known_metrics(history, options.metrics)
        best = self.best(history, options.mark_best)
        plot = history_plot(history, metrics, options.smooth, options.log_y, best)
        if options.log_y:
            self.check_log_scale(plot)
        node = self.plot_node(plot, alt_text(plot), shown)
        values = table(COLUMNS, WIDTHS, table_rows(history, plot, best),
                       ["kerasviz-history-table"], NUMBERS)
        return [self.plot_wrapper("history", shown, node, values)]

    def history_options(self) -> HistoryOptions:
        values = {}
        for spec in HISTORY_SPECS:
            default = parse_spec(spec, getattr(self.config, spec.conf_name))
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
