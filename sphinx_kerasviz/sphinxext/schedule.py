"""Which process reads which page under ``sphinx-build -j N``.

Sphinx cuts the list of pages to read into chunks, one forked process each, N at a time, in the
order of the list (sorted by name). A process that meets a model waits for its reader, so model
pages that sort together (``models/...``) would all land on one process, waiting in turn, while
the others read prose. Pages are therefore reordered before reading: pages that read models are
spread evenly over the first N chunks, the ones that start together, and the other pages fill
the room that is left.
"""

from __future__ import annotations

from sphinx.util.parallel import make_chunks


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
