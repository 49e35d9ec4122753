"""The options of ``keras-history`` (``:metrics:``, ``:log-y:``, ``:smooth:``, ``:mark-best:``).

Each falls back to a conf value ``kerasviz_history_<name with underscores>``; the shared
options (``:caption:``, ``:width:``...) are those of ``keras-model``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.options import Spec, _names, parse_bool


def _metrics(value: Any) -> tuple[str, ...] | None:
    """Metric names separated by commas or spaces; none means every metric."""
    return _names(value) or None


def _smooth(value: Any) -> float:
    """TensorBoard's smoothing weight: 0 (none) up to, not including, 1."""
    try:
        weight = float(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a number from 0 to 0.99, got {value!r}") from None
    if not 0 <= weight < 1:
        raise ValueError(f"expected a number from 0 to 0.99, got {value!r}")
    return weight


def _mark_best(value: Any) -> tuple[str, bool | None] | None:
    """``val_loss`` (min or max from the metric's meaning) or ``val_loss max``; none: no mark."""
    words = str(value or "").split()
    if not words:
        return None
    if len(words) > 2 or (len(words) == 2 and words[1].lower() not in ("min", "max")):
        raise ValueError(f"expected a metric name, optionally followed by min or max, "
                         f"got {value!r}")
    return words[0], (words[1].lower() == "max") if len(words) == 2 else None


HISTORY_SPECS: tuple[Spec, ...] = (
    Spec("metrics", _metrics, None, "metrics to plot (each with its val_ twin); default all"),
    Spec("log-y", parse_bool, False, "logarithmic y axis"),
    Spec("smooth", _smooth, 0.0,
         "TensorBoard-style smoothing weight, 0 to 0.99 (the logged values stay, faint)"),
    Spec("mark-best", _mark_best, None,
         "mark the best epoch of this series (min for losses, max for accuracy-like metrics)"),
)


def conf_name(spec: Spec) -> str:
    return f"kerasviz_history_{spec.attr}"


@dataclass(frozen=True)
class HistoryOptions:
    """The resolved ``keras-history`` options."""

    metrics: tuple[str, ...] | None = None
    log_y: bool = False
    smooth: float = 0.0
    mark_best: tuple[str, bool | None] | None = None


def parse_history_value(spec: Spec, value: Any) -> Any:
    try:
        return spec.parse(value)
    except ValueError as exc:
        raise KerasvizError("option", str(exc)) from None
