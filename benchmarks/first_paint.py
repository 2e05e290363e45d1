"""Benchmark: first paint of pages on a throttled phone (390 px, 4x slower CPU, slow 4G), in Chromium.

    python benchmarks/first_paint.py BUILT_SITE PAGE [PAGE ...] [--runs 5] [--chromium PATH]

The site is served gzipped from 127.0.0.1 (as ``lighthouse_pages.py`` serves it). For each page and
run, a fresh browser context opens it with the CPU slowed four times and the network at 150 ms latency
and 1.6 Mbit/s (Lighthouse's slow 4G), and reads first-contentful-paint, largest-contentful-paint, the
longest main-thread task, the layout shift total, and the time spent on style and layout (CDP's
Performance metrics, CPU time on the throttled main thread: less noisy than the paint times). Printed: the median of each over the runs. Compare
two builds of the same content (before and after a change) in one sitting: absolute times on a shared
machine are noise, their difference in one run is not. A benchmark run by hand, not a test.
"""

from __future__ import annotations

import argparse
import functools
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
    page.goto(url, wait_until="load")
    page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
    page.wait_for_timeout(1000)  # a benchmark, not a test: let late shifts and tasks be observed
    fcp = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime")
    found = page.evaluate("() => window.__m")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    context.close()
    return {"fcp_ms": fcp, "lcp_ms": found["lcp"], "longest_task_ms": found["longest"], "cls": found["shifts"],
            "style_ms": metrics.get("RecalcStyleDuration", 0) * 1000, "layout_ms": metrics.get("LayoutDuration", 0) * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Compressing, directory=str(args.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        for rel in args.pages:
            runs = [measure(browser, base + rel) for _ in range(args.runs)]
            medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            print(f"{rel}: " + ", ".join(f"{key} {value:.3f}" if key == "cls" else f"{key} {value:.0f}" for key, value in medians.items()))
        browser.close()
    httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
