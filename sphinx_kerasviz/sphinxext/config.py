"""``kerasviz_*`` config values: declared once from the option table, checked at config-inited."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.options import HISTORY_SPECS, SPECS, memory_size, parse_spec, parse_value

logger = logging.getLogger(__name__)

OUTPUT_FORMATS = ("svg", "png")


def _types(default: object) -> frozenset[type]:
    """The types a value may take: its default's, and the text or numbers its parser reads
    (the value itself is checked by :func:`check_config`)."""
    if default is None:
        return frozenset({str, list, tuple, int, float})
    if isinstance(default, bool):
        return frozenset({bool, str})
    if isinstance(default, float | int):
        return frozenset({int, float, str})
    if isinstance(default, list):
        return frozenset({list, tuple, str})
    return frozenset({str, int})  # "auto" or a number of steps, say


#: The values that are not directive options: (name, default, rebuild, types, description).
OTHER_VALUES = (
    ("kerasviz_output_format", "svg", "html", frozenset({str}),
     "HTML picture format: svg or png"),
    ("kerasviz_layered_colors", {}, "env", frozenset({dict}),
     "layered view: colour of each layer type or family"),
    ("kerasviz_input_shapes", {}, "env", frozenset({dict}),
     "input shape of each target, for models built without one"),
    ("kerasviz_custom_objects", {}, "env", frozenset({dict}),
     "class name to dotted path of custom layers that saved files need"),
    ("kerasviz_dot_timeout", 300, "", frozenset({int, float}),
     "seconds Graphviz may take for one diagram"),
    ("kerasviz_cache", True, "", frozenset({bool}),
     "keep model descriptions on disk between builds"),
    ("kerasviz_read_timeout", 300, "", frozenset({int, float}),
     "seconds one model may take to read before its reader is stopped"),
    ("kerasviz_read_memory", None, "", frozenset({str, int}),
     'memory a reader process may allocate, such as "8G" (None: no cap)'),
    ("kerasviz_readers", 0, "", frozenset({int}),
     "reader processes at most (0: one per core)"),
)


def add_config_values(app: Sphinx) -> None:
    for spec in (*SPECS, *HISTORY_SPECS):
        if spec.conf:
            app.add_config_value(spec.conf_name, spec.default, "env",
                                 types=_types(spec.default), description=spec.help)
    for name, default, rebuild, types, description in OTHER_VALUES:
        app.add_config_value(name, default, rebuild, types=types, description=description)


def check_config(app: Sphinx, config: Config) -> None:
    """Check every ``kerasviz_*`` value; a bad one gives a warning and its default."""
    for spec in (*SPECS, *HISTORY_SPECS):
        if not spec.conf:
            continue
        try:  # the directive parses the value again: here it is only checked
            parse_spec(spec, getattr(config, spec.conf_name))
        except KerasvizError as err:
            _warn_default(config, spec.conf_name, err.message, spec.default)
    shapes = config.kerasviz_input_shapes
    try:
        if not isinstance(shapes, dict) or not all(isinstance(k, str) for k in shapes):
            raise KerasvizError("config", "expected a dict of target to input shape")
        for shape in shapes.values():
            parse_value("input-shape", shape)
    except KerasvizError as err:
        _warn_default(config, "kerasviz_input_shapes", err.message, {})
    for name, what in (("kerasviz_layered_colors", "layer type (or family) to colour"),
                       ("kerasviz_custom_objects", "class name to dotted path")):
        value = getattr(config, name)
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            _warn_default(config, name, f"expected a dict of {what}", {})
    _check_reading(config)
    if config.kerasviz_output_format not in OUTPUT_FORMATS:
        _warn_default(
            config,
            "kerasviz_output_format",
            f"expected svg or png, got {config.kerasviz_output_format!r}",
            "svg",
        )


def _check_reading(config: Config) -> None:
    """The reader processes' values: a time limit, a memory cap, how many."""
    timeout = config.kerasviz_read_timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        _warn_default(config, "kerasviz_read_timeout", "expected seconds over 0", 300)
    try:
        memory_size(config.kerasviz_read_memory)
    except ValueError as exc:
        _warn_default(config, "kerasviz_read_memory", str(exc), None)
    readers = config.kerasviz_readers
    if isinstance(readers, bool) or not isinstance(readers, int) or readers < 0:
        _warn_default(config, "kerasviz_readers", "expected a number of processes (0: one per "
                      "core)", 0)


def _warn_default(config: Config, name: str, message: str, default: object) -> None:
    logger.warning(
        "%s: %s; using %r", name, message, default, type="kerasviz", subtype="config"
    )
    setattr(config, name, default)
