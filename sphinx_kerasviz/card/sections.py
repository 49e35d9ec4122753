"""The generated sections of a card as reST directives (pure: no Sphinx, no Keras).

Paths in a card are relative to the card file; the directives read them relative to the page,
so :func:`generated` takes ``relocate``, which maps one to the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.files import is_file_name
from sphinx_kerasviz.model.target import parse_target

OPTION_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")


def directive(name: str, argument: str, options: dict[str, str]) -> list[str]:
    """One directive as reST lines; values must be single lines (checked by the schema)."""
    lines = [f".. {name}:: {argument}".rstrip()]
    for key, value in options.items():
        if not OPTION_NAME.match(key):
            raise KerasvizError("card", f"{name}: {key!r} is not an option name")
        lines.append(f"   :{key}: {value}".rstrip())
    return [*lines, ""]


def target_text(text: str, relocate: Callable[[str], str]) -> str:
    """A model target, relocated when it is a file (a dotted path stays as it is)."""
    return relocate(text) if parse_target(text).is_file else text


def generated(kerasviz: dict[str, Any],
              relocate: Callable[[str], str]) -> dict[str, list[str]]:
    """The card's ``kerasviz`` section as reST, by card section name."""
    found: dict[str, list[str]] = {}
    if "architecture" in kerasviz:
        views = kerasviz.get("architecture_views", "graph, summary")
        found["architecture"] = directive("keras-model", target_text(
            kerasviz["architecture"], relocate), {"views": views})
    if "history" in kerasviz:
        options = {"metrics": kerasviz["history_metrics"]} if "history_metrics" in kerasviz \
            else {}
        found["history"] = directive("keras-history", relocate(kerasviz["history"]), options)
    if "weights" in kerasviz:
        found["weights"] = directive("keras-weights", target_text(kerasviz["weights"],
                                                                  relocate), {})
    lines: list[str] = []
    for item in kerasviz.get("explanations", []):
        name = item["directive"].removeprefix("keras-")
        options = dict(item.get("options", {}))
        if "input" in item:
            options["input"] = relocate(item["input"]) if is_file_name(item["input"]) \
                else item["input"]
        for key in ("data",):
            if key in options and is_file_name(options[key]):
                options[key] = relocate(options[key])
        if "caption" in item:
            options["caption"] = item["caption"]
        lines += directive(f"keras-{name}", target_text(item["target"], relocate), options)
    if lines:
        found["explanations"] = lines
    return found
