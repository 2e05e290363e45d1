"""A TOML mistake in words a beginner can act on, at the place it was made.

``tomllib`` says ``Illegal character '\\n' (at line 5, column 15)`` for an
unclosed string: true to its parser, but it names the end of the line, not
the quote that was never closed, and says nothing of the fix.  The common
mistakes (an unclosed string, a missing ``=``, a key set twice, a value that
is not one TOML knows, a list never closed) are told apart here from the
error and the text, and explained; anything else keeps tomllib's words
without its "(at line …)", at the line and column it gives.
"""

from __future__ import annotations

import re

_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
_KEY = re.compile(r"""^[ \t]*((?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+)(?:[ \t]*\.[ \t]*(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+))*)[ \t]*=""")
_TABLE = re.compile(r"^[ \t]*\[\[?[ \t]*([^\]\n]+?)[ \t]*\]")
_BOOLEAN_LIKE = {"True": "true", "False": "false", "TRUE": "true", "FALSE": "false", "yes": "true", "no": "false",
                 "on": "true", "off": "false", "Yes": "true", "No": "false"}


def explain(text: str, error: str) -> tuple[int, int, str]:
    """(1-based line, 1-based column, message) for a tomllib error ``error`` on ``text``; line 0 when unknown."""
    words = _AT.sub("", error)
    at = _AT.search(error)
    lines = text.split("\n")
    if at and at.group(1):
        line, col = int(at.group(1)), int(at.group(2))
    elif at:  # "at end of document"
        line, col = len(lines), len(lines[-1]) + 1
    else:
        line, col = 0, 0
    if unclosed := _unclosed_string(lines):
        quote_line, quote_col, quote = unclosed
        if not line or quote_line <= line:
            if len(quote) == 3:
                return quote_line, quote_col, f"this multi-line string is not closed: add the closing {quote} after its last line"
            return quote_line, quote_col, f"this string is not closed: add a closing {quote} before the end of the line"
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if words.startswith("Expected '=' after a key"):
        key = here.strip().split()[0] if here.strip() else ""
        if " " in here.strip() and "=" in here:
            return line, _first_column(here), ("a key cannot hold a space: write it with _ (my_key = …) or in quotes "
                                               "(\"my key\" = …)")
        return line, col, (f"expected = after the key {key!r}: a setting is written key = value, "
                           f"such as title = \"My course\"")
    if words.startswith(("Cannot overwrite a value", "Cannot declare")):
        return _twice(lines, line, col)
    if words.startswith("Invalid value"):
        value = here[col - 1:].split("#", 1)[0].strip() if col else ""
        if value in _BOOLEAN_LIKE:
            return line, col, f"{value!r} is not a TOML value: write {_BOOLEAN_LIKE[value]} (true or false, in lowercase)"
        return line, col, (f"{value!r} is not a TOML value: text goes in quotes (\"{value}\"), "
                           "true and false are lowercase, numbers are digits, lists are [\"a\", \"b\"]")
    if words.startswith("Unclosed array"):
        return line, col, "this list is not closed, or two of its items have no comma between them: write [\"a\", \"b\"]"
    if words.startswith("Expected newline or end of document after a statement"):
        return line, col, "only one setting goes on a line: after its value comes the end of the line (or a # comment)"
    if words.startswith("Expected ']' at the end of a table declaration"):
        return line, col, "this [table] heading is not closed: add ] at the end of its name"
    return line, col, f"not valid TOML: {words}"


def _unclosed_string(lines: list[str]) -> tuple[int, int, str] | None:
    """(line, column, quote) of the first string opened and never closed, reading strings and comments as TOML does."""
    multi: tuple[int, int, str] | None = None  # an open \"\"\" or ''' string
    for number, line in enumerate(lines, start=1):
        at = 0
        if multi:
            end = line.find(multi[2])
            if end < 0:
                continue
            at, multi = end + 3, None
        while at < len(line):
            ch = line[at]
            if ch == "#":
                break
            if ch in "\"'":
                if line.startswith(ch * 3, at):
                    end = line.find(ch * 3, at + 3)
                    if end < 0:
                        multi = (number, at + 1, ch * 3)
                        break
                    at = end + 3
                    continue
                end = _string_end(line, at, ch)
                if end < 0:
                    return number, at + 1, ch
                at = end + 1
                continue
            at += 1
    return multi


def _string_end(line: str, start: int, quote: str) -> int:
    """Index of the quote closing the string opened at ``start`` (a basic string skips \\-escapes); -1 if none."""
    at = start + 1
    while at < len(line):
        if quote == '"' and line[at] == "\\":
            at += 2
            continue
        if line[at] == quote:
            return at
        at += 1
    return -1


def _twice(lines: list[str], line: int, col: int) -> tuple[int, int, str]:
    """A key or [table] set a second time: at the second, naming the line of the first."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    pattern = _TABLE if _TABLE.match(here) and not _KEY.match(here) else _KEY
    found = pattern.match(here)
    if not found:
        return line, col, "this key is set twice: keep one of the two"
    name = re.sub(r"[ \t]*\.[ \t]*", ".", found.group(1))
    first = next((n for n, other in enumerate(lines[: line - 1], start=1)
                  if (m := pattern.match(other)) and re.sub(r"[ \t]*\.[ \t]*", ".", m.group(1)) == name), None)
    what = f"[{name}]" if pattern is _TABLE else repr(name)
    before = f" (first on line {first})" if first else ""
    return line, found.start(1) + 1, f"{what} is set twice{before}: keep one of the two"


def _first_column(line: str) -> int:
    return len(line) - len(line.lstrip()) + 1
