"""Every option's parser, and the tables of ``keras-model`` and ``keras-history`` options.

The directive (``:show-dtype:``), ``conf.py`` (``kerasviz_show_dtype``), the Python API and the
command line read the same table, so an option is declared once. The other directives' option
values (``keras-weights``, the explain directives) are parsed by the functions here too. Each
parser raises ``ValueError`` saying what is wrong.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from docutils.parsers.rst import directives

from sphinx_kerasviz.errors import KerasvizError

VIEWS = ("graph", "summary", "layered")
PALETTES = ("default", "colorblind", "grayscale")
RANKDIRS = ("TB", "LR", "BT", "RL")
ALIGNS = ("left", "center", "right")
FITS = ("readable", "shrink")
_TRUE = {"", "true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
#: Points per unit, the one unit table (CSS: 96 px to the inch).
POINTS = {"pt": 1.0, "px": 0.75, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4}


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


def choice(choices: tuple[str, ...], upper: bool = False) -> Callable[[Any], str]:
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


def name_list(value: Any) -> tuple[str, ...]:
    """Names (or shell patterns) separated by commas or spaces; maybe none."""
    items = re.split(r"[\s,]+", value.strip()) if isinstance(value, str) else list(value or ())
    return tuple(str(item) for item in items if str(item))


def names(value: Any) -> tuple[str, ...]:
    """:func:`name_list`, at least one."""
    found = name_list(value)
    if not found:
        raise ValueError("expected names")
    return found


def labels(value: str) -> tuple[str, ...]:
    """Class names separated by commas (spaces kept inside a name)."""
    found = tuple(n.strip() for n in (value or "").split(","))
    if not any(found):
        raise ValueError("expected names separated by commas")
    return found


def integer(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int((value or "").strip())
        if not low <= number <= high:
            raise ValueError(f"expected a whole number from {low} to {high}, got {value!r}")
        return number

    return parse


def number(low: float, high: float) -> Callable[[str], float]:
    def parse(value: str) -> float:
        found = float((value or "").strip())
        if not low <= found <= high:
            raise ValueError(f"expected a number from {low:g} to {high:g}, got {value!r}")
        return found

    return parse


def units(value: str) -> tuple[int, ...]:
    """Indices and ranges: ``0, 3, 5-7`` is (0, 3, 5, 6, 7)."""
    found: list[int] = []
    for part in re.split(r"[\s,]+", (value or "").strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if match is None:
            raise ValueError(f"expected indices like 0, 3, 5-7, got {value!r}")
        start, stop = int(match[1]), int(match[2] or match[1])
        if stop < start or stop - start > 255:
            raise ValueError(f"bad range {part!r}")
        found.extend(range(start, stop + 1))
    if not found or len(found) > 64:
        raise ValueError("expected from 1 to 64 indices")
    return tuple(dict.fromkeys(found))


def methods(choices: tuple[str, ...]) -> Callable[[str], tuple[str, ...]]:
    def parse(value: str) -> tuple[str, ...]:
        found = tuple(dict.fromkeys(names(value.lower())))
        unknown = [m for m in found if m not in choices]
        if unknown:
            raise ValueError(f"unknown method {', '.join(unknown)}; expected some of "
                             f"{', '.join(choices)}")
        return found

    return parse


def numbers(value: str, count: int | None = None) -> tuple[float, ...]:
    """Numbers separated by commas or spaces (``count`` of them when given)."""
    found = tuple(float(v) for v in re.split(r"[\s,]+", (value or "").strip()) if v)
    if not found or (count is not None and len(found) != count):
        raise ValueError(f"expected {count or 'some'} numbers, got {value!r}")
    return found


def value_range(value: str) -> tuple[float, float]:
    low, high = numbers(value, 2)
    if not low < high:
        raise ValueError(f"expected a low and a higher value, got {value!r}")
    return low, high


def features(value: str) -> tuple[int, int]:
    found = units(value)
    if len(found) != 2:
        raise ValueError(f"expected two feature indices, got {value!r}")
    return found[0], found[1]


def filler(value: str) -> str | tuple[float, ...]:
    """``mean``, ``median``, or a value for every feature."""
    text = (value or "").strip().lower()
    if text in ("mean", "median"):
        return text
    return numbers(value)


def _layered_wrap(value: Any) -> int | None:
    """``auto`` (None), ``off`` (0) or a number of steps per row."""
    text = str(value).strip().lower() if value is not None else "auto"
    if text == "auto":
        return None
    if text == "off":
        return 0
    return _wrap(text)


_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
#: The fields a ``:layered-label:`` template may use.
LABEL_FIELDS = ("name", "class", "shape", "params")


@dataclass(frozen=True)
class LayerStyle:
    """A ``:layered-style:`` rule: the layers ``pattern`` matches get these looks (None keeps
    what they had). ``pattern``: a class or layer name or a shell pattern of one, or
    ``family:NAME``."""

    pattern: str
    fill: str | None = None
    outline: str | None = None
    opacity: float | None = None


@dataclass(frozen=True)
class LayerGroup:
    """A ``:layered-groups:`` entry: a caption and its members (``first..last`` name ranges,
    names or shell patterns)."""

    caption: str
    members: tuple[str, ...]


def _entries(value: Any, separators: str) -> list[tuple[str, Any]]:
    """``KEY=VALUE`` pairs of a string (split at any of ``separators``) or of a dict, in
    order."""
    if isinstance(value, dict):
        return [(str(k).strip(), v) for k, v in value.items()]
    text = str(value or "")
    pairs = []
    for part in re.split(f"[{separators}]", text):
        if not part.strip():
            continue
        key, equals, rest = part.partition("=")
        if not equals or not key.strip():
            raise ValueError(f"expected KEY=VALUE, got {part.strip()!r}")
        pairs.append((key.strip(), rest.strip()))
    return pairs


def _colour(text: str) -> str:
    if not _COLOUR.fullmatch(text):
        raise ValueError(f"expected a colour such as #4477aa, got {text!r}")
    return text.lower()


def _layer_style(pattern: str, value: Any) -> LayerStyle:
    """``#4477aa outline:#223344 opacity:0.6`` (each part optional) for ``pattern``."""
    looks: dict[str, Any] = {}
    for token in str(value).split():
        key, colon, text = token.rpartition(":") if ":" in token else ("fill", ":", token)
        if key not in ("fill", "outline", "opacity") or not colon:
            raise ValueError(f"unknown style {token!r} (fill, outline:, opacity:)")
        looks[key] = _opacity(text) if key == "opacity" else _colour(text)
    if not looks:
        raise ValueError(f"no style given for {pattern!r}")
    return LayerStyle(pattern, **looks)


def _opacity(text: str) -> float:
    try:
        found = float(text)
    except ValueError:
        raise ValueError(f"expected an opacity from 0 to 1, got {text!r}") from None
    if not 0 <= found <= 1:
        raise ValueError(f"expected an opacity from 0 to 1, got {text!r}")
    return found


def _layered_styles(value: Any) -> tuple[LayerStyle, ...]:
    """``Dense=#4477aa, conv*=#88ccee outline:#000000, family:pooling=#ddcc77 opacity:0.5``."""
    if isinstance(value, tuple | list):
        return tuple(v if isinstance(v, LayerStyle) else _layered_styles(v)[0] for v in value)
    return tuple(_layer_style(pattern, spec) for pattern, spec in _entries(value, ";,"))


def _layered_groups(value: Any) -> tuple[LayerGroup, ...]:
    """``Encoder=conv1..pool2; Decoder=up1..out``: captions and members."""
    if isinstance(value, tuple | list):
        return tuple(v if isinstance(v, LayerGroup) else _layered_groups(v)[0] for v in value)
    groups = []
    for caption, members in _entries(value, ";"):
        found = name_list(members)
        if not found:
            raise ValueError(f"group {caption!r} has no layers")
        groups.append(LayerGroup(caption, found))
    return tuple(groups)


def _layered_label(value: Any) -> str:
    r"""A template of ``{name}``, ``{class}``, ``{shape}``, ``{params}``; ``\n`` breaks lines."""
    import string

    text = str(value or "").replace("\\n", "\n").strip()
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValueError(f"bad label template {value!r}: {exc}") from None
    for _, field, spec, conversion in parts:
        if field is not None and (field not in LABEL_FIELDS or spec or conversion):
            raise ValueError(f"unknown field {{{field}}} in {value!r} (use "
                             f"{', '.join('{' + f + '}' for f in LABEL_FIELDS)})")
    return text


def _auto_bool(value: Any) -> bool | None:
    """``auto`` (None) or a boolean."""
    if value is None or str(value).strip().lower() == "auto":
        return None
    return parse_bool(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _length(value: Any) -> str | None:
    """A CSS length or percentage; a bare number means pixels, as in docutils' image width."""
    text = _text(value)
    if text is None:
        return None
    try:
        return directives.length_or_percentage_or_unitless(text, "px")
    except ValueError:
        raise ValueError(f"expected a length such as 80% or 400px, got {value!r}") from None


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


BYTES = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def memory_size(value: Any) -> int:
    """``"8G"``, ``"512M"`` or a number of bytes -> bytes; ``None``, ``""`` or 0: no cap."""
    if value in (None, "", 0):
        return 0
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", str(value), re.IGNORECASE)
    if not match:
        raise ValueError(f"{value!r} is not a size such as 8G or 512M")
    size = int(float(match.group(1)) * BYTES[match.group(2).upper()])
    if size < 2**27:
        raise ValueError(f"{value!r} is under 128M: too little to import Keras")
    return size


def size_text(size: int) -> str:
    """8589934592 -> ``8G`` (bytes in the units :func:`memory_size` reads)."""
    for unit in "TGMK":
        if size >= BYTES[unit]:
            return f"{round(size / BYTES[unit], 2):g}{unit}"
    return f"{size}"


def parse_inches(value: Any) -> float | None:
    """A page length (``6in``, ``16cm``, ``170mm``, ``450pt``; a bare number is inches)."""
    if value is None:
        return None
    match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(in|cm|mm|pt)?\s*$", str(value))
    if not match or float(match.group(1)) == 0:
        raise KerasvizError("option", f"expected a length such as 6in or 16cm, got {value!r}")
    return float(match.group(1)) * POINTS[match.group(2) or "in"] / POINTS["in"]


@dataclass(frozen=True)
class Spec:
    """One option: how to parse it, its default, and whether ``conf.py`` may set it."""

    name: str
    parse: Callable[[Any], Any]
    default: Any
    help: str
    conf: bool = True
    #: ``history`` for the ``kerasviz_history_*`` values of ``keras-history``
    group: str = ""

    @property
    def attr(self) -> str:
        return self.name.replace("-", "_")

    @property
    def conf_name(self) -> str:
        return f"kerasviz_{self.group}_{self.attr}" if self.group else f"kerasviz_{self.attr}"


SPECS: tuple[Spec, ...] = (
    Spec("views", _views, ["graph", "summary"], "which views to show, in order: graph, summary"),
    Spec("caption", _text, None, "caption; makes a numbered figure", conf=False),
    Spec("name", _text, None, "label for :ref: and :numref:", conf=False),
    Spec("alt", _text, None, "alt text (generated from the model when not given)", conf=False),
    Spec("align", choice(ALIGNS), "center", "left, center or right"),
    Spec("width", _length, None, "diagram width, e.g. 80% or 400px"),
    Spec("fit", choice(FITS), "readable",
         "readable: labels never under 9 px (HTML) or 6 pt (PDF), a big diagram pans or "
         "continues; shrink: always fit the column"),
    Spec("class", _classes, [], "extra CSS classes on the wrapper"),
    Spec("input-shape", _input_shape, None, "build an unbuilt model with this input shape"),
    Spec("rankdir", choice(RANKDIRS, upper=True), "TB", "diagram direction: TB, LR, BT, RL"),
    Spec("show-shapes", parse_bool, True, "input and output shapes of every call"),
    Spec("show-dtype", parse_bool, False,
         "output dtype of every call and each layer's dtype policy"),
    Spec("show-layer-names", parse_bool, True, "layer names above the class names"),
    Spec("show-activations", parse_bool, False, "the activation of layers that have one"),
    Spec("show-trainable", parse_bool, False, "mark layers with weights trainable or frozen"),
    Spec("show-params", parse_bool, False, "parameter count of every layer"),
    Spec("expand-nested", parse_bool, False, "draw nested models' layers inside a box"),
    Spec("depth", _depth, None, "how many levels of nested models to expand (implies expand)"),
    Spec("wrap", _wrap, None, "fold a long model into lines of at most N layers (for print)"),
    Spec("palette", choice(PALETTES), "default",
         "node colours: default, colorblind (Okabe-Ito) or grayscale (told apart by outline too)"),
    Spec("legend", parse_bool, False, "a legend of the layer types drawn beside the diagram"),
    Spec("group-repeats", parse_bool, False,
         "draw each run of identical blocks as one node (and one row in the table)"),
    Spec("interactive", parse_bool, False,
         "HTML: pan, zoom, search, a panel of each layer's details, groups open in place"),
    Spec("layered-sizing", choice(("log", "linear")), "log",
         "layered view: box sizes grow with the log of each dimension, or linearly"),
    Spec("layered-scale-xy", _positive, 4.0, "layered view: points per unit of height and width"),
    Spec("layered-scale-z", _positive, 1.5, "layered view: points per channel (along the flow)"),
    Spec("layered-min-size", _positive, 8.0, "layered view: smallest box side, in points"),
    Spec("layered-max-xy", _positive, 160.0, "layered view: largest box height and depth"),
    Spec("layered-max-z", _positive, 100.0, "layered view: largest box width along the flow"),
    Spec("layered-vector", choice(("y", "z")), "y",
         "layered view: a vector is an upright box as tall as its units (y) or a flat box "
         "along the flow (z)"),
    Spec("layered-spacing", _positive, 14.0, "layered view: gap between boxes, in points"),
    Spec("layered-funnels", parse_bool, False,
         "layered view: funnels instead of arrows between boxes on a single path"),
    Spec("layered-dimensions", parse_bool, False, "layered view: output dimensions under each box"),
    Spec("layered-legend", parse_bool, True, "layered view: a legend of the looks shown"),
    Spec("layered-hide", name_list, [], "layered view: layer types or names to leave out"),
    Spec("layered-wrap", _layered_wrap, "auto",
         "layered view: steps per row; auto folds a model wider than a PDF page's text, "
         "off never folds"),
    Spec("layered-mode", choice(("3d", "2d")), "3d",
         "layered view: boxes with depth (3d) or flat rectangles (2d)"),
    Spec("layered-style", _layered_styles, [],
         "layered view: looks by class, name pattern or family, e.g. Dense=#4477aa, "
         "conv*=#88ccee outline:#000000, family:pooling=#ddcc77 opacity:0.5"),
    Spec("layered-label", _layered_label, "",
         "layered view: text by each box from {name}, {class}, {shape}, {params}; \\n breaks"),
    Spec("layered-label-position", choice(("below", "above")), "below",
         "layered view: the label under or over each box"),
    Spec("layered-groups", _layered_groups, [],
         "layered view: captioned frames around layers, e.g. Encoder=conv1..pool2; "
         "Decoder=up1..out"),
    Spec("layered-repeats", _auto_bool, "auto",
         "layered view: draw each run of identical blocks once with xN; auto follows "
         ":group-repeats: and turns on for models of over 60 layers"),
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
    fit: str = "readable"
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
    layered_vector: str = "y"
    layered_spacing: float = 14.0
    layered_funnels: bool = False
    layered_dimensions: bool = False
    layered_legend: bool = True
    layered_hide: tuple[str, ...] = ()
    layered_wrap: int | None = None  # None: automatic; 0: never fold
    layered_mode: str = "3d"
    layered_style: tuple[LayerStyle, ...] = ()
    layered_label: str = ""
    layered_label_position: str = "below"
    layered_groups: tuple[LayerGroup, ...] = ()
    layered_repeats: bool | None = None  # None: automatic

    @property
    def expand_depth(self) -> int:
        """How many nesting levels the views open (0: nested models stay one node)."""
        if self.depth is not None:
            return self.depth
        return 10**6 if self.expand_nested else 0


_FIELD = {f.name.rstrip("_"): f.name for f in fields(Options)}


def parse_spec(spec: Spec, value: Any) -> Any:
    """Parse one option's value; raise ``KerasvizError('option')`` saying what is wrong."""
    try:
        return spec.parse(value)
    except ValueError as exc:
        raise KerasvizError("option", str(exc)) from None


def parse_value(name: str, value: Any) -> Any:
    """:func:`parse_spec` of the ``keras-model`` option ``name``."""
    return parse_spec(SPEC_BY_NAME[name], value)


def make_options(values: dict[str, Any]) -> Options:
    """Build :class:`Options` from already-parsed values keyed by option name (kebab-case)."""
    return Options(**{_FIELD[SPEC_BY_NAME[k].attr]: v for k, v in values.items()})


def _metrics(value: Any) -> tuple[str, ...] | None:
    """Metric names separated by commas or spaces; none means every metric."""
    return name_list(value) or None


def _smooth(value: Any) -> float:
    """TensorBoard's smoothing weight: 0 (none) up to, not including, 1."""
    try:
        weight = float(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a number from 0 to 0.99, got {value!r}") from None
    if not 0 <= weight < 1:
        raise ValueError(f"expected a number from 0 to 0.99, got {value!r}")
    return weight


def _mark_best(value: Any) -> tuple[str, bool | None] | None:
    """``val_loss`` (min or max from the metric's meaning) or ``val_loss max``; none: no mark."""
    words = str(value or "").split()
    if not words:
        return None
    if len(words) > 2 or (len(words) == 2 and words[1].lower() not in ("min", "max")):
        raise ValueError(f"expected a metric name, optionally followed by min or max, "
                         f"got {value!r}")
    return words[0], (words[1].lower() == "max") if len(words) == 2 else None


#: The options of ``keras-history``; each falls back to ``kerasviz_history_<name>``.
HISTORY_SPECS: tuple[Spec, ...] = (
    Spec("metrics", _metrics, None, "metrics to plot (each with its val_ twin); default all",
         group="history"),
    Spec("log-y", parse_bool, False, "logarithmic y axis", group="history"),
    Spec("smooth", _smooth, 0.0,
         "TensorBoard-style smoothing weight, 0 to 0.99 (the logged values stay, faint)",
         group="history"),
    Spec("mark-best", _mark_best, None,
         "mark the best epoch of this series (min for losses, max for accuracy-like metrics)",
         group="history"),
)


@dataclass(frozen=True)
class HistoryOptions:
    """The resolved ``keras-history`` options."""

    metrics: tuple[str, ...] | None = None
    log_y: bool = False
    smooth: float = 0.0
    mark_best: tuple[str, bool | None] | None = None
