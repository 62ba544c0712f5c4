"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by Playwright, and a tiny
local HTTP server for a built site. Never downloads a browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@contextlib.contextmanager
def serve(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


INSTALL = ("install Debian's chromium (apt-get install chromium); "
           ".ci/run does this on a fresh machine.")


def require_chromium() -> None:
    """Fail the calling test with one line, not a traceback, when Debian's Chromium is missing.
    A failure and not a skip: a machine without the browser must not pass these tests quietly."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is not installed: {INSTALL}", pytrace=False)


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless, through Playwright: every browser test opens it here."""
    require_chromium()
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        except Error as err:  # e.g. Ubuntu's `chromium`, a stub that asks for a snap
            reason = (str(err).strip().splitlines() or [type(err).__name__])[0]
        else:
            reason = None
        if reason is not None:  # failed outside the except block: no chained traceback
            pytest.fail(f"Chromium at {CHROMIUM} did not start ({reason}): {INSTALL}",
                        pytrace=False)
        try:
            yield browser
        finally:
            browser.close()


def watch_for_trouble(tab) -> tuple[list[str], list[str]]:
    """Collect a page's requests to the web (http or https) and its script and console errors."""
    web_requests: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda r: web_requests.append(r.url)
           if r.url.startswith(("http:", "https:")) else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return web_requests, errors
