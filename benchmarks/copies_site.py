"""Make a large site from real chapters: N copies of a content folder, each series in its own folder.

    python benchmarks/copies_site.py CONTENT_DIR OUT_DIR [--copies 10]

The synthetic site (``synthetic_site.py``) draws its words from a small
vocabulary, so every query matches nearly every chapter and its Japanese is
random kanji.  Real chapters differ on both counts, and search's costs
(Pagefind's word segmentation, the pages a query scores) follow the text.
This makes a site of real size from real text: OUT_DIR/<lang>/<series>-copy<k>/
for every series folder CONTENT_DIR/<lang>/<series>/, k in 1..N (files
directly under a language folder, its home page, are copied once), with the front matter's ``series`` name numbered too, so each copy is a
series of its own.  Other files are left out.  Nothing is written inside
CONTENT_DIR.  For benchmarks run by hand, with the corpus given on the
command line; the project's tests never read it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

SERIES = re.compile(r'^(series:\s*)(["\']?)(.*?)\2\s*$', re.MULTILINE)


def numbered(text: str, copy: int) -> str:
    """The chapter with its front matter's series name numbered (only the front matter is touched)."""
    if not text.startswith("---"):
        return text
    end = text.find("\n---", 3)
    if end < 0:
        return text
    head = SERIES.sub(lambda m: f'{m.group(1)}"{m.group(3)} ({copy})"', text[:end], count=1)
    return head + text[end:]


def make(content: Path, out: Path, copies: int) -> int:
    if out.exists():
        shutil.rmtree(out)
    written = 0
    for source in sorted(content.rglob("*.md")):
        relative = source.relative_to(content)
        text = source.read_text(encoding="utf-8")
        if len(relative.parts) < 3:  # a language's home page (``en/index.md``): once
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            (out / relative).write_text(text, encoding="utf-8")
            written += 1
            continue
        for copy in range(1, copies + 1):
            target = out / relative.parent.parent / f"{relative.parent.name}-copy{copy}" / relative.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(numbered(text, copy), encoding="utf-8")
            written += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    content, out = args.content.resolve(), args.out.resolve()
    if out == content or content in out.parents:
        print("copies_site: OUT_DIR must lie outside CONTENT_DIR", file=sys.stderr)
        return 2
    print(f"{make(content, out, args.copies)} files written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
