"""Reading TensorBoard event files without TensorFlow (shared by the history and weights readers).

The ``tensorboard`` package's own record reader and protocol buffers read the files (about
0.25 s to import; ``EventAccumulator`` would import TensorFlow). A file that cannot be read to
its end is a :class:`~sphinx_kerasviz.errors.KerasvizError` of the caller's subtype naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sphinx_kerasviz.errors import KerasvizError


@dataclass(frozen=True)
class Summary:
    """One summary value: a ``simple_value`` (a float) or a tensor (an array)."""

    tag: str
    step: int
    plugin: str  # the plugin's name when the event carries it ("scalars", "histograms"...)
    value: float | np.ndarray


def event_files(logdir: Path) -> list[Path]:
    """Every TensorBoard event file under ``logdir``, in a fixed order."""
    return sorted(p for p in logdir.rglob("*tfevents*") if p.is_file())


def summaries(file: Path, logdir: Path, subtype: str) -> list[Summary]:
    """Every summary value in one event file, in the file's order."""
    from tensorboard.compat.proto import event_pb2
    from tensorboard.compat.tensorflow_stub import errors, pywrap_tensorflow
    from tensorboard.util import tensor_util

    name = file.relative_to(logdir).as_posix() if file.is_relative_to(logdir) else file.name
    found: list[Summary] = []
    count = 0
    try:
        reader = pywrap_tensorflow.PyRecordReader_New(str(file))
        while True:
            try:
                reader.GetNext()
            except errors.OutOfRangeError:
                break
            count += 1
            event = event_pb2.Event.FromString(reader.record())
            for value in event.summary.value:
                kind = value.WhichOneof("value")
                plugin = value.metadata.plugin_data.plugin_name
                if kind == "simple_value":
                    found.append(Summary(value.tag, event.step, plugin, float(value.simple_value)))
                elif kind == "tensor":
                    array = tensor_util.make_ndarray(value.tensor)
                    found.append(Summary(value.tag, event.step, plugin, array))
    except Exception as exc:  # DataLossError, DecodeError, OSError...
        raise KerasvizError(
            subtype, f"{logdir.name}/{name}: corrupt event file after {count} records "
            f"({type(exc).__name__})", (str(file),)) from None
    return found
