"""The ``kerasviz`` command (also ``python -m sphinx_kerasviz``).

    kerasviz graph TARGET -o model.pdf --rankdir LR --wrap 12 --max-width 6in
    kerasviz summary TARGET --format md
    kerasviz card card.yaml -o public/card

TARGET uses the directive's syntax. It is read in a reader process, as in a Sphinx build: a
model's code that crashes, hangs (``--read-timeout``) or eats memory (``--read-memory``) ends
the reader, not the command. A user error prints one line on stderr and exits with 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.model.description import ModelDescription
from sphinx_kerasviz.options import SPEC_BY_NAME, SPECS, Spec, memory_size, parse_value
from sphinx_kerasviz.views.summary_formats import FORMATS as SUMMARY_FORMATS

#: Options that make sense outside Sphinx, per command.
READ_OPTIONS = ("input-shape", "expand-nested", "depth")
GRAPH_OPTIONS = (*READ_OPTIONS, "rankdir", "show-shapes", "show-dtype", "show-layer-names",
                 "show-activations", "show-trainable", "show-params", "wrap", "palette", "legend",
                 "group-repeats")
SUMMARY_OPTIONS = (*READ_OPTIONS, "show-trainable", "show-dtype", "group-repeats")
LAYERED_OPTIONS = ("input-shape", "palette", "group-repeats",
                   *(s.name for s in SPECS if s.name.startswith("layered-")))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _add_options(parser: argparse.ArgumentParser, names: Sequence[str]) -> None:
    for name in names:
        spec: Spec = SPEC_BY_NAME[name]
        default = f" (default: {spec.default})"
        if isinstance(spec.default, bool):
            parser.add_argument(f"--{name}", action=argparse.BooleanOptionalAction,
                                default=argparse.SUPPRESS, help=spec.help + default)
        else:
            parser.add_argument(f"--{name}", default=argparse.SUPPRESS, metavar="VALUE",
                                help=spec.help + default)


def _add_reading(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--read-timeout", type=float, default=300.0, metavar="SECONDS",
                        help="stop reading the model after this long (default: 300)")
    parser.add_argument("--read-memory", type=memory_size, default=0, metavar="SIZE",
                        help="cap the memory reading may use, such as 8G (default: none)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kerasviz", description="Draw and summarize Keras models.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    target_help = ("a factory (pkg.module.build or pkg.module.build(n=3), literal arguments "
                   "only), a model object (pkg.module.MODEL) or a .keras/.h5 file")

    graph = commands.add_parser("graph",
                                help="write the architecture diagram (svg, pdf, png, html)")
    graph.add_argument("target", help=target_help)
    graph.add_argument("-o", "--output", required=True, type=Path,
                       help="the file to write; its suffix picks the format: .svg, .pdf, .png, "
                       ".html (the interactive diagram, one self-contained page)")
    _add_options(graph, GRAPH_OPTIONS)
    _add_reading(graph)
    graph.add_argument("--max-width", metavar="LENGTH",
                       help="shrink the diagram to this width (6in, 16cm, 170mm, 450pt)")
    graph.add_argument("--max-height", metavar="LENGTH", help="shrink it to this height too")
    graph.add_argument("--dpi", type=int, help="resolution of a .png file (default: 96)")
    graph.add_argument("--dot", default="dot", help="the Graphviz program (default: dot)")
    graph.set_defaults(run=_graph)

    layered = commands.add_parser("layered", help="write the layered view (svg, pdf, png, html)")
    layered.add_argument("target", help=target_help)
    layered.add_argument("-o", "--output", required=True, type=Path,
                         help="the file to write; its suffix picks the format: .svg, .pdf, "
                              ".png, .html")
    _add_options(layered, LAYERED_OPTIONS)
    _add_reading(layered)
    layered.set_defaults(run=_layered)

    summary = commands.add_parser("summary", help="print the summary table")
    summary.add_argument("target", help=target_help)
    summary.add_argument("--format", choices=sorted(SUMMARY_FORMATS), default="md",
                         help="md (Markdown), rst, csv, latex or html (default: md)")
    summary.add_argument("-o", "--output", type=Path, help="write to this file, not stdout")
    _add_options(summary, SUMMARY_OPTIONS)
    _add_reading(summary)
    summary.set_defaults(run=_summary)

    card = commands.add_parser("card", help="build a model card to HTML and PDF")
    card.add_argument("card", type=Path, help="the card's YAML file")
    card.add_argument("-o", "--output", type=Path,
                      help="the directory to write: html/index.html and card.pdf")
    card.add_argument("--no-pdf", dest="pdf", action="store_false",
                      help="build the HTML only (no LaTeX needed)")
    card.add_argument("--check", action="store_true",
                      help="only check the card: every problem with its line, exit status 2")
    card.add_argument("--strict", action="store_true",
                      help="turn the build's warnings into errors (exit status 2)")
    card.set_defaults(run=_card)
    return parser


def _options(args: argparse.Namespace, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(args, name.replace("-", "_")) for name in names
            if hasattr(args, name.replace("-", "_"))}


def _described(args: argparse.Namespace) -> ModelDescription:
    """The model ``args.target`` names, read by a reader process; its notes are warnings."""
    from sphinx_kerasviz.model.reader import read_model
    from sphinx_kerasviz.model.target import parse_target
    from sphinx_kerasviz.readers import service
    from sphinx_kerasviz.readers.request import Read

    shape = getattr(args, "input_shape", None)
    service.pool().configure(1, args.read_memory)
    result = service.read(Read.of(
        read_model, parse_target(args.target), timeout=args.read_timeout,
        kwargs={"input_shape": None if shape is None else parse_value("input-shape", shape)}))
    for note in result.notes:
        print(f"kerasviz: warning: {note.message}", file=sys.stderr)
    return result.model


def _graph(args: argparse.Namespace) -> None:
    from sphinx_kerasviz.api import graph_view
    from sphinx_kerasviz.views.dot import MIN_PRINT_PT

    view = graph_view(_described(args), max_width=args.max_width, max_height=args.max_height,
                      **_options(args, GRAPH_OPTIONS))
    view.save(args.output, dpi=args.dpi, dot=args.dot)
    if view.size is not None:
        smallest = view.smallest_label_pt(args.dot)
        if smallest < MIN_PRINT_PT:
            print(f"kerasviz: warning: to fit, labels shrink to {smallest:.2f} pt (under "
                  f"{MIN_PRINT_PT:g} pt); try --wrap N, --rankdir LR or --expand-nested off",
                  file=sys.stderr)


def _layered(args: argparse.Namespace) -> None:
    from sphinx_kerasviz.api import layered_view

    layered_view(_described(args), **_options(args, LAYERED_OPTIONS)).save(args.output)


def _summary(args: argparse.Namespace) -> None:
    from sphinx_kerasviz.api import summary_table

    text = summary_table(_described(args), **_options(args, SUMMARY_OPTIONS)).render(args.format)
    if args.output:
        args.output.write_text(text)
    else:
        sys.stdout.write(text)


def _card(args: argparse.Namespace) -> None:
    from sphinx_kerasviz.card.build import build_card, check_card

    if args.check:
        check_card(args.card)
        return
    if args.output is None:
        raise KerasvizError("card", "give the directory to write with -o DIR (or --check)")
    for path in build_card(args.card, args.output, pdf=args.pdf, strict=args.strict):
        print(path)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if "" not in sys.path and os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())  # targets in the current directory, as with python -m
    try:
        args.run(args)
    except KerasvizError as err:
        for line in err.message.splitlines():
            print(f"kerasviz: error: {line}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"kerasviz: error: {err.strerror or err}: {err.filename}", file=sys.stderr)
        return 2
    return 0
