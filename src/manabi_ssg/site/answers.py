"""Editions: whether a page publishes its answers, and the day the build counts from.

A course builds one source into two editions: with answers (the default) and
without (``manabi build --answers withheld``, or ``answers = "withheld"`` in
``manabi.toml``).  A chapter, or a series in its ``index.md``, may also set
``answers_from: 2026-12-20``: its answers are withheld before that day and
published from it.  The day is the build's own (``--date``, else
``SOURCE_DATE_EPOCH``, else today in UTC), never the clock of the moment, so
two builds of one day give the same site.

One parse serves every edition.  A Markdown plugin that renders an answer
(an exercise's ``<details class="answer">``, a quiz's solution) wraps its HTML
with :func:`region`, giving what the page shows when answers are published
and, optionally, what it shows while they are withheld (by default the notice
that the answer comes later).  After rendering, :func:`split` takes the marks
out and keeps the regions' places with the page; the render step asks
:func:`page_answers` and publishes the body as parsed or with each region
replaced (:func:`withhold`).  The body in the cache never holds a mark.  A
template asks the same through the ``answers`` variable (``answers.withheld``,
``answers.until``), and code that renders a page's body elsewhere (a print
page of a series) asks :func:`page_answers` and calls :func:`withhold`.

The marks are control characters no page can hold: loading removes every
character XML forbids from the text (``pipeline/load.py``), and markdown-it
turns an entity such as ``&#2;`` into U+FFFD, so content cannot forge or end
a region.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping
from typing import Any
from dataclasses import dataclass

from manabi_ssg.model import Page, SiteIndex

SHOWN, WITHHELD = "shown", "withheld"
MODES = (SHOWN, WITHHELD)
FROM_KEY = "answers_from"


@dataclass(frozen=True)
class AnswerState:
    """What one page does with its answers: ``withheld`` or not, and ``until`` when ("" : no date set)."""

    withheld: bool = False
    until: str = ""  # ISO date the answers are published on, when one is set and still ahead

    @property
    def key(self) -> str:
        """What a render key needs of it: equal states render a page the same."""
        return f"{WITHHELD}:{self.until}" if self.withheld else SHOWN


PUBLISHED = AnswerState()


def build_date(given: str = "", environ: Mapping[str, str] | None = None) -> str:
    """The build's day as ISO text: ``given`` (``--date``), else ``SOURCE_DATE_EPOCH``'s day in UTC, else today in UTC.

    Raises ValueError for a ``given`` day or an epoch that is none.
    """
    if given:
        return _dt.date.fromisoformat(given.strip()).isoformat()
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds") from None
        return _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc).date().isoformat()
    return _dt.datetime.now(_dt.timezone.utc).date().isoformat()


def iso_day(value: object) -> str:
    """An ``answers_from`` value as ``YYYY-MM-DD``; "" for none, or one the front matter check already reported."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) >= 10:
                return _dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            return ""
    return ""


def answer_state(own: object, inherited: tuple[object, ...], mode: str, today: str) -> AnswerState:
    """The state of a page whose front matter says ``own`` and whose series (nearest first) say ``inherited``.

    The page's own ``answers_from`` wins over its series'.  ``mode`` withheld
    withholds every answer, with the date when one is still ahead; otherwise a
    date still ahead withholds until it, and from that day on they are published.
    """
    day = iso_day(own)
    for value in inherited:
        if day:
            break
        day = iso_day(value)
    ahead = day if day and today < day else ""
    if mode == WITHHELD:
        return AnswerState(True, ahead)
    return AnswerState(True, ahead) if ahead else PUBLISHED


def page_answers(page: Page, index: SiteIndex, mode: str, today: str) -> AnswerState:
    """:func:`answer_state` of a page: its own ``answers_from``, else that of the nearest series above it that sets one."""
    inherited = []
    folder = page.folder
    while True:
        section = index.sections.get(folder)
        if section is not None and section.landing is not None and section.landing.url != page.url:
            inherited.append(section.landing.answers_from)
        if not folder:
            break
        folder = folder.rpartition("/")[0]
    return answer_state(page.meta.get(FROM_KEY), tuple(inherited), mode, today)


def withheld_summary(withheld: list[tuple[str, int]]) -> str:
    """``withheld 7 answers: 4 until 2026-12-20, 3 with no day set``: what the build says of its edition."""
    total = sum(n for _, n in withheld)
    parts = [f"{n} until {day}" if day else f"{n} with no day set" for day, n in withheld]
    return f"withheld {total} answer{'' if total == 1 else 's'}: " + ", ".join(parts)


# -- answers as regions of a body --------------------------------------------------
OPEN, KIND_END, ALT, CLOSE, NOTICE = "\x02", "\x06", "\x03", "\x04", "\x05"
MARKS_RE = re.compile("[\x02\x03\x04\x05\x06]")
# what a region counts as in the build's summary ("withheld 12 answers")
COUNTED = frozenset({"answer"})


def region(shown: str, withheld: str = NOTICE, kind: str = "answer") -> str:
    """``shown`` marked as a region; ``withheld`` replaces it in an edition without answers.

    ``withheld`` may hold :data:`NOTICE`, where the notice that the answer
    comes later (with its date, in the page's language) is put at render time.
    ``kind`` ``"answer"`` counts in the build's summary; any other kind (a
    control that only answers need) is withheld without being counted.
    """
    return f"{OPEN}{kind}{KIND_END}{shown}{ALT}{withheld}{CLOSE}"


def opening(kind: str = "answer") -> str:
    """The start of a region whose HTML is rendered token by token (see :func:`region`)."""
    return f"{OPEN}{kind}{KIND_END}"


def closing(withheld: str = NOTICE) -> str:
    """The end of a region opened with :func:`opening`."""
    return f"{ALT}{withheld}{CLOSE}"


def split(html: str) -> tuple[str, list[list[Any]]]:
    """(the body without marks, its outermost regions as ``[kind, start, end, withheld parts]``).

    ``start``/``end`` index the returned body; the withheld HTML is given as
    the parts between notices.  A region nested in another's shown HTML keeps
    its shown HTML (the outer one is withheld whole).  A stray mark (a
    plugin's mistake; content cannot hold one) is dropped; a region a plugin
    opened and never closed records nothing.
    """
    if OPEN not in html:
        return MARKS_RE.sub("", html), []
    out: list[str] = []
    length = 0
    regions: list[list[Any]] = []
    stack: list[dict[str, Any]] = []  # open regions: kind, where their shown HTML started, in the alternative?
    position = 0
    for match in MARKS_RE.finditer(html):
        text = html[position:match.start()]
        position = match.end()
        mark = match.group()
        current = stack[-1] if stack else None
        if current is not None and current["state"] == "kind":
            current["kind"] += text
        elif current is not None and current["state"] == "alt":
            current["alt"].append(text)
        elif text:
            out.append(text)
            length += len(text)
        if mark == OPEN:
            stack.append({"kind": "", "start": length, "state": "kind", "alt": []})
        elif mark == KIND_END and current is not None and current["state"] == "kind":
            current["state"] = "shown"
        elif mark == ALT and current is not None and current["state"] == "shown":
            current["state"] = "alt"
        elif mark == NOTICE and current is not None and current["state"] == "alt":
            current["alt"].append(NOTICE)
        elif mark == CLOSE and current is not None and current["state"] == "alt":
            stack.pop()
            if not stack:
                regions.append([current["kind"], current["start"], length, _parts(current["alt"])])
    tail = html[position:]
    out.append(tail)
    return "".join(out), regions


def _parts(pieces: list[str]) -> list[str]:
    """``["<p>", NOTICE, "</p>"]`` -> ``["<p>", "</p>"]``: the HTML between notices."""
    parts = [""]
    for piece in pieces:
        if piece == NOTICE:
            parts.append("")
        else:
            parts[-1] += piece
    return parts


def withhold(body: str, regions: list[list[Any]], notice: str) -> str:
    """``body`` with every region replaced by its withheld HTML, ``notice`` where it says."""
    out, position = [], 0
    for _kind, start, end, parts in regions:
        out.append(body[position:start])
        out.append(notice.join(parts))
        position = end
    out.append(body[position:])
    return "".join(out)


def counted(regions: list[list[Any]]) -> int:
    """How many of the regions are answers (the number the build reports)."""
    return sum(kind in COUNTED for kind, *_ in regions)


ID_RE = re.compile(r"""\bid=["']([^"']+)["']""")


def regions_ids(body: str, regions: list[list[Any]]) -> set[str]:
    """The ids inside the regions (headings of an answer): withheld, they leave the page's contents too."""
    return {found for _kind, start, end, _parts in regions for found in ID_RE.findall(body, start, end)}
