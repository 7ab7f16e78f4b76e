"""Peak memory of a command and every process it starts, summed (PSS, sampled every 0.1 s).

Usage: python benchmarks/memory.py COMMAND [ARG ...]

``benchmarks/build.py`` reports the largest single process (max RSS); a build runs worker
processes and Pagefind beside the main process, so this samples the whole process tree and
sums each process's proportional set size (shared pages split between the processes that
share them). Linux only (reads /proc).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            tree.setdefault(parent, []).append(int(entry))
    return tree


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
            return next((int(line.split()[1]) for line in handle if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def tree_pss_mb(root: int) -> float:
    """Summed PSS of ``root`` and all its descendants, in MB."""
    tree, stack, total = _children(), [root], 0
    while stack:
        pid = stack.pop()
        total += _pss_kib(pid)
        stack.extend(tree.get(pid, []))
    return total / 1024


def main() -> int:
    """Run the command, print its exit code, seconds and peak summed PSS."""
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_pss_mb(proc.pid))
        time.sleep(0.1)
    print(f"exit {proc.returncode}, {time.perf_counter() - start:.1f} s, peak memory of the process tree {peak:.0f} MB (PSS)")
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main())
