"""Benchmark: first paint of pages on a throttled phone (390 px, 4x slower CPU, slow 4G), in Chromium.

    python benchmarks/first_paint.py BUILT_SITE PAGE [PAGE ...] [--runs 5] [--against OTHER_SITE] [--chromium PATH]

The site is served gzipped from 127.0.0.1 (as ``lighthouse_pages.py`` serves it). For each page and
run, a fresh browser context opens it with the CPU slowed four times and the network at 150 ms latency
and 1.6 Mbit/s (Lighthouse's slow 4G), and reads first-contentful-paint, largest-contentful-paint, the
longest main-thread task, the layout shift total, and the time spent on style and layout (CDP's
Performance metrics, time on the throttled main thread: less noisy than the paint times), and from a
trace, the longest task before the first paint and the CPU time of style, layout and paint before it
(thread time, the figure a loaded machine stretches least). Printed: the
median of each over the runs and, in brackets, the lowest and highest. Compare two builds of the same
content (before and after a change) with ``--against OTHER_SITE``: the runs alternate (this site, the
other, this, the other ...), so load from other processes on a shared machine falls on both alike.
A benchmark run by hand, not a test.
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from lighthouse_pages import Compressing  # noqa: E402

OBSERVERS = """
window.__m = {shifts: 0, longest: 0, lcp: 0};
new PerformanceObserver(l => { for (const e of l.getEntries()) window.__m.shifts += e.value; }).observe({type: "layout-shift", buffered: true});
new PerformanceObserver(l => { for (const e of l.getEntries()) window.__m.longest = Math.max(window.__m.longest, e.duration); }).observe({type: "longtask", buffered: true});
new PerformanceObserver(l => { for (const e of l.getEntries()) window.__m.lcp = e.startTime; }).observe({type: "largest-contentful-paint", buffered: true});
"""


def measure(browser, url: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script(OBSERVERS)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cdp.send("Network.enable")
    cdp.send("Performance.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                  "downloadThroughput": 1.6 * 1024 * 1024 / 8, "uploadThroughput": 750 * 1024 / 8})
    browser.start_tracing(page=page, categories=TRACED)
    page.goto(url, wait_until="load")
    page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
    page.wait_for_timeout(1000)  # a benchmark, not a test: let late shifts and tasks be observed
    fcp = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime")
    found = page.evaluate("() => window.__m")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    before_paint = before_first_paint(json.loads(browser.stop_tracing()))
    context.close()
    return {"fcp_ms": fcp, "lcp_ms": found["lcp"], "longest_task_ms": found["longest"], "cls": found["shifts"],
            "style_ms": metrics.get("RecalcStyleDuration", 0) * 1000, "layout_ms": metrics.get("LayoutDuration", 0) * 1000,
            **before_paint}


# What the renderer does to draw a frame: style, layout, pre-paint, paint.
RENDERING = frozenset({"UpdateLayoutTree", "Layout", "PrePaint", "Paint"})
TRACED = ["devtools.timeline", "loading", "disabled-by-default-devtools.timeline"]


def before_first_paint(trace: dict | list) -> dict[str, float]:
    """From a Chromium trace: the longest task before the first contentful paint (wall time, throttled), and the
    CPU time of style, layout and paint before it (thread time: not stretched by the 4x throttling nor by other
    processes on the machine, so the steadiest figure of the work a first paint waits for)."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    painted = min((e["ts"] for e in events if e.get("name") == "firstContentfulPaint"), default=None)
    if painted is None:
        return {"task_before_fcp_ms": 0.0, "render_cpu_before_fcp_ms": 0.0}
    early = [e for e in events if e.get("ph") == "X" and e["ts"] <= painted]
    tasks = [e.get("dur", 0) for e in early if e.get("name") == "RunTask"]
    rendering = sum(e.get("tdur", 0) for e in early if e.get("name") in RENDERING)
    return {"task_before_fcp_ms": max(tasks, default=0) / 1000, "render_cpu_before_fcp_ms": rendering / 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="a second build of the same content, measured in alternate runs")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sites = [args.site] + ([args.against] if args.against else [])
    servers = [serve(site) for site in sites]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        for rel in args.pages:
            runs: list[list[dict[str, float]]] = [[] for _ in sites]
            for _ in range(args.runs):
                for which, (_, base) in enumerate(servers):
                    runs[which].append(measure(browser, base + rel))
            for site, site_runs in zip(sites, runs):
                print(f"{site} {rel}: {summary(site_runs)}")
        browser.close()
    for httpd, _ in servers:
        httpd.shutdown()
    return 0


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Compressing, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def summary(runs: list[dict[str, float]]) -> str:
    """Each figure's median over the runs, then its lowest and highest: the spread says how far to trust it."""
    parts = []
    for key in runs[0]:
        values = [run[key] for run in runs]
        form = "{:.3f}" if key == "cls" else "{:.0f}"
        parts.append(f"{key} {form.format(statistics.median(values))} [{form.format(min(values))}-{form.format(max(values))}]")
    return ", ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
