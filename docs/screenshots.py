"""Make the screenshots of the palettes and of a dark theme for docs/theming.rst.

Run by hand from the repository root, after changing how diagrams look::

    .venv/bin/python docs/screenshots.py

It builds a small project with furo (as these docs) in a temporary directory, opens it in
Debian's headless ``/usr/bin/chromium`` with Playwright (never a downloaded browser) and writes
``docs/_static/screenshots/palette-{default,colorblind,grayscale}.png`` (each diagram, light
mode) and ``dark-furo.png`` (a diagram and its table in furo's dark mode). The PNGs are reduced
to 256 colours, which keeps each well under 150 KB.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
OUT = DOCS / "_static" / "screenshots"
PALETTES = ("default", "colorblind", "grayscale")
CONF = f"""import sys
sys.path.insert(0, {str(DOCS)!r})  # examples.py
project = "sphinx-kerasviz"
extensions = ["sphinx_kerasviz"]
html_theme = "furo"
"""
PAGES = {
    "index": "Palettes\n========\n\n.. toctree::\n   :hidden:\n\n   dark\n\n" + "".join(
        f".. keras-model:: examples.build_cnn\n   :views: graph\n   :palette: {palette}\n"
        "   :legend:\n   :show-trainable:\n\n"
        for palette in PALETTES
    ),
    "dark": "Dark mode\n=========\n\n.. keras-model:: examples.build_branched\n"
            "   :rankdir: LR\n   :legend:\n",
}


def build(root: Path) -> Path:
    """Build a small project in ``root``; return where its HTML is."""
    source = root / "src"
    source.mkdir()
    (source / "conf.py").write_text(CONF)
    for name, text in PAGES.items():
        (source / f"{name}.rst").write_text(text)
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(source),
                    str(root / "html")], check=True)
    return root / "html"


def shrink(path: Path) -> None:
    """Reduce a screenshot to 256 colours."""
    Image.open(path).convert("RGB").quantize(256, dither=Image.Dither.NONE).save(
        path, optimize=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        html = build(Path(tmp))
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        light = browser.new_page(viewport={"width": 1200, "height": 900})  # furo's wide layout
        light.goto((html / "index.html").as_uri())
        figures = light.locator(".kerasviz-graph img").all()[: len(PALETTES)]
        for palette, figure in zip(PALETTES, figures, strict=True):
            figure.screenshot(path=OUT / f"palette-{palette}.png")
        dark = browser.new_page(viewport={"width": 1100, "height": 760}, color_scheme="dark")
        dark.goto((html / "dark.html").as_uri())
        dark.screenshot(path=OUT / "dark-furo.png")
        browser.close()
    for path in [*(OUT / f"palette-{name}.png" for name in PALETTES), OUT / "dark-furo.png"]:
        shrink(path)
        print(f"{path.relative_to(DOCS.parent)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
