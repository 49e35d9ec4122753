"""What keeps an SVG picture legible in HTML: its size and smallest label, and a label-free
miniature of it (the overview beside a picture too wide for the column).

Graphviz and matplotlib write text as ``<text>`` with a font size in the drawing's own units
(``font-size="9.00"``, ``style="font-size: 7px"``), the units of its ``viewBox``; so the width
at which the smallest label shows at a given size is known before any browser sees the page.
No Sphinx here.
"""

from __future__ import annotations

import functools
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from sphinx_kerasviz.files import content_name, publish, temp_beside

#: The legibility floor in HTML: no label shows under this many CSS pixels.
MIN_LABEL_PX = 9
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_STYLE_SIZE = re.compile(r"font-size\s*:\s*([\d.]+)")
_SCALE = re.compile(r"scale\(\s*([\d.]+)")
#: What the miniature leaves out: every word (unreadable that small) and the tooltips.
_WORDS = (f"{{{SVG_NS}}}text", f"{{{SVG_NS}}}title")


@dataclass(frozen=True)
class Labels:
    """An SVG's ``viewBox`` size and its smallest font, in the drawing's units."""

    width: float
    height: float
    smallest: float | None  # None: the picture has no text

    def readable_width(self, floor_px: float = MIN_LABEL_PX) -> int | None:
        """The narrowest display width (CSS px) at which no label is under ``floor_px``."""
        if not self.smallest:
            return None
        return math.ceil(self.width * floor_px / self.smallest - 1e-6)


def _font_size(element: ET.Element) -> float | None:
    size = element.get("font-size")
    if size is None:
        match = _STYLE_SIZE.search(element.get("style", ""))
        size = match.group(1) if match else None
    return float(size) if size else None


def _drawing_scale(root: ET.Element) -> float:
    """Graphviz shrinks a drawing with ``size`` by a ``scale()`` on its outer group."""
    group = root.find(f"{{{SVG_NS}}}g")
    match = _SCALE.search(group.get("transform", "")) if group is not None else None
    return float(match.group(1)) if match else 1.0


def _size(root: ET.Element) -> tuple[float, float]:
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        return float(box[2]), float(box[3])
    return tuple(float(re.sub(r"[a-z]+$", "", root.get(k, "0"))) for k in ("width", "height"))


def labels(svg: Path) -> Labels:
    """The size and smallest label of ``svg`` (a file Graphviz or matplotlib wrote); a file
    read before, unchanged since, is not read again (pages are drawn, then written)."""
    stat = svg.stat()
    return _labels(svg, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1024)
def _labels(svg: Path, _mtime_ns: int, _size_bytes: int) -> Labels:
    root = ET.parse(svg).getroot()
    sizes = [
        size
        for text in root.iter(f"{{{SVG_NS}}}text")
        if "".join(text.itertext()).strip() and (size := _font_size(text))
    ]
    width, height = _size(root)
    smallest = min(sizes) * _drawing_scale(root) if sizes else None
    return Labels(width, height, smallest)


def overview(svg: Path) -> Path:
    """A miniature of ``svg`` without any text, stretched to whatever box shows it, written
    once beside it (``kerasviz-overview-<hash>.svg``)."""
    path = svg.with_name(content_name(svg.name, "svg", "overview"))
    if path.is_file():
        return path
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    tree = ET.parse(svg)
    root = tree.getroot()
    for parent in list(root.iter()):
        for child in [c for c in parent if c.tag in _WORDS]:
            parent.remove(child)
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("preserveAspectRatio", "none")
    with temp_beside(path) as tmp:
        tree.write(tmp, encoding="utf-8", xml_declaration=True)
        publish(tmp, path)
    return path
