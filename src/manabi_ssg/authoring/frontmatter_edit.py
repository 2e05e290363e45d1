"""Add one key to a file's front matter without touching anything else the author wrote.

``manabi new translation`` writes ``translation:`` into the source chapter.
Loading the YAML and dumping it again would reorder keys, drop comments,
change quotes and dates; instead the new line goes in as text, just before
the closing ``---``, in the file's own line endings, and the result is read
back: the front matter must hold exactly what it held, plus the new key.
Anything else (no closing line, YAML that does not parse, the key already
there) is refused with a reason, and the file is left as it was.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from manabi_ssg.guards import yamlshape
from manabi_ssg.pipeline.frontmatter import split


class EditRefused(Exception):
    """The key cannot be added safely; the message says why."""


def add_key(text: str, key: str, value: str) -> str:
    """``text`` with ``key: "value"`` added as the last line of its front matter (a new front matter if it has none)."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    newline = "\r\n" if body.split("\n", 1)[0].endswith("\r") else "\n"
    line = f"{key}: {json.dumps(value, ensure_ascii=False)}"
    normalised = body.replace("\r\n", "\n")
    yaml_text, _, _, terminated = split(normalised)
    if not terminated:
        raise EditRefused("its front matter has no closing '---' line")
    if yaml_text is None:
        return bom + f"---{newline}{line}{newline}---{newline}" + body
    before = _mapping(yaml_text)
    if key in before:
        raise EditRefused(f"its front matter already has {key}: {before[key]!r}")
    closing = _closing_offset(body)
    edited = body[:closing] + line + newline + body[closing:]
    after = _mapping(split(edited.replace("\r\n", "\n"))[0] or "")
    if after != {**before, key: value}:
        raise EditRefused(f"adding {key}: to its front matter would change what else it says")
    return bom + edited


def _mapping(yaml_text: str) -> dict[str, Any]:
    """The front matter's keys and values, read as the YAML document it is (its last line ends with a newline)."""
    try:
        node = yaml.compose(yaml_text + "\n", Loader=yaml.SafeLoader) if yaml_text.strip() else None
        why = yamlshape.whole_problem(node) if node is not None else None
        if why is not None:  # an alias bomb, an endless or too deep value: never built, never compared
            raise EditRefused(f"its front matter cannot be read safely: {why}")
        data = yaml.safe_load(yaml_text + "\n") if node is not None else {}
    except (yaml.YAMLError, RecursionError) as exc:
        raise EditRefused(f"its front matter is not valid YAML ({exc.__class__.__name__})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise EditRefused("its front matter is not a mapping of keys to values")
    return data


def _closing_offset(body: str) -> int:
    """Where the closing ``---`` line starts in ``body`` (which has a terminated front matter)."""
    offset = body.index("\n") + 1
    while True:
        end = body.find("\n", offset)
        current = body[offset:] if end < 0 else body[offset:end]
        if current.rstrip() in ("---", "..."):
            return offset
        offset = end + 1
