"""WCAG 2.x contrast, to check that every palette keeps its text legible."""

from __future__ import annotations


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of ``#rrggbb``."""
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio (1 to 21); a gradient ``"#a:#b"`` counts by its worse end."""
    text = luminance(foreground)
    ratios = []
    for fill in background.split(":"):
        light, dark = sorted((text, luminance(fill)), reverse=True)
        ratios.append((light + 0.05) / (dark + 0.05))
    return min(ratios)
