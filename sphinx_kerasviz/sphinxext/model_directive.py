"""The ``keras-model`` directive: read the model, then build nodes for the chosen views."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.model.description import ModelDescription
from sphinx_kerasviz.model.reader import ReadResult, read_model  # imports Keras when it reads
from sphinx_kerasviz.model.target import parse_target
from sphinx_kerasviz.options import SPECS, Options, make_options, parse_value
from sphinx_kerasviz.sphinxext.base import KerasvizDirective
from sphinx_kerasviz.sphinxext.nodes import kerasviz, kerasviz_graph, kerasviz_layered
from sphinx_kerasviz.sphinxext.table import preprocessor_table, summary_table
from sphinx_kerasviz.views.dot import to_dot, within_limit
from sphinx_kerasviz.views.formatting import alt_text
from sphinx_kerasviz.views.interactive import interactive_view
from sphinx_kerasviz.views.layered import layered_scene
from sphinx_kerasviz.views.summary import summarize

UNSET = object()  # an option not given, or given a bad value


class KerasModelDirective(KerasvizDirective):
    """``.. keras-model:: mypkg.models.build_model`` with the options of :mod:`..options`."""

    # Values are checked in run(), so a bad one gives our own located warning.
    option_spec: ClassVar[OptionSpec] = {spec.name: directives.unchanged for spec in SPECS}

    def run(self) -> list[nodes.Node]:
        options = self.resolve_options()
        try:
            model = self.read_description(options)
        except KerasvizError as err:
            return self.fail(err)
        return [self.views(model, options)]

    def resolve_options(self) -> Options:
        """Directive options over ``kerasviz_*`` conf values; a bad value warns and is dropped."""
        values = {spec.name: spec.parse(getattr(self.config, spec.conf_name))
                  for spec in SPECS if spec.conf}  # checked at config-inited
        shape = self.config.kerasviz_input_shapes.get(self.argument)
        if shape is not None:  # the shape conf.py gives this target
            values["input-shape"] = parse_value("input-shape", shape)
        for spec in SPECS:
            parsed = self.option(spec.name, spec.parse, UNSET)
            if parsed is not UNSET:
                values[spec.name] = parsed
        return make_options(values)

    def read_description(self, options: Options) -> ModelDescription:
        reading = self.reading(options.input_shape)
        result = self.read(parse_target(self.arguments[0]), reading, ReadResult, read_model,
                           **reading)
        for note in result.notes:
            self.warn(note)
        return result.model

    def views(self, model: ModelDescription, options: Options) -> kerasviz:
        wrapper = self.wrapper(options.class_, model.name)
        # The caption (and :name:) goes to the first picture, or to the table if there is none.
        pictures = [view for view in options.views if view != "summary"]
        captioned = (pictures or ["summary"])[0] if options.caption else None
        named = False
        for index, view in enumerate(options.views):
            node: nodes.Element
            if view == "graph":
                node = self.graph(model, options)
            elif view == "layered":
                node = self.layered(model, options)
            else:
                summary = summarize(model, options)
                if summary.preprocessor:
                    wrapper.extend(preprocessor_table(summary))
                node = summary_table(summary)
            if view == captioned and view == "summary":
                node.insert(0, self.caption(nodes.title, options.caption))
                self.add_name(node)
                named = True
            elif view == captioned:
                node = self.figure(node, options.caption, options.align)
                named = True
            wrapper += node
            if model.note and index == 0:  # e.g. that it defines no call(): like a caption
                wrapper += nodes.paragraph(model.note, model.note, classes=["kerasviz-note"])
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
            fit=options.fit,
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
