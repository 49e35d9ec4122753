"""Drawing a layered :class:`~sphinx_kerasviz.views.layered.Scene` with matplotlib.

SVG (text kept as text, a ``<title>`` per layer for tooltips and search), PDF, PNG and a
standalone HTML page; the same scene always gives the same bytes.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_kerasviz.drawing.figures import file_format, render_once, save_figure
from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.files import content_name, publish, temp_beside
from sphinx_kerasviz.views.layered import Box, Frame, Scene
from sphinx_kerasviz.views.layered_parts import LEGEND_SWATCH
from sphinx_kerasviz.views.layered_style import FONT_SIZE, Look

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = ("svg", "pdf", "png", "html")
EDGE = "#343a40"
CONNECTOR = "#868e96"
FRAME = "#868e96"
#: Nothing is clipped to the axes (all lies inside), so the SVG holds no clip paths, whose ids
#: matplotlib derives from object addresses: the bytes are the same in every process.
UNCLIPPED = {"clip_on": False}
LINESTYLES = {
    "solid": "solid", "dashed": (0, (3, 2)), "dotted": (0, (1, 1.5)),
    "dashdot": (0, (4, 1.5, 1, 1.5)), "longdash": (0, (7, 2)),
    "dashdotdot": (0, (4, 1.5, 1, 1.5, 1, 1.5)),
}


def render_layered(scene: Scene, outdir: Path, fmt: str) -> Path:
    """Render ``scene`` into ``outdir`` under its content-hash name (kept if already there)."""
    path = outdir / content_name(repr(scene), fmt, "layered")
    return render_once(path, lambda path: save_scene(scene, path))


def save_scene(scene: Scene, path: Path) -> Path:
    """Write ``scene`` to ``path``; the format comes from the suffix."""
    fmt = file_format(path, FORMATS)
    text = _html_page(scene) if fmt == "html" else None
    with temp_beside(path) as tmp:
        try:
            if text is not None:
                tmp.write_text(text)
            else:
                _draw(scene, tmp, fmt)
        except Exception as exc:
            raise KerasvizError("render", f"drawing the layered view failed: {exc}") from None
        publish(tmp, path)
    return path


def svg_text(scene: Scene) -> str:
    """The scene as SVG text."""
    with tempfile.TemporaryDirectory() as tmp:
        return save_scene(scene, Path(tmp) / "layered.svg").read_text()


def _html_page(scene: Scene) -> str:
    title = html.escape(scene.title)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n{_svg_element(svg_text(scene))}\n"
        "</body>\n</html>\n"
    )


def _svg_element(svg: str) -> str:
    """The ``<svg>`` element alone (no XML declaration or doctype), to place in a page."""
    return svg[svg.index("<svg") :]


def _draw(scene: Scene, path: Path, fmt: str) -> None:
    def draw(figure: Figure) -> None:
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, scene.width)
        axes.set_ylim(0, scene.height)
        axes.set_axis_off()
        for frame in scene.frames:
            _frame(axes, frame)
        _connectors(axes, scene)
        for index, box in enumerate(scene.boxes):
            _box(axes, box, index)
        for text in scene.texts:
            _text(axes, text.x, text.y, text.text, text.ha, "top", text.bold)
        _legend(axes, scene)

    save_figure(draw, (scene.width / 72, scene.height / 72), path, fmt)
    if fmt == "svg":
        _add_titles(path, scene)


def _text(axes: object, x: float, y: float, text: str, ha: str, va: str,
          bold: bool = False) -> None:
    """Text as it is written: no mathtext, so ``$`` and ``_`` stay themselves."""
    axes.text(x, y, text, ha=ha, va=va, fontsize=FONT_SIZE, color=EDGE, parse_math=False,
              fontweight="bold" if bold else "normal")


def _shade(colour: str, factor: float) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(colour)
    if factor > 1:
        return tuple(c + (1 - c) * (factor - 1) for c in (red, green, blue))  # type: ignore[return-value]
    return (red * factor, green * factor, blue * factor)


def _outline(look: Look) -> dict[str, object]:
    return {"edgecolor": look.outline, "linewidth": look.line_width, "joinstyle": "round",
            "linestyle": LINESTYLES[look.dashes], "alpha": look.opacity, **UNCLIPPED}


def _box(axes: object, box: Box, index: int) -> None:
    """The front face, and with depth the top and right faces (lighter and darker)."""
    from matplotlib.patches import Polygon, Rectangle

    x, y, w, h, s = box.x, box.y, box.width, box.height, box.skew
    style = _outline(box.look)
    if s:
        axes.add_patch(Polygon([(x, y + h), (x + s, y + h + s), (x + w + s, y + h + s),
                                (x + w, y + h)], facecolor=_shade(box.look.fill, 1.35), **style))
        axes.add_patch(Polygon([(x + w, y), (x + w + s, y + s), (x + w + s, y + h + s),
                                (x + w, y + h)], facecolor=_shade(box.look.fill, 0.8), **style))
    axes.add_patch(Rectangle((x, y), w, h, facecolor=box.look.fill,
                             gid=f"kerasviz-layer-{index}", **style))


def _frame(axes: object, frame: Frame) -> None:
    """A thin dashed rounded outline, no fill (a fill would be a colour with a meaning),
    its caption under its lower left corner (skip arrows run over the boxes, not under)."""
    from matplotlib.patches import FancyBboxPatch

    axes.add_patch(FancyBboxPatch((frame.x, frame.y), frame.width, frame.height,
                                  boxstyle="round,pad=0,rounding_size=3", facecolor="none",
                                  edgecolor=FRAME, linewidth=0.7, linestyle=(0, (4, 2)),
                                  **UNCLIPPED))
    if frame.caption:
        _text(axes, frame.x + 2, frame.y - 2, frame.caption, "left", "top", bold=True)


def _connectors(axes: object, scene: Scene) -> None:
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path as MplPath

    for connector in scene.connectors:
        points = connector.points
        if connector.kind == "funnel":
            for start, end in ((points[0], points[1]), (points[2], points[3])):
                axes.plot([start[0], end[0]], [start[1], end[1]], color=CONNECTOR, lw=0.6,
                          **UNCLIPPED)
            continue
        codes = [MplPath.MOVETO] + [MplPath.LINETO] * (len(points) - 1)
        head = "-|>" if connector.kind == "arrow" else "-"  # a line: cut at a part's edge
        axes.add_patch(FancyArrowPatch(path=MplPath(points, codes), arrowstyle=head,
                                       mutation_scale=6, color=CONNECTOR, lw=0.8,
                                       shrinkA=0, shrinkB=0, **UNCLIPPED))


def _legend(axes: object, scene: Scene) -> None:
    from matplotlib.patches import Rectangle

    for entry in scene.legend:
        axes.add_patch(Rectangle((entry.x, entry.y), LEGEND_SWATCH, LEGEND_SWATCH,
                                 facecolor=entry.look.fill, **_outline(entry.look)))
        _text(axes, entry.x + LEGEND_SWATCH + 4, entry.y + LEGEND_SWATCH / 2, entry.label,
              "left", "center")


def _add_titles(path: Path, scene: Scene) -> None:
    """Give every layer's front face a ``<title>``: a tooltip, and findable by name."""
    svg = path.read_text()
    for index, box in enumerate(scene.boxes):
        marker = f'<g id="kerasviz-layer-{index}">'
        title = html.escape(f"{box.name} ({box.class_name}) {box.dims}", quote=False)
        svg = svg.replace(marker, f"{marker}\n   <title>{title}</title>", 1)
    path.write_text(svg)
