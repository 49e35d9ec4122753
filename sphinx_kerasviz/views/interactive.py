"""The interactive diagram as data: the drawings it switches between and each layer's details.

Graphviz lays out a whole graph at once, so a nested model or group that opens "in place" is a
second drawing: one per item that can open or close (from the default state), plus everything
open and everything closed. The browser swaps between them; the details of every layer (class,
config, weights, shapes of every call) travel as JSON for the panel and the search box.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sphinx_kerasviz.model.description import Layer, ModelDescription
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views import formatting as fmt
from sphinx_kerasviz.views.dot import drawn_nodes, to_dot
from sphinx_kerasviz.views.groups import find_groups

#: Items (nested models, groups) that get a drawing of their own; later ones open with "all".
MOST_TOGGLES = 40
#: Fewer drawings for big diagrams: all drawings together hold at most this many boxes.
MOST_BOXES = 20_000


@dataclass(frozen=True)
class Variant:
    """One drawing: its key, the paths drawn open, its DOT text and the safer retry."""

    key: str
    open: tuple[str, ...]
    dot: str
    safe_dot: str


@dataclass(frozen=True)
class InteractiveView:
    variants: tuple[Variant, ...]  # the first is the default
    data: dict  # goes to the page as JSON

    def json(self) -> str:
        """The data as JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&``."""
        text = json.dumps(self.data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class _Item:
    path: str
    ancestors: tuple[str, ...]
    open_by_default: bool


def interactive_view(model: ModelDescription, options: Options) -> InteractiveView:
    """The drawings and details of ``model`` drawn with ``options``."""
    layers: dict[str, dict] = {}
    groups: dict[str, dict] = {}
    items: list[_Item] = []
    _walk(model, "", (), 0, options, layers, groups, items)
    default = frozenset(item.path for item in items if item.open_by_default)
    states: dict[frozenset[str], str] = {default: "default"}
    toggles: dict[str, str] = {}
    budget = min(MOST_TOGGLES, MOST_BOXES // max(1, drawn_nodes(model, options.expand_depth)))
    for number, item in enumerate(items[:budget], start=1):
        if item.path in default:
            state = frozenset(p for p in default if p != item.path
                              and not p.startswith(item.path + "/"))
        else:
            state = default | {item.path, *item.ancestors}
        toggles[item.path] = states.setdefault(state, f"v{number}")
    for key, state in (("all-open", frozenset(i.path for i in items)), ("all-closed", frozenset())):
        states.setdefault(state, key)
    keys = {value: key for key, value in states.items()}
    variants = tuple(
        Variant(key, tuple(sorted(state)), to_dot(model, options, open_paths=state),
                to_dot(model, options, safe=True, open_paths=state))
        for key, state in keys.items()
    )
    data = {
        "model": model.name,
        "fit": options.fit,  # "shrink" lets Fit show the whole drawing below the legibility floor
        "layers": layers,
        "order": list(layers),  # the layers in the model's order (the JSON sorts its keys)
        "groups": groups,
        "variants": {v.key: list(v.open) for v in variants},
        "toggles": toggles,
        "all": {"open": states[frozenset(i.path for i in items)],
                "closed": states[frozenset()]},
    }
    return InteractiveView(variants, data)


def _walk(
    model: ModelDescription,
    prefix: str,
    ancestors: tuple[str, ...],
    level: int,
    options: Options,
    layers: dict[str, dict],
    groups: dict[str, dict],
    items: list[_Item],
) -> None:
    """Collect the details of every layer and every item that can open, depth first."""
    found = find_groups(model) if options.group_repeats else ()
    container = {name: prefix + g.key for g in found for name in g.members}
    for group in found:
        path = prefix + group.key
        groups[path] = {
            "title": group.title,
            "repeats": group.repeats,
            "period": group.period,
            "members": [prefix + name for name in group.members],
            "params": sum(model.layer(name).params for name in group.members),
        }
    firsts = {g.first: prefix + g.key for g in found}
    for layer in model.layers:
        path = prefix + layer.name
        if layer.name in firsts:
            items.append(_Item(firsts[layer.name], ancestors, False))
        inside = container.get(layer.name) or (ancestors[-1] if ancestors else None)
        layers[path] = _details(layer, inside)
        if layer.model is not None and layer.model.inputs:
            opened = level < options.expand_depth
            items.append(_Item(path, ancestors, opened))
            _walk(layer.model, path + "/", (*ancestors, path), level + 1, options,
                  layers, groups, items)


def _details(layer: Layer, container: str | None) -> dict:
    """What the panel shows of one layer."""
    return {
        "name": layer.name,
        "class": layer.class_name,
        "kind": layer.kind,
        "custom": layer.custom,
        "container": container,
        "params": layer.params,
        "trainable": layer.trainable,
        "activation": layer.activation,
        "policy": layer.dtype_policy,
        "unused": layer.unused,
        "config": [list(pair) for pair in layer.config],
        "weights": [
            [w.name, str(w.shape), w.dtype, w.count, w.trainable] for w in layer.weights
        ],
        "calls": [
            {
                "in": [fmt.shape(s) for s in call.input_shapes],
                "out": [fmt.shape(s) for s in call.output_shapes],
                "dtype": list(call.output_dtypes),
            }
            for call in layer.calls
        ],
    }
