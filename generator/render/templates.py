"""Where templates and static files come from: the site's own ``templates/`` over the default theme."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)

from ..cache import code_version
from ..model import OutputFile


def theme() -> Path:
    """The default theme: the ``theme`` folder an installed package carries (the wheel maps the
    project's ``templates/`` there), or, run from the source tree, ``templates/`` itself."""
    packaged = Path(__file__).resolve().parents[1] / "theme"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "templates"


def template_folders(templates: Path) -> list[Path]:
    """Where templates are looked up, first match wins: the site's own folder (when it has one),
    then the default theme, so a site overrides one template or static file at a time."""
    folders = [templates] if templates.is_dir() else []
    return folders + [t for t in [theme()] if t.is_dir() and all(t.resolve() != f.resolve() for f in folders)]


def environment(templates: Path, compiled: Path | None = None) -> Environment:
    """The Jinja environment: autoescape on, undefined names are errors, article text is never a
    template. With ``compiled``, a folder where each template is kept compiled between builds
    (Jinja's bytecode cache, checked against the template's source): a rebuild loads them rather
    than compiling every template again. The folder must be one for these settings and this code
    (:func:`compiled_folder`)."""
    return Environment(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in template_folders(templates)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=FileSystemBytecodeCache(str(compiled)) if compiled is not None else None,
    )


def compiled_folder(cache: Path | None) -> Path | None:
    """Where the build cache ``cache`` keeps the templates compiled (:func:`environment`): a
    folder for this code (which sets how they compile) and this Jinja, made when missing; the
    folders of others are removed. ``None`` without a cache, or when the folder cannot be made."""
    if cache is None:
        return None
    parent = cache / "templates"
    folder = parent / f"{code_version()[:16]}-jinja-{getattr(jinja2, '__version__', 'unknown')}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for other in parent.iterdir():
            if other != folder:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        return None
    return folder


def static_files(templates: Path) -> list[OutputFile]:
    """The files of every ``static/`` folder, the site's over the theme's, in path order."""
    found: dict[str, bytes] = {}
    for folder in reversed(template_folders(templates)):  # the theme's, then the site's over them
        for file in sorted((folder / "static").rglob("*")):
            if file.is_file():
                found["static/" + file.relative_to(folder / "static").as_posix()] = file.read_bytes()
    return [OutputFile(path, data) for path, data in sorted(found.items())]
