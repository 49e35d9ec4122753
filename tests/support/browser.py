"""Headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright, for browser tests.

Pages are opened from ``file://`` URLs; every request that is not for a local file is recorded,
so a test can check that a page needs no network.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@contextmanager
def chromium(scrollbars: bool = False) -> Iterator[Any]:
    """A launched browser (Playwright's ``Browser``); headless Chromium hides scrollbars unless
    ``scrollbars``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        ignored = ["--hide-scrollbars"] if scrollbars else []
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS,
                                             ignore_default_args=ignored)
        try:
            yield browser
        finally:
            browser.close()


class Page:
    """A page of a built site, with its console errors and the requests that left the site."""

    def __init__(self, browser: Any, path: Path, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)
        self.page.goto(path.resolve().as_uri())

    def _request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(("file://", "data:", "about:"))):
            self.outside.append(url)

    def close(self) -> None:
        self.context.close()
