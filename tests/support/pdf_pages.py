"""What a PDF page shows, read with poppler: text lines and their boxes (``pdftotext
-bbox-layout``), and each text's font and size (``pdftohtml -xml``), to check label sizes and
overlaps on every page.

Diagram text is told from body text by its fonts: pdfTeX copies the fonts of an included PDF
with their subset names (``ABCDEF+DejaVuSans``), so the fonts of the diagrams Graphviz drew
(cairo) and of the layered views are known from the files in the LaTeX output folder.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: pdftohtml's largest zoom: its sizes are whole numbers at this zoom (a third of a point).
ZOOM = 3
#: Boxes of neighbouring lines overlap in normal line spacing (a font's box is taller than its
#: letters): by up to 15% of the smaller line's height in Graphviz's labels.
SPACING_TOLERANCE = 0.18
#: Header and footer lie in the top and bottom margin (1 inch in Sphinx's LaTeX); a line
#: within this many points of the paper's edge is page furniture.
FURNITURE = 60.0


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    x0: float
    y0: float  # from the top of the page
    x1: float
    y1: float

    def overlaps(self, other: Line) -> bool:
        width = min(self.x1, other.x1) - max(self.x0, other.x0)
        height = min(self.y1, other.y1) - max(self.y0, other.y0)
        smaller = min(self.y1 - self.y0, other.y1 - other.y0)
        return width > 0.5 and height > SPACING_TOLERANCE * smaller


@dataclass(frozen=True)
class Page:
    number: int
    height: float
    lines: list[Line]


@dataclass(frozen=True)
class Text:
    page: int
    text: str
    font: str
    size: float
    top: float  # points from the top of the page
    bottom: float


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pages(pdf: Path) -> list[Page]:
    """Every page with every text line and its box in points."""
    found: list[Page] = []
    pattern = re.compile(r'<page width="[-\d.]+" height="([-\d.]+)">|<line xMin="([-\d.]+)" '
                         r'yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</line>',
                         re.DOTALL)
    for match in pattern.finditer(run("pdftotext", "-bbox-layout", str(pdf), "-")):
        if match.group(1):
            found.append(Page(len(found) + 1, float(match.group(1)), []))
            continue
        words = re.findall(r">([^<]*)</word>", match.group(6))
        box = (float(match.group(i)) for i in range(2, 6))
        found[-1].lines.append(Line(len(found), html.unescape(" ".join(words)), *box))
    return found


def overlapping_lines(page: Page) -> list[tuple[Line, Line]]:
    """Pairs of lines on a page whose boxes overlap more than line spacing allows."""
    ordered = sorted(page.lines, key=lambda line: line.y0)
    found = []
    for i, line in enumerate(ordered):
        for other in ordered[i + 1:]:
            if other.y0 >= line.y1:
                break
            if line.overlaps(other):
                found.append((line, other))
    return found


def on_furniture(page: Page) -> list[tuple[Line, Line]]:
    """Lines of the text area that reach into the header's or footer's line."""
    furniture = [line for line in page.lines
                 if line.y1 < FURNITURE or line.y0 > page.height - FURNITURE]
    body = [line for line in page.lines if line not in furniture]
    return [(line, edge) for edge in furniture for line in body
            if min(line.y1, edge.y1) > max(line.y0, edge.y0)]


def texts(pdf: Path) -> list[Text]:
    """Every text run of the PDF with its font's full name and its size in points."""
    xml = run("pdftohtml", "-xml", "-i", "-stdout", "-zoom", str(ZOOM), "-fontfullname",
              str(pdf))
    fonts: dict[str, tuple[str, float]] = {}
    found, page = [], 0
    pattern = re.compile(r'<page number="(\d+)"|<fontspec id="(\d+)" size="([-\d.]+)" '
                         r'family="([^"]*)"|<text top="([-\d.]+)" left="[-\d.]+" '
                         r'width="[-\d.]+" height="([-\d.]+)" font="(\d+)">(.*?)</text>')
    for match in pattern.finditer(xml):
        if match.group(1):
            page = int(match.group(1))
        elif match.group(2):
            fonts[match.group(2)] = (match.group(4), float(match.group(3)) / ZOOM)
        else:
            font, size = fonts[match.group(7)]
            text = html.unescape(re.sub(r"<[^>]*>", "", match.group(8)))
            top, height = float(match.group(5)) / ZOOM, float(match.group(6)) / ZOOM
            found.append(Text(page, text, font, size, top, top + height))
    return found


def fonts_of(pdf: Path) -> set[str]:
    """The fonts (with subset names) a PDF embeds."""
    listing = run("pdffonts", str(pdf)).splitlines()[2:]
    return {row.split()[0] for row in listing if row.strip()}


def picture_fonts(latex_dir: Path, diagrams: bool = True) -> set[str]:
    """The fonts of every Graphviz diagram and layered view the LaTeX output includes (or, with
    ``diagrams=False``, of every matplotlib plot)."""
    found: set[str] = set()
    for pdf in latex_dir.glob("kerasviz-*.pdf"):
        diagram = "cairo" in run("pdfinfo", str(pdf)) or pdf.name.startswith("kerasviz-layered-")
        if diagram == diagrams:
            found |= fonts_of(pdf)
    return found


def small_diagram_labels(pdf: Path, latex_dir: Path, floor: float = 6.0) -> list[Text]:
    """Diagram text printed under ``floor`` points (within pdftohtml's third of a point)."""
    fonts = picture_fonts(latex_dir)
    return [text for text in texts(pdf)
            if text.font in fonts and text.size < floor - 0.5 / ZOOM and text.text.strip()]
