"""Weight histograms from a TensorBoard log (``keras.callbacks.TensorBoard(histogram_freq=1)``).

Keras 3's callback writes, under ``<logdir>/train/``, one histogram per weight and epoch: a
tensor of shape ``[k, 3]`` (``k`` = 30 buckets of equal width from the weight's minimum to its
maximum; each row is left edge, right edge, count; a constant weight has every edge at its value
and its whole count in the last bucket), tagged ``<name>/histogram`` at step ``epoch - 1``. The
name is the weight's path (``first/kernel``) in recent releases, but its short name (``kernel``)
in Keras 3 releases before keras-team/keras#22317: the kernels of all layers then share one tag,
and every epoch holds several events of that tag, one per layer, in the order of
``model.layers`` and their weights.

Such colliding names are told apart by their order: given the model's weights, the ``i``-th
histogram named ``kernel`` at a step is the ``i``-th weight of the model whose path ends with
``/kernel`` (in ``model.weights`` order), and each histogram's total count must be that weight's
size. Without the model they are labelled ``kernel (1)``, ``kernel (2)``... in order.

A TensorBoard histogram keeps only the bucket counts, so only the minimum and maximum (the outer
edges) are exact: the mean, standard deviation and percentiles are computed from the buckets
(every value taken at its bucket's centre for the mean and deviation; values spread evenly
within a bucket for the percentiles). No Keras, no TensorFlow.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.tensorboard_events import Summary, event_files, summaries
from sphinx_kerasviz.weights.data import PERCENTILES, Distribution, WeightInfo
from sphinx_kerasviz.weights.file import WeightHistoryData

SUFFIX = "/histogram"
#: A histogram's name and its index among the histograms of that name at one step.
Occurrence = tuple[str, int]


def is_log(path: Path) -> bool:
    """Whether ``path`` is a TensorBoard event file or a directory holding some."""
    if path.is_file():
        return "tfevents" in path.name
    return path.is_dir() and bool(event_files(path))


def read(path: Path, model: str | None = None,
         weights: tuple[WeightInfo, ...] | None = None) -> tuple[WeightHistoryData, list[Path]]:
    """The weight histograms in a log directory (or one event file), and the files read.

    With the model's ``weights`` (and its name ``model``), every histogram is mapped to one of
    them (see the module's docstring); a ``KerasvizError('weights')`` says what does not match.
    """
    logdir = path if path.is_dir() else path.parent
    files = event_files(path) if path.is_dir() else [path]
    label = f"{path.name}/" if path.is_dir() else path.name
    if not files:
        raise KerasvizError("weights", f"{label}: no TensorBoard event files in it")
    steps: dict[int, list[tuple[str, np.ndarray]]] = {}  # the last file that has a step wins
    runs = set()
    graph_model = None
    for file in files:
        found, name = _histograms(summaries(file, logdir, "weights"))
        graph_model = graph_model or name
        for step, items in found.items():
            steps[step] = items
            runs.add(file.parent)
    if not steps:
        raise KerasvizError(
            "weights", f"{label}: no weight histograms in the TensorBoard log (write them with "
            "keras.callbacks.TensorBoard(log_dir, histogram_freq=1))", tuple(map(str, files)))
    if len(runs) > 1:
        names = ", ".join(sorted(r.relative_to(logdir).as_posix() or "." for r in runs))
        raise KerasvizError("weights", f"{label}: weight histograms in several runs ({names}); "
                            "name one run's directory", tuple(map(str, files)))
    try:
        data = _assemble(steps, model or graph_model or logdir.name, weights)
    except KerasvizError as err:
        raise KerasvizError(err.subtype, f"{label}: {err.message}",
                            tuple(map(str, files))) from None
    return data, files


def _histograms(items: list[Summary]) -> tuple[dict[int, list[tuple[str, np.ndarray]]],
                                               str | None]:
    """Per step, ``(name, buckets)`` of each histogram in the file's order; and the model's
    name from the graph Keras writes (``write_graph=True``), if any."""
    plugins: dict[str, str] = {}
    steps: dict[int, list[tuple[str, np.ndarray]]] = {}
    model = None
    for item in items:
        plugin = plugins.setdefault(item.tag, item.plugin) or item.plugin  # first event has it
        value = item.value
        if isinstance(value, float):
            continue
        if item.tag == "keras" and value.ndim == 0 and model is None:
            model = _graph_name(value.item())
        if value.ndim != 2 or value.shape[1] != 3:
            continue
        if plugin != "histograms" and not item.tag.endswith(SUFFIX):
            continue
        name = item.tag.removesuffix(SUFFIX)
        steps.setdefault(item.step, []).append((name, value.astype(np.float64)))
    return steps, model


def _graph_name(config: object) -> str | None:
    try:
        return str(json.loads(config)["config"]["name"])  # type: ignore[arg-type]
    except (ValueError, KeyError, TypeError):
        return None


def _assemble(steps: dict[int, list[tuple[str, np.ndarray]]], model: str,
              weights: tuple[WeightInfo, ...] | None) -> WeightHistoryData:
    """One :class:`WeightInfo` per histogram name and occurrence, with a series over epochs."""
    per_step: dict[int, dict[Occurrence, np.ndarray]] = {}
    sizes: dict[Occurrence, int] = {}
    order: list[Occurrence] = []
    for step in sorted(steps):
        seen: Counter[str] = Counter()
        here: dict[Occurrence, np.ndarray] = {}
        for name, buckets in steps[step]:
            key = (name, seen[name])
            seen[name] += 1
            here[key] = buckets
            size = round(float(buckets[:, 2].sum())) if len(buckets) else 0
            if sizes.setdefault(key, size) != size:
                raise KerasvizError("weights", f"histograms of {name} hold {sizes[key]} and "
                                    f"{size} values at different epochs")
            if key not in order:
                order.append(key)
        per_step[step] = here
    epochs = [s for s in sorted(per_step) if set(per_step[s]) == set(order)]
    if not epochs:
        raise KerasvizError("weights", "no epoch has a histogram of every weight")
    collide = {name for name, index in order if index > 0}
    if weights is None:
        infos = [WeightInfo(f"{name} ({index + 1})" if name in collide else name,
                            (sizes[(name, index)],)) for name, index in order]
    else:
        infos = _match(order, sizes, weights, collide)
    bins = Counter(len(per_step[epochs[0]][key]) for key in order).most_common(1)[0][0]
    series = tuple(tuple(distribution(per_step[s][key]) for s in epochs) for key in order)
    return WeightHistoryData(model, bins, tuple(infos), tuple(s + 1 for s in epochs), series)


def _match(order: list[Occurrence], sizes: dict[Occurrence, int],
           weights: tuple[WeightInfo, ...], collide: set[str]) -> list[WeightInfo]:
    """The model's weight of each histogram: the ``i``-th of those the name fits."""
    infos: list[WeightInfo] = []
    for name, index in order:
        fits = [w for w in weights if w.path == name] or [
            w for w in weights if w.path.endswith(f"/{name}")]
        count = sum(1 for n, _ in order if n == name)
        if len(fits) != count:
            what = f"{count} weights named {name}" if name in collide else f"a weight {name}"
            raise KerasvizError("weights", f"the log has {what}, the model {len(fits)}")
        weight = fits[index]
        if weight.size != sizes[(name, index)]:
            which = f"histogram {index + 1} of {name}" if name in collide else name
            raise KerasvizError(
                "weights", f"{which} counts {sizes[(name, index)]} values, but the model's "
                f"{weight.path} {tuple(weight.shape)} has {weight.size}")
        infos.append(weight)
    missing = [w.path for w in weights if w not in infos]
    if missing:
        raise KerasvizError("weights", f"no histograms of the model's {', '.join(missing[:3])}"
                            + (f" and {len(missing) - 3} more" if len(missing) > 3 else ""))
    return infos


def distribution(buckets: np.ndarray) -> Distribution:
    """A :class:`Distribution` from TensorBoard's ``[k, 3]`` buckets (statistics approximated)."""
    counts = np.rint(buckets[:, 2]).astype(np.int64) if len(buckets) else np.zeros(1, np.int64)
    bins = len(counts)
    total = int(counts.sum())
    if total == 0:
        return Distribution(0.0, 0.0, (0,) * bins, 0.0, 0.0, 0.0, 0.0,
                            (0.0,) * len(PERCENTILES))
    lo, hi = float(buckets[0, 0]), float(buckets[-1, 1])
    if lo == hi:  # a constant weight: where numpy.histogram puts it, as weight_data does
        constant = [0] * bins
        constant[bins // 2] = total
        return Distribution(lo - 0.5, hi + 0.5, tuple(constant), lo, hi, lo, 0.0,
                            (lo,) * len(PERCENTILES))
    edges = np.linspace(lo, hi, bins + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    mean = float(np.clip((counts * centres).sum() / total, lo, hi))
    std = float(np.sqrt((counts * (centres - mean) ** 2).sum() / total))
    return Distribution(lo, hi, tuple(int(c) for c in counts), lo, hi, mean, std,
                        percentiles(counts, edges))


def percentiles(counts: np.ndarray, edges: np.ndarray) -> tuple[float, ...]:
    """:data:`PERCENTILES` of a histogram, the values of a bucket spread evenly over it."""
    cumulative = np.cumsum(counts)
    total = cumulative[-1]
    result = []
    for p in PERCENTILES:
        wanted = p / 100 * total
        index = min(int(np.searchsorted(cumulative, wanted)), len(counts) - 1)
        while counts[index] == 0 and index + 1 < len(counts):  # p = 0: the first non-empty
            index += 1
        before = cumulative[index] - counts[index]
        share = (wanted - before) / counts[index] if counts[index] else 0.0
        result.append(float(edges[index] + min(max(share, 0.0), 1.0) *
                            (edges[index + 1] - edges[index])))
    result[0], result[-1] = float(edges[0]), float(edges[-1])
    return tuple(result)
