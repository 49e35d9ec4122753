"""Every user-visible option in one table: its parser, default and help.

The directive (``:show-dtype:``), ``conf.py`` (``kerasviz_show_dtype``) and later the command line
read the same table, so an option is declared once.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from sphinx_kerasviz.errors import KerasvizError

VIEWS = ("graph", "summary", "layered")
PALETTES = ("default", "colorblind", "grayscale")
RANKDIRS = ("TB", "LR", "BT", "RL")
ALIGNS = ("left", "center", "right")
_TRUE = {"", "true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
_LENGTH = re.compile(r"^\d+(\.\d+)?(%|px|pt|em|ex|cm|mm|in|pc)?$")


def parse_bool(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return value is None or value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _views(value: Any) -> tuple[str, ...]:
    items = re.split(r"[\s,]+", value.strip()) if isinstance(value, str) else list(value)
    items = [str(item).strip().lower() for item in items if str(item).strip()]
    if not items:
        raise ValueError("expected at least one view")
    for item in items:
        if item not in VIEWS:
            raise ValueError(f"unknown view {item!r} (choose from {', '.join(VIEWS)})")
    return tuple(dict.fromkeys(items))


def _choice(choices: tuple[str, ...], upper: bool = False) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value or "").strip()
        text = text.upper() if upper else text.lower()
        if text not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, got {value!r}")
        return text

    return parse


def _depth(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none")):
        return None
    try:
        depth = int(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a whole number, got {value!r}") from None
    if depth < 0:
        raise ValueError(f"expected a number of levels >= 0, got {depth}")
    return depth


def _wrap(value: Any) -> int | None:
    wrap = _depth(value)
    if wrap == 0:
        raise ValueError("expected a number of layers >= 1, got 0")
    return wrap


def _positive(value: Any) -> float:
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a number, got {value!r}") from None
    if not number > 0:
        raise ValueError(f"expected a number above 0, got {value!r}")
    return number


def _names(value: Any) -> tuple[str, ...]:
    """Layer types or layer names, separated by commas or spaces."""
    items = re.split(r"[\s,]+", value.strip()) if isinstance(value, str) else list(value or ())
    return tuple(str(item) for item in items if str(item))


def _layered_wrap(value: Any) -> int | None:
    """``auto`` (None), ``off`` (0) or a number of steps per row."""
    text = str(value).strip().lower() if value is not None else "auto"
    if text == "auto":
        return None
    if text == "off":
        return 0
    return _wrap(text)


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _length(value: Any) -> str | None:
    """A CSS length; a bare number means pixels, as in docutils."""
    text = _text(value)
    if text is None:
        return None
    match = _LENGTH.match(text)
    if not match:
        raise ValueError(f"expected a length such as 80% or 400px, got {value!r}")
    return text if match.group(2) else f"{text}px"


def _classes(value: Any) -> tuple[str, ...]:
    items = value.split() if isinstance(value, str) else list(value or ())
    for item in items:
        if not re.match(r"^[A-Za-z_][\w-]*$", item):
            raise ValueError(f"{item!r} is not a CSS class name")
    return tuple(items)


def _dims(value: Any) -> tuple[int | None, ...]:
    if not isinstance(value, tuple | list) or not value:
        raise ValueError("a shape is a non-empty tuple of sizes")
    for dim in value:
        if dim is not None and not (isinstance(dim, int) and dim > 0):
            raise ValueError(f"{dim!r} is not a size")
    return tuple(value)


def _input_shape(value: Any) -> tuple[int | None, ...] | list[tuple[int | None, ...]] | None:
    """``28, 28, 1`` or ``(28, 28, 1)`` (batch axis left out); a list of those for many inputs."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError):
            raise ValueError(f"expected a shape such as (28, 28, 1), got {value!r}") from None
    if isinstance(value, int):
        value = (value,)
    if isinstance(value, list) and value and all(isinstance(v, tuple | list) for v in value):
        return [_dims(v) for v in value]
    return _dims(value)


_INCHES = {"in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4, "pt": 1 / 72}


def parse_inches(value: Any) -> float | None:
    """A page length (``6in``, ``16cm``, ``170mm``, ``450pt``; a bare number is inches)."""
    if value is None:
        return None
    match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(in|cm|mm|pt)?\s*$", str(value))
    if not match or float(match.group(1)) == 0:
        raise KerasvizError("option", f"expected a length such as 6in or 16cm, got {value!r}")
    return float(match.group(1)) * _INCHES[match.group(2) or "in"]


@dataclass(frozen=True)
class Spec:
    """One option: how to parse it, its default, and whether ``conf.py`` may set it."""

    name: str
    parse: Callable[[Any], Any]
    default: Any
    help: str
    conf: bool = True

    @property
    def attr(self) -> str:
        return self.name.replace("-", "_")

    @property
    def conf_name(self) -> str:
        return f"kerasviz_{self.attr}"


SPECS: tuple[Spec, ...] = (
    Spec("views", _views, ["graph", "summary"], "which views to show, in order: graph, summary"),
    Spec("caption", _text, None, "caption; makes a numbered figure", conf=False),
    Spec("name", _text, None, "label for :ref: and :numref:", conf=False),
    Spec("alt", _text, None, "alt text (generated from the model when not given)", conf=False),
    Spec("align", _choice(ALIGNS), "center", "left, center or right"),
    Spec("width", _length, None, "diagram width, e.g. 80% or 400px"),
    Spec("class", _classes, [], "extra CSS classes on the wrapper"),
    Spec("input-shape", _input_shape, None, "build an unbuilt model with this input shape"),
    Spec("rankdir", _choice(RANKDIRS, upper=True), "TB", "diagram direction: TB, LR, BT, RL"),
    Spec("show-shapes", parse_bool, True, "input and output shapes of every call"),
    Spec("show-dtype", parse_bool, False, "output dtype of every call"),
    Spec("show-layer-names", parse_bool, True, "layer names above the class names"),
    Spec("show-activations", parse_bool, False, "the activation of layers that have one"),
    Spec("show-trainable", parse_bool, False, "mark layers with weights trainable or frozen"),
    Spec("show-params", parse_bool, False, "parameter count of every layer"),
    Spec("expand-nested", parse_bool, False, "draw nested models' layers inside a box"),
    Spec("depth", _depth, None, "how many levels of nested models to expand (implies expand)"),
    Spec("wrap", _wrap, None, "fold a long model into lines of at most N layers (for print)"),
    Spec("palette", _choice(PALETTES), "default",
         "node colours: default, colorblind (Okabe-Ito) or grayscale (told apart by outline too)"),
    Spec("legend", parse_bool, False, "a legend of the layer types drawn beside the diagram"),
    Spec("group-repeats", parse_bool, False,
         "draw each run of identical blocks as one node (and one row in the table)"),
    Spec("interactive", parse_bool, False,
         "HTML: pan, zoom, search, a panel of each layer's details, groups open in place"),
    Spec("layered-sizing", _choice(("log", "linear")), "log",
         "layered view: box sizes grow with the log of each dimension, or linearly"),
    Spec("layered-scale-xy", _positive, 4.0, "layered view: points per unit of height and width"),
    Spec("layered-scale-z", _positive, 1.5, "layered view: points per channel (along the flow)"),
    Spec("layered-min-size", _positive, 8.0, "layered view: smallest box side, in points"),
    Spec("layered-max-xy", _positive, 160.0, "layered view: largest box height and depth"),
    Spec("layered-max-z", _positive, 100.0, "layered view: largest box width along the flow"),
    Spec("layered-vector", _choice(("z", "y")), "z",
         "layered view: a vector is a flat box along the flow (z) or upright (y)"),
    Spec("layered-spacing", _positive, 10.0, "layered view: gap between boxes, in points"),
    Spec("layered-funnels", parse_bool, True,
         "layered view: funnels between boxes on a single path"),
    Spec("layered-dimensions", parse_bool, False, "layered view: output dimensions under each box"),
    Spec("layered-legend", parse_bool, True, "layered view: a legend of the layer types"),
    Spec("layered-hide", _names, [], "layered view: layer types or names to leave out"),
    Spec("layered-wrap", _layered_wrap, "auto",
         "layered view: steps per row; auto folds a deep model, off never folds"),
)
SPEC_BY_NAME = {spec.name: spec for spec in SPECS}


@dataclass(frozen=True)
class Options:
    """The resolved options of one diagram (attribute names use underscores)."""

    views: tuple[str, ...] = ("graph", "summary")
    caption: str | None = None
    name: str | None = None
    alt: str | None = None
    align: str = "center"
    width: str | None = None
    class_: tuple[str, ...] = ()
    input_shape: Any = None
    rankdir: str = "TB"
    show_shapes: bool = True
    show_dtype: bool = False
    show_layer_names: bool = True
    show_activations: bool = False
    show_trainable: bool = False
    show_params: bool = False
    expand_nested: bool = False
    depth: int | None = None
    wrap: int | None = None
    palette: str = "default"
    legend: bool = False
    group_repeats: bool = False
    interactive: bool = False
    layered_sizing: str = "log"
    layered_scale_xy: float = 4.0
    layered_scale_z: float = 1.5
    layered_min_size: float = 8.0
    layered_max_xy: float = 160.0
    layered_max_z: float = 100.0
    layered_vector: str = "z"
    layered_spacing: float = 10.0
    layered_funnels: bool = True
    layered_dimensions: bool = False
    layered_legend: bool = True
    layered_hide: tuple[str, ...] = ()
    layered_wrap: int | None = None  # None: automatic; 0: never fold

    @property
    def expand_depth(self) -> int:
        """How many nesting levels the views open (0: nested models stay one node)."""
        if self.depth is not None:
            return self.depth
        return 10**6 if self.expand_nested else 0


_FIELD = {f.name.rstrip("_"): f.name for f in fields(Options)}


def parse_value(name: str, value: Any) -> Any:
    """Parse one option's value; raise ``KerasvizError('option')`` saying what is wrong."""
    spec = SPEC_BY_NAME[name]
    try:
        return spec.parse(value)
    except ValueError as exc:
        raise KerasvizError("option", str(exc)) from None


def make_options(values: dict[str, Any]) -> Options:
    """Build :class:`Options` from already-parsed values keyed by option name (kebab-case)."""
    return Options(**{_FIELD[SPEC_BY_NAME[k].attr]: v for k, v in values.items()})
