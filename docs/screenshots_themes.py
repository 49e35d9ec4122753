"""Make the screenshots of a diagram and its summary table in five themes, light and dark, for
docs/theming.rst.

Run by hand from the repository root, after changing how diagrams or tables look::

    .venv/bin/python docs/screenshots_themes.py

It builds the same small page with alabaster, furo, pydata-sphinx-theme, sphinx-rtd-theme and
sphinx-book-theme in a temporary directory, opens each in Debian's headless
``/usr/bin/chromium`` with Playwright (never a downloaded browser) at 820 pixels, the reader's
system set to light and then to dark, and writes ``docs/_static/screenshots/theme-THEME-MODE.png``:
the ``kerasviz`` block only, halved and reduced to 64 colours to stay small.
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
THEMES = ("alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme", "sphinx_book_theme")
MODES = ("light", "dark")
CONF = """import sys
sys.path.insert(0, {docs!r})  # examples.py
project = "sphinx-kerasviz"
extensions = ["sphinx_kerasviz"]
html_theme = {theme!r}
html_context = {{"default_mode": "auto"}}  # pydata and book: follow the reader's system
"""
PAGE = """Themes
======

.. keras-model:: examples.build_branched
   :rankdir: LR
"""


def build(root: Path, theme: str) -> Path:
    """Build the page with ``theme`` in ``root``; return the page's HTML file."""
    source = root / theme / "src"
    source.mkdir(parents=True)
    (source / "conf.py").write_text(CONF.format(docs=str(DOCS), theme=theme))
    (source / "index.rst").write_text(PAGE)
    out = root / theme / "html"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(out)],
                   check=True)
    return out / "index.html"


def shrink(path: Path) -> None:
    """Halve a screenshot and reduce it to 64 colours."""
    image = Image.open(path).convert("RGB")
    image = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    image.quantize(64, dither=Image.Dither.NONE).save(path, optimize=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        pages = {theme: build(Path(tmp), theme) for theme in THEMES}
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        for theme, page_file in pages.items():
            for mode in MODES:
                page = browser.new_page(viewport={"width": 820, "height": 900},
                                        color_scheme=mode, device_scale_factor=2)
                page.goto(page_file.as_uri())
                page.wait_for_load_state("load")
                path = OUT / f"theme-{theme}-{mode}.png"
                page.locator("div.kerasviz").first.screenshot(path=path)
                page.close()
                shrink(path)
                print(f"{path.relative_to(DOCS.parent)}: {path.stat().st_size // 1024} KB")
        browser.close()


if __name__ == "__main__":
    main()
