"""Where real ``dot`` puts things, on real Keras models: no edge runs through a box's title or
through a layer other than its two ends, and the arrows of a folded (``:wrap:``) model are long
enough to see. Read from ``dot -Tjson``, the layout the SVG and PDF are drawn from."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, replace
from itertools import pairwise

import pytest

from sphinx_kerasviz.model.description import ModelDescription
from sphinx_kerasviz.model.reader import read_model
from sphinx_kerasviz.model.target import parse_target
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.dot import to_dot
from sphinx_kerasviz.views.groups import find_groups

Box = tuple[float, float, float, float]  # left, bottom, right, top, in points
#: Models as people write them: nested Sequential models; a keras.io Vision Transformer (a
#: nested augmentation model, custom layers that own layers, ``keras.ops`` calls, residual adds);
#: repeated residual blocks; ResNet50.
TARGETS = {
    "nested": "kerasviz_test_models.nested",
    "vit": "corpus.vit.build",
    "residual": "kerasviz_test_models.residual_stack",
    "resnet": "keras.applications.ResNet50(weights=None, input_shape=(64, 64, 3))",
}
#: The shortest stroke an arrow may have before its head (points): 1/8 inch.
SHORTEST_SHAFT = 9.0


@dataclass(frozen=True)
class Edge:
    tail: str
    head: str
    curve: list[tuple[float, float]]  # sampled


@dataclass(frozen=True)
class Layout:
    nodes: dict[str, Box]
    titles: dict[str, Box]  # cluster name -> its title's box
    edges: list[Edge]


def laid_out(dot: str) -> Layout:
    """The boxes of nodes and cluster titles, and the drawn edges, as ``dot`` lays them out."""
    graph = json.loads(subprocess.run(["dot", "-Tjson"], input=dot, capture_output=True,
                                      text=True, check=True).stdout)
    objects = graph.get("objects", [])
    nodes, titles = {}, {}
    for obj in objects:
        if "lp" in obj and obj["name"].startswith("cluster_"):
            titles[obj["name"]] = _box(obj["lp"], obj["lwidth"], obj["lheight"])
        elif "nodes" not in obj and "pos" in obj:
            nodes[obj["name"]] = _box(obj["pos"], obj["width"], obj["height"])
    edges = [
        Edge(objects[e["tail"]]["name"], objects[e["head"]]["name"],
             [point for op in e["_draw_"] if op["op"] in "bB" for point in _bezier(op["points"])])
        for e in graph.get("edges", []) if e.get("style") != "invis"
    ]
    return Layout(nodes, titles, edges)


def _box(centre: str, width: str, height: str) -> Box:
    """A box from a centre ``"x,y"`` in points and a size in inches."""
    x, y = map(float, centre.split(","))
    w, h = float(width) * 36, float(height) * 36
    return x - w, y - h, x + w, y + h


def _bezier(points: list[list[float]], steps: int = 24) -> list[tuple[float, float]]:
    """Points along a piecewise cubic Bézier curve."""
    sampled = []
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i : i + 4]
        for step in range(steps + 1):
            t = step / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            sampled.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                            a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return sampled


def _inside(point: tuple[float, float], box: Box, margin: float = 1.0) -> bool:
    return box[0] + margin < point[0] < box[2] - margin and \
        box[1] + margin < point[1] < box[3] - margin


def crossings(layout: Layout) -> list[tuple[str, str, str]]:
    """``(tail, head, what it runs through)`` for every edge through a title or another node."""
    found = []
    for edge in layout.edges:
        obstacles = {**layout.titles, **{name: box for name, box in layout.nodes.items()
                                         if name not in (edge.tail, edge.head)}}
        found += [(edge.tail, edge.head, name) for name, box in obstacles.items()
                  if any(_inside(point, box) for point in edge.curve)]
    return found


def shaft(edge: Edge) -> float:
    """The length of an edge's stroke, up to its arrowhead."""
    return sum(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for a, b in pairwise(edge.curve))


@pytest.fixture(scope="module")
def models() -> dict[str, ModelDescription]:
    return {key: read_model(parse_target(target)).model for key, target in TARGETS.items()}


def everything_open(model: ModelDescription) -> frozenset[str]:
    """Every nested model and group of ``model``'s top level, as the interactive view opens."""
    nested = {layer.name for layer in model.layers if layer.model and layer.model.inputs}
    return frozenset(nested | {group.key for group in find_groups(model)})


@pytest.mark.parametrize("rankdir", ["TB", "LR", "BT", "RL"])
@pytest.mark.parametrize("key", TARGETS)
def test_edges_run_clear_of_titles_and_layers(models, key: str, rankdir: str) -> None:
    """Nested models opened, groups closed and then opened: every edge keeps out of every
    cluster title and every node but its own two."""
    model = models[key]
    options = Options(expand_nested=True, group_repeats=True, rankdir=rankdir)
    for open_paths in (None, everything_open(model)):
        layout = laid_out(to_dot(model, options, open_paths=open_paths))
        assert layout.titles or open_paths is None  # there are titles to keep clear of
        assert crossings(layout) == []


@pytest.mark.parametrize("rankdir", ["TB", "LR"])
@pytest.mark.parametrize("key", ["vit", "resnet"])
def test_folded_lines_have_visible_arrows(models, key: str, rankdir: str) -> None:
    """``:wrap:`` lines: every arrow, along a line and from one line to the next, has a stroke
    of at least 1/8 inch before its head, and runs clear of other layers."""
    layout = laid_out(to_dot(models[key], Options(wrap=6, rankdir=rankdir)))
    assert len(layout.edges) >= 30
    shortest = min(layout.edges, key=shaft)
    assert shaft(shortest) >= SHORTEST_SHAFT, (shortest.tail, shortest.head, shaft(shortest))
    assert crossings(layout) == []


def test_the_geometry_sees_a_crossing(models) -> None:
    """The check itself: an edge drawn through a title, or through a node, is caught."""
    layout = laid_out(to_dot(models["nested"], Options(expand_nested=True)))
    (node, node_box), (title, title_box) = next(iter(layout.nodes.items())), \
        next(iter(layout.titles.items()))
    edges = [Edge("a", "b", [_centre(title_box)]), Edge("c", "d", [_centre(node_box)])]
    assert crossings(replace(layout, edges=edges)) == [("a", "b", title), ("c", "d", node)]


def _centre(box: Box) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
