"""Diagnostics: the one way a content problem reaches an author.

Every stage reports problems as :class:`Diagnostic` values instead of raising,
so one broken chapter never stops the rest of the site from building.  The
printed form is the one editors and CI understand: ``path:line:col: level: message``.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass, asdict
from typing import Any

ERROR = "error"
WARNING = "warning"
INFO = "info"
LEVELS = (ERROR, WARNING, INFO)

# Every code a diagnostic can carry: what ``silence`` in the config may name.
# A test keeps this equal to the codes the source uses.
CODES = frozenset({
    "asset-copied", "cache-tracked", "catalogue-invalid", "catalogue-missing", "catalogue-value", "base-url-missing", "broken-anchor", "broken-link", "broken-symlink", "citation-no-references", "citation-undefined",
    "code-fence-unclosed", "config-character", "config-invalid", "control-character", "config-type", "config-unknown-key", "config-unknown-code",
    "details-no-summary", "details-stray-close", "details-unclosed", "directive-unclosed", "draft-skipped",
    "duplicate-id", "emphasis-formula", "template-block-unknown", "encoding", "exercise-difficulty-unknown", "exercise-no-answer", "quiz-no-correct", "quiz-no-number", "file-name", "frontmatter-date",
    "frontmatter-character", "frontmatter-duplicate-key", "frontmatter-not-mapping", "frontmatter-sexagesimal", "frontmatter-too-large", "frontmatter-type",
    "frontmatter-unknown-key", "frontmatter-unterminated", "frontmatter-value", "frontmatter-yaml",
    "html-comment-unclosed", "link-outside-site", "link-to-draft", "math-failed", "missing-file", "no-content", "nul-byte",
    "output-collision", "output-recovered", "prerequisite-unresolved", "reference-not-recognised", "reference-uncited", "safe-mode-ignored", "search-failed", "search-unavailable", "special-file",
    "symlink-loop", "symlink-outside", "template-error", "too-deep", "translation-not-found", "translation-same-language", "unreadable",
    # mistakes a new author makes (issue 26)
    "chapter-empty", "image-no-alt", "link-not-parsed", "mermaid-syntax", "mermaid-unchecked", "placeholder-left", "series-order-duplicate",
    # sizes past which one file would cost the whole build (limits.py, citations' tooltips)
    "chapter-too-large", "citation-tips-budget", "frontmatter-too-long", "config-too-long",
    # a series' map and chapters' old addresses (issue 28)
    "prerequisite-cycle", "alias-invalid",
})


def silenced(diagnostic: "Diagnostic", silence: tuple[str, ...]) -> bool:
    """Whether the config's ``silence`` drops this diagnostic; an error is never dropped."""
    return diagnostic.code in silence and diagnostic.level != ERROR


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int  # 1-based; 0 when the problem has no line (a whole file)
    col: int  # 1-based; 0 when unknown
    level: str
    code: str  # stable identifier, e.g. "math-failed", used to silence a kind
    message: str

    @property
    def place(self) -> tuple[int, int]:
        """(line, col) as printed: a problem of a whole file is shown at 1:1, since editors'
        problem matchers and CI annotations drop a diagnostic that has no line."""
        return max(self.line, 1), max(self.col, 1)

    def format(self) -> str:
        line, col = self.place
        return f"{self.path}:{line}:{col}: {self.level}: {self.message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        line, col = self.place
        return {**asdict(self), "line": line, "col": col}


class TemplateProblem(Exception):
    """A mistake in a template (a site's override, usually): the author's to fix, at ``path:line``.

    Raised instead of Jinja's own error so the command can print it as a
    located error (exit 1) rather than as a bug in manabi; it pickles, so a
    worker process can hand it to the parent.
    """

    def __init__(self, path: str, line: int, message: str):
        super().__init__(path, line, message)
        self.path, self.line, self.message = path, line, message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: error: {self.message} [template-error]"


def report(
    env: MutableMapping[str, Any],
    level: str,
    code: str,
    message: str,
    line: int | None = None,
    col: int | None = None,
) -> None:
    """Record a diagnostic from inside a markdown-it rule.

    ``line`` is the 0-based line within the Markdown body (a token's ``map[0]``);
    the parse stage sets ``env["line_offset"]`` to the number of lines that
    precede the body (front matter), so the reported line matches the file.
    Without ``col``, the column is where the line's text starts, past its
    indentation and quote markers (a block's own first character), when the
    parse stage gave the body as ``env["source"]``.
    """
    file_line, file_col = 0, 0
    if line is not None:
        file_line = line + 1 + env.get("line_offset", 0)
        if col is None:
            col = _text_column(env.get("source", ""), line, env)
        file_col = col if file_line else 0
    env.setdefault("diagnostics", []).append(
        Diagnostic(env.get("path", "<memory>"), file_line, file_col, level, code, message)
    )


def _text_column(source: str, line: int, env: MutableMapping[str, Any] | None = None) -> int:
    """1-based column of the first character of body line ``line`` that is not indentation or ``>``.

    Where each line starts is found once per page and kept in ``env``: walking
    from the top at each diagnostic made a page of thousands of them quadratic.
    """
    starts = _line_starts(source, env)
    if line >= len(starts):
        return 1
    start = starts[line]
    end = starts[line + 1] - 1 if line + 1 < len(starts) else len(source)
    text = source[start:end]
    return len(text) - len(text.lstrip(" \t>")) + 1 if text.strip(" \t>") else 1


def _line_starts(source: str, env: MutableMapping[str, Any] | None) -> list[int]:
    known = env.get("_line_starts") if env is not None else None
    if known is not None and known[0] is source:
        kept: list[int] = known[1]
        return kept
    starts = [0] + [match.end() for match in _NEWLINE.finditer(source)]
    if env is not None:
        env["_line_starts"] = (source, starts)
    return starts


_NEWLINE = re.compile("\n")


def counts(diagnostics: list[Diagnostic]) -> dict[str, int]:
    result = {level: 0 for level in LEVELS}
    for d in diagnostics:
        result[d.level] += 1
    return result


def plural(n: int, word: str) -> str:
    """``1 error``, ``2 errors``: summary lines read as sentences."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
