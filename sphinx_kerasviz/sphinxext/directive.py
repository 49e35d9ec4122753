"""The ``keras-model`` directive: read the model, then build nodes for the chosen views."""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from sphinx_kerasviz.cache import load, store
from sphinx_kerasviz.description import ModelDescription
from sphinx_kerasviz.errors import KerasvizError, reason
from sphinx_kerasviz.isolation import run_isolated
from sphinx_kerasviz.keras_reader import (  # imports Keras only when it reads
    ReadResult,
    read_model,
)
from sphinx_kerasviz.options import SPECS, Options, make_options, parse_value
from sphinx_kerasviz.sphinxext import model_cache
from sphinx_kerasviz.sphinxext.nodes import kerasviz, kerasviz_graph, kerasviz_layered
from sphinx_kerasviz.sphinxext.table import summary_table
from sphinx_kerasviz.target import Target, parse_target
from sphinx_kerasviz.views.dot import to_dot, within_limit
from sphinx_kerasviz.views.formatting import alt_text
from sphinx_kerasviz.views.interactive import interactive_view
from sphinx_kerasviz.views.layered import layered_scene
from sphinx_kerasviz.views.summary import summarize

logger = logging.getLogger(__name__)


class KerasModelDirective(SphinxDirective):
    """``.. keras-model:: mypkg.models.build_model`` with the options of :mod:`..options`."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    # Values are checked in run(), so a bad one gives our own located warning.
    option_spec: ClassVar[OptionSpec] = {spec.name: directives.unchanged for spec in SPECS}

    def run(self) -> list[nodes.Node]:
        options = self.resolve_options()
        try:
            model = self.read(options)
        except KerasvizError as err:
            for dependency in err.dependencies:
                self.env.note_dependency(dependency)
            self.warn(err)
            return []
        return [self.wrapper(model, options)]

    def warn(self, err: KerasvizError) -> None:
        logger.warning(
            "keras-model %s: %s",
            self.arguments[0],
            err.message,
            location=self.get_location(),
            type="kerasviz",
            subtype=err.subtype,
        )

    def resolve_options(self) -> Options:
        """Directive options over ``kerasviz_*`` conf values; a bad value warns and is dropped."""
        values: dict[str, Any] = {}
        for spec in SPECS:
            if spec.conf:  # checked at config-inited; parsing again gives the Options type
                values[spec.name] = spec.parse(getattr(self.config, spec.conf_name))
        shape = self.config.kerasviz_input_shapes.get(self.arguments[0].strip())
        if shape is not None:  # the shape conf.py gives this target
            values["input-shape"] = parse_value("input-shape", shape)
        for spec in SPECS:
            if spec.name in self.options:
                try:
                    values[spec.name] = parse_value(spec.name, self.options[spec.name])
                except KerasvizError as err:
                    err.message = f":{spec.name}: {err.message}; using the default"
                    self.warn(err)
        return make_options(values)

    def read(self, options: Options) -> ModelDescription:
        target = parse_target(self.arguments[0])
        reading = model_cache.reading(self.config, options.input_shape)
        key = model_cache.entry_key(self.env, self.env.docname, target, reading)
        cache_dir = model_cache.cache_dir(self.env)
        result = load(cache_dir, key) if key else None
        if result is None:
            result = self.read_model(target, reading)
            if key:
                with contextlib.suppress(OSError):  # a cache that cannot be written is no cache
                    store(cache_dir, key, result)
        for dependency in result.dependencies:
            self.env.note_dependency(dependency)
        for note in result.notes:
            self.warn(KerasvizError("trace", note))
        return result.model

    def read_model(self, target: Target, reading: dict[str, Any]) -> ReadResult:
        try:
            return run_isolated(
                read_model,
                target,
                doc_dir=model_cache.doc_dir(self.env, self.env.docname),
                source_dir=self.env.srcdir,
                confine=True,  # a page may not read files from outside the project
                **reading,
            )
        except KerasvizError:
            raise
        except Exception as exc:  # e.g. the spawned reader died: the build must go on
            raise KerasvizError("read", reason(exc)) from None

    def wrapper(self, model: ModelDescription, options: Options) -> kerasviz:
        wrapper = kerasviz(classes=["kerasviz", *options.class_], model_name=model.name)
        self.set_source_info(wrapper)
        # The caption (and :name:) goes to the first picture, or to the table if there is none.
        pictures = [view for view in options.views if view != "summary"]
        captioned = (pictures or ["summary"])[0] if options.caption else None
        named = False
        for view in options.views:
            node: nodes.Element
            if view == "graph":
                node = self.graph(model, options)
            elif view == "layered":
                node = self.layered(model, options)
            else:
                node = summary_table(summarize(model, options))
            if view == captioned and view == "summary":
                node.insert(0, self.caption(nodes.title, options.caption))
                self.add_name(node)
                named = True
            elif view == captioned:
                node = self.figure(node, options)
                named = True
            wrapper += node
        if not named:
            self.add_name(wrapper)
        return wrapper

    def graph(self, model: ModelDescription, options: Options) -> kerasviz_graph:
        options, note = within_limit(model, options)
        if note:
            self.warn(KerasvizError("size", note))
        node = kerasviz_graph(
            dot=to_dot(model, options),
            safe_dot=to_dot(model, options, safe=True),
            alt=options.alt or alt_text(model),
            width=options.width,
            align=options.align,
            print_check=bool(options.wrap or options.width),  # the user laid it out for print
            model_name=model.name,
            interactive=None,
        )
        if options.interactive:  # HTML only; other builders draw the default state
            view = interactive_view(model, options)
            node["interactive"] = {
                "variants": [(v.key, v.dot, v.safe_dot) for v in view.variants],
                "data": view.json(),
            }
        self.set_source_info(node)
        return node

    def layered(self, model: ModelDescription, options: Options) -> kerasviz_layered:
        scene = layered_scene(model, options, self.config.kerasviz_layered_colors)
        node = kerasviz_layered(
            scene=scene,
            alt=f"Layered view of {alt_text(model)}",
            width=options.width,
            align=options.align,
            model_name=model.name,
        )
        self.set_source_info(node)
        return node

    def figure(self, picture: nodes.Element, options: Options) -> nodes.figure:
        figure = nodes.figure("", picture, align=options.align)
        self.set_source_info(figure)
        assert options.caption is not None
        figure += self.caption(nodes.caption, options.caption)
        self.add_name(figure)
        return figure

    def caption(self, cls: type[nodes.TextElement], text: str) -> nodes.TextElement:
        inline, _messages = self.parse_inline(text, lineno=self.lineno)  # already reported
        node = cls(text, "", *inline)
        self.set_source_info(node)
        return node
