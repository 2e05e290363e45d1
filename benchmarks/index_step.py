"""Benchmark: the search step alone, on a built site: how long, how much CPU, how busy the cores.

    python benchmarks/index_step.py BUILT_SITE [--bundle-pages 150] [--workers 2]

Indexes the chapters of BUILT_SITE (built with ``manabi build``) into bundles as
a build does (``indexing.build_bundles``: the same readers, word breaks and
Pagefind processes), into a scratch folder, and prints the wall time, the CPU
seconds of manabi's process and of the Pagefind processes, and the share of
the machine's CPU left idle, sampled from /proc/stat each half second.  An
idle share near 1 - 1/cores while bundles remain means a core waits on the
other.  A benchmark to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from search_query import chapters  # noqa: E402

from manabi_ssg.outputs.search import indexing
from manabi_ssg.outputs.search import bundles as search_bundles
from manabi_ssg.outputs.search.binary import find_binary


def idle_share() -> tuple[int, int]:
    with open("/proc/stat", encoding="ascii") as stat:
        values = [int(v) for v in stat.readline().split()[1:9]]
    return values[3] + values[4], sum(values)  # idle + iowait, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--bundle-pages", type=int, default=search_bundles.BUNDLE_PAGES)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    binary = find_binary()
    if binary is None:
        raise SystemExit("no Pagefind binary: pip install 'pagefind[extended]'")
    pages = chapters(args.site)
    bundles = search_bundles.plan(pages, {url: url for url in pages}, "benchmark", args.bundle_pages)
    samples: list[float] = []
    done = threading.Event()

    def sample() -> None:
        idle, total = idle_share()
        while not done.wait(0.5):
            now_idle, now_total = idle_share()
            samples.append((now_idle - idle) / max(1, now_total - total))
            idle, total = now_idle, now_total

    threading.Thread(target=sample, daemon=True).start()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="manabi-index-step-") as target:
        indexing.build_bundles(binary, args.site, Path(target), bundles, args.workers)
    seconds = time.perf_counter() - started
    done.set()
    own_after, children_after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    manabi_cpu = own_after.ru_utime + own_after.ru_stime - own.ru_utime - own.ru_stime
    pagefind_cpu = children_after.ru_utime + children_after.ru_stime - children.ru_utime - children.ru_stime
    idle = sum(samples) / len(samples) if samples else 0.0
    print(f"{args.site}: {len(pages)} chapters in {len(bundles)} bundles, {args.workers} indexers")
    print(f"wall {seconds:.1f} s; CPU: manabi {manabi_cpu:.1f} s (reading, word breaks), Pagefind {pagefind_cpu:.1f} s; "
          f"machine idle {idle:.0%} on average")
    return 0


if __name__ == "__main__":
    sys.exit(main())
