"""Site settings: one optional ``manabi.toml`` beside the content folder.

Every setting has a default, so a bare folder of Markdown builds.  TOML is read
with the standard library, so the config format costs no dependency.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from manabi_ssg.diagnostics import ERROR, Diagnostic

CONFIG_NAME = "manabi.toml"


@dataclass(frozen=True)
class Config:
    title: str = "manabi"
    description: str = ""
    default_language: str = "ja"
    base_url: str = ""  # e.g. "https://example.org/course/"; enables sitemap.xml
    content_dir: str = "content"
    output_dir: str = "_site"
    cache_dir: str = ".manabi-cache"
    # Newline-as-line-break, as Qiita/Zenn and the converters these chapters
    # were written for do.  False gives CommonMark soft breaks.
    hard_line_breaks: bool = True
    # Folders of the site that override the theme file by file.
    templates_dir: str = "templates"
    static_dir: str = "static"
    mermaid_url: str = "https://cdn.jsdelivr.net/npm/mermaid@11.4.1/dist/mermaid.esm.min.mjs"
    license: str = ""
    silence: tuple[str, ...] = ()  # diagnostic codes to drop
    # Folders (relative to this file) that symbolic links in content/, static/ or
    # templates/ may lead to; a link anywhere else is not followed (see boundary.py).
    allow_links_to: tuple[str, ...] = ()
    search: bool = True  # index the chapters with Pagefind after the build (see search.py)
    root: Path = field(default=Path("."), compare=False)

    @property
    def content_path(self) -> Path:
        return (self.root / self.content_dir).resolve()

    @property
    def output_path(self) -> Path:
        return (self.root / self.output_dir).resolve()

    @property
    def cache_path(self) -> Path:
        return (self.root / self.cache_dir).resolve()


_TYPES = {f.name: f.type for f in fields(Config)}


def load_config(root: Path) -> tuple[Config, list[Diagnostic]]:
    """Read ``root/manabi.toml`` if present; unknown or mistyped keys are reported, not fatal."""
    config = Config(root=root)
    path = root / CONFIG_NAME
    if not path.is_file():
        return config, []
    shown = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        line = _toml_error_line(exc)
        return config, [Diagnostic(shown, line, 1 if line else 0, ERROR, "config-invalid", f"cannot read config: {exc}")]
    diagnostics: list[Diagnostic] = []
    values = {}
    for key, value in data.get("site", data).items():
        if key == "root" or key not in _TYPES:
            diagnostics.append(Diagnostic(shown, 0, 0, "warning", "config-unknown-key", f"unknown setting {key!r}"))
            continue
        expected = _TYPES[key]
        if "tuple" in str(expected):
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                diagnostics.append(Diagnostic(shown, 0, 0, ERROR, "config-type", f"setting {key!r} must be a list of strings"))
                continue
            value = tuple(value)
        elif ("bool" in str(expected)) != isinstance(value, bool) or ("str" in str(expected) and not isinstance(value, str)):
            diagnostics.append(Diagnostic(shown, 0, 0, ERROR, "config-type", f"setting {key!r} has the wrong type ({type(value).__name__})"))
            continue
        values[key] = value
    return replace(config, **values), diagnostics


def _toml_error_line(exc: Exception) -> int:
    import re

    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else 0
