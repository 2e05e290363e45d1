"""Make a large site from real chapters: N copies of a content folder, each series in its own folder.

    python benchmarks/copies_site.py CONTENT_DIR OUT_DIR [--copies 10] [--distinct]

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

Copies of one chapter repeat its code blocks and formulas, and manabi keeps
per-process caches of highlighted code and converted math (for ``serve``'s
saves), so a worker that meets a second copy skips that work: a copies site
builds faster than as many distinct chapters would.  ``--distinct`` gives
every copy after the first its own code and display math, as different to
the caches and the same to a reader: copy k adds k - 1 spaces to the end of
the first line of each fenced code block and of each ``$$`` block's last
line (inline ``$…$`` is left alone; short formulas repeat across real
chapters anyway).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

SERIES = re.compile(r'^(series:\s*)(["\']?)(.*?)\2\s*$', re.MULTILINE)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def numbered(text: str, copy: int) -> str:
    """The chapter with its front matter's series name numbered (only the front matter is touched)."""
    if not text.startswith("---"):
        return text
    end = text.find("\n---", 3)
    if end < 0:
        return text
    head = SERIES.sub(lambda m: f'{m.group(1)}"{m.group(3)} ({copy})"', text[:end], count=1)
    return head + text[end:]


def distinct(text: str, copy: int) -> str:
    """``text`` with copy-specific trailing spaces in its code blocks and display math (see the docstring)."""
    if copy < 2:
        return text
    pad = " " * (copy - 1)
    lines = text.split("\n")
    fence = ""  # the open fence's marker, if inside a code block
    first_code_line = False
    math_start = -1
    for i, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) and not line.strip(" `~"):
                fence = ""
            elif first_code_line:
                lines[i] = line + pad
                first_code_line = False
        elif opening:
            fence, first_code_line = opening.group(1), True
        elif line.strip() == "$$":
            if math_start < 0:
                math_start = i
            else:
                if i - 1 > math_start:
                    lines[i - 1] += pad
                math_start = -1
    return "\n".join(lines)


def make(content: Path, out: Path, copies: int, unique: bool = False) -> int:
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
            target.write_text(numbered(distinct(text, copy) if unique else text, copy), encoding="utf-8")
            written += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--distinct", action="store_true", help="give each copy its own code blocks and display math (see above)")
    args = parser.parse_args()
    content, out = args.content.resolve(), args.out.resolve()
    if out == content or content in out.parents:
        print("copies_site: OUT_DIR must lie outside CONTENT_DIR", file=sys.stderr)
        return 2
    print(f"{make(content, out, args.copies, args.distinct)} files written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
