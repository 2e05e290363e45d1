"""Mermaid diagrams checked when the site is built, by Mermaid's own parser.

A diagram with a syntax error would show the reader Mermaid's "Syntax error in
text" bomb, and its source would be gone.  Mermaid's parser is JavaScript, so
it runs here in QuickJS (the ``quickjs-ng`` package: a small embedded engine,
no node needed) on the same Mermaid release the pages load, vendored in
``vendor/`` (``vendor/mermaid.toml`` names the version).  Only ``mermaid.parse``
runs: nothing is drawn, so the few browser things the bundle touches are
stubbed (see ``_PRELUDE``).

:func:`mermaid_problem` says what is wrong with a diagram, or None.  Only
Mermaid's parse errors count: should the engine itself fail (a missing
package, an exception from a browser API the stubs lack, a diagram too slow to
parse), the diagram is left for the browser to draw, as before this check.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
from functools import lru_cache
from pathlib import Path

VENDOR = Path(__file__).parent.parent.parent / "vendor"
# content is untrusted: a diagram may not hold the build.  A longer one (20,000 characters
# take 2 s) is left to the browser unchecked, and so is one that runs past the time limit.
MAX_CHARACTERS = 20_000
TIME_LIMIT_SECONDS = 3
MEMORY_LIMIT_BYTES = 512 * 1024 * 1024

# What the bundle expects of a browser, for parsing only.  DOMPurify, bundled in
# Mermaid, is left without ``sanitize`` when there is no DOM; Mermaid calls it on
# labels while parsing.  Nothing is rendered here, so labels pass unchanged.
# Mermaid's lexers (jison) try each rule as ``input.match(/^(?:…)/)`` on the rest of
# the text, about 120 times a token; QuickJS tries an anchored regex at every position
# anyway, so a check grew with the square of the diagram (120 lines: 3.2 s).  The same
# regex made sticky matches at the start only: 0.35 s, and 36 ms a diagram on the
# 211 diagrams of 119 real chapters (V8 through mini-racer took 4 ms, but starts
# native threads in the process, after which the engine's workers cannot be forked
# from it, and is an 80 MB install).
_PRELUDE = r"""
var window = globalThis, self = globalThis;
globalThis.console = {log() {}, warn() {}, error() {}, info() {}, debug() {}, trace() {}};
globalThis.setTimeout = (callback) => { Promise.resolve().then(callback); return 0; };
globalThis.clearTimeout = () => {};
globalThis.structuredClone = (value) => JSON.parse(JSON.stringify(value));
Function.prototype.sanitize = function (text) { return text; };
Function.prototype.addHook = function () {};
(() => {
  const match = String.prototype.match;
  String.prototype.match = function (pattern) {
    if (pattern instanceof RegExp) {
      let anchored = pattern.manabiAnchored;
      if (anchored === undefined) {
        anchored = !pattern.global && !pattern.sticky && !pattern.multiline && pattern.source.startsWith("^")
          ? new RegExp(pattern.source, pattern.flags + "y") : null;
        Object.defineProperty(pattern, "manabiAnchored", {value: anchored});
      }
      if (anchored) {
        anchored.lastIndex = 0;
        return anchored.exec(this);
      }
    }
    return match.call(this, pattern);
  };
})();
// Each jison lexer then still tried its rules one by one per token, about 120 for a flowchart (1 ms
// an edge).  manabiStart finds, with one regex of all a state's rules as ordered alternatives, the
// first rule that matches: the lexer's own loop (see _FIRST_RULE) begins there, and matches and
// breaks at once, as it would have after failing the rules before it.  An alternation tries its
// branches in order at the same position, so the first branch that matches is the first rule that
// does.  A set of rules it cannot join safely (mixed flags, back-references, named groups,
// lookbehind) starts at 0, as before; so does a lexer in flex or backtracking mode, which weighs
// every rule.
var manabiCombined = new WeakMap();  // a state's rules -> their joined regex, or null
function manabiCombine(all, rules) {
  var flags = null, parts = [], groups = [], next = 1;
  for (var i = 0; i < rules.length; i++) {
    var rule = all[rules[i]];
    if (!(rule instanceof RegExp) || rule.global || rule.sticky || rule.multiline || !rule.source.startsWith("^")
        || /\\[1-9k]|\(\?</.test(rule.source)) return null;
    if (flags === null) flags = rule.flags; else if (flags !== rule.flags) return null;
    groups.push(next);
    parts.push("(" + rule.source + ")");
    next += 1 + (new RegExp("(?:" + rule.source + ")|").exec("").length - 1);
  }
  try { return {regex: new RegExp(parts.join("|"), (flags || "") + "y"), groups: groups}; } catch (e) { return null; }
}
function manabiStart(lexer, rules) {
  if (lexer.options.flex || lexer.options.backtrack_lexer) return 0;
  var combined = manabiCombined.get(rules);
  if (combined === undefined) {
    combined = manabiCombine(lexer.rules, rules);
    manabiCombined.set(rules, combined);
  }
  if (combined === null) return 0;
  combined.regex.lastIndex = 0;
  var found = combined.regex.exec(lexer._input);
  if (found === null) return rules.length;  // no rule matches: the lexer reports its error
  for (var i = 0; i < combined.groups.length; i++) if (found[combined.groups[i]] !== undefined) return i;
  return 0;
}
"""

_CHECK = """
mermaid.initialize({startOnLoad: false, securityLevel: "loose"});
var manabiResult = null, manabiCurrent = 0;
function manabiCheck(text, id) {
  // the id: a parse cut short by the time limit may still settle later, and must not answer for the next diagram
  manabiResult = null;
  manabiCurrent = id;
  mermaid.parse(text).then(
    () => { if (id === manabiCurrent) manabiResult = "ok"; },
    (e) => { if (id === manabiCurrent) manabiResult = JSON.stringify({name: String(e && e.name), message: String(e && e.message || e),
                                            line: e && e.hash && e.hash.loc ? e.hash.loc.first_line : 0}); });
}
"""

# the loop of every jison lexer's next(): it starts at the first rule that matches (manabiStart)
_FIRST_RULE = re.compile(r"for\(var ([\w$]+)=this\._currentRules\(\),([\w$]+)=0;")


def _fast_lexers(bundle: str) -> str:
    return _FIRST_RULE.sub(r"for(var \1=this._currentRules(),\2=manabiStart(this,\1);", bundle)


# errors that are Mermaid's verdict on the text, not on the engine it runs in
_VERDICTS = ("UnknownDiagramError",)
_PARSE_ERROR_RE = re.compile(r"^Parse error on line \d+:\n")


BUNDLE = "mermaid.min.js.gz"
LICENCE = "mermaid.LICENSE"


def mermaid_version() -> str:
    match = re.search(r'version\s*=\s*"([^"]+)"', (VENDOR / "mermaid.toml").read_text(encoding="utf-8"))
    return match.group(1) if match else ""


def bundle_digest() -> str:
    """SHA-256 of the vendored bundle's file.

    The check runs it and the site ships it (``outputs/mermaid_file.py``), so
    it is in the parse key: a new bundle checks every diagram again and
    rewrites the pages that load it.  ``mermaid.toml`` names only the version;
    a bundle rebuilt under the same version must change the keys too.
    """
    return hashlib.sha256((VENDOR / BUNDLE).read_bytes()).hexdigest()


class _Engine(threading.local):
    """One QuickJS context per thread (a context may not move between threads), made on first use."""

    context = None
    failed = False
    checks = 0


# diagram text -> why it was left to the browser unchecked (too long, too slow, no engine here)
_unchecked: dict[str, str] = {}


_engine = _Engine()


def _context():
    if _engine.context is None and not _engine.failed:
        try:
            import quickjs

            context = quickjs.Context()
            context.set_memory_limit(MEMORY_LIMIT_BYTES)
            context.eval(_PRELUDE)
            context.eval(_fast_lexers(gzip.decompress((VENDOR / BUNDLE).read_bytes()).decode("utf-8")))
            context.eval(_CHECK)
            context.set_time_limit(TIME_LIMIT_SECONDS)
            _engine.context = context
        except Exception:  # no engine here (a platform without a wheel): the browser draws as before
            _engine.failed = True
    return _engine.context


def checker_available() -> bool:
    return _context() is not None


@lru_cache(maxsize=1024)
def mermaid_problem(text: str) -> tuple[int, str] | None:
    """(line within the diagram, 0 if unknown; Mermaid's message) for a diagram Mermaid cannot parse, else None."""
    if len(text) > MAX_CHARACTERS:
        _unchecked[text] = f"it is longer than {MAX_CHARACTERS:,} characters"
        return None
    context = _context()
    if context is None:
        _unchecked[text] = "no JavaScript engine here (the quickjs-ng package)"
        return None
    _engine.checks += 1
    try:
        context.eval(f"manabiCheck({json.dumps(text)}, {_engine.checks})")
        while context.execute_pending_job():
            pass
        result = context.eval("manabiResult")
    except Exception:  # over the time or memory limit: left to the browser
        _unchecked[text] = f"Mermaid took longer than {TIME_LIMIT_SECONDS} s or too much memory on it"
        return None
    if not result or result == "ok":
        return None
    error = json.loads(result)
    message = error["message"]
    if error["line"] or _PARSE_ERROR_RE.match(message):
        return error["line"], _parse_error(_PARSE_ERROR_RE.sub("", message))
    if error["name"] in _VERDICTS or message.startswith(("Parsing failed", "No diagram type detected")):
        return 0, _one_line(message)
    return None


def unchecked_reason(text: str) -> str | None:
    """Why :func:`mermaid_problem` left this diagram to the browser unchecked, or None if it was checked."""
    mermaid_problem(text)
    return _unchecked.get(text)


def _parse_error(message: str) -> str:
    """A parser's three lines (the text near the error, a caret under it, what was expected) as one."""
    lines = [line.strip() for line in message.strip().split("\n") if line.strip()]
    if len(lines) == 3 and re.fullmatch(r"-*\^", lines[1]):
        return f"{lines[2]} (near {lines[0]!r})"
    return _one_line(message)


def _one_line(message: str) -> str:
    return " ".join(line.strip() for line in message.strip().split("\n") if line.strip())
