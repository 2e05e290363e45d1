"""A site's message catalogues (``messages/<lang>.toml``), checked as content: each problem at its line.

A catalogue text is filled with ``str.format``-style placeholders (``{site}``,
``{n}``).  A text that does not parse (``"{site"``), names a placeholder the
page never gives (``"{nope}"``), or asks for an attribute or a format spec
(``"{n.__class__}"``, ``"{n:>999999999}"``) used to stop the build as a bug in
manabi.  Now such a text is an error at its line and the theme's text is used
instead; a file that is not TOML is an error at the place TOML stopped.
:func:`fill` is the one way a catalogue text is filled, and never raises.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from manabi_ssg.guards import toml_errors, toml_reading
from manabi_ssg.guards.boundary import Boundary, read_regular
from manabi_ssg.diagnostics import ERROR, WARNING, Diagnostic

_FORMATTER = string.Formatter()


def placeholders(text: str) -> list[tuple[str, str, str | None]]:
    """(name, format spec, conversion) of each ``{...}`` in ``text``; ValueError when the braces do not parse."""
    return [(name, spec or "", conversion) for _, name, spec, conversion in _FORMATTER.parse(text) if name is not None]


def fill(text: str, values: Mapping[str, object]) -> str:
    """``text`` with each ``{name}`` given in ``values`` filled in; anything else is left as written, never an error."""
    if not values:
        return text
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError:
        return text
    out = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        if name in values and not spec and conversion is None:
            out.append(str(values[name]))
        else:
            out.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return "".join(out)


def allowed_names(key: str, reference: dict[str, str]) -> set[str] | None:
    """The placeholders the theme's English text of ``key`` uses (all its plural forms'); None for a key the theme lacks."""
    base = key.split(".", 1)[0]
    texts = [text for name, text in reference.items() if name == key or name.split(".", 1)[0] == base]
    if not texts:
        return None
    return {name for text in texts for name, _, _ in placeholders(text)}


def value_problem(key: str, value: object, reference: dict[str, str]) -> str | None:
    """Why a site catalogue's ``value`` for ``key`` cannot be used, or None."""
    allowed = allowed_names(key, reference)
    instead = "it is left out" if allowed is None else "the theme's text is used"
    if not isinstance(value, str):
        return f"{key!r} should be text in quotes, not {type(value).__name__}; {instead}"
    try:
        found = placeholders(value)
    except ValueError as exc:
        return f"{key!r}: {exc} (write a literal brace as {{{{ or }}}}); {instead}"
    for name, spec, conversion in found:
        if not name.isidentifier() or spec or conversion:
            return f"{key!r}: placeholders are plain names such as {{n}}, not {{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}; {instead}"
        if allowed is not None and allowed and name not in allowed:
            given = ", ".join("{" + n + "}" for n in sorted(allowed))
            return f"{key!r}: the page gives no {{{name}}} here (it gives {given}); {instead}"
    return None


def site_catalogue_diagnostics(folder: Path, reference: dict[str, str], builtin_languages: set[str]) -> list[Diagnostic]:
    """Every problem of the catalogues in a site's ``messages/`` folder, at its file and line."""

    found: list[Diagnostic] = []
    boundary = Boundary.of(folder, folder)
    for path in sorted(folder.glob("*.toml")):
        shown = str(path)
        if boundary.refusal(path) is not None:
            continue  # a link out, a FIFO: never read (the folder walk reports it)
        try:
            text = read_regular(path).decode("utf-8")
        except UnicodeDecodeError as exc:
            found.append(Diagnostic(shown, 0, 0, ERROR, "catalogue-invalid", f"not UTF-8 (byte 0x{exc.object[exc.start]:02x}); the theme's texts are used"))
            continue
        except OSError:
            continue  # reported by the folder walk (a link out, a special file)
        try:
            data = toml_reading.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line, col, why = toml_errors.explain(text, str(exc))  # the same plain words as manabi.toml's
            if not line:
                line, col = _error_place(str(exc), text)
            why = why if why.startswith("not valid TOML") else f"not valid TOML: {why}"
            found.append(Diagnostic(shown, line, col, ERROR, "catalogue-invalid",
                                    f"{why}; the file is ignored and the theme's texts are used"))
            continue
        lines = text.split("\n")
        flat = flatten(data)
        for key, value in flat.items():
            problem = value_problem(key, value, reference)
            if problem is not None:
                found.append(Diagnostic(shown, _key_line(lines, key), 1, ERROR, "catalogue-value", problem))
        if path.stem not in builtin_languages:
            missing = sorted({key.split(".", 1)[0] for key in reference} - {key.split(".", 1)[0] for key in flat})
            if missing:
                listed = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
                found.append(Diagnostic(shown, 0, 0, WARNING, "catalogue-missing",
                                        f"{len(missing)} text(s) missing, shown in English: {listed}"))
    return found


def _error_place(message: str, text: str) -> tuple[int, int]:
    match = re.search(r"at line (\d+), column (\d+)", message)
    if match:
        return int(match.group(1)), int(match.group(2))
    return max(1, text.count("\n")), 1  # "at end of document"


def _key_line(lines: list[str], key: str) -> int:
    """The 1-based line that sets ``key`` (``a.b`` dotted, under a ``[a]`` table, or ``a = {...}``); 1 when not found."""
    parts = key.split(".")

    def name(part: str) -> str:
        return rf"""(?:{re.escape(part)}|"{re.escape(part)}"|'{re.escape(part)}')"""

    dotted = re.compile(r"^\s*" + r"\s*\.\s*".join(name(p) for p in parts) + r"\s*=")
    for number, line in enumerate(lines, 1):
        if dotted.match(line):
            return number
    if len(parts) == 2:
        header = re.compile(r"^\s*\[\s*" + name(parts[0]) + r"\s*\]")
        inner = re.compile(r"^\s*" + name(parts[1]) + r"\s*=")
        start = next((n for n, line in enumerate(lines, 1) if header.match(line)), None)
        if start is not None:
            for number in range(start, len(lines)):
                if lines[number].lstrip().startswith("["):
                    break
                if inner.match(lines[number]):
                    return number + 1
            return start
        whole = re.compile(r"^\s*" + name(parts[0]) + r"\s*=")
        for number, line in enumerate(lines, 1):
            if whole.match(line):
                return number
    return 1


def flatten(data: dict[str, Any]) -> dict[str, object]:
    """``{"chapter_count": {"one": …, "other": …}}`` -> ``{"chapter_count.one": …, "chapter_count.other": …}``."""
    flat: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{form}": text for form, text in value.items() if not isinstance(text, dict)})
        else:
            flat[key] = value
    return flat
