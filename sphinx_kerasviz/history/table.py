"""The table beside a history plot: each series' final value, best value and best epoch."""

from __future__ import annotations

from sphinx_kerasviz.history.data import History
from sphinx_kerasviz.history.plot import Best, HistoryPlot, best_of, number

COLUMNS = ("Series", "Final", "Best", "Best epoch")
WIDTHS = (34, 24, 24, 18)
#: The columns of numbers (right-aligned).
NUMBERS = COLUMNS[1:]
#: The class of the row of the series ``:mark-best:`` marks.
MARKED = "kerasviz-best"


def table_rows(history: History, plot: HistoryPlot,
               marked: Best | None) -> list[tuple[tuple[str, ...], list[str]]]:
    """Each plotted series' cells and row classes (best is min or max by the metric)."""
    rows = []
    for name in plot.series():
        series = history.get(name)
        assert series is not None
        best = marked if marked and marked.series == name else best_of(series)
        final = f"{number(series.values[-1])} (epoch {series.epochs[-1]})"
        how = "max" if best and best.maximum else "min"
        cells = (
            name,
            final,
            f"{number(best.value)} ({how})" if best else "n/a",
            (f"{best.epoch} (marked)" if best is marked else str(best.epoch)) if best else "n/a",
        )
        rows.append((cells, [MARKED] if best is not None and best is marked else []))
    return rows
