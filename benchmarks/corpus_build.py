"""Build a folder of articles with the project's pipeline and return its JSON Feed items."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.build import build
from generator.config import SiteConfig


def build_feed(content: Path, config: SiteConfig | None = None) -> list[dict[str, Any]]:
    """Build ``content`` into a temporary site and return the feed's items."""
    with tempfile.TemporaryDirectory() as tmp:
        build(content, Path(tmp) / "site", config or SiteConfig(), ROOT / "templates")
        return json.loads((Path(tmp) / "site" / "feed.json").read_text(encoding="utf-8"))["items"]
