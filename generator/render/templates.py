"""Where templates and static files come from: the site's own ``templates/`` over the default theme."""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)

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


def environment(templates: Path) -> Environment:
    """The Jinja environment: autoescape on, undefined names are errors, article text is never a template."""
    return Environment(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in template_folders(templates)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def static_files(templates: Path) -> list[OutputFile]:
    """The files of every ``static/`` folder, the site's over the theme's, in path order."""
    found: dict[str, bytes] = {}
    for folder in reversed(template_folders(templates)):  # the theme's, then the site's over them
        for file in sorted((folder / "static").rglob("*")):
            if file.is_file():
                found["static/" + file.relative_to(folder / "static").as_posix()] = file.read_bytes()
    return [OutputFile(path, data) for path, data in sorted(found.items())]
