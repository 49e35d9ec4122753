"""Which process reads which page under ``sphinx-build -j N``.

Sphinx cuts the list of pages to read into chunks, one forked process each, N at a time, in the
order of the list (sorted by name). Every process that meets a model imports Keras, which takes
seconds, so model pages that sort together (``models/...``) would all land on one process while
the others read prose. Pages are therefore reordered before reading: pages that read models are
spread evenly over the first N chunks, the ones that start together, and the other pages fill
the room that is left.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.parallel import make_chunks

# ``.. keras-model::`` in reStructuredText, ```{keras-model}`` or :::{keras-model} in MyST
DIRECTIVE = re.compile(r"^[ \t]*(?:\.\.[ \t]+([\w-]+)::|(?:`{3,}|:{3,})[ \t]*\{([\w-]+)\})",
                       re.MULTILINE)


def model_count(text: str, names: frozenset[str]) -> int:
    """How many directives named in ``names`` a page's source has."""
    return sum(1 for match in DIRECTIVE.finditer(text)
               if (match.group(1) or match.group(2)) in names)


def spread(docnames: list[str], weights: dict[str, int], nproc: int) -> list[str]:
    """``docnames`` reordered so that Sphinx's chunks share the weighted pages evenly, filling
    the first ``nproc`` chunks (read at the same time) before the next ones."""
    sizes = [len(chunk) for chunk in make_chunks(docnames, nproc)]
    chunks: list[list[str]] = [[] for _ in sizes]
    loads = [0] * len(sizes)
    for docname in sorted((name for name in docnames if weights.get(name)),
                          key=lambda name: -weights[name]):
        index = min((i for i, size in enumerate(sizes) if len(chunks[i]) < size),
                    key=lambda i: (i // nproc, loads[i], i))
        chunks[index].append(docname)
        loads[index] += weights[docname]
    rest = iter(name for name in docnames if not weights.get(name))
    for chunk, size in zip(chunks, sizes, strict=True):
        chunk.extend(next(rest) for _ in range(size - len(chunk)))
    position = {name: index for index, name in enumerate(docnames)}
    return [name for chunk in chunks for name in sorted(chunk, key=position.__getitem__)]


def _source_weight(path: Path, encoding: str, names: frozenset[str]) -> int:
    try:
        return model_count(path.read_text(encoding=encoding, errors="replace"), names)
    except OSError:  # Sphinx reports a missing page itself
        return 0


def spread_models(names: frozenset[str], app: Sphinx, env: BuildEnvironment,
                  docnames: list[str]) -> None:
    """``env-before-read-docs``: spread the pages with the directives ``names`` (those that read
    models) over parallel readers."""
    if app.parallel < 2:
        return
    weights = {name: _source_weight(Path(env.doc2path(name)), env.config.source_encoding, names)
               for name in docnames}
    if sum(1 for weight in weights.values() if weight) > 1:
        docnames[:] = spread(docnames, weights, app.parallel)
