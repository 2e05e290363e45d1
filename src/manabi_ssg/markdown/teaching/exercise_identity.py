"""An exercise's identity for progress: what a "done" mark is kept under.

Marks used to be kept under ``exercise-N``, the exercise's number, so a new
問題1 written before the others moved every mark onto the wrong problem.  An
identity must not shift when problems are inserted, removed or renumbered,
and should survive edits to the text where it can:

* an author's ``{#id}`` on the exercise's heading (``:id:`` on a
  ``:::exercise``) is the identity, and the only one: the author pins it;
* else each exercise gets up to three keys, from its own words only: its
  title (``Problem 3: Gradient descent``, the number left out), the first
  words of its question and the last words of its question (10 letters each).  A mark is kept
  under all of them and an exercise counts as done when any one matches, so
  editing the title, the start or the end of a question keeps the mark
  (editing all of them at once is a new exercise);
* a key that two exercises of one page share (two questions that open with
  the same sentence) names neither and is dropped; an exercise left with no
  key (no title, no question text) falls back to its number, the old
  positional rule, as nothing else tells it apart.

Keys are a letter (what they were made from) and eight hex digits of a
SHA-1 of the normalised text (NFKC, case folded, letters and digits only, so
re-wrapping a line or changing 、 to , keeps them): short in every page that
counts progress, and never carrying text a learner's exported file would
not need.
"""

from __future__ import annotations

import hashlib
import unicodedata

# How many letters of a question's start and end make its keys: few, so an edit anywhere but the
# first or last few words keeps a key (a sentence made longer in its middle keeps both); a start two
# problems share ("Write a function") names neither and is dropped, so little is lost by it.
EDGE = 10


def _letters(text: str) -> str:
    """NFKC, case folded, letters and digits only."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def _key(kind: str, text: str) -> str:
    return kind + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def exercise_keys(author_id: str, title: str, question: str, number: str) -> list[str]:
    """The keys of one exercise, the author's id alone when given (see the module's docstring)."""
    if author_id:
        return [_key("i", author_id)]
    keys = []
    named = _letters(title)
    if named and named != _letters(number):
        keys.append(_key("t", named))
    words = _letters(question)
    if words:
        keys.append(_key("q", words[:EDGE]))
        if len(words) > EDGE:
            keys.append(_key("z", words[-EDGE:]))
    return keys


def page_keys(exercises: list[tuple[str, str, str, str]]) -> list[list[str]]:
    """Keys for each of a page's exercises, given as (author_id, title, question, number).

    A key two exercises share is dropped from both; one left with none falls
    back to its number (made unique by its place among those that fell back).
    """
    found = [exercise_keys(*item) for item in exercises]
    seen: dict[str, int] = {}
    for keys in found:
        for key in set(keys):
            seen[key] = seen.get(key, 0) + 1
    result = []
    fallbacks: dict[str, int] = {}
    for keys, (author_id, _, _, number) in zip(found, exercises):
        kept = [key for key in keys if seen[key] == 1 or key[0] == "i"]
        if not kept:
            repeat = fallbacks[number] = fallbacks.get(number, 0) + 1
            kept = [_key("n", f"{number}#{repeat}")]
        result.append(kept)
    return result
