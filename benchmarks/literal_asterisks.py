"""Count pages whose rendered text still shows literal ``**``, without and with the CJK plugin.

    python benchmarks/literal_asterisks.py DIR [--list]

Renders every ``*.md`` under DIR (front matter stripped) with markdown-it-py
"commonmark" + tables, once plain and once with ``manabi_ssg.markdown.inline.cjk``, and
counts the pages whose HTML text outside ``<code>``/``<pre>`` contains ``**``
(an emphasis that failed to parse).  ``--list`` names the pages left over
after the plugin.  A measurement to run by hand, not a test.
"""

from __future__ import annotations

import argparse
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from manabi_ssg.markdown.inline.cjk import cjk_plugin  # noqa: E402

FRONT_MATTER = re.compile(r"\A---\r?\n.*?\r?\n(?:---|\.\.\.)\r?\n", re.S)


class TextOutsideCode(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("code", "pre"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre") and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def stray_asterisks(html: str) -> int:
    parser = TextOutsideCode()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).count("**")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--list", action="store_true", help="list pages still showing ** with the plugin")
    args = ap.parse_args()

    plain = MarkdownIt("commonmark", {"html": True}).enable("table")
    cjk = MarkdownIt("commonmark", {"html": True}).enable("table").use(cjk_plugin)
    pages = sorted(args.folder.rglob("*.md"))
    before = after = before_runs = after_runs = 0
    left: list[tuple[Path, int]] = []
    for page in pages:
        text = FRONT_MATTER.sub("", page.read_text(encoding="utf-8"), count=1)
        b, a = stray_asterisks(plain.render(text)), stray_asterisks(cjk.render(text))
        before += b > 0
        after += a > 0
        before_runs += b
        after_runs += a
        if a:
            left.append((page, a))
    print(f"{len(pages)} pages in {args.folder}")
    print(f"pages with literal ** in text: before {before}, after {after}")
    print(f"literal ** occurrences:        before {before_runs}, after {after_runs}")
    if args.list:
        for page, n in left:
            print(f"  {n:4d}  {page.relative_to(args.folder)}")


if __name__ == "__main__":
    main()
