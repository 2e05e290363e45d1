"""``manabi init DIR``: a new course repository that builds and deploys as it stands.

The files come from ``course_template/`` (package data, so the wheel carries
them): ``common/`` for every course (the Pages workflow, ``.gitignore``, the
pre-commit hook, editor settings) and ``ja/`` or ``en/`` for the language
chosen (``manabi.toml``, the course's README, a series whose sample chapter
uses every component).  Template names starting ``dot-`` are written with a
dot (``dot-github`` -> ``.github``): a real ``.gitignore`` inside this
package would hide files from git.  ``__NAME__`` tokens are filled in (not
Jinja or ``$``: the workflow itself is full of ``${{ }}``).

The workflow and the pre-commit hook install the manabi running now, so the
course builds in CI with the manabi it was written for: a release by its
version, a development build by its git commit (:mod:`manabi_ssg.authoring.install_source`).
The front matter JSON Schema is written from ``schema.py``, so it always
matches this version.

Nothing is ever overwritten.  A folder that holds anything but ``.git`` is
refused unless ``--force``, which adds only the files that are missing.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Mapping
import sys
from pathlib import Path

from manabi_ssg import __version__
from manabi_ssg.site.config import Config
from manabi_ssg.authoring.install_source import this_requirement
from manabi_ssg.authoring.scaffold import ScaffoldError, write_new
from manabi_ssg.console.terminal import printable, say

TEMPLATE = Path(__file__).parent / "course_template"
LANGUAGES = ("ja", "en")
LANGUAGE_NAMES = {"ja": "Japanese", "en": "English"}
SCHEMA_FILE = "schema/frontmatter.schema.json"


def language_from_locale(environ: Mapping[str, str] = os.environ) -> str:
    """``ja`` when the user's locale is Japanese, else ``en`` (the first locale variable set decides, as in POSIX)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML escapes for these characters)."""
    return json.dumps(text, ensure_ascii=False)


def _course_path(template_rel: Path) -> str:
    return "/".join("." + part[len("dot-"):] if part.startswith("dot-") else part for part in template_rel.parts)


def course_files(target: Path, lang: str, title: str, today: str, requirement: str) -> dict[Path, str]:
    """Every file of a new course: its path under ``target`` -> its text."""
    values = {
        "__MANABI_VERSION__": __version__,
        "__MANABI_REQUIREMENT__": requirement,
        "__TITLE__": _toml_string(title),
        "__TITLE_TEXT__": title,
        "__TODAY__": today,
        "__MERMAID_URL__": Config().mermaid_url,
    }
    files: dict[Path, str] = {}
    for base in (TEMPLATE / "common", TEMPLATE / lang):
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                text = path.read_text(encoding="utf-8")
                for token, value in values.items():
                    text = text.replace(token, value)
                files[target / _course_path(path.relative_to(base))] = text
    from manabi_ssg.authoring.schema import frontmatter_schema

    files[target / SCHEMA_FILE] = json.dumps(frontmatter_schema(), ensure_ascii=False, indent=2) + "\n"
    return files


def _is_empty(folder: Path) -> bool:
    """Nothing in it but perhaps ``.git`` (``git init course && manabi init course``)."""
    return all(entry.name == ".git" for entry in folder.iterdir())


def _free(path: Path, root: Path) -> bool:
    """Whether ``path`` can be written without touching anything that exists: it is not there,
    no folder on the way to it is a file, and symlinked folders do not lead it out of ``root``."""
    if path.exists() or path.is_symlink():
        return False
    if any(parent.exists() and not parent.is_dir() for parent in path.parents):
        return False
    resolved = path.resolve()
    return root in resolved.parents


def init_course(target: Path, lang: str, title: str | None = None, force: bool = False,
                today: str | None = None, requirement: str | None = None) -> tuple[list[Path], list[Path]]:
    """Write a new course into ``target``; returns (files written, files kept as they were).

    ``requirement`` is the pip requirement the course installs manabi with (default: this manabi's).
    """
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} exists and is not a folder")
    if target.is_dir() and not _is_empty(target) and not force:
        raise ScaffoldError(f"{target} is not empty; choose a new folder, or pass --force to add only the "
                            "files that are missing (nothing is ever overwritten)")
    if requirement is None:
        requirement = this_requirement().line
    files = course_files(target, lang, title or target.resolve().name, today or _dt.date.today().isoformat(), requirement)
    root = target.resolve()
    kept = [path for path in files if not _free(path, root)]
    written = write_new({path: text for path, text in files.items() if path not in kept})
    return written, kept


def run_init(folder: str, lang: str | None, title: str | None, force: bool) -> int:
    """``manabi init``: prints what was written and what to do next; exit 0, or 2 when refused."""
    target = Path(folder)
    chosen = lang or language_from_locale()
    install = this_requirement()
    try:
        written, kept = init_course(target, chosen, title, force, requirement=install.line)
    except (ScaffoldError, OSError) as exc:
        say(f"manabi: error: {exc}", file=sys.stderr)
        return 2
    for path in kept:
        say(f"manabi: kept {os.path.relpath(path)} as it is")
    if install.note:
        say(f"manabi: {'note' if install.line else 'warning'}: {install.note}", file=sys.stderr)
    other = "en" if chosen == "ja" else "ja"
    how = "" if lang else f"; --lang {other} for {LANGUAGE_NAMES[other]}"
    article = "an" if chosen == "en" else "a"
    say(f"manabi: wrote {article} {LANGUAGE_NAMES[chosen]} course of {len(written)} files into {os.path.relpath(target)}{how}")
    print(f"next:\n  cd {printable(os.path.relpath(target))}\n  manabi serve    # preview at http://127.0.0.1:8000\n"
          "  manabi build    # the site, into _site/\n"
          "then push it to GitHub and set Settings > Pages > Source to \"GitHub Actions\" (README.md says more)")
    return 0
