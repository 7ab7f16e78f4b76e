"""Check the cleaning rules against true article text: no rule may remove a true body line.

Usage: python benchmarks/rule_safety.py [FOLDER ...] [--examples N]

Every line with a word in it of every truth text (``../shared/eval/*/truth/``, ``seeds-truth``) and of every body
of the labelled article sets (``tags-dev``, ``stories-dev``, ``summaries-dev``,
``keywords-dev``: their first line, the headline, is left out) is offered to every packaged
rule as a paragraph at the end of an article (where rules limited to the second half apply
too). A rule that would remove or cut a line is listed with the lines it hits. Prints nothing
but the totals when every rule is safe.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.clean import packaged_rules
from generator.model import Block

EVAL = ROOT.parent / "shared" / "eval"
TRUTHS = ("cleaning-dev/truth", "cleaning-dev2/truth", "seeds-truth")
BODIES = ("tags-dev/articles", "stories-dev/articles", "summaries-dev/articles", "keywords-dev/articles")


def true_lines(folders: list[Path], bodies: list[Path]) -> list[tuple[str, str]]:
    """(file, line) for every non-empty line of the truth texts and of the article bodies."""
    out = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            out += [(str(path), line.strip()) for line in path.read_text(encoding="utf-8").splitlines() if _words(line)]
    for folder in bodies:
        for path in sorted(folder.glob("*.txt")):
            lines = path.read_text(encoding="utf-8").splitlines()[1:]
            out += [(str(path), line.strip()) for line in lines if _words(line)]
    return out


def _words(line: str) -> bool:
    """Whether a line holds a word (a row of underscores or asterisks is no body line)."""
    return any(ch.isalnum() for ch in line)


def hits(lines: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """For each packaged rule with a pattern, the true lines it would remove or cut."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for file, line in lines:
        block = Block("paragraph", line)
        for rule in packaged_rules():
            if rule.pattern is not None and not rule.kinds and rule.hidden is None and rule.min_links == 0 \
                    and rule.matches(block, 1.0):
                found[rule.name].append((file, line))
    return found


def main() -> int:
    """Print every rule that hits a true line, with examples."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, help="folders of truth texts (default: the labelled sets)")
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args()
    folders = args.folders or [EVAL / t for t in TRUTHS]
    bodies = [] if args.folders else [EVAL / b for b in BODIES]
    lines = true_lines(folders, bodies)
    found = hits(lines)
    rules = [r for r in packaged_rules() if r.pattern is not None]
    print(f"{len(lines):,} true lines, {len(rules)} rules with a pattern; rules that hit a true line: {len(found)}")
    for name, where in sorted(found.items(), key=lambda kv: -len(kv[1])):
        print(f"  {name}: {len(where)} lines")
        for file, line in where[: args.examples]:
            print(f"    {Path(file).parent.parent.name}/{Path(file).name}: {line[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
