"""TOML as the standard library reads it, with every way a file can fail to read as ``TOMLDecodeError``.

``tomllib`` raises more than its own error on hostile input: ``x = [[[[…]]]]``
nested a few thousand deep is a ``RecursionError``, an integer of 5,000
digits a ``ValueError`` (Python's limit on converting long numbers).  Both
reached the user as a bug in manabi (exit 70).  Read through :func:`loads`,
they are one more "cannot read" at the file, like any other TOML mistake.
"""

from __future__ import annotations

import tomllib
from typing import Any


def loads(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise
    except RecursionError:
        raise tomllib.TOMLDecodeError("values nested too deeply to read") from None
    except ValueError:  # an integer past Python's limit on digits (4,300)
        raise tomllib.TOMLDecodeError("a number with more digits than can be read") from None
