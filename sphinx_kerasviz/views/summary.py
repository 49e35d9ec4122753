"""The summary table as data: the rows and totals ``model.summary()`` prints, and a bit more."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sphinx_kerasviz.model.description import Layer, ModelDescription, Preprocessor, Totals
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views import formatting as fmt
from sphinx_kerasviz.views.groups import Group, find_groups


@dataclass(frozen=True)
class Row:
    """One layer row; ``level`` > 0 for layers of an expanded nested model."""

    name: str
    class_name: str
    output_shape: str
    params: int
    connected_to: tuple[str, ...]
    trainable: str  # "Y", "N" or "-" (no weights)
    level: int = 0
    dtype_policy: str = "-"


@dataclass(frozen=True)
class Summary:
    """Everything the summary table shows."""

    model_name: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    totals: Totals
    preprocessor: Preprocessor | None = None
    #: ``Connected to`` without the ``[0][0]`` of a first call's first tensor (documents).
    compact: bool = False

    #: The columns whose cells are counts (right-aligned, never broken).
    NUMBERS = ("Param #",)
    #: The columns of the preprocessor's table, as KerasHub's ``Task.summary()`` has them.
    PREPROCESSOR_COLUMNS = ("Layer (type)", "Config")

    def preprocessor_title(self) -> str:
        return f'Preprocessor: "{self.preprocessor.name}"' if self.preprocessor else ""

    def preprocessor_cells(self) -> list[list[str]]:
        """One row per tokenizer or converter: ``name (Class)`` and what it holds."""
        parts = self.preprocessor.parts if self.preprocessor else ()
        return [[f"{name} ({class_name})", info] for name, class_name, info in parts]

    def for_documents(self) -> Summary:
        """The table as a page shows it: Keras's own ``name (Type)`` in one column, so the
        counts keep their room, and ``Connected to`` in its compact form."""
        columns = ("Layer (type)", *(c for c in self.columns if c not in ("Layer", "Type")))
        return replace(self, columns=columns, compact=True)

    def cells(self, row: Row) -> list[str]:
        """The text of ``row`` for each of :attr:`columns`."""
        indent = "\u00a0" * 4 * row.level
        ports = [re.sub(r"\[0\]\[0\]$", "", p) for p in row.connected_to] if self.compact \
            else row.connected_to
        values = {
            "Layer": indent + row.name,
            "Type": row.class_name,
            "Layer (type)": f"{indent}{row.name} ({row.class_name})",
            "Output shape": row.output_shape,
            "Param #": fmt.count(row.params),
            "Connected to": "\n".join(ports) or "-",
            "Trainable": row.trainable,
            "Dtype policy": row.dtype_policy,
        }
        return [values[column] for column in self.columns]

    def footer_cells(self) -> list[list[str]]:
        """The totals as table rows: the label first, the value under ``Param #``.

        No cell spans columns, so every output (the man page writer too) can show them.
        """
        params = self.columns.index("Param #")
        rows = []
        for label, value in self.footer():
            cells = [""] * len(self.columns)
            cells[0], cells[params] = label, value
            rows.append(cells)
        return rows

    def footer(self) -> list[tuple[str, str]]:
        """``(label, value)`` pairs: total, trainable and non-trainable parameters."""
        t = self.totals
        return [
            ("Total params", fmt.count_and_memory(t.total, t.total_bytes)),
            ("Trainable params", fmt.count_and_memory(t.trainable, t.trainable_bytes)),
            ("Non-trainable params", fmt.count_and_memory(t.non_trainable, t.non_trainable_bytes)),
        ]


def summarize(model: ModelDescription, options: Options | None = None) -> Summary:
    """The rows of ``model`` (nested models opened as far as ``options`` expands them)."""
    options = options or Options()
    columns = ["Layer", "Type", "Output shape", "Param #"]
    if model.kind == "functional":
        columns.append("Connected to")
    if options.show_dtype:
        columns.append("Dtype policy")
    if options.show_trainable:
        columns.append("Trainable")
    rows = tuple(_rows(model, options.expand_depth, 0, options.group_repeats))
    return Summary(model.name, tuple(columns), rows, model.totals, model.preprocessor)


def _rows(model: ModelDescription, depth: int, level: int, grouped: bool) -> list[Row]:
    rows = []
    group_of = {name: g for g in find_groups(model) for name in g.members} if grouped else {}
    for layer in model.layers:
        if model.kind == "sequential" and layer.kind == "input":
            continue  # model.summary() leaves a Sequential's input out too
        group = group_of.get(layer.name)
        if group is not None:
            if layer.name == group.first:
                rows.append(_group_row(model, group, level))
            continue
        rows.append(_row(layer, level))
        if layer.model is not None and level < depth:
            rows.extend(_rows(layer.model, depth, level + 1, grouped))
    return rows


def _group_row(model: ModelDescription, group: Group, level: int) -> Row:
    """One row for a run of identical blocks: the parameters of all, the tensor that enters
    and the shape that leaves."""
    members = [model.layer(name) for name in group.members]
    inside = set(group.members)
    entering = dict.fromkeys(
        fmt.port(p) for layer in members for call in layer.calls for p in call.inputs
        if p.layer not in inside
    )
    flags = {layer.trainable for layer in members if layer.trainable is not None}
    return Row(
        name=f"{group.first} … {group.last}",
        class_name=f"{group.title} \u00d7{group.repeats} ({group.period} layers each)",
        output_shape=_row(members[-1], level).output_shape,
        params=sum(layer.params for layer in members),
        connected_to=tuple(entering),
        trainable="-" if not flags else "Y" if flags == {True} else "N" if flags == {False}
        else "Y/N",
        level=level,
    )


def _row(layer: Layer, level: int) -> Row:
    outputs = list(dict.fromkeys(fmt.shapes(call.output_shapes) for call in layer.calls))
    if not outputs and layer.model and layer.model.outputs:  # a part never called: its own
        outputs = [fmt.shapes(layer.model.shapes(layer.model.outputs))]
    trainable = "-" if layer.trainable is None else "Y" if layer.trainable else "N"
    return Row(
        name=layer.name,
        class_name=layer.class_name,
        output_shape=fmt.UNUSED if layer.unused else "\n".join(outputs) or "?",
        params=layer.params,
        connected_to=tuple(fmt.port(p) for call in layer.calls for p in call.inputs),
        trainable=trainable,
        level=level,
        dtype_policy=layer.dtype_policy or "-",
    )
