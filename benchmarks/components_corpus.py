"""Components on a real corpus: what is recognised, and that no text is lost.

Usage::

    python benchmarks/components_corpus.py DIR [--lang ja] [--verbose]

For every ``*.md`` under DIR, prints one row: exercise headings found by a
loose grep (``問題N``/``演習N``/``Problem N``/``Exercise N`` headings, answers
such as ``問題1の解答`` left out) vs exercises recognised, exercises without
an answer, case studies, references, citations linked, undefined citations,
and characters lost.

"Lost" compares the visible text of a plain markdown-it rendering (same
markdown-it options and mdit plugins, none of manabi's) with manabi's, with
whitespace ignored and the text manabi inserts removed (difficulty badges,
citation tooltips, the at-a-glance box's title, answer toggles, back-links, unverified
markers, heading anchors).  The comparison is a character multiset, ignoring
Markdown punctuation that the plain renderer leaves as text inside raw HTML
blocks (``<details>`` bodies), so it reports text that disappeared, not text
that moved.  Exit status 1 when a file loses text or an exercise heading is
not recognised.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from manabi_ssg.markdown import create_markdown
from manabi_ssg.messages import catalogue

LOOSE_EXERCISE_RE = re.compile(
    r"^#{2,6}\s+(?:\S+\s+)?(?:[\d.]+\s*)?(?:問題|演習問題|演習|練習問題|練習|Problem|Exercise|Question)\s*\d",
    re.IGNORECASE,
)
ANSWER_HEADING_RE = re.compile(r"(の解答|の解説|Solution to|Answer to|Answers? for)", re.IGNORECASE)
FENCE_RE = re.compile(r"^\s*(```|~~~)")
INSERTED_CLASSES = {
    "difficulty-badge", "citation-tip", "case-study-glance-title", "answers-toggle-bar", "ref-backlinks",
    "unverified", "heading-anchor", "visually-hidden", "exercise-title",
}
IGNORED_CHARS = set("*_`#|-:：>[]()!~=\\$")  # Markdown punctuation; $ delimits math; a glance box's <dt> drops a label's ：


class TextOf(HTMLParser):
    """Visible text of an HTML fragment, minus the elements manabi inserts."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source", "track", "embed", "param"}

    def __init__(self, skip_inserted: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_inserted = skip_inserted
        self.stack: list[bool] = []  # per open element: is it skipped
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped = bool(self.stack and self.stack[-1]) or (self.skip_inserted and bool(classes & INSERTED_CLASSES)) or tag in ("script", "style")
        self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    def text(self) -> str:
        return "".join(self.parts)


def visible(html: str, skip_inserted: bool) -> str:
    parser = TextOf(skip_inserted)
    parser.feed(html)
    parser.close()
    return parser.text()


def plain_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "breaks": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    for plugin in (footnote_plugin, deflist_plugin, tasklists_plugin, attrs_plugin, attrs_block_plugin):
        md.use(plugin)
    return md


def body_of(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[text.index("\n", end + 1) + 1 :] if "\n" in text[end + 1 :] else ""
    return text


def loose_exercises(body: str) -> int:
    count = 0
    fence = False
    for line in body.splitlines():
        if FENCE_RE.match(line):
            fence = not fence
            continue
        if not fence and LOOSE_EXERCISE_RE.match(line) and not ANSWER_HEADING_RE.search(line):
            count += 1
    return count


def characters(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace() and ch not in IGNORED_CHARS)


def measure(path: Path, lang: str, plain: MarkdownIt, ours: MarkdownIt) -> dict:
    body = body_of(path.read_text(encoding="utf-8"))
    env = {"path": str(path), "messages": catalogue(lang), "is_chapter": False, "title": ""}
    html = ours.render(body, env)
    reference = plain.render(body, {})
    lost = characters(visible(reference, False)) - characters(visible(html, True))
    diagnostics = env.get("diagnostics", [])
    return {
        "loose": loose_exercises(body),
        "exercises": len(env.get("exercises", [])),
        "no_answer": sum(not e["has_answer"] for e in env.get("exercises", [])),
        "case_studies": len(env.get("case_studies", [])),
        "glance": sum(bool(c["facts"]) for c in env.get("case_studies", [])),
        "references": len(env.get("references", [])),
        "citations": len(env.get("citations", [])),
        "undefined": sum(d.code == "citation-undefined" for d in diagnostics),
        "lost": sum(lost.values()),
        "lost_sample": "".join(sorted(lost.elements()))[:60],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--verbose", action="store_true", help="print a row for every file, not only the interesting ones")
    args = parser.parse_args(argv)
    plain, ours = plain_markdown(), create_markdown(True)
    files = sorted(args.dir.rglob("*.md"))
    totals: Counter = Counter()
    problems = 0
    header = f"{'file':60} {'loose':>5} {'exer':>5} {'noans':>5} {'case':>5} {'glnc':>5} {'refs':>5} {'cites':>5} {'undef':>5} {'lost':>5}"
    print(header)
    for path in files:
        rel = path.relative_to(args.dir).as_posix()
        lang = "en" if rel.startswith("en/") else "ja"
        row = measure(path, lang, plain, ours)
        for key, value in row.items():
            if isinstance(value, int):
                totals[key] += value
        missed = row["loose"] > row["exercises"]
        bad = missed or row["lost"] > 0
        problems += bad
        if args.verbose or bad or row["exercises"] or row["case_studies"] or row["undefined"]:
            flag = "  <- " + ("missed exercises " if missed else "") + (f"lost {row['lost_sample']!r}" if row["lost"] else "") if bad else ""
            print(f"{rel[:60]:60} {row['loose']:5} {row['exercises']:5} {row['no_answer']:5} {row['case_studies']:5} {row['glance']:5} "
                  f"{row['references']:5} {row['citations']:5} {row['undefined']:5} {row['lost']:5}{flag}")
    print("-" * len(header))
    print(f"{f'{len(files)} files':60} {totals['loose']:5} {totals['exercises']:5} {totals['no_answer']:5} {totals['case_studies']:5} "
          f"{totals['glance']:5} {totals['references']:5} {totals['citations']:5} {totals['undefined']:5} {totals['lost']:5}")
    print(f"files with missed exercises or lost text: {problems}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
