"""When Sphinx starts reading: readers set up, and the models of the pages about to be read
asked for at once, so that importing Keras and building models run while Sphinx parses.

Each directive found in a page's source (:mod:`.sources`) is run quietly, as far as its first
read: it computes the same request it will make when Sphinx meets it, and the request is
submitted instead of awaited. When Sphinx meets the directive, it waits only for that result.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_kerasviz.options import memory_size
from sphinx_kerasviz.readers import service
from sphinx_kerasviz.sphinxext.base import KerasvizDirective
from sphinx_kerasviz.sphinxext.schedule import spread
from sphinx_kerasviz.sphinxext.sources import Found, page_directives


def reader_count(configured: int) -> int:
    """``kerasviz_readers``, or one reader per core when it is 0 (automatic). The processes of
    ``-j N`` are not counted: on a model page they wait for a reader."""
    if configured > 0:
        return configured
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def start_reading(directives: dict[str, type[Directive]], app: Sphinx, env: BuildEnvironment,
                  docnames: list[str]) -> None:
    """``env-before-read-docs``: readers for this build, pages spread over ``-j N``, and every
    model the pages will read asked for."""
    config = env.config
    pool = service.pool()
    pool.configure(reader_count(config.kerasviz_readers), memory_size(config.kerasviz_read_memory))
    pool.forget()
    names = frozenset(directives)
    found = {name: page_directives(Path(env.doc2path(name)), config.source_encoding, names)
             for name in docnames}
    if app.parallel > 1:
        service.share()
        if sum(1 for page in found.values() if page) > 1:
            docnames[:] = spread(docnames, {name: len(page) for name, page in found.items()},
                                 app.parallel)
    for docname in docnames:
        for directive in found[docname]:
            ask_early(directives[directive.name], directive, env, docname)


def ask_early(cls: type[Directive], found: Found, env: BuildEnvironment, docname: str) -> None:
    """Run ``found`` quietly up to its first read, which is submitted."""
    if not issubclass(cls, KerasvizDirective) or not cls.prefetched:
        return
    with contextlib.suppress(Exception):  # Submitted; anything else is reported when it runs
        cls.quiet(found.name, found.argument, found.options, env, docname).run()
