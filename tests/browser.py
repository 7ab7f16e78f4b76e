"""Helpers for tests that drive a real headless Chromium against a built site.

Nothing here downloads a browser: the tests launch Debian's own Chromium
(``apt-get install chromium``) through Playwright's ``executable_path``.

* :func:`find_chromium` / :func:`require_chromium` locate that browser and
  skip (locally) or fail (when ``CI`` is set) if it is missing.
* :func:`launch_chromium` starts it headless with a fixed, quiet set of flags.
* :class:`ChromiumSession` launches lazily, from inside a test, so a missing
  browser fails or skips *the test* rather than erroring a fixture; it hands
  out pages in fresh contexts with :class:`PageErrors` already attached.
* :func:`serve_folder` serves a built site on ``127.0.0.1`` from a daemon thread.
* :class:`PageErrors` records console errors and uncaught exceptions of a page.

Playwright is only imported for type hints, so this module imports cleanly even
where Playwright is not installed; the tests decide whether to skip.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import shutil
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Playwright

CHROMIUM_ENV = "BRIEFING_CHROMIUM"
"""Environment variable naming the Chromium executable to use."""

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
"""Where Debian's ``chromium`` package puts its launcher."""

MISSING_CHROMIUM = "Debian's chromium is required: apt-get install chromium"
"""The message given when no browser is found."""

CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
)
"""Flags every test browser gets: headless, offline-quiet, no first-run or update traffic."""


def find_chromium() -> Path | None:
    """The Chromium executable to test with, or ``None`` when there is none.

    Looks at ``$BRIEFING_CHROMIUM`` first, then ``chromium`` on ``PATH``, then
    ``/usr/bin/chromium``. A path named by the environment variable that does
    not exist counts as no browser, so a typo is reported instead of ignored.
    """
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        path = Path(named)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    on_path = shutil.which("chromium")
    if on_path:
        return Path(on_path)
    if DEFAULT_CHROMIUM.is_file() and os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM
    return None


def require_chromium() -> Path:
    """The Chromium executable; without one, fail when ``$CI`` is set, else skip."""
    path = find_chromium()
    if path is not None:
        return path
    where = f" (${CHROMIUM_ENV}={os.environ[CHROMIUM_ENV]!r} is not an executable)" if os.environ.get(CHROMIUM_ENV) else ""
    if os.environ.get("CI"):
        pytest.fail(MISSING_CHROMIUM + where, pytrace=False)
    pytest.skip(MISSING_CHROMIUM + where)


def launch_chromium(playwright: Playwright, executable: Path | None = None, *, extra_args: tuple[str, ...] = ()) -> Browser:
    """Launch Debian's Chromium headless through Playwright; never downloads a browser.

    ``executable`` defaults to :func:`require_chromium`. Playwright's
    ``launch()`` gives every browser a fresh throw-away profile (it passes
    ``--user-data-dir=/tmp/playwright_chromiumdev_profile-XXXXXX`` and deletes
    it on close), so no state leaks between runs or from the user's own profile.
    Close the returned browser when done (``with launch_chromium(...) as b:``).
    """
    path = executable if executable is not None else require_chromium()
    return playwright.chromium.launch(
        executable_path=str(path),
        headless=True,
        args=[*CHROMIUM_ARGS, *extra_args],
    )


class ChromiumSession:
    """One headless Chromium shared by several tests, launched on first use.

    Create it in a (module-scoped) fixture and :meth:`close` it in teardown;
    call :meth:`page` from the test body. Because the launch happens there,
    :func:`require_chromium` fails or skips the test itself when there is no
    browser, instead of turning a fixture into a setup error.
    """

    def __init__(self, executable: Path | None = None) -> None:
        self._executable = executable
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    @property
    def browser(self) -> Browser:
        """The running browser, launched now if it is not yet."""
        if self._browser is None:
            path = self._executable if self._executable is not None else require_chromium()
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            try:
                self._browser = launch_chromium(self._playwright, path)
            except BaseException:
                self._playwright.stop()
                self._playwright = None
                raise
        return self._browser

    @contextmanager
    def page(self, timeout_ms: float = 15_000) -> Iterator[tuple[Page, PageErrors]]:
        """A page in a fresh browser context, and the errors it records.

        ``timeout_ms`` bounds every Playwright wait and navigation on the page,
        so a broken page fails well inside pytest-timeout's limit.
        """
        context = self.browser.new_context()
        context.set_default_timeout(timeout_ms)
        context.set_default_navigation_timeout(timeout_ms)
        try:
            page = context.new_page()
            yield page, PageErrors.watch(page)
        finally:
            context.close()

    def close(self) -> None:
        """Close the browser and stop Playwright, if they were started."""
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            self._browser = None
            if self._playwright is not None:
                self._playwright.stop()
                self._playwright = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def netlify_headers(netlify_toml: Path) -> list[tuple[str, dict[str, str]]]:
    """The ``[[headers]]`` rules of a netlify.toml: (path pattern, headers), in file order."""
    data = tomllib.loads(netlify_toml.read_text(encoding="utf-8"))
    return [(rule["for"], dict(rule.get("values", {}))) for rule in data.get("headers", [])]


def headers_for(path: str, rules: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
    """Netlify's matching: every rule whose pattern matches adds its headers (``*`` matches anything)."""
    merged: dict[str, str] = {}
    for pattern, values in rules:
        if fnmatch.fnmatchcase(path, pattern) or (pattern.endswith("/*") and path == pattern[:-1]):
            merged.update(values)
    return merged


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static file handler that does not log every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_folder(folder: Path, host: str = "127.0.0.1",
                 headers: list[tuple[str, dict[str, str]]] | None = None) -> Iterator[str]:
    """Serve ``folder`` over HTTP on ``host`` and a free port; yield the base URL.

    ``headers`` (see :func:`netlify_headers`) are added to every response whose path they
    match, so pages are tested under the CSP and security headers they get in production;
    a missing path is answered with the site's ``404.html``, as Netlify does.

    The base URL has no trailing slash (``http://127.0.0.1:PORT``), so page paths
    such as ``/search/`` can be appended directly. The server runs in a daemon
    thread and is shut down and closed when the ``with`` block ends.
    """
    rules = headers or []

    class Handler(_QuietHandler):
        def end_headers(self) -> None:
            for name, value in headers_for(self.path.split("?", 1)[0], rules).items():
                self.send_header(name, value)
            super().end_headers()

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            page = folder / "404.html"
            if code == 404 and page.is_file():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().send_error(code, message, explain)

    handler = functools.partial(Handler, directory=str(folder))
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {folder}", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class PageErrors:
    """Console errors and uncaught exceptions seen on one page.

    Attach with :meth:`watch` before navigating; then ``assert not errors.messages``.
    """

    messages: list[str] = field(default_factory=list)

    @classmethod
    def watch(cls, page: Page) -> PageErrors:
        """Start recording ``page``'s ``console.error`` messages and page errors."""
        errors = cls()
        page.on("console", errors._on_console)
        page.on("pageerror", errors._on_pageerror)
        return errors

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.messages.append(f"console.error: {message.text}" + (f" ({where})" if where else ""))

    def _on_pageerror(self, error: Error) -> None:
        self.messages.append(f"pageerror: {error.name}: {error.message}")

    def unexpected(self, known: tuple[str, ...] = ()) -> list[str]:
        """The messages that contain none of the ``known`` substrings.

        For errors a test has deliberately accepted (and says why); everything
        else still counts.
        """
        return [m for m in self.messages if not any(k in m for k in known)]

    def __str__(self) -> str:
        return "\n".join(self.messages) or "no errors"
