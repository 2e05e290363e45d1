"""Reference screenshots of the seed chapter in Chromium (docs/screenshots/).

    python benchmarks/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]

Builds the repository's ``content/`` into a temporary folder, serves it on
127.0.0.1 and photographs the seed chapter (``content/ja/mlp-introduction/
chapter4-real-world.md``): phone (390 px) and desktop (1280 px) viewports in
light and dark, a print-emulated page, close-ups of an exercise (hint
and answer open) and a case study, and two views scrolled into the chapter:
the phone's contents opened over the page and the desktop's contents
marking the section in view.  Each image is clipped to the top of the
page (or the component) so it stays small; each must stay under ~400 KB.
It also prints the page to PDF and checks the file is a readable PDF with
pages.  Needs Playwright and a Chromium (Debian's ``chromium`` package); the
Mermaid library is not loaded (no network), so diagrams show as source.
A script to run by hand after a theme change, not a test: look at the
images, then commit them.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM_FLAGS, StaticServer  # noqa: E402

from manabi_ssg.build import build  # noqa: E402
from manabi_ssg.site.config import Config  # noqa: E402

SEED = "ja/mlp-introduction/chapter4-real-world.html"
LIMIT = 400_000

# the third case study's heading at the top of the screen
SCROLLED = "document.getElementById('case-study-3').scrollIntoView()"
OPEN_CONTENTS = SCROLLED + "; document.querySelector('.toc-toggle').click()"

# name: (viewport width, height, colour scheme, media, clip height, a selector or "viewport" [, script to run first])
SHOTS = {
    "phone-light": (390, 844, "light", "screen", 1600),
    "phone-dark": (390, 844, "dark", "screen", 1600),
    "phone-contents-dark": (390, 844, "dark", "screen", "viewport", OPEN_CONTENTS),
    "desktop-scrolled-light": (1280, 800, "light", "screen", "viewport", SCROLLED),
    "desktop-light": (1280, 800, "light", "screen", 1400),
    "desktop-dark": (1280, 800, "dark", "screen", 1400),
    "print": (794, 1123, "light", "print", 1600),  # A4 at 96 dpi
    "phone-exercise-light": (390, 844, "light", "screen", "#exercise-1"),
    "desktop-exercise-dark": (1280, 800, "dark", "screen", "#exercise-1"),
    "phone-case-study-dark": (390, 844, "dark", "screen", "#case-study-1"),
    "desktop-case-study-light": (1280, 800, "light", "screen", "#case-study-1"),
    "desktop-references-light": (1280, 800, "light", "screen", "ol.references"),
}


def build_site(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    config = replace(Config(root=root), mermaid_url="")
    result = build(config)
    if result.errors:
        raise SystemExit("\n".join(d.format() for d in result.diagnostics))
    return config.output_path


def shoot(browser, url: str, out: Path, name: str, spec) -> Path:
    width, height, scheme, media, clip = spec[:5]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, device_scale_factor=1)
    page = context.new_page()
    page.goto(url)
    page.emulate_media(media=media, color_scheme=scheme)
    page.evaluate("document.fonts.ready")
    path = out / f"{name}.png"
    if clip == "viewport":
        page.evaluate(spec[5])
        # the section marking follows an IntersectionObserver callback: wait for it
        page.wait_for_function("() => document.querySelector('.toc a[aria-current]')")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.screenshot(path=path)
    elif isinstance(clip, str):
        element = page.locator(clip).first
        element.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        # the component with a margin of page around it, at most 1400 px tall
        top = max(box["y"] + page.evaluate("scrollY") - 16, 0)
        page.screenshot(path=path, full_page=True,
                        clip={"x": 0, "y": top, "width": width, "height": min(box["height"] + 32, 1400)})
    else:
        page.screenshot(path=path, full_page=True, clip={"x": 0, "y": 0, "width": width, "height": clip})
    context.close()
    return path


def check_pdf(browser, url: str) -> int:
    """Print to PDF and return its page count (raises if it is not a PDF)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    data = page.pdf(format="A4", print_background=True)
    context.close()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise SystemExit("page.pdf() did not produce a complete PDF")
    try:
        from pypdf import PdfReader  # optional: a real parse when installed
        import io

        return len(PdfReader(io.BytesIO(data)).pages)
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page[^s]", data))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs/screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp))
        server = StaticServer(site)
        url = server.url + SEED
        too_big = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_FLAGS)
            for name, spec in SHOTS.items():
                path = shoot(browser, url, args.out, name, spec)
                size = path.stat().st_size
                print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {size // 1024} KB")
                if size > LIMIT:
                    too_big.append(path.name)
            pages = check_pdf(browser, url)
            print(f"PDF: {pages} pages")
            browser.close()
        server.close()
    if too_big:
        print("over 400 KB:", ", ".join(too_big))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
