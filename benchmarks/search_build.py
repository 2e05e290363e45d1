"""Benchmark: a build with search on, cold and after a one-chapter edit, against markdown-it-py alone.

    python benchmarks/search_build.py CONTENT_DIR [--edit ja/series-007/chapter-3.md] [--edits 5]

In one run, on the same files:
  1. markdown-it-py alone renders every file on one core (the yardstick);
  2. ``manabi build`` (a new process, search on, empty cache) builds the site cold;
  3. one chapter gets a new paragraph, and a new ``manabi build`` process builds again
     (``--edits N``: N times in a row, the median reported with the range: one edit
     takes seconds, and a shared machine's speed moves by a fifth within minutes).
Prints the seconds of each, their ratios to (1), and the peak memory of the
largest process of each build (manabi, a worker or Pagefind), read from
``/usr/bin/time``-style rusage of the child processes.  Run it by hand.
Run with ``PYTHONPATH=<another checkout>/src`` to measure another version.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from build_corpus import cpu_seconds, markdown_files, markdown_it_alone  # noqa: E402

CPU: list[float] = []  # CPU seconds of each manabi build, its workers and indexers included

MEMORY = """
import resource, runpy, sys
sys.argv = ["manabi"] + sys.argv[1:]
try:
    runpy.run_module("manabi_ssg", run_name="__main__")
finally:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"PEAK {own:.0f} {children:.0f}", file=sys.stderr)
"""


def manabi(root: Path, content: Path) -> tuple[float, float, float, str]:
    """One ``manabi build`` in a new process: seconds, peak MB of the main process and of its largest child."""
    command = [sys.executable, "-c", MEMORY, "build", "--content", str(content), "--output", str(root / "_site")]
    started, cpu = time.perf_counter(), cpu_seconds()
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, env={**os.environ, "MANABI_DEBUG": "1"})
    seconds = time.perf_counter() - started
    CPU.append(cpu_seconds() - cpu)
    own = children = 0.0
    for line in done.stderr.splitlines():
        if line.startswith("PEAK "):
            own, children = (float(x) for x in line.split()[1:])
    summary = (done.stdout.strip().splitlines() or [""])[-1]
    if done.returncode not in (0, 1):
        print(done.stdout, done.stderr, file=sys.stderr)
        raise SystemExit(f"manabi build failed with exit status {done.returncode}")
    return seconds, own, children, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--edit", default="", help="the chapter to edit (default: the first chapter found)")
    parser.add_argument("--edits", type=int, default=1, help="edit and build again this many times; the median is reported")
    parser.add_argument("--keep", type=Path, help="copy the built site here (for benchmarks/search_query.py)")
    args = parser.parse_args()
    files = markdown_files(args.content)
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    base, base_cpu = markdown_it_alone(files)
    with tempfile.TemporaryDirectory(prefix="manabi-search-bench-") as tmp:
        root = Path(tmp)
        content = root / "content"
        shutil.copytree(args.content, content)
        cold, cold_own, cold_children, cold_summary = manabi(root, content)
        edited = content / args.edit if args.edit else next(p for p in sorted(content.rglob("chapter-*.md")))
        edits = []
        for number in range(max(1, args.edits)):
            with edited.open("a", encoding="utf-8") as out:
                out.write(f"\n\nNew paragraph {number} about zeolite frameworks, added to measure one edit.\n")
            edits.append(manabi(root, content))
        edit, edit_own, edit_children, edit_summary = sorted(edits)[len(edits) // 2]
        edits_low, edits_high = min(e[0] for e in edits), max(e[0] for e in edits)
        bundles = sorted(p.name for p in (root / "_site" / "pagefind").iterdir() if p.is_dir()) if (root / "_site" / "pagefind").is_dir() else []
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            shutil.copytree(root / "_site", args.keep)
    print(f"content: {args.content} ({len(files)} Markdown files, {megabytes:.1f} MB); edited {edited.relative_to(content)}")
    print(f"markdown-it-py alone (one core):     {base:.2f} s")
    print(f"cold build, search on (new process): {cold:.2f} s  ratio {cold / base:.2f}  peak MB: main {cold_own:.0f}, largest child {cold_children:.0f}")
    print(f"  {cold_summary}")
    spread = f" (median of {len(edits)}, range {edits_low / base:.2f}-{edits_high / base:.2f})" if len(edits) > 1 else ""
    print(f"one chapter edited (new process):    {edit:.2f} s  ratio {edit / base:.2f}{spread}  peak MB: main {edit_own:.0f}, largest child {edit_children:.0f}")
    print(f"  {edit_summary}")
    edit_cpu = statistics.median_high(CPU[1:])  # as the edit time: sorted()[n // 2]
    print(f"CPU seconds: markdown-it-py {base_cpu:.1f}; cold build {CPU[0]:.1f} (ratio {CPU[0] / base_cpu:.2f}), "
          f"edit {edit_cpu:.1f} (ratio {edit_cpu / base_cpu:.2f}): steadier than wall time on a shared machine")
    print(f"bundles: {len(bundles)} {' '.join(bundles)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
