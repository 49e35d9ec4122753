"""The Sphinx glue is declared one way: every directive on one base class, every ``kerasviz_*``
value with its types and a description."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.options import HISTORY_SPECS, SPECS
from sphinx_kerasviz.sphinxext.base import KerasvizDirective


@pytest.mark.sphinx("html", testroot="nomodel")
def test_every_directive_uses_the_one_base_class(app: SphinxTestApp) -> None:
    from docutils.parsers.rst import directives

    ours = {name: cls for name, cls in directives._directives.items()
            if name.startswith("keras-")}
    assert len(ours) == 9, sorted(ours)
    assert all(issubclass(cls, KerasvizDirective) for cls in ours.values()), ours


@pytest.mark.sphinx("html", testroot="nomodel")
def test_every_config_value_has_types_and_a_description(app: SphinxTestApp) -> None:
    values = {name: opt for name, opt in app.config.values.items()
              if name.startswith("kerasviz_")}
    expected = {spec.conf_name for spec in (*SPECS, *HISTORY_SPECS) if spec.conf}
    assert expected <= set(values)
    assert "kerasviz_history_log_y" in values and "kerasviz_cache" in values
    for name, opt in values.items():
        assert opt.valid_types, name
        assert len(opt.description) > 10, name
    help_of = {spec.conf_name: spec.help for spec in (*SPECS, *HISTORY_SPECS)}
    assert values["kerasviz_rankdir"].description == help_of["kerasviz_rankdir"]
    assert values["kerasviz_history_smooth"].description == help_of["kerasviz_history_smooth"]
