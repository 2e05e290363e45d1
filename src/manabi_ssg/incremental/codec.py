"""The build cache's codec: the model's types to JSON and back, by name, never by class path.

The cache folder can hold anything a pull request commits (``git add -f``
passes ``.gitignore``), so reading an entry must never run code.  Entries are
JSON, and only the types listed here come back out of one: JSON's own
(``None``, ``bool``, ``int``, ``float``, ``str``, ``list``, ``dict`` with
string keys) and, tagged, ``tuple``, a ``dict`` with other keys, ``date``,
``datetime`` (with a fixed UTC offset, as YAML makes them), ``bytes``,
``set``, ``frozenset``, :class:`~manabi_ssg.diagnostics.Diagnostic` and
:class:`~manabi_ssg.model.Origin`.  The records (:class:`~manabi_ssg.model.Page`
and :class:`~manabi_ssg.model.Manifest`) are written field by field and read
back with each field's type checked; a field added to ``Page`` later is
written and read with the rest (its values made of the types above).  A tag
this module does not know, or a value of the wrong type, raises
:class:`ValueError`: the cache counts the entry as a miss.  Any other type raises :class:`TypeError` when stored, and
that entry is not written (it only costs a parse next time).

Every value comes back equal to what was stored, of the same type, so keys
built from ``repr`` (:func:`~manabi_ssg.incremental.cache.digest`) are the same for a
cached page as for a freshly parsed one; ``tests/test_cache_safety.py`` checks
this on a page that uses every component.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from manabi_ssg.diagnostics import Diagnostic
from manabi_ssg.model import Manifest, Origin, Page
from manabi_ssg.guards.names import safe_relative

TAG = "~t"  # a dict {TAG: name, "v": payload} is a tagged value; a real dict with this key is stored as a "map"

_encoder = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":"))


def dumps(value: Any) -> bytes:
    """JSON of a value already made of JSON's types (:func:`encode` makes one)."""
    return _encoder.encode(value).encode("utf-8", "surrogatepass")


def loads(data: bytes, tagged: bool = True) -> Any:
    """The value of ``dumps``' bytes; ``tagged``: turn tagged dicts back into their types."""
    text = data.decode("utf-8", "surrogatepass")
    return json.loads(text, object_hook=_untag) if tagged else json.loads(text)


# -- open-ended values: front matter, components, toc --------------------------------
def encode(value: Any) -> Any:
    """``value`` as JSON's types, the others tagged; raises TypeError for a type the cache does not hold."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    if kind is list:
        return [encode(item) for item in value]
    if kind is dict:
        if TAG not in value and all(type(key) is str for key in value):
            return {key: encode(item) for key, item in value.items()}
        return {TAG: "map", "v": [[encode(key), encode(item)] for key, item in value.items()]}
    if kind is tuple:
        return {TAG: "tuple", "v": [encode(item) for item in value]}
    if kind is date:
        return {TAG: "date", "v": value.isoformat()}
    if kind is datetime:
        text = value.isoformat()
        if repr(datetime.fromisoformat(text)) != repr(value):  # a named or changing time zone, a fold
            raise TypeError("the build cache holds only datetimes with a fixed UTC offset")
        return {TAG: "datetime", "v": text}
    if kind is bytes:
        return {TAG: "bytes", "v": base64.b64encode(value).decode("ascii")}
    if kind is set or kind is frozenset:
        return {TAG: kind.__name__, "v": [encode(item) for item in value]}
    if kind is Diagnostic:
        return {TAG: "diagnostic", "v": _diagnostic(value)}
    if kind is Origin:
        return {TAG: "origin", "v": value.value}
    raise TypeError(f"the build cache does not hold {kind.__name__} values")


def _untag(obj: dict[str, Any]) -> Any:
    if TAG not in obj:
        return obj
    if len(obj) != 2 or "v" not in obj or obj[TAG] not in _DECODERS:
        raise ValueError(f"unknown tagged value {obj.get(TAG)!r}")
    return _DECODERS[obj[TAG]](obj["v"])


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "map": lambda pairs: {key: item for key, item in _check(pairs, list)},
    "tuple": lambda items: tuple(_check(items, list)),
    "date": lambda text: date.fromisoformat(_check(text, str)),
    "datetime": lambda text: datetime.fromisoformat(_check(text, str)),
    "bytes": lambda text: base64.b64decode(_check(text, str), validate=True),
    "set": lambda items: set(_check(items, list)),
    "frozenset": lambda items: frozenset(_check(items, list)),
    "diagnostic": lambda fields: _read_diagnostic(fields),
    "origin": lambda text: Origin(_check(text, str)),
}


# -- records, field by field -----------------------------------------------------------
def _diagnostic(d: Diagnostic) -> list[str | int]:
    return [d.path, d.line, d.col, d.level, d.code, d.message]


DIAGNOSTIC_TYPES = (str, int, int, str, str, str)  # path, line, col, level, code, message


def _read_diagnostic(fields: Any) -> Diagnostic:
    if type(fields) is not list or tuple(map(type, fields)) != DIAGNOSTIC_TYPES:
        raise ValueError("a diagnostic is a list of six fields of its types")
    return Diagnostic(*fields)


def _check(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise ValueError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


PAGE_FIELDS = tuple(f.name for f in fields(Page))
# the type each field must have when read back; a field added to Page later is carried as stored
PAGE_TYPES = {
    **dict.fromkeys(("path", "url", "kind", "lang", "title", "body_html", "digest", "body_key"), str),
    "meta": dict, "toc": list, "order": tuple, "has_mermaid": bool, "origin": Origin, "components": dict,
    "diagnostics": list, "places": dict,
}


def encode_page(page: Page) -> dict[str, Any]:
    """Every field of the page, each as :func:`encode` makes it."""
    return {name: encode(getattr(page, name)) for name in PAGE_FIELDS}


def decode_page(record: Any) -> Page:
    """A :class:`Page` from :func:`encode_page`'s record (already untagged by :func:`loads`), its fields' types checked."""
    _check(record, dict)
    if set(record) != set(PAGE_FIELDS):
        raise ValueError("a page record has other fields than a page")
    for name, kind in PAGE_TYPES.items():
        if name in record:
            _check(record[name], kind)
    for diagnostic in record["diagnostics"]:
        _check(diagnostic, Diagnostic)
    return Page(**record)


FILE_TYPES = (int, int, str)  # mtime_ns, size, digest
# a path safe_relative accepts, in one match: segments of letters, digits, "-", "_" and inner dots
PLAIN_PATH = re.compile(r"[\w-]+(?:\.[\w-]+)*(?:/[\w-]+(?:\.[\w-]+)*)*")
MANIFEST_FIELDS = ("fingerprint", "files", "rendered", "extras", "summary", "output")  # a test keeps this Manifest's


def encode_manifest(manifest: Manifest) -> dict[str, Any]:
    pages, diagnostics = manifest.summary
    return {
        "fingerprint": manifest.fingerprint,
        "files": {path: list(stat) for path, stat in manifest.files.items()},
        "rendered": manifest.rendered,
        "extras": manifest.extras,
        "summary": [pages, [_diagnostic(d) for d in diagnostics]],
        "output": manifest.output,
    }


def decode_manifest(record: Any) -> Manifest:
    """A :class:`Manifest` from :func:`encode_manifest`'s record (read with ``loads(..., tagged=False)``)."""
    _check(record, dict)
    files = {}
    for path, stat in _check(record["files"], dict).items():
        if type(stat) is not list or tuple(map(type, stat)) != FILE_TYPES:
            raise ValueError("a file's record is (mtime, size, digest)")
        files[path] = tuple(stat)
    rendered = _check(record["rendered"], dict)
    extras = _check(record["extras"], list)
    if any(type(value) is not str for value in [*rendered.values(), *extras]):
        raise ValueError("a manifest's keys and extras are text")
    # paths a build may delete in its output folder (serve's): each must stay inside it;
    # extras with a colon are keys (static:, search:) that name no file
    for rel in [*rendered, *(rel for rel in extras if ":" not in rel)]:
        if not PLAIN_PATH.fullmatch(rel) and not safe_relative(rel):
            raise ValueError(f"a manifest names {rel!r}, which is not a path inside its folder")
    pages, diagnostics = _check(record["summary"], list)
    return Manifest(
        fingerprint=_check(record["fingerprint"], str),
        files=files,
        rendered=rendered,
        extras=extras,
        summary=(_check(pages, int), [_read_diagnostic(fields) for fields in _check(diagnostics, list)]),
        output=_check(record["output"], str),
    )
