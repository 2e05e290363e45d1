"""Whether a date written in front matter is a real ISO date.

YAML checks only an unquoted date (``2026-02-30`` fails to construct); a
quoted one is a string, and ``"2026-02-30"``, ``"2026/02/03"`` or
``"yesterday"`` would be published as they are in ``<time datetime>``,
JSON-LD and ``article:modified_time``.  So every date key's text passes here.
"""

from __future__ import annotations

import datetime as _dt
import re

DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?", re.ASCII)
# 2026/02/03, 2026.2.3, 2026-2-3, 2026年2月3日, 20260203: a date in another common spelling
LOOSE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})", re.ASCII)


def date_problem(text: str) -> str | None:
    """Why ``text`` is no ISO date or datetime (None: it is one)."""
    value = text.strip()
    try:
        if DATE.fullmatch(value):
            _dt.date.fromisoformat(value)
            return None
        if DATETIME.fullmatch(value):
            _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return None
    except ValueError as exc:
        return f"{value!r} is not a real date ({exc}); {how_to_fix(exc)}"
    return f"{value!r} is not a date: write it as YYYY-MM-DD (such as 2026-02-03)" + _did_you_mean(value)


def how_to_fix(exc: Exception) -> str:
    """What to change in a date Python refused, by what it refused: a month of 13 has no day to fix."""
    why = str(exc)
    if "month must be" in why:
        return "write it as YYYY-MM-DD with a month from 01 to 12"
    if "day is out of range" in why:
        return "write it as YYYY-MM-DD with a day the month has"
    return "write it as YYYY-MM-DD (such as 2026-02-03)"


def _did_you_mean(value: str) -> str:
    if found := LOOSE.fullmatch(value):
        year, month, day = (int(part) for part in found.groups() if part is not None)
        try:
            return f"; did you mean {_dt.date(year, month, day).isoformat()}?"
        except ValueError:
            return ""
    return ""
