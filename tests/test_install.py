"""Installed, the tool runs anywhere: the wheel ships the default theme, and a site overrides single templates."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from .conftest import CONTENT, ROOT


def test_the_wheel_builds_a_folder_that_holds_only_content_and_one_override(tmp_path: Path) -> None:
    # The wheel is built from a copy: a build in place would write build/ and *.egg-info into the repository.
    source = tmp_path / "source"
    for name in ("pyproject.toml", "README.md"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    for folder in ("generator", "templates"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-w", str(wheels)],
                           check=True, capture_output=True, text=True, timeout=600)
    assert "deprecat" not in (built.stdout + built.stderr).lower(), built.stderr[-2000:]
    (wheel,) = wheels.glob("briefing-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], check=True,
                   capture_output=True, text=True, timeout=300)
    # The libraries come from this environment; the package itself only from the wheel.
    site_packages = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   check=True, capture_output=True, text=True).stdout.strip()
    (Path(site_packages) / "briefing-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    folder = tmp_path / "my-briefing"
    shutil.copytree(CONTENT, folder / "content")
    (folder / "templates").mkdir()
    (folder / "templates" / "method.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1 class="page-title">Our own method page</h1>{% endblock %}\n',
        encoding="utf-8")
    run = subprocess.run([str(venv / "bin" / "briefing"), "build", "--content", "content", "--output", "site"],
                         cwd=folder, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    located = subprocess.run([str(python), "-c", "import generator; print(generator.__file__)"], cwd=tmp_path,
                             check=True, capture_output=True, text=True).stdout
    assert str(venv) in located, located  # the wheel's package, not the source tree's
    site = folder / "site"
    assert "Our own method page" in (site / "method" / "index.html").read_text(encoding="utf-8")
    assert (site / "static" / "style.css").read_bytes() == (ROOT / "templates" / "static" / "style.css").read_bytes()
    assert len(list((site / "articles").iterdir())) == 5 and (site / "pagefind").is_dir()
