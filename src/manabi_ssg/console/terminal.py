"""Text from content, paths and errors, made safe to print on a terminal or in a CI log.

A file name or a message can hold any character.  Printed raw, a line break
starts a line the author chose (``::error file=…::`` is a workflow command to
GitHub Actions), an escape sequence moves the cursor, recolours or retitles
the terminal, and a bidirectional override shows a path in another order than
it has.  :func:`printable` writes each such character as a visible escape
(``\\n``, ``\\x1b``, ``\\u202e``), as Python's ``repr`` does, so what is
printed is what is there.  ``--format json`` and ``--format github`` have
their own escaping; this is for text.
"""

from __future__ import annotations

import re
from typing import TextIO
import sys

# C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional
# embeddings, overrides and isolates (Trojan Source)
UNPRINTABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in NAMED:
        return NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` on one line, every control or direction character written as an escape."""
    return UNPRINTABLE_RE.sub(_escape, str(text))


def printable_path(path: str) -> str:
    """A path for the start of a line: :func:`printable`, and never starting with ``::`` or a space.

    A line that starts with ``::`` is a workflow command in a GitHub Actions
    log; ``./::error …`` names the same file and is not.
    """
    shown = printable(path)
    if shown[:1] in (":", " ") or shown[:1].isspace():
        return "./" + shown
    return shown


def say(text: str, file: TextIO | None = None, flush: bool = False) -> None:
    """Print one line of manabi's to ``file`` (stdout by default), every value in it made :func:`printable`."""
    print(printable(text), file=file if file is not None else sys.stdout, flush=flush)


JSON_UNSAFE_RE = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_printable(text: str) -> str:
    """JSON text with the characters ``json.dumps`` leaves raw (DEL, C1 controls, direction marks) as ``\\u`` escapes.

    They can only stand inside strings, where ``\\u009b`` is the same character
    to a JSON reader and no terminal control to a person reading the output.
    """
    return JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
