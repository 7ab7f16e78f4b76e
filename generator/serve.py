"""``briefing serve``: serve the built site on localhost, rebuild on changes, reload the browser.

The server resolves the output folder by path on every request, because the first build
renames a new folder into place (later builds replace files one by one). Live reload needs no inline script (the site's
CSP forbids it): HTML responses get a ``<script src>`` tag pointing at a small script that
polls a version counter, which goes up after every successful rebuild.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
import threading
import traceback
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from .discover import is_junk

RELOAD_PATH = "/__briefing/reload.js"
VERSION_PATH = "/__briefing/version"
RELOAD_TAG = f'<script src="{RELOAD_PATH}" defer></script>'.encode()
RELOAD_JS = b"""(() => {
  let first = null;
  async function check() {
    try {
      const r = await fetch("%s", {cache: "no-store"});
      const v = r.ok ? (await r.text()).trim() : first;
      if (first === null) first = v;
      else if (v !== first) return location.reload();
    } catch (e) { /* server restarting: try again */ }
    setTimeout(check, 1000);
  }
  check();
})();
""" % VERSION_PATH.encode()

Snapshot = dict[str, tuple[int, int]]


def inject_reload(html: bytes) -> bytes:
    """Return ``html`` with the reload script tag just before the last ``</body>`` (or at the end)."""
    at = html.lower().rfind(b"</body>")
    return html + RELOAD_TAG if at < 0 else html[:at] + RELOAD_TAG + html[at:]


class _Handler(SimpleHTTPRequestHandler):
    """Serves the output folder, injects the reload tag into HTML, answers the reload endpoints."""

    version: Callable[[], int] = staticmethod(lambda: 0)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: no line per request."""

    def end_headers(self) -> None:
        """Ask the browser to revalidate everything, so a rebuild is always seen."""
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self) -> BinaryIO | None:
        """Pick the response for GET and HEAD; return the body to copy, or None when already sent."""
        path = urlsplit(self.path).path
        if path == RELOAD_PATH:
            return self._send(200, RELOAD_JS, "text/javascript; charset=utf-8")
        if path == VERSION_PATH:
            return self._send(200, str(self.version()).encode(), "text/plain; charset=utf-8")
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not path.endswith("/"):
                return super().send_head()  # the stdlib redirects /x to /x/
            target = target / "index.html"
        if not target.is_file():
            return self._send_not_found()
        if target.suffix.lower() not in (".html", ".htm"):
            return super().send_head()
        return self._send_html(200, target) or self._send_not_found()

    def _send_not_found(self) -> io.BytesIO | None:
        body = self._send_html(404, Path(self.directory) / "404.html")
        if body is None:
            self.send_error(404, "File not found")
        return body

    def _send_html(self, status: int, page: Path) -> io.BytesIO | None:
        try:
            html = page.read_bytes()
        except OSError:
            return None
        return self._send(status, inject_reload(html), "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str) -> io.BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def make_server(output: Path, host: str, port: int, version: Callable[[], int]) -> ThreadingHTTPServer:
    """Bind (not start) a server for ``output``; ``version()`` answers ``/__briefing/version``.

    Raises OSError when the address cannot be bound. Port 0 picks a free port (``server_address[1]``).
    """
    folder = os.path.abspath(output)
    handler: type[_Handler] = type("BriefingHandler", (_Handler,), {"version": staticmethod(version)})

    def factory(*args: Any, **kwargs: Any) -> SimpleHTTPRequestHandler:
        return handler(*args, directory=folder, **kwargs)

    return ThreadingHTTPServer((host, port), factory)


class Watcher:
    """Notices changes under some folders by polling stat results; never follows symlinks."""

    def __init__(self, folders: list[Path], ignore: list[Path] | None = None) -> None:
        """Watch ``folders``, skipping any folder in ``ignore`` (such as the output folder)."""
        self.folders = list(folders)
        self.ignore = {os.path.realpath(p) for p in ignore or []}
        self.last = self.snapshot()

    def snapshot(self) -> Snapshot:
        """Map every watched file's path to its (mtime_ns, size)."""
        snap: Snapshot = {}
        for folder in self.folders:
            for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
                dirnames[:] = [d for d in dirnames if not is_junk(d)
                               and os.path.realpath(os.path.join(dirpath, d)) not in self.ignore]
                for path in (os.path.join(dirpath, n) for n in filenames if not is_junk(n)):
                    with contextlib.suppress(OSError):  # vanished between listing and stat
                        st = os.lstat(path)
                        snap[path] = (st.st_mtime_ns, st.st_size)
        return snap

    def poll_once(self) -> bool:
        """Take a new snapshot; return True when it differs from the previous one."""
        snap = self.snapshot()
        changed, self.last = snap != self.last, snap
        return changed

    def settle(self, delay: float = 0.3, stop: threading.Event | None = None) -> None:
        """Wait until the folders stop changing for ``delay`` seconds (or ``stop`` is set)."""
        stop = stop if stop is not None else threading.Event()
        while not stop.wait(delay) and self.poll_once():
            pass


def _safe_rebuild(rebuild: Callable[[], bool]) -> bool:
    try:
        return bool(rebuild())
    except Exception:  # a crash in one rebuild, whatever it is, must not stop the server
        traceback.print_exc()
        return False


def watch_loop(watcher: Watcher, rebuild: Callable[[], bool], on_success: Callable[[], None],
               stop: threading.Event, interval: float = 0.5) -> None:
    """Until ``stop`` is set: poll, and after a settled change rebuild and report success."""
    while not stop.wait(interval):
        if watcher.poll_once():
            watcher.settle(stop=stop)
            if not stop.is_set() and _safe_rebuild(rebuild):
                on_success()


def serve(rebuild: Callable[[], bool], output: Path, watch: list[Path], host: str, port: int, *,
          stop: threading.Event | None = None,
          ready: Callable[[ThreadingHTTPServer], None] | None = None) -> int:
    """Build, serve ``output`` on host:port, rebuild on changes under ``watch``; return an exit code.

    Runs until Ctrl+C, ``stop`` is set, or the server is shut down. ``ready`` gets the bound server
    just before it starts serving (to read its port, or to call ``shutdown()`` later from another
    thread). Returns 0, or 2 when the address cannot be bound.
    """
    builds = [0]
    try:
        server = make_server(output, host, port, lambda: builds[0])
    except OSError as exc:
        taken = exc.errno == errno.EADDRINUSE
        reason = f"port {port} is already in use" if taken else f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        print(f"briefing: {reason}; pick another with --port", file=sys.stderr)
        return 2
    stop = stop if stop is not None else threading.Event()

    def bump() -> None:
        builds[0] += 1

    def shut_down() -> None:
        stop.wait()
        server.shutdown()

    with server:
        if _safe_rebuild(rebuild):
            bump()
        watcher = Watcher(watch, ignore=[output])
        threads = [threading.Thread(target=watch_loop, args=(watcher, rebuild, bump, stop), daemon=True),
                   threading.Thread(target=shut_down, daemon=True)]
        for t in threads:
            t.start()
        print(f"Serving {output} at http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)", file=sys.stderr)
        if ready:
            ready(server)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=5)
    return 0
