"""Reading a training history: a CSVLogger file, a JSON ``History.history``, a TensorBoard log.

No Keras, no TensorFlow: TensorBoard event files are read by
:mod:`sphinx_kerasviz.tensorboard_events` with the ``tensorboard`` package's own record reader
and protocol buffers. Every failure is a ``KerasvizError("history")`` naming the file and line.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.history.data import History, Series
from sphinx_kerasviz.tensorboard_events import event_files, summaries

#: TensorBoard run directories and the prefix their metrics get (Keras writes these two).
RUN_PREFIX = {"": "", ".": "", "train": "", "validation": "val_", "val": "val_"}
_MISSING = {"", "na", "nan", "none", "null"}


def read_history(path: Path) -> History:
    """Read ``path``: a directory is a TensorBoard log, ``.json`` a History dump, else CSV."""
    if path.is_dir():
        history = _read_tensorboard(path)
    elif not path.is_file():
        raise KerasvizError("history", f"no such file or directory: {path}", (str(path),))
    elif path.suffix.lower() == ".json":
        history = History(_read_json(path), (path,))
    else:
        history = History(_read_csv(path), (path,))
    if not history.series or not any(s.values for s in history.series):
        raise KerasvizError("history", f"{path.name}: no metrics logged", history.files)
    return history


def _error(path: Path, line: int | None, message: str) -> KerasvizError:
    where = f"{path.name}, line {line}" if line else path.name
    return KerasvizError("history", f"{where}: {message}", (str(path),))


def _number(path: Path, line: int, text: str | float | None) -> float:
    if text is None or (isinstance(text, str) and text.strip().lower() in _MISSING):
        return math.nan
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise _error(path, line, f"{text!r} is not a number")
    try:
        return float(text)
    except ValueError:
        raise _error(path, line, f"{text!r} is not a number") from None


def _read_csv(path: Path) -> tuple[Series, ...]:
    """CSVLogger's file: a header ``epoch,metric,...`` and one row per epoch (epoch from 0)."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise _error(path, None, f"cannot read it ({exc})") from None
    if not rows or not any(rows[0]):
        raise _error(path, None, "empty file (expected a header such as epoch,loss,...)")
    header = [name.strip() for name in rows[0]]
    has_epoch = header[0] == "epoch"
    names = header[1:] if has_epoch else header
    epochs: list[int] = []
    columns: list[list[float]] = [[] for _ in names]
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise _error(path, number, f"{len(row)} values for {len(header)} columns")
        if has_epoch:
            try:
                epochs.append(int(float(row[0])) + 1)
            except ValueError:
                raise _error(path, number, f"epoch {row[0]!r} is not a number") from None
        else:
            epochs.append(len(epochs) + 1)
        for column, text in zip(columns, row[len(row) - len(names):], strict=True):
            column.append(_number(path, number, text))
    return tuple(_series(name, epochs, column) for name, column in zip(names, columns,
                                                                       strict=True))


def _read_json(path: Path) -> tuple[Series, ...]:
    """A JSON object of metric name -> list of per-epoch values (``History.history``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise _error(path, exc.lineno, f"not valid JSON ({exc.msg})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(path, None, f"cannot read it ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("history"), dict):
        data = data["history"]  # {"history": {...}, "params": ...}
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise _error(path, None, "expected an object of metric name -> list of values")
    return tuple(
        _series(str(name), range(1, len(values) + 1), [_number(path, 0, v) for v in values])
        for name, values in data.items()
    )


def _series(name: str, epochs: list[int] | range, values: list[float]) -> Series:
    """Keep the last value logged for each epoch (a resumed run logs some again)."""
    by_epoch = dict(zip(epochs, values, strict=True))
    ordered = sorted(by_epoch)
    return Series(name, tuple(ordered), tuple(by_epoch[e] for e in ordered))


def _read_tensorboard(logdir: Path) -> History:
    """Scalars tagged ``epoch_<metric>`` per run; ``validation/`` gives ``val_<metric>``."""
    files = event_files(logdir)
    if not files:
        raise KerasvizError("history", f"{logdir.name}/: no TensorBoard event files in it")
    points: dict[str, dict[int, float]] = {}
    for file in files:
        run = file.parent.relative_to(logdir).as_posix()
        prefix = RUN_PREFIX.get(run, f"{run}/")
        for tag, step, value in _scalars(file, logdir):
            if tag.startswith("epoch_"):
                points.setdefault(prefix + tag[len("epoch_"):], {})[step + 1] = value
    order = sorted(points, key=lambda name: (name.startswith("val_"), name))
    series = tuple(
        Series(name, tuple(sorted(points[name])), tuple(v for _, v in sorted(
            points[name].items())))
        for name in order
    )
    return History(series, tuple(files))


def _scalars(file: Path, logdir: Path) -> list[tuple[str, int, float]]:
    """``(tag, step, value)`` of every scalar in one event file (simple values or tensors)."""
    found = []
    for item in summaries(file, logdir, "history"):
        value = item.value
        if isinstance(value, float):
            found.append((item.tag, item.step, value))
        elif value.size == 1 and value.dtype.kind in "fiu":
            found.append((item.tag, item.step, float(value.reshape(()))))
    return found
