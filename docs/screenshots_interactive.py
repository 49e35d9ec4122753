"""Make the screenshot of docs/interactive.rst: an interactive diagram with its panel open.

Usage, from the repository's root, after building the documentation::

    .venv/bin/sphinx-build -b html docs docs/_build/html
    .venv/bin/python docs/screenshots_interactive.py [BUILD_DIR]

It opens ``BUILD_DIR/interactive.html`` (default ``docs/_build/html``) in Debian's chromium
(``/usr/bin/chromium``, driven by Playwright from PyPI; no browser is downloaded), types a layer
name into the search box of the ResNet50 diagram (which opens the group that hides the layer and
selects it), and saves the diagram with the layer's panel to
``docs/_static/screenshots/interactive.png``, its colours reduced (Pillow) to stay under 200 KB.
Build the documentation again afterwards to publish the new picture.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
OUT = DOCS / "_static" / "screenshots" / "interactive.png"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
MODEL = "resnet50"  # the diagram's data-model
LAYER = "conv2_block2_1_conv"  # inside the closed group of conv2's identity blocks
MAX_BYTES = 200_000


def main(build: Path) -> None:
    page_path = build / "interactive.html"
    if not page_path.exists():
        sys.exit(f"{page_path} not found: build the documentation first")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 720}, color_scheme="light")
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_path.as_uri())
        root = page.locator(f'.kerasviz-interactive[data-model="{MODEL}"]')
        search = root.locator(".kerasviz-search")
        search.scroll_into_view_if_needed()
        search.fill(LAYER)
        search.press("Enter")
        status = root.locator(".kerasviz-status").text_content()
        if "match 1 of" not in status:
            sys.exit(f"searching {LAYER}: {status}")
        page.evaluate("() => document.activeElement.blur()")
        page.mouse.move(0, 0)  # no hover effects in the picture
        root.screenshot(path=str(OUT))
        browser.close()
    if errors:
        sys.exit("errors on the page: " + "; ".join(errors))
    with Image.open(OUT) as image:  # a palette of 128 colours: the picture is flat colours
        image.convert("RGB").quantize(128, dither=Image.Dither.NONE).save(OUT, optimize=True)
    size = OUT.stat().st_size
    print(f"{OUT.relative_to(DOCS.parent)}: {size:,} bytes")
    if size > MAX_BYTES:
        sys.exit(f"the screenshot is {size:,} bytes, more than {MAX_BYTES:,}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS / "_build" / "html")
