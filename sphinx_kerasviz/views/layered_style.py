"""What each box of the layered view looks like and says: family looks from the palette,
``kerasviz_layered_colors`` and ``:layered-style:`` rules, label templates, the legend's
entries, and which layers a ``:layered-groups:`` entry holds.

Pure: strings and numbers in, strings and numbers out.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from sphinx_kerasviz.model.description import Layer
from sphinx_kerasviz.options import LayerGroup, LayerStyle, Options
from sphinx_kerasviz.views.palettes import (
    BORDER,
    FAMILY_NAMES,
    family_of,
    kind_of,
    look,
    outline,
)

#: Font size of every text of the layered view, in points: 7 pt is above the PDF floor of
#: 6 pt and, at 96/72 px a point, above the HTML floor of 9 px.
FONT_SIZE = 7.0
LINE_HEIGHT = 8.5
#: Average advance of a character of DejaVu Sans at 1 pt (generous: wide names fit).
CHAR_EM = 0.62
#: The diagram's outline of each kind of box as a matplotlib dash pattern (rounded corners
#: cannot be drawn on a box in perspective: a ``keras.ops`` call's become dash-dots).
DASHES = {"": "solid", "dashed": "dashed", "rounded": "dashdot"}
#: Outline width of a box, and of a box whose family band (``colorblind``, ``grayscale``) is
#: drawn as its outline.
LINE_WIDTH = 0.6
BAND_LINE_WIDTH = 1.8
#: Families listed by their classes' names when they have at most this many in a picture.
NAMED_CLASSES = 3


@dataclass(frozen=True)
class Look:
    """How a box is filled and outlined."""

    fill: str
    outline: str = BORDER
    dashes: str = "solid"
    line_width: float = LINE_WIDTH
    opacity: float = 1.0


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of the width of ``text`` at ``size`` points (never too small)."""
    return len(text) * size * CHAR_EM


def family_look(layer: Layer, options: Options, colours: dict[str, str]) -> Look:
    """The look of ``layer``'s family in ``options.palette`` (its band, if any, as the outline)
    and its kind's outline, with ``conf.py`` colours."""
    family = look(family_of(layer), options.palette)
    fill = colours.get(layer.class_name) or colours.get(layer.category) or family.fill
    dashes = DASHES[outline(kind_of(layer))]
    if family.band is None:
        return Look(fill, BORDER, dashes, LINE_WIDTH)
    return Look(fill, family.band, dashes, BAND_LINE_WIDTH)


def matches(pattern: str, layer: Layer) -> bool:
    """Whether a ``:layered-style:`` pattern picks ``layer``."""
    if pattern.startswith("family:"):
        return pattern[len("family:"):] in (family_of(layer), layer.category)
    return fnmatchcase(layer.class_name, pattern) or fnmatchcase(layer.name, pattern)


def styled(layer: Layer, look: Look, rules: tuple[LayerStyle, ...]) -> tuple[Look, str | None]:
    """``look`` with every matching rule applied in order (a later rule wins), and the
    pattern of the last rule that matched (None when none did)."""
    picked = None
    for rule in rules:
        if matches(rule.pattern, layer):
            picked = rule.pattern
            look = Look(
                rule.fill or look.fill, rule.outline or look.outline, look.dashes,
                look.line_width if rule.outline is None else max(look.line_width, 0.9),
                look.opacity if rule.opacity is None else rule.opacity,
            )
    return look, picked


def legend_key(layer: Layer, rule: str | None) -> str:
    """What a legend entry groups: a style rule's pattern, else the layer's family."""
    if rule is None:
        return f"family:{family_of(layer)}"
    return rule


def legend_label(key: str, classes: list[str]) -> str:
    """A legend entry's text: the classes of a family when few, else the family's name; a
    rule's pattern as written."""
    if key.startswith("family:"):
        if len(classes) <= NAMED_CLASSES:
            return ", ".join(classes)
        name = key[len("family:"):]
        return FAMILY_NAMES.get(name, name)
    return key


def label_lines(template: str, layer: Layer, shape: str) -> tuple[str, ...]:
    """The lines of ``template`` filled in for ``layer`` (fields checked by the option)."""
    if not template:
        return ()
    values = {"name": layer.name, "class": layer.class_name, "shape": shape,
              "params": f"{layer.params:,}"}
    return tuple(template.format_map(values).splitlines())


def group_members(group: LayerGroup, names: list[str]) -> list[str]:
    """The layers (of ``names``, in model order) a ``:layered-groups:`` entry holds:
    ``first..last`` ranges, exact names and shell patterns."""
    picked: set[str] = set()
    for member in group.members:
        first, dots, last = member.partition("..")
        if dots and first in names and last in names:
            start, stop = sorted((names.index(first), names.index(last)))
            picked.update(names[start : stop + 1])
        else:
            picked.update(n for n in names if fnmatchcase(n, member))
    return [n for n in names if n in picked]
