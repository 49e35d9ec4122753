"""``kerasviz card card.yaml -o DIR``: a card to HTML and PDF without a Sphinx project.

The card's directory is copied into ``DIR/_source/card`` (paths in the card stay inside it)
next to a generated ``conf.py`` and ``index.rst``; Sphinx builds ``DIR/html`` and, through
LaTeX and ``latexmk``, ``DIR/card.pdf``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.util import texescape

from sphinx_kerasviz.card.schema import Problem, load_card
from sphinx_kerasviz.errors import KerasvizError

CONF = '''extensions = ["sphinx_kerasviz"]
project = {title!r}
author = {author!r}
numfig = True
html_title = {title!r}
latex_documents = [("index", "card.tex", {tex_title!r}, {tex_author!r}, "howto")]
latex_elements = {{"printindex": "", "tableofcontents": ""}}
exclude_patterns = ["card"]  # the card's directory: its files are read, not its documents
'''
INDEX = """Model card
==========

.. keras-model-card:: card/{name}
"""


class InvalidCard(KerasvizError):
    """The card has problems; each is a line of the message (``card.yaml:12: field: ...``)."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        lines = [f"{path}:{p.line}: {p.field}: {p.message}" for p in problems]
        super().__init__("card", "\n".join(lines))
        self.problems = problems


def check_card(path: Path) -> dict:
    """The card, or :class:`InvalidCard` listing every problem (or ``KerasvizError``)."""
    card, problems = load_card(path)
    if problems:
        raise InvalidCard(path, problems)
    return card


def build_card(path: Path, out: Path, *, pdf: bool = True, strict: bool = False
               ) -> list[Path]:
    """Build the card to ``out/html/index.html`` and ``out/card.pdf``; the files written."""
    from sphinx.cmd.build import build_main
    from sphinx.cmd.make_mode import run_make_mode

    path, out = path.resolve(), out.resolve()
    card = check_card(path)
    if pdf and shutil.which("latexmk") is None:
        raise KerasvizError("card", "latexmk is not installed: install it, or use --no-pdf")
    source = out / "_source"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(path.parent, source / "card", ignore=skip_inside(out))
    details = card["model_details"]
    author = ", ".join(o["name"] for o in details.get("owners", [])) or "unknown"
    texescape.init()  # its tables are filled when a build starts; this is before one
    conf = CONF.format(title=details["name"], author=author,  # LaTeX takes these as LaTeX
                       tex_title=texescape.escape(details["name"]),
                       tex_author=texescape.escape(author))
    (source / "conf.py").write_text(conf, encoding="utf-8")
    (source / "index.rst").write_text(INDEX.format(name=path.name), encoding="utf-8")
    flags = ["-q", *(["-W", "--keep-going"] if strict else [])]
    written = []
    if build_main([*flags, "-b", "html", str(source), str(out / "html")]) != 0:
        raise KerasvizError("card", "the HTML build failed (see the messages above)")
    written.append(out / "html" / "index.html")
    if pdf:
        if run_make_mode(["latexpdf", str(source), str(out / "_latex"), *flags]) != 0:
            raise KerasvizError("card", "the PDF build failed (see the messages above)")
        shutil.copyfile(out / "_latex" / "latex" / "card.pdf", out / "card.pdf")
        written.append(out / "card.pdf")
    return written


def skip_inside(out: Path) -> object:
    """A ``copytree`` filter leaving out ``out`` (when it is inside the card's directory) and
    build leftovers."""
    def ignore(directory: str, names: list[str]) -> set[str]:
        here = Path(directory).resolve()
        return {n for n in names if here / n == out or n in ("_build", "__pycache__", ".git")}

    return ignore
