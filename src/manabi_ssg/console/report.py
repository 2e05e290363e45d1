"""How diagnostics reach a person: terminal lines, GitHub annotations.

:mod:`manabi_ssg.diagnostics` says what a problem is; this module prints it.
Both ``cli`` and ``serve`` print through here, so neither imports the other.
"""

from __future__ import annotations

import os
from typing import TextIO
import sys
from dataclasses import replace
from pathlib import Path

from manabi_ssg.diagnostics import ERROR, INFO, WARNING, Diagnostic
from manabi_ssg.console.terminal import printable, printable_path


def located(diagnostics: list[Diagnostic], content: Path) -> list[Diagnostic]:
    """Paths relative to the working folder, so editors and CI can open them."""
    cwd = Path.cwd()
    shown: dict[str, str] = {}  # once per file: a large site's warnings share a few thousand paths
    result = []
    for d in diagnostics:
        if d.path not in shown:
            full = content / d.path
            shown[d.path] = d.path
            # a file-name error shows the name with U+FFFD for its bad bytes: no such file, but its folder is there
            if full.exists() or (d.code == "file-name" and full.parent.is_dir()):
                try:
                    shown[d.path] = os.path.relpath(full, cwd)
                except ValueError:
                    shown[d.path] = str(full)
        result.append(d if shown[d.path] == d.path else replace(d, path=shown[d.path]))
    return result


def print_diagnostics(diagnostics: list[Diagnostic], quiet: bool, verbose: bool, stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    shown = {ERROR} if quiet else ({ERROR, WARNING, INFO} if verbose else {ERROR, WARNING})
    colour = stream.isatty() and not os.environ.get("NO_COLOR")
    paint = {ERROR: "\033[31m", WARNING: "\033[33m", INFO: "\033[36m"}
    for diagnostic in diagnostics:
        if diagnostic.level in shown:
            line = replace(diagnostic, path=printable_path(diagnostic.path), message=printable(diagnostic.message)).format()
            if colour:
                line = line.replace(f": {diagnostic.level}:", f": {paint[diagnostic.level]}{diagnostic.level}\033[0m:", 1)
            print(line, file=stream)


def github_annotation(d: Diagnostic) -> str:
    """One GitHub Actions workflow command; notices for info."""
    kind = {ERROR: "error", WARNING: "warning", INFO: "notice"}[d.level]
    line, col = d.place
    where = f"file={_escape_property(d.path)},line={line},col={col}"
    return f"::{kind} {where},title={d.code}::{_escape_data(d.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
