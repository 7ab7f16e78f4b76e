"""The development server: real sockets on 127.0.0.1, a fake rebuild, bounded waits."""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.serve import RELOAD_PATH, VERSION_PATH, Watcher, make_server, serve

TAG = f'<script src="{RELOAD_PATH}" defer></script>'
PAGE = "<!doctype html><html><head><title>t</title></head><body><p>{}</p></body></html>"


def get(url: str) -> tuple[int, str, dict[str, str]]:
    """Status, body text and headers of a GET, including error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), dict(e.headers)


def wait_for(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll ``check`` until it is true or ``timeout`` seconds pass."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False


def write_site(folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(PAGE.format(text), encoding="utf-8")
    (folder / "404.html").write_text(PAGE.format("no such page"), encoding="utf-8")
    (folder / "style.css").write_text("body{color:red}", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A server (make_server, port 0) over a small site; yields the output folder and base URL."""
    output = tmp_path / "site"
    write_site(output, "first")
    server = make_server(output, "127.0.0.1", 0, lambda: 7)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield output, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_html_gets_reload_tag_but_file_on_disk_does_not(site: tuple[Path, str]) -> None:
    output, base = site
    before = (output / "index.html").read_bytes()
    status, body, headers = get(base + "/")
    assert status == 200
    assert body.count(TAG) == 1 and body.index(TAG) < body.index("</body>")
    assert int(headers["Content-Length"]) == len(body.encode())
    assert (output / "index.html").read_bytes() == before
    assert get(base + "/index.html")[1].count(TAG) == 1
    css = get(base + "/style.css")
    assert css[0] == 200 and css[1] == "body{color:red}"


def test_reload_endpoints(site: tuple[Path, str]) -> None:
    _, base = site
    status, js, headers = get(base + RELOAD_PATH)
    assert status == 200 and "javascript" in headers["Content-Type"]
    assert VERSION_PATH in js and "no-store" in js and "location.reload()" in js
    assert get(base + VERSION_PATH)[:2] == (200, "7")


def test_missing_path_serves_404_page(site: tuple[Path, str]) -> None:
    _, base = site
    status, body, _ = get(base + "/nope/missing.html")
    assert status == 404
    assert "no such page" in body and TAG in body


def test_directory_url_serves_its_index(site: tuple[Path, str]) -> None:
    output, base = site
    write_site(output / "sub", "in a folder")
    status, body, _ = get(base + "/sub/")
    assert status == 200 and "in a folder" in body and TAG in body


def test_folder_swapped_by_rename_is_served(site: tuple[Path, str]) -> None:
    output, base = site
    assert "first" in get(base + "/")[1]
    fresh = output.parent / ".site.new"
    write_site(fresh, "second")
    output.rename(output.parent / ".site.old")
    fresh.rename(output)
    status, body, _ = get(base + "/")
    assert status == 200 and "second" in body and "first" not in body


def test_watcher_ignores_swap_backup_and_dotfiles(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / ".git").mkdir(parents=True)
    (content / "a.txt").write_text("a")
    watcher = Watcher([content])
    assert not watcher.poll_once()
    for name in (".a.txt.swp", "a.txt~", ".hidden", "notes.swp", ".git/HEAD"):
        (content / name).write_text("x")
    assert not watcher.poll_once()
    assert set(watcher.snapshot()) == {str(content / "a.txt")}
    (content / "b.txt").write_text("b")
    assert watcher.poll_once()
    assert not watcher.poll_once()


def test_watcher_ignores_output_folder_and_symlinks(tmp_path: Path) -> None:
    content, outside = tmp_path / "content", tmp_path / "outside"
    (content / "site").mkdir(parents=True)
    outside.mkdir()
    os.symlink(outside, content / "linked")
    watcher = Watcher([content], ignore=[content / "site"])
    (content / "site" / "index.html").write_text("x")
    (outside / "elsewhere.txt").write_text("x")
    assert not watcher.poll_once()


def test_serve_rebuilds_on_change_and_bumps_version(tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "site"
    content.mkdir()
    (content / "a.txt").write_text("one")
    calls: list[int] = []
    results = iter([True, False, True])  # initial build, a failed rebuild, a good one

    def rebuild() -> bool:
        calls.append(1)
        write_site(output, f"build {len(calls)}")
        return next(results, True)

    started: list[ThreadingHTTPServer] = []
    stop = threading.Event()
    code: list[int] = []
    thread = threading.Thread(target=lambda: code.append(serve(
        rebuild, output, [content], "127.0.0.1", 0, stop=stop, ready=started.append)), daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: bool(started)), "server never became ready"
        base = f"http://127.0.0.1:{started[0].server_address[1]}"
        assert len(calls) == 1
        assert get(base + VERSION_PATH)[1] == "1"
        assert "build 1" in get(base + "/")[1]

        time.sleep(0.05)
        (content / "a.txt").write_text("two, longer")
        assert wait_for(lambda: len(calls) == 2), "change did not trigger a rebuild"
        assert get(base + VERSION_PATH)[1] == "1", "a failed rebuild must not bump the version"

        (content / "b.txt").write_text("new file")
        assert wait_for(lambda: get(base + VERSION_PATH)[1] == "2"), "version did not change"
        assert len(calls) == 3 and "build 3" in get(base + "/")[1]
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive() and code == [0]


def test_serve_stops_when_server_is_shut_down(tmp_path: Path) -> None:
    output = tmp_path / "site"
    started: list[ThreadingHTTPServer] = []
    code: list[int] = []
    thread = threading.Thread(target=lambda: code.append(serve(
        lambda: False, output, [], "127.0.0.1", 0, ready=started.append)), daemon=True)
    thread.start()
    assert wait_for(lambda: bool(started))
    base = f"http://127.0.0.1:{started[0].server_address[1]}"
    assert get(base + "/")[0] == 404  # the build failed and there is no site yet
    assert get(base + VERSION_PATH)[1] == "0"
    started[0].shutdown()
    thread.join(timeout=10)
    assert not thread.is_alive() and code == [0]


def test_port_in_use_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        calls: list[int] = []
        code = serve(lambda: bool(calls.append(1)), tmp_path / "site", [], "127.0.0.1", port)
    assert code == 2 and calls == []
    assert f"port {port}" in capsys.readouterr().err
