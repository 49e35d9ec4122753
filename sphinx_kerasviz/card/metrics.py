"""Metrics a training run wrote, read for a card's quantitative analysis.

JSON: ``{"accuracy": 0.98, ...}``, a list of ``{"type", "value", "slice",
"confidence_interval": {"lower_bound", "upper_bound"}}`` (the Model Card Toolkit's shape), or
either under ``"metrics"``. CSV: a header with ``type`` (or ``metric``) and ``value``, and
optionally ``slice``, ``lower_bound``, ``upper_bound`` and ``threshold``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sphinx_kerasviz.errors import KerasvizError

Metric = dict[str, Any]  # as a card's performance_metrics item


def read_metrics(path: Path) -> list[Metric]:
    """The metrics in ``path`` (``.json`` or ``.csv``); ``KerasvizError('input')`` naming the
    file and the entry when it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KerasvizError("input", f"cannot read metrics file {path.name}: "
                            f"{exc.strerror}") from None
    if path.suffix.lower() == ".csv":
        return from_rows(list(csv.DictReader(text.splitlines())), path.name)
    if path.suffix.lower() != ".json":
        raise KerasvizError("input", f"metrics file {path.name}: use .json or .csv")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KerasvizError("input", f"metrics file {path.name} is not JSON (line "
                            f"{exc.lineno}: {exc.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("metrics"), (list, dict)):
        data = data["metrics"]
    if isinstance(data, dict):
        data = [{"type": key, "value": value} for key, value in data.items()]
    if not isinstance(data, list):
        raise KerasvizError("input", f"metrics file {path.name}: expected names and values "
                            "or a list of metrics")
    return [metric(item, f"{path.name} entry {i}") for i, item in enumerate(data)]


def from_rows(rows: list[dict[str, str]], name: str) -> list[Metric]:
    found = []
    for i, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        item: dict[str, Any] = {"type": row.get("type") or row.get("metric"),
                                "value": row.get("value")}
        if row.get("slice"):
            item["slice"] = row["slice"]
        if row.get("threshold"):
            item["threshold"] = row["threshold"]
        if row.get("lower_bound") or row.get("upper_bound"):
            item["confidence_interval"] = {"lower_bound": row.get("lower_bound"),
                                           "upper_bound": row.get("upper_bound")}
        found.append(metric(item, f"{name} line {i}"))
    return found


def metric(item: Any, where: str) -> Metric:
    """One metric checked: a name and numbers (text holding a number is read as one)."""
    if not isinstance(item, dict) or not item.get("type"):
        raise KerasvizError("input", f"{where}: expected a metric with a type and a value")
    found: Metric = {"type": str(item["type"]), "value": number(item.get("value"), where)}
    if item.get("slice"):
        found["slice"] = str(item["slice"])
    if item.get("threshold") not in (None, ""):
        found["threshold"] = number(item["threshold"], where)
    interval = item.get("confidence_interval")
    if interval:
        found["confidence_interval"] = {
            bound: number(interval.get(bound) if isinstance(interval, dict) else None, where)
            for bound in ("lower_bound", "upper_bound")}
    return found


def number(value: Any, where: str) -> int | float:
    if isinstance(value, bool) or value is None or value == "":
        raise KerasvizError("input", f"{where}: expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return value
    try:
        return int(value) if str(value).lstrip("+-").isdigit() else float(value)
    except ValueError:
        raise KerasvizError("input", f"{where}: expected a number, got {value!r}") from None


def number_text(value: int | float) -> str:
    """A number as its source wrote it (``repr`` of a float round-trips its digits)."""
    return repr(value) if isinstance(value, float) else str(value)
