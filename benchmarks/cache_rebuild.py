"""Benchmark: the builds the cache serves, for two versions of manabi run alternately.

    python benchmarks/cache_rebuild.py CONTENT_DIR OLD_SRC NEW_SRC [--rounds 5] [--search]

OLD_SRC and NEW_SRC are ``src`` folders of two checkouts (a ``git worktree`` of
main, and the tree under test).  Each version gets its own copy of the content
and its own cache, built cold once; then, round after round and alternating the
versions so that a shared machine's drifts fall on both, a new ``manabi build``
process runs:

  * with nothing changed (the survey finds the fingerprint equal and stops);
  * after one chapter got a new paragraph (one page parsed, the cache read for
    every other page, the pages that show it rendered);
  * after a setting the parse key leaves out changed (``license``: every page
    rendered, every body read back from the cache).

Prints each kind's median wall and CPU seconds per version (CPU: the build's process
and its workers; steadier on a shared machine) and new / old.  Search is
off unless ``--search`` (its step is the same code in both, and slow).  Run it
by hand, with the corpus given on the command line; the tests never read it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = ("no change", "one-chapter edit", "license change")


def cpu_seconds() -> float:
    """CPU time of this process's finished children (a build and its workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def build(src: Path, root: Path) -> tuple[float, float]:
    """One ``manabi build`` in a new process with ``src`` first on the path: its wall and CPU seconds."""
    command = [sys.executable, "-m", "manabi_ssg", "build", "-q", "--content", "content"]
    started, cpu = time.perf_counter(), cpu_seconds()
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(src)})
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        print(done.stdout, done.stderr, file=sys.stderr)
        raise SystemExit(f"manabi build failed with exit status {done.returncode}")
    return seconds, cpu_seconds() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("old", type=Path, help="src folder of the version to compare against")
    parser.add_argument("new", type=Path, help="src folder of the version under test")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--search", action="store_true", help="leave search on")
    args = parser.parse_args()
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="manabi-cache-bench-") as tmp:
        roots = {}
        for name, src in (("old", args.old), ("new", args.new)):
            root = Path(tmp) / name
            shutil.copytree(args.content, root / "content")
            roots[name] = (src.resolve(), root)
        edited = min((roots["old"][1] / "content").rglob("chapter*.md")).relative_to(roots["old"][1])

        def configure(root: Path, license: str) -> None:
            search = "" if args.search else "search = false\n"
            (root / "manabi.toml").write_text(f'{search}license = "{license}"\n', encoding="utf-8")

        for src, root in roots.values():
            configure(root, "license 0")
            build(src, root)  # cold
        for number in range(args.rounds):
            for name in (("old", "new") if number % 2 == 0 else ("new", "old")):
                src, root = roots[name]
                times.setdefault((name, KINDS[0]), []).append(build(src, root))
                with (root / edited).open("a", encoding="utf-8") as out:
                    out.write(f"\n\nNew paragraph {number}, added to measure one edit.\n")
                times.setdefault((name, KINDS[1]), []).append(build(src, root))
                configure(root, f"license {number + 1}")
                times.setdefault((name, KINDS[2]), []).append(build(src, root))
    print(f"content: {args.content}; edited {edited}; {args.rounds} rounds, search {'on' if args.search else 'off'}")
    for kind in KINDS:
        for measure, which in (("wall", 0), ("CPU", 1)):
            old = [run[which] for run in times[("old", kind)]]
            new = [run[which] for run in times[("new", kind)]]
            print(f"{kind:18} {measure:4} old {statistics.median(old):6.2f} s  new {statistics.median(new):6.2f} s  "
                  f"new/old {statistics.median(new) / statistics.median(old):.2f}  "
                  f"(old {min(old):.2f}-{max(old):.2f}, new {min(new):.2f}-{max(new):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
