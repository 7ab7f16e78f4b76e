"""Hub quality on a labelled corpus: purity (members from one section) and coverage.

Usage: python benchmarks/hubs.py ARTICLES_DIR

Each file's section is the part of its name before the first '_' (``business_12.txt``), the
layout of ``../shared/eval/summaries-dev/articles``. Only this benchmark reads file names; the
build never does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.build import build
from generator.config import SiteConfig


def main() -> int:
    """Build the folder and print each hub's size and purity, then the totals."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=Path)
    parser.add_argument("--hubs", action="store_true", help="list every hub")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build(args.articles, Path(tmp) / "site", SiteConfig(), ROOT / "templates")
        feed = json.loads((Path(tmp) / "site" / "feed.json").read_text(encoding="utf-8"))
    section = {i["_briefing"]["source_file"]: i["_briefing"]["source_file"].split("_")[0] for i in feed["items"]}
    members: dict[str, list[str]] = {}
    for item in feed["items"]:
        for hub in item["_briefing"]["hubs"]:
            members.setdefault(hub, []).append(item["_briefing"]["source_file"])
    pure = total = 0
    purities = []
    for hub, files in sorted(members.items(), key=lambda kv: -len(kv[1])):
        counts = Counter(section[f] for f in files)
        _top, n = counts.most_common(1)[0]
        purities.append(n / len(files))
        pure, total = pure + n, total + len(files)
        if args.hubs:
            print(f"{hub:<40}{len(files):>4}  {n / len(files):5.2f}  {dict(counts)}")
    covered = {f for files in members.values() for f in files}
    print(f"{args.articles}: {len(feed['items'])} articles, {len(members)} hubs")
    print(f"purity (members from the hub's main section): {pure / max(1, total):.3f} over all memberships, "
          f"{sum(purities) / max(1, len(purities)):.3f} mean per hub, {min(purities, default=0):.3f} worst hub")
    print(f"coverage (articles in some hub): {len(covered) / max(1, len(feed['items'])):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
