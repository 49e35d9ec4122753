"""``kerasviz_*`` config values: declared once from the option table, checked at config-inited."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.history_options import HISTORY_SPECS, conf_name, parse_history_value
from sphinx_kerasviz.options import SPECS, parse_value

logger = logging.getLogger(__name__)

OUTPUT_FORMATS = ("svg", "png")


def add_config_values(app: Sphinx) -> None:
    for spec in SPECS:
        if spec.conf:
            app.add_config_value(spec.conf_name, spec.default, "env")
    for spec in HISTORY_SPECS:  # a whole number is fine for :smooth:'s float
        types = frozenset({int, float}) if isinstance(spec.default, float) else ()
        app.add_config_value(conf_name(spec), spec.default, "env", types=types)
    app.add_config_value("kerasviz_output_format", "svg", "html", types=frozenset({str}))
    app.add_config_value("kerasviz_layered_colors", {}, "env", types=frozenset({dict}))
    app.add_config_value("kerasviz_input_shapes", {}, "env", types=frozenset({dict}))
    app.add_config_value("kerasviz_custom_objects", {}, "env", types=frozenset({dict}))
    app.add_config_value("kerasviz_dot_timeout", 300, "", types=frozenset({int, float}))
    app.add_config_value("kerasviz_cache", True, "", types=frozenset({bool}))


def check_config(app: Sphinx, config: Config) -> None:
    """Check every ``kerasviz_*`` value; a bad one gives a warning and its default."""
    for spec in SPECS:
        if not spec.conf:
            continue
        try:  # the directive parses the value again: here it is only checked
            parse_value(spec.name, getattr(config, spec.conf_name))
        except KerasvizError as err:
            _warn_default(config, spec.conf_name, err.message, spec.default)
    for spec in HISTORY_SPECS:
        try:
            parse_history_value(spec, getattr(config, conf_name(spec)))
        except KerasvizError as err:
            _warn_default(config, conf_name(spec), err.message, spec.default)
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
    if config.kerasviz_output_format not in OUTPUT_FORMATS:
        _warn_default(
            config,
            "kerasviz_output_format",
            f"expected svg or png, got {config.kerasviz_output_format!r}",
            "svg",
        )


def _warn_default(config: Config, name: str, message: str, default: object) -> None:
    logger.warning(
        "%s: %s; using %r", name, message, default, type="kerasviz", subtype="config"
    )
    setattr(config, name, default)
