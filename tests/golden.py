"""The golden site: a small fixture folder built and compared file by file with committed output.

Regenerate after a deliberate change with ``make golden`` (``python -m tests.golden --update``)
and review the diff before committing it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from generator.build import build
from generator.config import SiteConfig

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_CONTENT = ROOT / "tests" / "fixtures" / "golden-content"
GOLDEN_SITE = ROOT / "tests" / "golden" / "site"
GOLDEN_CONFIG = SiteConfig(title="Golden briefing", description="The golden-site fixture.", base_url="https://golden.example")
SKIPPED = ("pagefind",)  # Pagefind's own bundle: checked by other tests, its shard names vary per run


ADDED = datetime(2024, 3, 1, 9, 0, tzinfo=UTC).timestamp()  # when the fixture's files count as added


def build_golden(output: Path) -> None:
    """Build the fixture folder into ``output`` with the project's templates. The fixture is
    copied outside git with one fixed modification time, so the dates its undated articles were
    added are the same in any clone, shallow or not."""
    content = output.parent / "golden-content"
    shutil.copytree(GOLDEN_CONTENT, content)
    for path in content.rglob("*"):
        os.utime(path, (ADDED, ADDED))
    build(content, output, GOLDEN_CONFIG, ROOT / "templates")


def tree(folder: Path) -> dict[str, bytes]:
    """Every compared file under ``folder``, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in SKIPPED
    }


def main(argv: list[str] | None = None) -> int:
    """``--update`` rewrites the committed golden site; otherwise report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite tests/golden/site from a fresh build")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "site"
        build_golden(built)
        fresh = tree(built)
        if args.update:
            shutil.rmtree(GOLDEN_SITE, ignore_errors=True)
            for rel, data in fresh.items():
                target = GOLDEN_SITE / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            print(f"wrote {len(fresh)} files to {GOLDEN_SITE.relative_to(ROOT)}")
            return 0
    stale = sorted(set(fresh) ^ set(tree(GOLDEN_SITE)) | {k for k in fresh if tree(GOLDEN_SITE).get(k) != fresh[k]})
    print("golden site is current" if not stale else "golden site differs: " + ", ".join(stale))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
