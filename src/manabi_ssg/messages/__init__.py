"""Message catalogues: every piece of interface text, per language.

Templates never hold literal interface text; they ask ``t("hint")``.  The
theme ships ``ja`` and ``en``; a site adds or overrides a language with
``messages/<lang>.toml`` beside its config.  A missing key falls back to
English, then to the key itself, so a half-translated catalogue still builds.
A site's catalogue is text fed to ``str.format``, so ``--safe`` leaves it out
(see :mod:`manabi_ssg.safe`).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from manabi_ssg.boundary import Boundary

BUILTIN = Path(__file__).parent


def site_messages(root: Path, safe: bool = False) -> str:
    """The site's ``messages/`` folder (beside its config) as a real path; "" when it has none, or under ``--safe``."""
    folder = root / "messages"
    return str(folder.resolve()) if folder.is_dir() and not safe else ""


@lru_cache(maxsize=16)
def catalogue(lang: str, site_messages: str = "") -> dict[str, str]:
    merged: dict[str, str] = {}
    for folder in (BUILTIN, Path(site_messages) if site_messages else None):
        if folder is None:
            continue
        for name in ("en", lang):
            path = folder / f"{name}.toml"
            if folder is not BUILTIN and Boundary.of(folder, folder).refusal(path) is not None:
                continue  # a link out of the site's messages folder (see boundary.py)
            if path.is_file():
                try:
                    merged.update({k: str(v) for k, v in tomllib.loads(path.read_text(encoding="utf-8")).items()})
                except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                    continue  # a broken site catalogue leaves the built-in text in place
    return merged
