"""Front matter: split it from the body, parse it, check its types.

Errors carry the line in the *file*, so an author's editor jumps straight to
the mistake.  A chapter with bad front matter still builds (with empty
metadata) so one typo never hides the rest of the site.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from manabi_ssg.diagnostics import ERROR, WARNING, Diagnostic

# Known keys and the types they may take.  "str" accepts numbers too (authors
# write `version: 1.0`), since a template only ever shows them as text.
SCALAR = (str, int, float)
LIST_OF_STR = "list[str]"
SCHEMA: dict[str, Any] = {
    "title": SCALAR,
    "subtitle": SCALAR,
    "chapter_title": SCALAR,
    "description": SCALAR,
    "level": SCALAR,
    "difficulty": SCALAR,
    "target_audience": (str, list),
    "estimated_time": SCALAR,
    "reading_time": SCALAR,
    "total_reading_time": SCALAR,
    "learning_objectives": LIST_OF_STR,
    "topics": LIST_OF_STR,
    "keywords": LIST_OF_STR,
    "prerequisites": LIST_OF_STR,
    "series": SCALAR,
    "series_order": int,
    "chapter_number": int,
    "version": SCALAR,
    "created_at": (str, _dt.date, _dt.datetime),
    "updated_at": (str, _dt.date, _dt.datetime),
    "template_version": SCALAR,
    "code_examples": (int, str),
    "exercises": (int, str),
    "author": (str, list),
    "license": SCALAR,
    "lang": str,
    "translation": str,
    "draft": bool,
}


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based file line where the body starts
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that reports a key given twice instead of silently keeping the last."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            loader.duplicates.append((key, key_node.start_mark.line, key_node.start_mark.column))
        seen[key] = key_node
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# libyaml's parser, when PyYAML has it, reads valid front matter several times
# faster; a document it rejects is read again by the pure-Python loader above,
# whose messages (and offsets for control characters) the diagnostics use.
_FastUniqueKeyLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastUniqueKeyLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        pass

    _FastUniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load(yaml_text: str) -> tuple[Any, list]:
    """(data, duplicate keys) of a YAML document; raises yaml.YAMLError as the pure-Python loader words it."""
    if _FastUniqueKeyLoader is not None:
        try:
            return _read(_FastUniqueKeyLoader, yaml_text)
        except yaml.YAMLError:
            pass  # read again below, for the wording and position of the message
    return _read(_UniqueKeyLoader, yaml_text)


def _read(loader_class: type, yaml_text: str) -> tuple[Any, list]:
    loader = loader_class(yaml_text)
    loader.duplicates = []
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


def split(text: str) -> tuple[str | None, str, int, bool]:
    """Return (yaml_text, body, body_first_line, terminated).

    Front matter is a ``---`` line at the very top and the next ``---`` (or
    ``...``) line.  Without a closing line the file is treated as all body.
    """
    if not (text.startswith("---\n") or text == "---" or text.startswith("---\r")):
        return None, text, 1, True
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2, True
    return None, text, 1, False


def parse(text: str, path: str) -> FrontMatter:
    yaml_text, body, body_line, terminated = split(text)
    result = FrontMatter(body=body, body_line=body_line)
    if not terminated:
        result.diagnostics.append(
            Diagnostic(path, 1, 1, ERROR, "frontmatter-unterminated", "front matter starts with '---' but has no closing '---' line")
        )
        return result
    if yaml_text is None or not yaml_text.strip():
        return result
    try:
        data, duplicates = _load(yaml_text)  # the reader already rejects control characters
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = (mark.line + 2) if mark else 1
        col = (mark.column + 1) if mark else 1
        if isinstance(exc, yaml.reader.ReaderError):  # a control character: the reader gives an offset
            before = yaml_text[: exc.position]
            line, col = before.count("\n") + 2, len(before) - (before.rfind("\n") + 1) + 1
            problem = f"character U+{exc.character:04X} is not allowed in YAML"
        result.diagnostics.append(Diagnostic(path, line, col, ERROR, "frontmatter-yaml", f"front matter is not valid YAML: {problem}"))
        return result
    for key, line, col in duplicates:
        result.diagnostics.append(Diagnostic(path, line + 2, col + 1, WARNING, "frontmatter-duplicate-key", f"key {key!r} is given twice; the last one wins"))
    if data is None:
        return result
    if not isinstance(data, dict):
        result.diagnostics.append(
            Diagnostic(path, 2, 1, ERROR, "frontmatter-not-mapping", f"front matter must be a mapping of keys to values, not a {type(data).__name__}")
        )
        return result
    result.data = _check_types(data, yaml_text, path, result.diagnostics)
    return result


def _key_line(yaml_text: str, key: str) -> int:
    for number, line in enumerate(yaml_text.split("\n")):
        if line.startswith(f"{key}:") or line.startswith(f'"{key}":'):
            return number + 2
    return 2


def _check_types(data: dict, yaml_text: str, path: str, diagnostics: list[Diagnostic]) -> dict:
    """Drop values of the wrong type (with an error) so templates never see them."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        expected = SCHEMA.get(key)
        if expected is None or value is None:
            clean[key] = value
            continue
        if expected == LIST_OF_STR:
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                value = [str(value)]  # a single item written without a list
            if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
                clean[key] = [str(v) for v in value]
                continue
            ok = False
        elif expected is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif expected is bool:
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, expected) and not isinstance(value, bool)
        if ok:
            clean[key] = value
        else:
            want = _describe(expected)
            diagnostics.append(
                Diagnostic(path, _key_line(yaml_text, key), 1, ERROR, "frontmatter-type", f"{key!r} should be {want}, not {type(value).__name__}")
            )
    return clean


def _describe(expected: Any) -> str:
    if expected == LIST_OF_STR:
        return "a list of strings"
    if expected is int:
        return "a whole number"
    if expected is bool:
        return "true or false"
    if expected is str:
        return "a string"
    return "text"
