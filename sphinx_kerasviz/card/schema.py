"""The fields of a card and their checking, with the YAML line of every problem.

The names follow the Model Card Toolkit's schema (``model_details``, ``model_parameters``,
``quantitative_analysis``, ``considerations``) with the Hugging Face card's additions
(``out_of_scope_uses``); ``kerasviz`` asks for the generated sections. :func:`load_card`
returns the card as plain data (only fields that passed) and every problem found.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sphinx_kerasviz.errors import KerasvizError


@dataclass(frozen=True)
class Problem:
    """``field`` (a dotted path, list items numbered from 0) on ``line`` (from 1) is wrong."""

    field: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


# A field is a type name ("text", "number", "bool"), a tuple of the texts allowed, a dict of
# fields (an object), or a list of one field (a list of those). Names ending in "!" are
# required.
TEXT, NUMBER, BOOL = "text", "number", "bool"
DESCRIPTIONS = [{"description!": TEXT}]
EXPLAIN_DIRECTIVES = ("activations", "saliency", "gradcam", "activation-max",
                      "decision-boundary")
SCHEMA: dict[str, Any] = {
    "model_details!": {
        "name!": TEXT,
        "overview": TEXT,
        "documentation": TEXT,
        "version": {"name": TEXT, "date": TEXT, "diff": TEXT},
        "owners": [{"name!": TEXT, "contact": TEXT}],
        "licenses": [{"identifier": TEXT, "custom_text": TEXT}],
        "citations": [{"style": TEXT, "citation!": TEXT}],
        "references": [{"reference!": TEXT}],
        "path": TEXT,
    },
    "model_parameters": {
        "model_architecture": TEXT,
        "input_format": TEXT,
        "output_format": TEXT,
        "data": [{"name!": TEXT, "split": TEXT, "link": TEXT, "description": TEXT,
                  "size": NUMBER, "sensitive": BOOL}],
    },
    "quantitative_analysis": {
        "performance_metrics": [{"type!": TEXT, "value!": NUMBER, "slice": TEXT,
                                 "threshold": NUMBER,
                                 "confidence_interval": {"lower_bound!": NUMBER,
                                                         "upper_bound!": NUMBER}}],
        "metrics_file": TEXT,
    },
    "considerations": {
        "users": DESCRIPTIONS,
        "use_cases": DESCRIPTIONS,
        "out_of_scope_uses": DESCRIPTIONS,
        "limitations": DESCRIPTIONS,
        "tradeoffs": DESCRIPTIONS,
        "ethical_considerations": [{"name!": TEXT, "mitigation_strategy": TEXT}],
    },
    "kerasviz": {
        "architecture": TEXT,
        "architecture_views": TEXT,
        "history": TEXT,
        "history_metrics": TEXT,
        "weights": TEXT,
        "explanations": [{"directive!": EXPLAIN_DIRECTIVES, "target!": TEXT, "input": TEXT,
                          "caption": TEXT, "options": {}}],
    },
}


def load_card(path: Path) -> tuple[dict[str, Any], list[Problem]]:
    """The card in ``path`` and its problems; ``KerasvizError('input')`` when the file cannot
    be read or is not YAML."""
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except OSError as exc:
        raise KerasvizError("input", f"cannot read {path.name}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise KerasvizError("input", f"{path.name} is not YAML{where}: {problem}") from None
    problems: list[Problem] = []
    if root is None:
        problems.append(Problem("model_details", 1, "the card is empty"))
        return {}, problems
    card = check(root, SCHEMA, "", problems)
    return card or {}, problems


def check(node: yaml.Node, field: Any, name: str, problems: list[Problem]) -> Any:
    """``node`` as plain data if it matches ``field``, else None (problems noted)."""
    line = node.start_mark.line + 1
    label = name or "the card"
    if isinstance(field, dict):
        if not isinstance(node, yaml.MappingNode):
            problems.append(Problem(label, line, f"expected fields, got {kind(node)}"))
            return None
        return check_mapping(node, field, name, problems)
    if isinstance(field, list):
        if not isinstance(node, yaml.SequenceNode):
            problems.append(Problem(label, line, f"expected a list, got {kind(node)}"))
            return None
        items = [check(item, field[0], f"{name}[{i}]", problems)
                 for i, item in enumerate(node.value)]
        return [item for item in items if item is not None]
    return scalar(node, field, label, problems)


def check_mapping(node: yaml.MappingNode, fields: dict[str, Any], name: str,
                  problems: list[Problem]) -> dict[str, Any] | None:
    """The checked fields; None when a required one is missing or wrong (problems noted)."""
    known = {key.rstrip("!"): (value, key.endswith("!")) for key, value in fields.items()}
    found: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        path = f"{name}.{key}" if name else key
        if not fields:  # free options (explanations): text values
            found[key] = scalar(value_node, TEXT, path, problems)
            continue
        if key not in known:
            near = ", ".join(sorted(known))
            problems.append(Problem(path, key_node.start_mark.line + 1,
                                    f"unknown field (known here: {near})"))
            continue
        value = check(value_node, known[key][0], path, problems)
        if value is not None:
            found[key] = value
    given = {str(key_node.value) for key_node, _ in node.value}
    complete = True
    for key, (_field, required) in known.items():
        if required and key not in found:
            complete = False
            if key not in given:  # a given but wrong value has its own problem
                path = f"{name}.{key}" if name else key
                problems.append(Problem(path, node.start_mark.line + 1,
                                        "required field missing"))
    return found if complete else None


def scalar(node: yaml.Node, field: str | tuple[str, ...], label: str,
           problems: list[Problem]) -> Any:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode):
        problems.append(Problem(label, line, f"expected {field}, got {kind(node)}"))
        return None
    value = str(node.value)
    tag = node.tag.rsplit(":", 1)[-1]
    if isinstance(field, tuple):
        if value in field:
            return value
        problems.append(Problem(label, line, f"expected one of {', '.join(field)}, got "
                                f"{value!r}"))
        return None
    if field == TEXT:
        if "\n" in value.strip() and label.startswith("kerasviz"):
            problems.append(Problem(label, line, "expected one line"))
            return None
        return value
    if field == NUMBER:
        if tag in ("int", "float"):
            return float(value) if tag == "float" or "." in value else int(value)
        problems.append(Problem(label, line, f"expected a number, got {value!r}"))
        return None
    if tag == "bool":
        return value.lower() in ("true", "yes", "on")
    problems.append(Problem(label, line, f"expected true or false, got {value!r}"))
    return None


def kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "fields"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return repr(node.value)
