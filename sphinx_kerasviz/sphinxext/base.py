"""The base of every kerasviz directive: located warnings, option values, dependencies, reading
a model through the cache, and the numbered figure a caption makes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar, TypeVar

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.model.target import Target
from sphinx_kerasviz.options import parse_value
from sphinx_kerasviz.sphinxext import model_cache
from sphinx_kerasviz.sphinxext.nodes import kerasviz

logger = logging.getLogger(__name__)
T = TypeVar("T")


class Submitted(Exception):
    """A quiet directive (see :meth:`KerasvizDirective.quiet`) submitted its read and stops."""


class KerasvizDirective(SphinxDirective):
    """One argument (a model target or a file); every problem is one located warning."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    #: Whether its first read can be asked for before the page is read (see ``prefetch``).
    prefetched: ClassVar[bool] = True
    _quiet_docname: str | None = None

    @classmethod
    def quiet(cls, name: str, argument: str, options: dict[str, str], env: BuildEnvironment,
              docname: str) -> KerasvizDirective:
        """The directive as written on page ``docname``, outside any page: it warns nothing,
        notes nothing, and its first read is submitted to the readers (raising
        :class:`Submitted`) instead of awaited."""
        state = SimpleNamespace(document=SimpleNamespace(settings=SimpleNamespace(env=env)))
        directive = cls(name, [argument] if argument else [], options, StringList(), 0, 0, "",
                        state, SimpleNamespace(reporter=None))  # type: ignore[arg-type]
        directive._quiet_docname = docname
        return directive

    @property
    def docname(self) -> str:
        return self._quiet_docname or self.env.docname

    @property
    def argument(self) -> str:
        return self.arguments[0].strip() if self.arguments else ""

    @property
    def label(self) -> str:
        """``keras-history logs/run.csv``: how warnings name this directive."""
        return f"{self.name} {self.argument}".strip()

    def warn(self, err: KerasvizError, location: str | None = None) -> None:
        """One warning of ``err``'s subtype, at the directive unless ``location`` is given."""
        if self._quiet_docname:
            return
        logger.warning("%s: %s", self.label, err.message,
                       location=location or self.get_location(), type="kerasviz",
                       subtype=err.subtype)

    def fail(self, err: KerasvizError) -> list[nodes.Node]:
        """Warn, note the files involved (fixing one reads the page again), show nothing."""
        self.note_dependencies(err.dependencies)
        self.warn(err)
        return []

    def note_dependencies(self, files: Iterable[str | Path]) -> None:
        if self._quiet_docname:
            return
        for file in files:
            self.env.note_dependency(str(file))

    def option(self, name: str, parse: Callable[[Any], Any], default: Any) -> Any:
        """Option ``name`` parsed with ``parse``; a bad value warns and gives ``default``."""
        if name not in self.options:
            return default
        try:
            return parse(self.options[name])
        except (ValueError, KerasvizError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            self.warn(KerasvizError("option", f":{name}: {message}; using the default"))
            return default

    def input_shape(self) -> Any:
        """``:input-shape:``, else ``kerasviz_input_shapes`` for this target, else None."""
        shape = self.option("input-shape", lambda v: parse_value("input-shape", v), None)
        if shape is None and self.arguments:
            conf_shape = self.config.kerasviz_input_shapes.get(self.argument)
            shape = None if conf_shape is None else parse_value("input-shape", conf_shape)
        return shape

    def source_file(self, argument: str) -> Path:
        """A path relative to the document, or to the source directory when it starts with /."""
        _rel, absolute = self.env.relfn2path(argument.strip(), self.docname)
        return Path(absolute)

    def reading(self, input_shape: Any) -> dict[str, Any]:
        """The options that change what is read (see :func:`.model_cache.reading`)."""
        return model_cache.reading(self.config, input_shape)

    def read(self, target: Target, key_fields: dict[str, Any] | None, kind: type[T],
             read: Callable[..., T], **kwargs: Any) -> T:
        """``read(target, **kwargs)`` through the model cache and the readers; its files become
        dependencies."""
        request = model_cache.request(self.env, self.docname, target, key_fields, read, **kwargs)
        if self._quiet_docname:
            model_cache.ask(self.env, request)
            raise Submitted
        result = model_cache.cached_read(self.env, request, kind)
        self.note_dependencies(result.dependencies)  # type: ignore[attr-defined]
        return result

    def wrapper(self, classes: Iterable[str], model_name: str) -> kerasviz:
        """``<div class="kerasviz ...">`` around what the directive shows."""
        node = kerasviz(classes=["kerasviz", *classes], model_name=model_name)
        self.set_source_info(node)
        return node

    def figure(self, picture: nodes.Element, caption: str, align: str) -> nodes.figure:
        """A numbered figure of ``picture`` with ``caption``; ``:name:`` is its label."""
        figure = nodes.figure("", picture, align=align)
        self.set_source_info(figure)
        figure += self.caption(nodes.caption, caption)
        self.add_name(figure)
        return figure

    def caption(self, cls: type[nodes.TextElement], text: str) -> nodes.TextElement:
        """``text`` with its inline markup, as a caption (or a table's title)."""
        inline, _messages = self.parse_inline(text, lineno=self.lineno)  # already reported
        node = cls(text, "", *inline)
        self.set_source_info(node)
        return node
