"""Pages that read models are spread over the processes of ``sphinx-build -j N``."""

from __future__ import annotations

from pathlib import Path

from sphinx.util.parallel import make_chunks

from sphinx_kerasviz.sphinxext.schedule import spread
from sphinx_kerasviz.sphinxext.setup import READS_MODELS
from sphinx_kerasviz.sphinxext.sources import directives_in

from support.builds import sphinx_build
from support.output import check_pages_equal


def heavy_per_chunk(order: list[str], weights: dict[str, int], nproc: int) -> list[int]:
    return [sum(weights.get(name, 0) for name in chunk) for chunk in make_chunks(order, nproc)]


def test_model_directives_are_counted_in_rst_and_myst() -> None:
    text = """.. keras-model:: a.build
   .. keras-weights:: model.keras
.. keras-history:: history.csv
.. note::
```{keras-gradcam} a.build
```
:::{keras-model} b.build
:::
keras-model:: not a directive
"""
    assert len(list(directives_in(text, frozenset(READS_MODELS)))) == 4


def test_clustered_model_pages_go_to_different_chunks() -> None:
    docs = ["index", "models/a", "models/b", "models/c", "models/d",
            "z1", "z2", "z3", "z4", "z5"]
    weights = {name: 1 for name in docs if name.startswith("models/")}
    assert heavy_per_chunk(docs, weights, 2) == [4, 0]  # Sphinx's order
    order = spread(docs, weights, 2)
    assert sorted(order) == sorted(docs)
    assert heavy_per_chunk(order, weights, 2) == [2, 2]


def test_weights_are_balanced() -> None:
    docs = [f"p{number}" for number in range(8)]
    weights = {"p0": 3, "p1": 1, "p2": 1, "p3": 1}
    assert heavy_per_chunk(spread(docs, weights, 2), weights, 2) == [3, 3]


def test_model_pages_fill_the_chunks_read_first() -> None:
    """With many pages Sphinx makes more chunks than processes: models go to the first N."""
    docs = [f"page{number:03}" for number in range(200)]
    weights = {name: 1 for name in docs[-6:]}
    order = spread(docs, weights, 2)
    assert sorted(order) == docs
    loads = heavy_per_chunk(order, weights, 2)
    assert len(loads) > 2
    assert loads[:2] == [3, 3]
    assert not any(loads[2:])


def test_nothing_to_spread_keeps_the_order() -> None:
    docs = ["a", "b", "c", "d"]
    assert spread(docs, {}, 2) == docs


def test_parallel_readers_share_the_model_pages(rootdir: Path, tmp_path: Path) -> None:
    """``sphinx-build -j 2``: the two model pages, next to each other in name order (one chunk
    in Sphinx's own order), are read by two processes; the pages equal those of ``-j 1``."""
    result = sphinx_build(rootdir / "test-spread", tmp_path / "out", "-j", "2")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    readers = dict(line.split() for line in
                   (tmp_path / "out" / "read-by.txt").read_text().splitlines())
    assert len(readers) == 9
    assert readers["m1"] != readers["m2"]
    assert sphinx_build(rootdir / "test-spread", tmp_path / "serial", "-j", "1").returncode == 0
    check_pages_equal(tmp_path / "out", tmp_path / "serial", ["m1", "m2", "z1"])
