"""Front matter: split it from the body, parse it, check its types.

Errors carry the line in the *file*, so an author's editor jumps straight to
the mistake.  A chapter with bad front matter still builds (with empty
metadata) so one typo never hides the rest of the site.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

import yaml

from manabi_ssg.guards import yamlshape
from manabi_ssg.guards.characters import FORBIDDEN, describe, strip_forbidden
from manabi_ssg.diagnostics import ERROR, WARNING, Diagnostic
from manabi_ssg.guards.limits import cut_front_matter
from manabi_ssg.guards.iso_dates import date_problem, how_to_fix
from manabi_ssg.guards.names import language_problem

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
    "aliases": LIST_OF_STR,  # the page's old addresses: each gets a redirect page (urls.alias_url)
    "series": SCALAR,
    "series_order": int,
    "chapter_number": int,
    "version": SCALAR,
    "created_at": (str, _dt.date, _dt.datetime),
    "updated_at": (str, _dt.date, _dt.datetime),
    "answers_from": (str, _dt.date, _dt.datetime),  # answers withheld before this day (answers.py)
    "template_version": SCALAR,
    "code_examples": (int, str),
    "exercises": (int, str),
    "author": (str, list),
    "license": SCALAR,
    "lang": str,
    "translation": str,
    "draft": bool,
}


# Values that become part of an output path (names.py): anything but a plain language tag is refused.
VALUE_CHECKS = {"lang": lambda value: language_problem(value.strip())}
# Every key that holds a date: a quoted one is text to YAML, so its text is checked here (iso_dates.py).
DATE_KEYS = frozenset(key for key, kind in SCHEMA.items() if isinstance(kind, tuple) and _dt.date in kind)
VALUE_CHECKS.update((key, lambda value: date_problem(value) if isinstance(value, str) else None) for key in DATE_KEYS)
VALUE_CODES = dict.fromkeys(DATE_KEYS, "frontmatter-date")


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based file line where the body starts
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # 1-based file (line, col) of each top-level key, and of each item of a list value as "key[i]":
    # a problem found later in a value (a translation naming no page) is reported there
    places: dict[str, tuple[int, int]] = field(default_factory=dict)


class _Invalid:
    """A value YAML could not make into what it looks like (``2025-02-30``): dropped with an error."""

    def __init__(self, text: str):
        self.text = text


# (line, col, level, code, message), 0-based within the YAML
Problem = tuple[int, int, str, str, str]
# top-level key -> (key node, value node)
Positions = dict[str, tuple[yaml.Node, yaml.Node]]

# The mixin goes before SafeLoader or CSafeLoader; to the type checker it is the first (a loader, as PyYAML's types ask).
if TYPE_CHECKING:
    _Constructing = yaml.SafeLoader
else:
    _Constructing = object


class _PositionsMixin(_Constructing):
    """Remembers where things are, so every message about a value can name its line and column.

    ``positions``: top-level key -> (key node, value node).  ``problems``:
    (line, col, level, code, message) found while building values (an
    impossible date, a time read as a number), 0-based within the YAML.
    """

    root_node: yaml.Node
    duplicates: list[tuple[Any, int, int]]  # (key, line, col) of a key given again
    positions: Positions
    problems: list[Problem]

    def construct_document(self, node: yaml.Node) -> Any:
        self.root_node = node
        return super().construct_document(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Any value YAML cannot build (``!!int x``) becomes an error at its place, never a crash."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, LookupError, AttributeError, ArithmeticError):
            self.recursive_objects.pop(node, None)
            mark = node.start_mark
            tag = node.tag.rsplit(":", 1)[-1]
            shown = node.value if isinstance(node, yaml.ScalarNode) else "this value"
            self.problems.append((mark.line, mark.column, ERROR, "frontmatter-value", f"{shown!r} is not a valid {tag}; the value is left out"))
            invalid = self.constructed_objects[node] = _Invalid(str(shown))  # a key is built twice: reported once
            return invalid


def _construct_mapping(loader: _PositionsMixin, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
    seen: dict[Any, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            repeated = key in seen
        except TypeError:  # a list or a mapping used as a key
            raise yaml.constructor.ConstructorError(None, None, "found unhashable key", key_node.start_mark) from None
        if repeated:
            loader.duplicates.append((key, key_node.start_mark.line, key_node.start_mark.column))
        seen[key] = key_node
        if node is getattr(loader, "root_node", None):
            loader.positions[str(key)] = (key_node, value_node)
    return loader.construct_mapping(node, deep)


def _construct_timestamp(loader: _PositionsMixin, node: yaml.ScalarNode) -> _dt.date | _Invalid:
    """``2025-02-30`` looks like a date but is none: an error at its place, not a crash."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        mark = node.start_mark
        loader.problems.append((mark.line, mark.column, ERROR, "frontmatter-date",
                                f"{node.value!r} is not a real date ({exc}); {how_to_fix(exc)}"))
        return _Invalid(node.value)


def _construct_int(loader: _PositionsMixin, node: yaml.ScalarNode) -> int:
    """YAML 1.1 reads ``12:30`` as the base-60 number 750; say so, since no author means that."""
    value = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    if ":" in node.value:
        mark = node.start_mark
        loader.problems.append((mark.line, mark.column, WARNING, "frontmatter-sexagesimal",
                                f"{node.value} is read as the number {value} (YAML counts in base 60 here); "
                                f'put it in quotes ("{node.value}") to keep it as written'))
    return value


def _construct_str(loader: _PositionsMixin, node: yaml.ScalarNode) -> str:
    """Text without the characters no page or feed may hold (``"\\x01"``, ``"\\ud800"``): dropped, with a warning here."""
    value = loader.construct_scalar(node)
    found = FORBIDDEN.search(value)
    if found is None:
        return value
    value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")  # "\\ud83d\\ude00" is one emoji
    found = FORBIDDEN.search(value)
    if found is None:
        return value
    mark = node.start_mark
    loader.problems.append((mark.line, mark.column, WARNING, "frontmatter-character",
                            f"{describe(found.group())} cannot appear in a page or a feed; it was removed"))
    return strip_forbidden(value)


def _construct_float(loader: _PositionsMixin, node: yaml.ScalarNode) -> float | _Invalid:
    """``.inf`` and ``.nan`` are numbers no page can show or sort by: an error at their place."""
    value = yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)
    if math.isfinite(value):
        return value
    mark = node.start_mark
    loader.problems.append((mark.line, mark.column, ERROR, "frontmatter-value",
                            f"{node.value!r} is not a finite number; the value is left out (quote it to keep it as text)"))
    return _Invalid(node.value)


def _construct_unknown_tag(loader: _PositionsMixin, node: yaml.Node) -> _Invalid:
    """A tag YAML does not know (``!!python/object``, ``!mine``): that value is left out, with an error at it, not the whole front matter."""
    mark = node.start_mark
    loader.problems.append((mark.line, mark.column, ERROR, "frontmatter-value",
                            f"the tag {node.tag!r} is not one front matter knows; the value is left out"))
    return _Invalid(str(node.tag))


def _constructors(loader_class: type[_PositionsMixin]) -> None:
    loader_class.add_constructor(None, _construct_unknown_tag)
    loader_class.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    loader_class.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    loader_class.add_constructor("tag:yaml.org,2002:int", _construct_int)
    loader_class.add_constructor("tag:yaml.org,2002:str", _construct_str)
    loader_class.add_constructor("tag:yaml.org,2002:float", _construct_float)


class _UniqueKeyLoader(_PositionsMixin, yaml.SafeLoader):
    """SafeLoader that reports a key given twice instead of silently keeping the last."""


_constructors(_UniqueKeyLoader)

# libyaml's parser, when PyYAML has it, reads valid front matter several times
# faster; a document it rejects is read again by the pure-Python loader above,
# whose messages (and offsets for control characters) the diagnostics use.
class _Reading(Protocol):
    """What :func:`_read` asks of a loader: either class above, read from one text."""

    duplicates: list[tuple[Any, int, int]]
    positions: Positions
    problems: list[Problem]

    def get_single_node(self) -> yaml.Node | None: ...
    def construct_document(self, node: yaml.Node) -> Any: ...
    def dispose(self) -> None: ...


_FastUniqueKeyLoader: Callable[[str], _Reading] | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _CUniqueKeyLoader(_PositionsMixin, yaml.CSafeLoader):
        pass

    _constructors(_CUniqueKeyLoader)
    _FastUniqueKeyLoader = _CUniqueKeyLoader


@dataclass
class _Loaded:
    data: Any
    duplicates: list[tuple[Any, int, int]]
    positions: Positions
    problems: list[Problem]


def _load(yaml_text: str) -> _Loaded:
    """What a YAML document holds and where; raises yaml.YAMLError as the pure-Python loader words it."""
    if _FastUniqueKeyLoader is not None:
        try:
            return _read(_FastUniqueKeyLoader, yaml_text)
        except yaml.YAMLError:
            pass  # read again below, for the wording and position of the message
    return _read(_UniqueKeyLoader, yaml_text)


def _read(loader_class: Callable[[str], _Reading], yaml_text: str) -> _Loaded:
    loader = loader_class(yaml_text)
    loader.duplicates, loader.positions, loader.problems = [], {}, []
    try:
        node = loader.get_single_node()
        data = None if node is None or not _bounded(loader, node) else loader.construct_document(node)
        return _Loaded(data, loader.duplicates, loader.positions, loader.problems)
    finally:
        loader.dispose()


def _bounded(loader: _Reading, node: yaml.Node) -> bool:
    """Drop what would expand past :mod:`yamlshape`'s bounds, each with an error at its key; False: nothing is left to read."""
    if not isinstance(node, yaml.MappingNode):
        why = yamlshape.whole_problem(node)
        if why is not None:
            loader.problems.append((node.start_mark.line, node.start_mark.column, ERROR, "frontmatter-too-large",
                                    f"{why}; the front matter is left out"))
        return why is None
    for key_node, why in yamlshape.oversized(node):
        name = key_node.value if isinstance(key_node, yaml.ScalarNode) else "this key"
        loader.problems.append((key_node.start_mark.line, key_node.start_mark.column, ERROR, "frontmatter-too-large",
                                f"{name!r}: {why}; the value is left out"))
    return True


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


def parse(text: str, path: str, extra_keys: tuple[str, ...] = ()) -> FrontMatter:
    """``extra_keys``: keys the site uses besides the known ones (config ``extra_keys``), never flagged as typos."""
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
        loaded = _load(yaml_text)  # the reader already rejects control characters
    except yaml.YAMLError as exc:
        line, col, message = explain_yaml_error(exc, yaml_text)
        result.diagnostics.append(Diagnostic(path, line + 2, col + 1, ERROR, "frontmatter-yaml", f"front matter is not valid YAML: {message}"))
        return result
    except RecursionError:
        result.diagnostics.append(Diagnostic(path, 2, 1, ERROR, "frontmatter-yaml", "front matter is nested too deeply to read"))
        return result
    for key, line, col in loaded.duplicates:
        result.diagnostics.append(Diagnostic(path, line + 2, col + 1, WARNING, "frontmatter-duplicate-key", f"key {key!r} is given twice; the last one wins"))
    for line, col, level, code, message in loaded.problems:
        result.diagnostics.append(Diagnostic(path, line + 2, col + 1, level, code, message))
    data = loaded.data
    if data is None:
        return result
    if not isinstance(data, dict):
        result.diagnostics.append(
            Diagnostic(path, 2, 1, ERROR, "frontmatter-not-mapping", f"front matter must be a mapping of keys to values, not a {type(data).__name__}")
        )
        return result
    result.places = key_places(loaded.positions)
    result.data = _check_types(data, loaded.positions, path, result.diagnostics)
    result.data, too_long = cut_front_matter(
        result.data, path, lambda key, index: (_item_place(loaded.positions, key, index) if index is not None and index >= 0 else None) or _place(loaded.positions, key, value=index is None))
    result.diagnostics.extend(too_long)
    result.diagnostics.extend(_unknown_keys(result.data, loaded.positions, path, extra_keys))
    return result


def key_places(positions: Positions) -> dict[str, tuple[int, int]]:
    """Where each key (and each item of a list value, as ``key[i]``) is written, 1-based in the file."""
    places: dict[str, tuple[int, int]] = {}
    for key, (key_node, value_node) in positions.items():
        places[key] = (key_node.start_mark.line + 2, key_node.start_mark.column + 1)
        if isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                places[f"{key}[{index}]"] = (item.start_mark.line + 2, item.start_mark.column + 1)
    return places


def _unknown_keys(data: dict[str, Any], positions: Positions, path: str, extra_keys: tuple[str, ...]) -> list[Diagnostic]:
    """A key that is not known but close to a known one is most likely a typo (``titel``, ``topic``)."""
    found = []
    for key in data:
        if key in SCHEMA or key in extra_keys:
            continue
        guess = _closest_known(key)
        if guess is None:
            continue
        line, col = _place(positions, key, value=False)
        found.append(Diagnostic(path, line, col, WARNING, "frontmatter-unknown-key",
                                f"unknown key {key!r}: did you mean `{guess}`? (a key the site uses on purpose goes in the config's extra_keys)"))
    return found


def _closest(key: str, known: list[str]) -> str | None:
    """The known key ``key`` is a slip of: other case, a letter missing, extra, wrong or swapped.

    One slip in a short key, two in a long one.  A word added (``series_id``,
    ``total_code_examples``) is a different key, not a slip.
    """
    lowered = key.lower().replace("-", "_")
    allowed = 1 if len(lowered) <= 6 else 2
    # a name whose length differs by more than ``allowed`` needs more slips than that (each
    # slip changes the length by one at most), so it is never the answer: 4 ms a chapter was
    # spent comparing the converted chapters' own keys (series_id, code_examples, ...) with every name
    near = [name for name in known if abs(len(name) - len(lowered)) <= allowed]
    if not near:
        return None
    best = min(near, key=lambda name: _slips(lowered, name))
    return best if _slips(lowered, best) <= allowed else None


@lru_cache(maxsize=4096)
def _closest_known(key: str) -> str | None:
    """:func:`_closest` among the schema's keys; chapters of a course share their own keys, so remembered."""
    return _closest(key, list(SCHEMA))


def _slips(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) that turn ``a`` into ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _place(positions: Positions, key: str, value: bool = True) -> tuple[int, int]:
    """1-based file (line, col) of a top-level key, or of its value."""
    nodes = positions.get(key)
    if nodes is None:
        return 2, 1
    mark = nodes[1 if value else 0].start_mark
    return mark.line + 2, mark.column + 1


def _check_types(data: dict[Any, Any], positions: Positions, path: str, diagnostics: list[Diagnostic]) -> dict[str, Any]:
    """Drop values of the wrong type (with an error) so templates never see them."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if _holds_invalid(key) or _holds_invalid(value):
            continue  # already reported where YAML read it (a key too: its text would be an object's address)
        key = str(key)
        expected = SCHEMA.get(key)
        if expected is None or value is None:
            clean[key] = value
            continue
        place = _place(positions, key)
        if expected == LIST_OF_STR:
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                value = [str(value)]  # a single item written without a list
            if isinstance(value, list):
                bad = next((i for i, v in enumerate(value) if not isinstance(v, (str, int, float)) or isinstance(v, bool)), None)
                if bad is None:
                    clean[key] = [str(v) for v in value]
                    continue
                place = _item_place(positions, key, bad) or place
                diagnostics.append(Diagnostic(path, *place, ERROR, "frontmatter-type",
                                              f"{key!r} should be a list of strings; item {bad + 1} is {_kind(value[bad])}"))
                continue
            ok = False
        elif expected is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif expected is bool:
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, expected) and not isinstance(value, bool)
        if ok and key in VALUE_CHECKS and (problem := VALUE_CHECKS[key](value)):
            diagnostics.append(Diagnostic(path, *place, ERROR, VALUE_CODES.get(key, "frontmatter-value"),
                                          f"{key!r}: {problem} (the value is left out)"))
        elif ok:
            clean[key] = value
        else:
            want = _describe(expected)
            diagnostics.append(Diagnostic(path, *place, ERROR, "frontmatter-type", f"{key!r} should be {want}, not {_kind(value)}"))
    return clean


def _holds_invalid(value: Any) -> bool:
    if isinstance(value, _Invalid):
        return True
    if isinstance(value, list):
        return any(_holds_invalid(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_invalid(k) or _holds_invalid(v) for k, v in value.items())
    return False


def _item_place(positions: Positions, key: str, index: int) -> tuple[int, int] | None:
    nodes = positions.get(key)
    if nodes is None or not isinstance(nodes[1], yaml.SequenceNode) or index >= len(nodes[1].value):
        return None
    mark = nodes[1].value[index].start_mark
    return mark.line + 2, mark.column + 1


def _kind(value: Any) -> str:
    """What a value is, in an author's words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"the date {value}"
    return type(value).__name__


def explain_yaml_error(exc: yaml.YAMLError, yaml_text: str) -> tuple[int, int, str]:
    """(0-based line, 0-based col, message) for a YAML error, in plain words, where the mistake probably starts.

    PyYAML reports where it gave up, which is often the line after the real
    mistake (a quote left open swallows the next line).
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line, col = (mark.line, mark.column) if mark else (0, 0)
    if isinstance(exc, yaml.reader.ReaderError):  # a control character: the reader gives an offset
        before = yaml_text[: exc.position]
        return before.count("\n"), len(before) - (before.rfind("\n") + 1), f"character U+{exc.character:04X} is not allowed in YAML"
    lines = yaml_text.split("\n")
    quote = _open_quote(lines, line)
    if quote is not None:
        quote_line, quote_col, char = quote
        return quote_line, quote_col, (
            f"this value opens a {char} quote that is never closed (add the closing {char}"
            + (", and write a ' inside single quotes as ''" if char == "'" else "") + ")"
        )
    context = getattr(exc, "context", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    if "\t" in problem or "'\\t'" in problem:
        return line, col, "a tab character: YAML indents with spaces only"
    if problem.startswith("mapping values are not allowed"):
        if line < len(lines) and lines[line][:1].isspace():
            return line, col, "this line is indented under a key that already has a value (remove the indent, or quote a value holding ': ')"
        return line, col, "a ': ' inside a value; put the whole value in quotes"
    if "flow sequence" in context and context_mark is not None:
        return context_mark.line, context_mark.column, "a list in [brackets] is not closed with ']' (or an item holding ':' needs quotes)"
    if "flow mapping" in context and context_mark is not None:
        return context_mark.line, context_mark.column, "a mapping in {braces} is not closed with '}'"
    if "unhashable key" in problem:
        return line, col, "a key must be plain text, not a list or a mapping"
    if problem.startswith("expected <block end>") or problem.startswith("could not find expected ':'"):
        return line, col, "this line does not fit the lines above it: check its indentation and that it reads `key: value`"
    if "<stream end>" in problem or "end of stream" in problem:
        where = context_mark or mark
        return (where.line, where.column, "the front matter ends before this value does: a [, { or quote is never closed") if where else (line, col, problem)
    if "found undefined alias" in problem:
        return line, col, "a '*' starts an alias here; quote the value if the '*' is text"
    words = f"{problem} ({context})" if context else problem
    return line, col, words


def _open_quote(lines: list[str], upto: int) -> tuple[int, int, str] | None:
    """The first line at or before ``upto`` whose quoted value is not closed before the line ends.

    A value is closed when its quote comes back and nothing but a comment
    follows; ``'it's'`` is not (a ``'`` inside single quotes is written ``''``).
    """
    for number, text in enumerate(lines[: upto + 1]):
        match = _VALUE_RE.match(text)
        if not match:
            continue
        value = match.group("value").rstrip()
        char = value[0]
        rest = value[1:].replace("''", "") if char == "'" else re.sub(r"\\.", "", value[1:])
        end = rest.find(char)
        if end < 0 or rest[end + 1 :].strip()[:1] not in ("", "#"):
            return number, match.start("value"), char
    return None


_VALUE_RE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s:#'"][^:#]*:\s+)?(?P<value>['"].*)$""")


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
