"""``--safe``: build a pull request from a fork with no code of the fork running.

As Jekyll's safe mode on GitHub Pages.  A site's templates are Jinja with
full Python access (a ``templates/chapter.html`` can call ``os.popen``), its
``messages/`` put the site's own text on every page, ``allow_links_to`` opens folders outside the
content to the build, and ``manabi.toml``'s folder settings may point anywhere.
Content alone cannot run code, so under ``--safe`` only the content and
``manabi.toml``'s plain data are the fork's; everything else is manabi's own:

- the site's ``templates/`` and ``messages/`` are not read: the theme's are used;
- ``allow_links_to`` is dropped: a link out of a folder is never followed;
- ``output_dir`` and ``cache_dir`` from ``manabi.toml`` are dropped (the
  defaults, or ``--output``, are used), and no build cache is read or written:
  a pull request can commit files into ``.manabi-cache/`` as easily as content;
- a ``manabi.toml`` that is a symbolic link out of the site folder is not read;
- ``content_dir`` and ``static_dir`` are kept only when they lead to a folder
  inside the site folder, symbolic links resolved; otherwise the default is used;
- a content, output or cache folder that still leads outside the site folder
  (a ``content`` that is a symbolic link to ``/``) refuses the build.

Every setting or file left out is reported at its place with the code
``safe-mode-ignored``, so a reviewer knows the preview is not what the default
branch publishes.  Paths given on the command line are the workflow's, not the
fork's, and are taken as they are.
"""

from __future__ import annotations

import os
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from manabi_ssg.guards.boundary import Boundary, inside_folder, walk
from manabi_ssg.site.config import Config, toml_place
from manabi_ssg.diagnostics import WARNING, Diagnostic, silenced
from manabi_ssg.site.theme import builtin_dir

IGNORED = "safe-mode-ignored"
DEFAULTS = {f.name: f.default for f in fields(Config)}


class UnsafeFolder(Exception):
    """Under ``--safe``, a folder the build would read or write leads outside the site folder."""


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def safe_config_file(root: Path, config_file: Path | None) -> tuple[Path | None, list[Diagnostic]]:
    """The site's ``manabi.toml``, or None with a warning when it is a link out of the site folder.

    Only for the file found in the site folder: a ``--config FILE`` is the workflow's.
    """
    if config_file is None or inside_folder(config_file, root):
        return config_file, []
    return None, [Diagnostic(_shown(config_file), 1, 1, WARNING, IGNORED, f"links to {os.path.realpath(config_file)}, "
                             "outside the site folder: not read under --safe; the default settings are used")]


def make_safe(config: Config, from_command_line: frozenset[str] = frozenset()) -> tuple[Config, list[Diagnostic]]:
    """``config`` with everything ``--safe`` refuses taken out, and a located warning for each.

    ``from_command_line`` names the folder settings (``content_dir``,
    ``output_dir``) the command line sets: those are not the fork's.
    """
    diagnostics: list[Diagnostic] = []
    text = _config_text(config)
    shown_config = _shown(config.config_file) if config.config_file else "manabi.toml"

    def at_key(key: str, message: str) -> None:
        line, col = toml_place(text, key) if text else (0, 0)
        diagnostics.append(Diagnostic(shown_config, line, col, WARNING, IGNORED, message))

    changes: dict[str, Any] = {"safe": True}
    if config.allow_links_to:
        at_key("allow_links_to", "allow_links_to is not used under --safe: a symbolic link out of its folder is not followed")
        changes["allow_links_to"] = ()
    for key in ("output_dir", "cache_dir"):
        value = getattr(config, key)
        if key not in from_command_line and value != DEFAULTS[key]:
            at_key(key, f"{key} = {value!r} is not used under --safe; {DEFAULTS[key]!r} is used")
            changes[key] = DEFAULTS[key]
    for key in ("content_dir", "static_dir"):
        value = getattr(config, key)
        if key not in from_command_line and value != DEFAULTS[key] and not inside_folder(config.root / value, config.root):
            at_key(key, f"{key} = {value!r} leads outside the site folder: not used under --safe; {DEFAULTS[key]!r} is used")
            changes[key] = DEFAULTS[key]
    if config.templates_dir != DEFAULTS["templates_dir"]:
        at_key("templates_dir", f"templates_dir = {config.templates_dir!r} is not used under --safe: the theme's templates are")
    safe = replace(config, **changes)

    for key, name in (("content_dir", "content"), ("output_dir", "output"), ("cache_dir", "cache")):
        folder = safe.root / getattr(safe, key)
        if key not in from_command_line and not inside_folder(folder, safe.root):
            raise UnsafeFolder(f"under --safe the {name} folder must lie inside the site folder, but "
                               f"{_shown(folder)} leads to {os.path.realpath(folder)}")
    static = safe.root / safe.static_dir
    if static.is_dir() and not inside_folder(static, safe.root) and not _is_theme(static, "static"):
        diagnostics.append(Diagnostic(_shown(static), 1, 1, WARNING, IGNORED, f"static folder leads to {os.path.realpath(static)}, "
                                      "outside the site folder: not used under --safe; the theme's static files are"))
    diagnostics += _files_left_out(safe.root / config.templates_dir, safe.root, "site template not used under --safe "
                                   "(a template can run code): the theme's templates are used")
    diagnostics += _files_left_out(safe.root / "messages", safe.root, "site messages not used under --safe: the theme's text is used")
    return safe, [d for d in diagnostics if not silenced(d, config.silence)]


def _files_left_out(folder: Path, root: Path, message: str) -> list[Diagnostic]:
    """One warning at each file of a site folder ``--safe`` does not read (none when it lies outside the site)."""
    if not folder.is_dir() or not inside_folder(folder, root) or _is_theme(folder, "templates"):
        return []  # manabi's own checkout builds its site with its theme: nothing is left out
    files = walk(folder, Boundary.of(folder, root), [], hidden=(".",))
    return [Diagnostic(_shown(folder / rel), 1, 1, WARNING, IGNORED, message) for rel in files]


def _is_theme(folder: Path, kind: str) -> bool:
    return os.path.realpath(folder) == os.path.realpath(builtin_dir(kind))


def _config_text(config: Config) -> str:
    if config.config_file is None:
        return ""
    try:
        return config.config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
