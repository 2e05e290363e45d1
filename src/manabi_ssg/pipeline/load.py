"""Load stage: find the content files, decode them, split off front matter.

Anything odd about a file (encoding, NUL bytes, unreadable, a symlink loop)
becomes a diagnostic here; the file is still loaded when any of its text can
be, so the author sees the page and the message together.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from manabi_ssg.pipeline import frontmatter
from manabi_ssg.guards.boundary import Boundary, read_regular, walk
from manabi_ssg.guards.characters import FORBIDDEN, describe, strip_forbidden
from manabi_ssg.site.config import Config
from manabi_ssg.diagnostics import ERROR, INFO, WARNING, Diagnostic
from manabi_ssg.guards.limits import cut_chapter
from manabi_ssg.model import CHAPTER, HOME, SECTION, Source
from manabi_ssg.site.urls import MARKDOWN_SUFFIXES, output_url
from manabi_ssg.guards.language_codes import LANGUAGE_ALIASES, is_language_folder
from manabi_ssg.guards.names import canonical_language, is_language

UNREADABLE = "unreadable"  # the digest of a file that could not be read: no SHA-256 looks like it


@dataclass
class ContentTree:
    markdown: list[str] = field(default_factory=list)  # posix paths relative to content
    assets: list[str] = field(default_factory=list)  # posix paths relative to content
    diagnostics: list[Diagnostic] = field(default_factory=list)


def natural_key(name: str) -> tuple[int | str, ...]:
    """``chapter-2`` sorts before ``chapter-10``."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name))


def language_of(path: str, meta: dict[str, Any], default: str, languages: tuple[str, ...] = ()) -> str:
    lang = meta.get("lang")
    if isinstance(lang, str) and is_language(lang.strip()):  # front matter already reported any other value
        tag = canonical_language(lang.strip())
        return LANGUAGE_ALIASES.get(tag, tag)
    top = path.split("/", 1)[0] if "/" in path else ""
    if top and is_language_folder(top, languages) and is_language(top):
        return LANGUAGE_ALIASES.get(top, canonical_language(top))
    return default


def decode(data: bytes, path: str, diagnostics: list[Diagnostic]) -> str:
    """UTF-8 (with or without BOM), LF line endings; bad bytes become U+FFFD and an error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        guess = "UTF-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "not UTF-8"
        diagnostics.append(
            Diagnostic(path, line, col, ERROR, "encoding", f"file is {guess}: byte 0x{data[exc.start]:02x} is not valid UTF-8 (save the file as UTF-8)")
        )
        text = data.decode("utf-8", errors="replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        diagnostics.append(Diagnostic(path, line, 1, WARNING, "nul-byte", "file contains NUL bytes; they were replaced"))
        text = text.replace("\x00", "\ufffd")
    found = FORBIDDEN.search(text)
    if found is not None:
        preceding = text[: found.start()]
        line, col = preceding.count("\n") + 1, found.start() - (preceding.rfind("\n") + 1) + 1
        diagnostics.append(Diagnostic(path, line, col, WARNING, "control-character",
                                      f"{describe(found.group())} cannot appear in a page or a feed; every one in the file was removed"))
        text = strip_forbidden(text)
    return text


def load_source(root: Path, path: str, config: Config) -> Source:
    """Read one Markdown file into a :class:`Source` (never raises for content problems)."""
    diagnostics: list[Diagnostic] = []
    try:
        data = read_regular(root / path)
        digest = hashlib.sha256(data).hexdigest()  # of the bytes parsed: the parse cache's key
    except OSError as exc:
        data, digest = b"", UNREADABLE
        diagnostics.append(Diagnostic(path, 0, 0, ERROR, "unreadable", f"cannot read file: {exc.strerror or exc}"))
    data, too_large = cut_chapter(data, path)
    diagnostics.extend(too_large)
    text = decode(data, path, diagnostics)
    front = frontmatter.parse(text, path, config.extra_keys)
    diagnostics.extend(front.diagnostics)
    name = path.rsplit("/", 1)[-1]
    kind = SECTION if name.lower() in ("index.md", "index.markdown") else CHAPTER
    if kind == SECTION and "/" not in path:
        kind = HOME
    return Source(
        path=path,
        url=output_url(path),
        kind=kind,
        lang=language_of(path, front.data, config.default_language, config.languages),
        meta=front.data,
        body=front.body,
        body_line=front.body_line,
        digest=digest,
        diagnostics=diagnostics,
        places=front.places,
    )


def content_boundary(config: Config) -> Boundary:
    """The content folder, and the folders outside it that the config lets links lead to."""
    return Boundary.of(config.content_path, config.root, config.allow_links_to)


def scan(config: Config) -> ContentTree:
    """List the content tree: Markdown files become sources to load, the rest assets."""
    tree = ContentTree()
    root = config.content_path
    if not root.is_dir():
        tree.diagnostics.append(Diagnostic(str(root), 0, 0, ERROR, "no-content", "content folder does not exist"))
        return tree
    claimed: dict[str, str] = {}
    for path in walk(root, content_boundary(config), tree.diagnostics):
        is_markdown = path.lower().endswith(MARKDOWN_SUFFIXES)
        url = output_url(path) if is_markdown else path
        key = url.lower()  # case-insensitive file systems would merge these
        if key in claimed:
            tree.diagnostics.append(
                Diagnostic(path, 0, 0, ERROR, "output-collision", f"would be written to {url}, which {claimed[key]} already produces; skipped")
            )
            continue
        claimed[key] = path
        if is_markdown:
            tree.markdown.append(path)  # loaded later, maybe in a worker
        else:
            tree.assets.append(path)
            if _looks_like_text_markup(path):
                tree.diagnostics.append(Diagnostic(path, 0, 0, INFO, "asset-copied", "not Markdown: copied as a file, not built as a page"))
    return tree


def _looks_like_text_markup(path: str) -> bool:
    return path.lower().endswith((".txt", ".rst", ".adoc"))
