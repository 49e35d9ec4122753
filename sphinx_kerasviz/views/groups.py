"""Repeated blocks (a ResNet bottleneck, a DenseNet layer, a Transformer block) found exactly.

The layers of a model, in order, are cut wherever exactly one tensor crosses from the layers
before to the layers after: each piece between two cuts is a block with one tensor in and one
tensor out. A group is a run of consecutive blocks that are identical: the same layer classes
and configs (names aside), wired the same way inside. Blocks holding shared layers, nested
models or ``keras.ops`` calls (whose arguments the description does not hold) never join one.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from sphinx_kerasviz.model.description import Layer, ModelDescription, Port

#: Blocks of more layers than this are not compared (nothing real repeats blocks that long).
LONGEST_BLOCK = 64
#: Runs are looked for with blocks repeating in patterns of at most this many blocks.
LONGEST_PATTERN = 32
#: A run must hide at least this many layers to be drawn as a group.
FEWEST_LAYERS = 3

Signature = tuple[object, ...]


@dataclass(frozen=True)
class Group:
    """``repeats`` identical blocks of ``period`` layers; ``members`` in order."""

    key: str  # a node id no layer has: Keras names cannot contain "/"
    members: tuple[str, ...]
    period: int
    repeats: int
    title: str
    classes: tuple[str, ...]  # the layer classes of one block, in order, without repeats

    @property
    def first(self) -> str:
        return self.members[0]

    @property
    def last(self) -> str:
        return self.members[-1]


def find_groups(model: ModelDescription) -> tuple[Group, ...]:
    """The runs of identical blocks in ``model`` (its own layers; nested models apart)."""
    layers = model.layers
    blocks, leaving = _blocks(model)
    signatures = [_signature(model, start, end, leaving[end]) for start, end in blocks]
    groups = []
    index = 0
    while index < len(blocks):
        found = _aligned_run(signatures, index, blocks, layers)
        if found is None:
            index += 1
            continue
        start_block, period, repeats = found
        start, end = blocks[start_block][0], blocks[start_block + period * repeats - 1][1]
        if end - start >= FEWEST_LAYERS:
            groups.append(_group(layers[start:end], repeats))
        index = start_block + period * repeats
    return tuple(groups)


def _aligned_run(
    signatures: list[Signature | None],
    index: int,
    blocks: list[tuple[int, int]],
    layers: tuple[Layer, ...],
) -> tuple[int, int, int] | None:
    """``(first block, period, repeats)`` of the longest run from ``index``, started up to a
    period later when the names then say the repetitions are whole blocks (``conv2_block2_*``
    rather than the end of block 1 and most of block 2)."""
    period, repeats = _longest_run(signatures, index)
    if not repeats:
        return None
    candidates = []
    for shift in range(period):
        run = (period, repeats) if shift == 0 else _run_of(signatures, index + shift, period)
        if run[1] > 1:
            start = blocks[index + shift][0]
            end = blocks[index + shift + run[0] * run[1] - 1][1]
            size = (end - start) // run[1]
            coherence = sum(
                len(_common_prefix([layer.name for layer in layers[a : a + size]]))
                for a in range(start, end, size)
            )
            candidates.append((run[0] * run[1], coherence, -shift, index + shift, *run))
    return max(candidates)[3:] if candidates else None


def _group(members: tuple[Layer, ...], repeats: int) -> Group:
    period = len(members) // repeats
    block = members[:period]
    classes = tuple(dict.fromkeys(layer.class_name for layer in block))
    automatic = {_snake(name) for name in classes}  # names Keras made up say nothing
    stems = [
        _common_prefix([members[r * period + at].name for r in range(repeats)])
        .rstrip("_-.0123456789")
        for at in (period - 1, 0)  # the block's last layer is often named after the block
    ]
    named = [stem for stem in stems if len(stem) >= 3 and stem.lower() not in automatic]
    title = named[0] if named else " + ".join(classes[:2])
    return Group(
        key=f"{members[0].name}//{members[-1].name}",
        members=tuple(layer.name for layer in members),
        period=period,
        repeats=repeats,
        title=title,
        classes=classes,
    )


def _blocks(model: ModelDescription) -> tuple[list[tuple[int, int]], dict[int, Port | None]]:
    """``(start, end)`` positions of the pieces between cuts, and the one tensor crossing
    each cut (None at the end of a model with several outputs)."""
    position = {layer.name: index for index, layer in enumerate(model.layers)}
    last_use: dict[Port, int] = {}
    for index, layer in enumerate(model.layers):
        for call in layer.calls:
            for port in call.inputs:
                last_use[port] = max(last_use.get(port, -1), index)
    for port in model.outputs:
        last_use[port] = len(model.layers)
    count = len(model.layers)
    crossing = [0] * (count + 1)  # crossing[c]: tensors made before c and used at c or later
    across: dict[int, Port] = {}  # the (last seen) tensor crossing each cut
    for port, used in last_use.items():
        made = position.get(port.layer)
        if made is None:
            continue
        for cut in range(made + 1, min(used, count) + 1):
            crossing[cut] += 1
            across[cut] = port
    cuts = [0, *(c for c in range(1, count) if crossing[c] == 1), count]
    leaving = {cut: across.get(cut) if crossing[cut] == 1 else None for cut in cuts}
    return [(a, b) for a, b in pairwise(cuts) if b > a], leaving


def _signature(
    model: ModelDescription, start: int, end: int, leaving: Port | None
) -> Signature | None:
    """What must be equal for two blocks to be the same: classes, configs, inner wiring, and
    which tensor leaves; None for a block that never joins a group."""
    layers = model.layers[start:end]
    if len(layers) > LONGEST_BLOCK:
        return None
    offset = {layer.name: i for i, layer in enumerate(layers)}
    parts: list[object] = []
    for layer in layers:
        if layer.kind != "layer" or len(layer.calls) != 1 or layer.model is not None:
            return None
        wiring = tuple(
            (offset[p.layer], p.call, p.tensor) if p.layer in offset else "in"
            for p in layer.calls[0].inputs
        )
        parts.append((layer.class_name, layer.config, wiring))
    if leaving is None or leaving.layer not in offset:
        return None
    parts.append(("out", offset[leaving.layer], leaving.call, leaving.tensor))
    return tuple(parts)


def _snake(name: str) -> str:
    """Keras's automatic name for a class: ``BatchNormalization`` -> ``batch_normalization``."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def _common_prefix(names: list[str]) -> str:
    first, last = min(names), max(names)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]


def _run_of(signatures: list[Signature | None], index: int, period: int) -> tuple[int, int]:
    """``(period, repeats)`` of the blocks from ``index`` repeating with ``period``."""
    pattern = signatures[index : index + period]
    if len(pattern) < period or any(s is None for s in pattern):
        return period, 0
    repeats = 1
    while signatures[index + repeats * period : index + (repeats + 1) * period] == pattern:
        repeats += 1
    return period, repeats


def _longest_run(signatures: list[Signature | None], index: int) -> tuple[int, int]:
    """``(period, repeats)`` of the run of identical blocks covering most blocks from
    ``index`` (the shorter period on a tie); ``(0, 0)`` when none repeats."""
    best = (0, 0)
    for period in range(1, min(LONGEST_PATTERN, (len(signatures) - index) // 2) + 1):
        if signatures[index + period - 1] is None:
            break
        run = _run_of(signatures, index, period)
        if run[1] > 1 and run[0] * run[1] > best[0] * best[1]:
            best = run
    return best
