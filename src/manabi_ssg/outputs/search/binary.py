"""Finding the Pagefind binary, as the ``pagefind`` Python package finds it.

``$PAGEFIND_BINARY_PATH`` first (pointing it at a file that does not exist
turns search off), then the ``pagefind_bin_extended`` / ``pagefind_bin``
packages (their ``get_executable()``), then ``pagefind_extended`` /
``pagefind`` on ``PATH``.  No binary: the site builds without a search box,
and a WARNING ``search-unavailable`` says how to install it.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
from pathlib import Path

from manabi_ssg.site.config import Config
from manabi_ssg.diagnostics import WARNING, Diagnostic
from manabi_ssg.outputs.search.notes import note

BINARY_ENV = "PAGEFIND_BINARY_PATH"
BINARY_PACKAGES = ("pagefind_bin_extended", "pagefind_bin")  # the extended build first: it has the CJK dictionaries
BINARY_NAMES = ("pagefind_extended", "pagefind")


def find_binary() -> Path | None:
    explicit = os.environ.get(BINARY_ENV)
    if explicit is not None:
        path = Path(explicit)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    for module in BINARY_PACKAGES:
        packaged = _packaged(module)
        if packaged is not None:
            return packaged
    for name in BINARY_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def _packaged(module: str) -> Path | None:
    """The executable a ``pagefind_bin*`` package ships, when it is installed and has one."""
    try:
        if importlib.util.find_spec(module) is None:
            return None
        path = Path(importlib.import_module(module).get_executable())
    except (ImportError, ValueError, FileNotFoundError, AttributeError, OSError):
        return None
    return path if path.is_file() else None


def search_enabled(config: Config) -> bool:
    """Whether pages get a search box: search is on and Pagefind can run."""
    return bool(config.search) and find_binary() is not None


def unavailable(config: Config) -> list[Diagnostic]:
    explicit = os.environ.get(BINARY_ENV)
    where = f"${BINARY_ENV}={explicit} is not an executable file" if explicit is not None else \
        "install it with: pip install 'pagefind[extended]'"
    return note(config, WARNING, "search-unavailable",
                f"search is off: the Pagefind binary was not found ({where}); the site is built without a search box")
