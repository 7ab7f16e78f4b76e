"""``python -m generator`` is the ``briefing`` command."""

from .cli import entry

entry()
