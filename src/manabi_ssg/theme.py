"""Where templates and static files come from: the site first, then the theme.

As in Hugo, a site overrides any theme file by putting one of the same name
in its own ``templates/`` or ``static/`` folder.  The default theme lives at
the top of the repository (``templates/``, ``static/``) and is carried into
the wheel as ``manabi_ssg/theme/``.
"""

from __future__ import annotations

from pathlib import Path

from manabi_ssg.config import Config

PACKAGE = Path(__file__).resolve().parent


def builtin_dir(kind: str) -> Path:
    """``kind`` is "templates" or "static"."""
    packaged = PACKAGE / "theme" / kind
    if packaged.is_dir():
        return packaged
    checkout = PACKAGE.parent.parent / kind  # src/manabi_ssg -> repository root
    return checkout


def search_path(config: Config, kind: str) -> list[Path]:
    own = (config.root / (config.templates_dir if kind == "templates" else config.static_dir)).resolve()
    builtin = builtin_dir(kind).resolve()
    return [own, builtin] if own != builtin and own.is_dir() else [builtin]


def static_files(config: Config) -> dict[str, Path]:
    """Output name -> file; a site's file wins over the theme's of the same name."""
    files: dict[str, Path] = {}
    for folder in reversed(search_path(config, "static")):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(folder).as_posix()] = path
    return dict(sorted(files.items()))
