"""Exercises: numbered problems with a difficulty, hints and answers.

Recognised two ways:

* **Convention** (the corpus): a section whose heading names exercises after
  any numbering or emoji (``演習問題``, ``3.5 演習問題``, ``📝 演習問題``,
  ``練習問題``, ``Exercises``, ``Exercise Problems``, ``Practice Problems``),
  whose sub-headings name a problem (``問題1（難易度：medium）``,
  ``Problem 2 (Difficulty: Easy)``, ``Problem 3: Title``, ``Exercise 1: Title``,
  ``演習2: Title（難易度: Hard）``), each followed by the question and
  ``<details>`` blocks whose summary says hint (``ヒント``, ``Hint``) or answer
  (``解答例``, ``解答``, ``Answer``, ``Sample Answer``, ``Solution``,
  ``Example Answer``, with or without words after them).
* **Colon fences**: ``:::exercise Title`` with ``:difficulty: hard`` and
  nested ``:::hint`` / ``:::answer`` (see :mod:`manabi_ssg.markdown.directives`).

Each exercise becomes ``<section class="exercise" id="exercise-N"
data-difficulty="easy|medium|hard">`` holding its heading (with a difficulty
badge in words), the question and ``<details class="hint">`` /
``<details class="answer">``, closed, and ends with a ``<button
class="exercise-done" aria-pressed="false">`` for ``progress.js`` (hidden
without scripting or storage).  A ``<button class="answers-toggle"
hidden>`` precedes the exercises; ``manabi.js`` reveals it and makes it open
or close every answer.  ``env["exercises"]`` lists number, title,
difficulty, id, has_answer and line.  An exercise without an answer is a
WARNING ``exercise-no-answer``.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from manabi_ssg.site import answers as editions
from manabi_ssg.diagnostics import WARNING, report
from manabi_ssg.markdown.blocklines import each_open, last_heading_levels, matching_close, with_inserts
from manabi_ssg.markdown.teaching.exercise_identity import page_keys
from manabi_ssg.markdown.directives import add_class, has_directives, heading_level, heading_words, html_token, normalise, plain_text, section_end, text_token
from manabi_ssg.markdown.headings import inline_text, unique_id
from manabi_ssg.markdown.order import Plugin

SECTION_RE = re.compile(
    r"^(?:演習問題|練習問題|演習|練習|章末問題|exercises|exercise problems|practice problems|practice exercises|problems)"
    r"(?:\s*\([^)]*\))?\s*$",
    re.IGNORECASE,
)
EXERCISE_RE = re.compile(
    r"^(?:演習問題|練習問題|問題|演習|練習|problem|exercise|question)\s*(\d+(?:[.-]\d+)*)\s*(.*)$",
    re.IGNORECASE,
)
# "問題1の解答", "Problem 2 solution": an answer written as a heading, not an exercise
ANSWER_HEADING_RE = re.compile(r"^(?:の|\s*[-:]?\s*)(?:解答|解説|答え|回答|solution|answer)", re.IGNORECASE)
DIFFICULTY_RE = re.compile(r"[(\[]?\s*(?:難易度|difficulty|level|レベル)\s*[:=]?\s*([^)\]]+?)\s*[)\]]?\s*$", re.IGNORECASE)
STARS_RE = re.compile(r"[★☆]+")
# "（難易度：medium）" at a heading's end, as written (full-width or not)
DIFFICULTY_TAIL_RE = re.compile(r"\s*[(（\[［]\s*(?:難易度|difficulty|level|レベル)\s*[:：=]?\s*([^)）\]］]+?)\s*[)）\]］]\s*$", re.IGNORECASE)

DIFFICULTY_WORDS = {
    "easy": ("easy", "beginner", "basic", "elementary", "易", "初級", "基礎", "やさしい", "簡単"),
    "medium": ("medium", "intermediate", "normal", "moderate", "中", "中級", "標準", "普通"),
    "hard": ("hard", "advanced", "difficult", "challenging", "難", "上級", "発展", "応用", "難しい"),
}
HINT_WORDS = ("ヒント", "hint")
ANSWER_WORDS = ("解答", "模範解答", "回答", "答え", "解説", "answer", "sample answer", "solution", "example answer", "model answer")


def exercises_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("exercises", _exercises)
    md.add_render_rule("exercise_open", _render_exercise_open)
    md.add_render_rule("exercise_close", _render_exercise_close)
    md.add_render_rule("answers_toggle", _render_toggle)


def difficulty_of(text: str) -> str:
    """``medium``/``Hard``/``中級``/``★★☆`` -> "easy" | "medium" | "hard" | ""."""
    value = normalise(text).lower().strip()
    stars = STARS_RE.search(value)
    if stars:
        filled = stars.group(0).count("★")
        return ("easy", "easy", "medium", "hard", "hard", "hard")[min(filled, 5)]
    best, best_len = "", 0
    for level, words in DIFFICULTY_WORDS.items():
        for word in words:  # the longest word found decides: "中級" is medium, "上級" hard
            if word in value and len(word) > best_len:
                best, best_len = level, len(word)
    return best


def summary_kind(summary: str) -> str:
    """``"hint"``, ``"answer"`` or ``""`` for a ``<summary>`` text."""
    text = normalise(summary).lower().lstrip("▶►▼💡📝✅🔑 ")
    if text.startswith(HINT_WORDS):
        return "hint"
    if text.startswith(ANSWER_WORDS):
        return "answer"
    return ""


def parse_heading(text: str) -> dict | None:
    """``問題1（難易度：medium）`` -> {"number": "1", "title": "", "difficulty": "medium"}.

    ``None`` when the heading does not name a problem (or names its answer:
    ``問題1の解答``).
    """
    match = EXERCISE_RE.match(heading_words(text))
    if not match:
        return None
    number, rest = match.group(1), match.group(2).strip()
    if ANSWER_HEADING_RE.match(rest) or rest.startswith(("の", "を", "は", "が", "で", "に")):
        return None
    difficulty = unknown = ""
    found = DIFFICULTY_RE.search(rest)
    if found and (found.start() == 0 or rest[found.start()] in "([" or rest[found.start() - 1] in " :-"):
        difficulty = difficulty_of(found.group(1))
        if difficulty:
            rest = rest[: found.start()].strip()
        elif found.group(0).lstrip()[:1] in "([" or re.search(r"[:=]", found.group(0)):
            unknown = found.group(1).strip()  # "(難易度：meduim)": meant as a difficulty, reported
            rest = rest[: found.start()].strip()
    title = rest.lstrip(":.-–— ").strip()
    parsed = {"number": number, "title": title, "difficulty": difficulty}
    return {**parsed, "unknown_difficulty": unknown} if unknown else parsed


KNOWN_DIFFICULTIES = "easy, medium or hard (or 易/中/難, 初級/中級/上級, ★ to ★★★)"


def unknown_difficulty_message(written: str) -> str:
    """Why ``written`` gives no badge, with the difficulty it most likely means (``meduim`` -> medium)."""
    words = {word: level for level, group in DIFFICULTY_WORDS.items() for word in group}
    close = difflib.get_close_matches(normalise(written).lower(), list(words), n=1, cutoff=0.6)
    hint = f"; did you mean {words[close[0]]}?" if close else ""
    return (f"difficulty {written!r} is not one manabi knows, so the exercise gets no badge and the difficulty "
            f"filter misses it: write {KNOWN_DIFFICULTIES}{hint}")


PROBLEM_NAMED_RE = re.compile(r"(?:問題|演習|problem|exercise)\s*\d", re.IGNORECASE)
PLURAL_ANSWER_RE = re.compile(r"(?:examples|solutions|answers|一覧|まとめ|全問)", re.IGNORECASE)


def _trailing_answers_start(tokens: list[Token], start: int, end: int) -> int:
    """End of the last exercise: before the first ``---`` that only answer blocks follow.

    Read back to front once: what follows each ``---`` is known from the one after it.
    """
    level = tokens[start].level
    found = end
    followed = has_answer = False  # about the tokens after the one in hand, all answer blocks or rules so far
    for index in range(end - 1, start + 2, -1):
        token = tokens[index]
        if token.level != level or token.nesting < 0:
            continue
        if token.type == "hr" and followed and has_answer:
            found = index
        followed = True
        if token.type not in ("details_open", "hr"):
            break  # no earlier ---: this token follows it
        has_answer = has_answer or (token.type == "details_open" and summary_kind(token.meta.get("summary", "")) == "answer")
    return found


def _shared_answers(tokens: list[Token], start: int, end: int, wraps: list[tuple[int, int, dict]]) -> bool:
    """Answer blocks given for the whole section: outside every exercise, or titled in the plural."""
    found = False
    starts = [a for a, _, _ in wraps]  # in order, and they do not overlap
    for index in range(start, end):
        token = tokens[index]
        if token.type != "details_open" or summary_kind(token.meta.get("summary", "")) != "answer":
            continue
        at = bisect_right(starts, index) - 1
        outside = at < 0 or index >= wraps[at][1]
        names_problems = False  # "### 問題1の解答", "### Solution to Problem 2" inside one block
        depth = 0
        for position in range(index, end):
            inner = tokens[position]
            depth += inner.nesting if inner.type in ("details_open", "details_close") else 0
            if depth == 0:
                break
            if inner.type == "inline" and tokens[position - 1].type == "heading_open" and PROBLEM_NAMED_RE.search(normalise(inner.content)):
                names_problems = True
                break
        if outside or names_problems or PLURAL_ANSWER_RE.search(normalise(token.meta.get("summary", ""))):
            if outside:
                add_class(token, "answer")
                if "open" in (token.attrs or {}):
                    del token.attrs["open"]
            found = True
    return found


def _badge(difficulty: str, env: dict) -> str:
    if not difficulty:
        return ""
    messages = env.get("messages", {})
    label = messages.get("difficulty", "Difficulty")
    word = messages.get(f"difficulty_{difficulty}", difficulty)
    return (
        f' <span class="difficulty-badge" data-difficulty="{difficulty}">'
        f'<span class="visually-hidden">{escape(label)}: </span>{escape(word)}</span>'
    )


def _drop_repeated_difficulty(inline: Token, difficulty: str, heading_id: str, toc_by_id: dict[str, list[dict]]) -> None:
    """``問題1（難易度：medium）`` shows ``問題1`` beside the badge, which says it.

    Only a bare level word goes (``medium``, ``中級``, ``Hard``); anything
    more the author wrote (``（難易度：中、30分）``, stars) stays.  The
    heading's entry in the table of contents loses the same words
    (``toc_by_id``: the entries by heading id).
    """
    last = inline.children[-1] if inline.children else None
    if last is None or last.type != "text":
        return
    cut = _bare_difficulty_tail(last.content, difficulty)
    if cut is None:
        return
    last.content = last.content[:cut]
    for entry in toc_by_id.get(heading_id, ()):
        entry_cut = _bare_difficulty_tail(entry["text"], difficulty)
        if entry_cut is not None:
            entry["text"] = entry["text"][:entry_cut]


def _bare_difficulty_tail(text: str, difficulty: str) -> int | None:
    """Where a trailing ``（難易度：medium）`` naming ``difficulty`` starts, if the text has more before it."""
    found = DIFFICULTY_TAIL_RE.search(text)
    if found and normalise(found.group(1)).lower() in DIFFICULTY_WORDS[difficulty] and found.start() > 0:
        return found.start()
    return None


def _details_tokens(kind: str, title: str, env: dict, source: Token) -> list[Token]:
    """``:::hint`` / ``:::answer`` as the details tokens the details plugin makes."""
    messages = env.get("messages", {})
    summary = title or messages.get(kind, kind.capitalize())
    opening = Token("details_open", "details", 1)
    opening.block = True
    opening.map = source.map
    opening.attrs = {"class": kind}
    opening.meta = {"summary": summary, "kind": kind}
    inline = Token("inline", "", 0)
    inline.content = summary
    inline.children = [text_token(summary)]
    inline.map = source.map
    return [opening, Token("summary_open", "summary", 1), inline, Token("summary_close", "summary", -1)]


def _convert_directives(tokens: list[Token], env: dict) -> list[Token]:
    out: list[Token] = []
    stack: list[str] = []
    for token in tokens:
        if token.type == "directive_open":
            name = token.meta.get("name", "")
            stack.append(name)
            if name in ("hint", "answer", "solution"):
                kind = "answer" if name == "solution" else name
                out.extend(_details_tokens(kind, token.meta.get("title", ""), env, token))
                continue
            if name == "exercise":
                token.type = "exercise_open"
                token.tag = "section"
                token.meta = {**token.meta, "directive": True}
        elif token.type == "directive_close" and stack:
            name = stack.pop()
            if name in ("hint", "answer", "solution"):
                close = Token("details_close", "details", -1)
                close.block = True
                out.append(close)
                continue
            if name == "exercise":
                token.type = "exercise_close"
                token.tag = "section"
        out.append(token)
    return out


def _exercises(state) -> None:
    env = state.env
    tokens = _convert_directives(state.tokens, env) if has_directives(env) else state.tokens
    used: dict[str, int] = env.setdefault("used_ids", {})

    # Convention: exercises sections and their problem headings.
    wraps: list[tuple[int, int, dict]] = []  # (start, end, info)
    shared: set[int] = set()  # exercises sections whose answers are given for all problems at once
    toggles: list[int] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and SECTION_RE.match(heading_words(inline_text(tokens[index + 1]))):
            end = section_end(tokens, index)
            level = heading_level(token)
            first = True
            sub = index + 3
            section_wraps: list[tuple[int, int, dict]] = []
            while sub < end:
                item = tokens[sub]
                if item.type == "heading_open" and item.level == token.level and heading_level(item) > level:
                    parsed = parse_heading(inline_text(tokens[sub + 1]))
                    if parsed:
                        if first:
                            toggles.append(sub)
                            first = False
                        item_end = section_end(tokens, sub, end)
                        section_wraps.append((sub, item_end, {**parsed, "section": index}))
                        sub = item_end
                        continue
                sub += 1
            if section_wraps:
                section_wraps[-1] = (section_wraps[-1][0], _trailing_answers_start(tokens, section_wraps[-1][0], section_wraps[-1][1]), section_wraps[-1][2])
                if _shared_answers(tokens, index, end, section_wraps):
                    shared.add(index)
            wraps.extend(section_wraps)
            index = end
            continue
        index += 1

    # Directive exercises need a toggle too (before the first one of the page).
    directive_starts = [i for i, t in enumerate(tokens) if t.type == "exercise_open"]
    if directive_starts and not toggles:
        toggles.append(directive_starts[0])

    # Insert wrappers back to front so indices stay valid.
    inserts: list[tuple[int, int, Token]] = []  # (position, order, token)
    for start, end, parsed in wraps:
        opening = Token("exercise_open", "section", 1)
        opening.block = True
        opening.map = tokens[start].map
        opening.meta = {**parsed, "heading": start}
        closing = Token("exercise_close", "section", -1)
        closing.block = True
        inserts.append((end, 0, closing))
        inserts.append((start, 2, opening))
    for position in toggles:
        toggle = Token("answers_toggle", "button", 0)
        toggle.block = True
        inserts.append((position, 1, toggle))
    tokens = with_inserts(tokens, inserts)

    # Walk the exercises in order: ids, badges, details classes, the list.
    hint_steps: list[tuple[int, int, Token]] = []  # the "next hint" buttons, inserted after the walk
    found: list[dict] = env.setdefault("exercises", [])
    first_found = len(found)
    identities: list[tuple[str, str, str, str]] = []  # (author id, title, question, number), for the progress keys
    closes: list[int] = []
    toc_by_id: dict[str, list[dict]] | None = None
    for sequence, (index, token) in enumerate(each_open(tokens, "exercise_open"), start=1):
        close = matching_close(tokens, index)
        meta = token.meta
        if meta.get("directive"):
            options = meta.get("options", {})
            title = meta.get("title", "")
            number = str(options.get("number") or sequence)
            difficulty = difficulty_of(options.get("difficulty", "")) if options.get("difficulty") else ""
            if options.get("difficulty") and not difficulty:
                report(env, WARNING, "exercise-difficulty-unknown", unknown_difficulty_message(str(options["difficulty"]).strip()),
                       line=token.map[0] if token.map else None)
            heading_id = ""
            author_id = str(options.get("id") or "")
        else:
            number, title, difficulty = meta["number"], meta["title"], meta["difficulty"]
            heading_open = tokens[index + 1]
            heading_inline = tokens[index + 2]
            heading_id = str(heading_open.attrGet("id") or "")
            author_id = str(heading_open.meta.get("author_id") or "")
            if meta.get("unknown_difficulty"):
                report(env, WARNING, "exercise-difficulty-unknown", unknown_difficulty_message(meta["unknown_difficulty"]),
                       line=heading_open.map[0] if heading_open.map else None)
            badge = _badge(difficulty, env)
            if badge:
                if toc_by_id is None:
                    toc_by_id = {}
                    for entry in env.get("toc", ()):
                        toc_by_id.setdefault(entry["id"], []).append(entry)
                _drop_repeated_difficulty(heading_inline, difficulty, heading_id, toc_by_id)
            if badge and heading_inline.children is not None:
                heading_inline.children.append(html_token(badge))
        exercise_id = unique_id(used, "exercise-" + re.sub(r"[^0-9A-Za-z]+", "-", number).strip("-"))
        token.attrs = {"class": "exercise", "id": exercise_id}
        if difficulty:
            token.attrs["data-difficulty"] = difficulty
        if heading_id:
            token.attrs["aria-labelledby"] = heading_id
        token.meta = {**meta, "number": number, "title": title, "difficulty": difficulty, "id": exercise_id}
        identities.append((author_id, title, _question_text(tokens, index, close), number))
        closes.append(close)

        hints = answers = 0
        steps: list[tuple[int, Token]] = []  # the exercise's own hints (not one inside an answer): (index, details_open)
        depth = 0
        for position in range(index, close):
            inner = tokens[position]
            if inner.type == "details_close":
                depth -= 1
            if inner.type != "details_open":
                continue
            depth += 1
            kind = inner.meta.get("kind") or summary_kind(inner.meta.get("summary", ""))
            if kind:
                add_class(inner, kind)
                if "open" in (inner.attrs or {}):
                    del inner.attrs["open"]  # hints and answers start closed
                hints += kind == "hint"
                answers += kind == "answer"
                _name_with_exercise(tokens, position, number, env)
                if kind == "hint" and depth == 1:
                    steps.append((position, inner))
        if len(steps) > 1:
            hint_steps.append(_hint_steps(tokens, token, steps, env))
        if not answers and meta.get("section") in shared:
            answers = 1  # answered in the section's shared answer block
        line = token.map[0] if token.map else None
        found.append({
            "number": number,
            "title": title,
            "difficulty": difficulty,
            "id": exercise_id,
            "has_answer": answers > 0,
            "hints": hints,
            "line": (line + 1 + env.get("line_offset", 0)) if line is not None else 0,
        })
        if not answers:
            named = f"exercise {number}" + (f" '{title}'" if title else "")
            report(env, WARNING, "exercise-no-answer", f"{named} has no answer (<details> with <summary>解答例/Answer</summary>)", line=line)
    for item, close, keys in zip(found[first_found:], closes, page_keys(identities)):
        item["keys"] = keys
        tokens[close].meta = {"id": item["id"], "keys": keys, "number": item["number"]}  # its "done" button (progress.js) names the exercise
    if directive_starts:
        last_heading_levels(tokens, "exercise_open")
    tokens = with_inserts(tokens, hint_steps)
    state.tokens = _mark_answers(tokens)


def _hint_steps(tokens: list[Token], exercise: Token, steps: list[tuple[int, Token]], env: dict) -> tuple[int, int, Token]:
    """Several hints open one at a time: each numbered, and after the first a button for the next.

    The exercise says how many (``data-hints``), each hint its place
    (``data-hint``); ``components.css`` shows only the first while scripting
    runs, and ``manabi.js`` reveals the next on each press.  Without scripting
    they stay plain ``<details>`` and the button is not shown.  Returns the
    button's insert (after the first hint).
    """
    total = len(steps)
    exercise.attrs["data-hints"] = str(total)
    for number, (_, hint) in enumerate(steps, start=1):
        hint.attrSet("data-hint", str(number))
    label = env.get("messages", {}).get("hint_next", "Hint {n}/{total}")
    shown = label.replace("{n}", "2").replace("{total}", str(total))
    bar = _mark(f'<p class="hint-next-bar" data-pagefind-ignore><button type="button" class="hint-next" data-next="2" '
                f'data-total="{total}" data-label="{escape(label)}"><span class="hint-next-words">{escape(shown)}</span>'
                f'{of_exercise(str(exercise.meta.get("number", "")), env)}</button></p>\n')
    return (matching_close(tokens, steps[0][0]) + 1, 0, bar)


def _mark_answers(tokens: list[Token]) -> list[Token]:
    """Every answer as a region an edition may withhold (answers.py).

    An answer is a ``<details>`` classed ``answer`` (in an exercise, a shared
    answer block, ``:::answer`` anywhere, or written so by hand) or one whose
    summary says answer (``解答例``, ``Solution``) wherever it stands: an
    edition without answers must not publish one that sits outside an
    exercises section.  So is a section whose heading names answers
    (:func:`_answer_heading`), up to the next heading of its level or the end
    of what holds it.  An answer inside another is marked too; the outer one
    is withheld whole.
    """
    spans: list[tuple[int, int]] = []  # [start, end) of each answer, in token indices
    exercises_seen = False
    for index, token in enumerate(tokens):
        if token.type == "exercise_open":
            exercises_seen = True
        if token.type == "heading_open" and index + 1 < len(tokens):
            words = heading_words(inline_text(tokens[index + 1]))
            exercises_seen = exercises_seen or bool(SECTION_RE.match(words))
            if _answer_heading(words, exercises_seen):
                spans.append((index, _heading_section_end(tokens, index)))
            continue
        if token.type == "html_block" and (raw := RAW_ANSWER_RE.match(token.content)):
            spans.append((index, _raw_answer_end(tokens, index, raw.group(1))))
            continue
        if token.type != "details_open":
            continue
        classes = str(token.attrGet("class") or "").split()
        if "answer" in classes or _says_answer(token.meta.get("summary", "")):
            spans.append((index, matching_close(tokens, index) + 1))
    inserts: list[tuple[int, int, Token]] = []
    for start, end in spans:
        inserts.append((start, 1, _mark(editions.opening())))  # where one answer ends and the next begins: the end first
        inserts.append((end, -start, _mark(editions.closing())))  # an inner answer ends before an outer one
    inserts += _answer_footnotes(tokens, spans)
    return with_inserts(tokens, inserts) if inserts else tokens


# an answer word anywhere in a summary ("Show answer", "正解", "Sample solution"): withheld, though not classed
ANSWER_ANYWHERE_RE = re.compile(r"解答|正解|答え|回答|\banswers?\b|\bsolutions?\b", re.IGNORECASE)


def _says_answer(summary: str) -> bool:
    """Whether a ``<details>`` summary names an answer, for withholding: wider than :func:`summary_kind`,
    since an edition without answers must not publish one a summary words its own way; a hint stays a hint."""
    kind = summary_kind(summary)
    return kind == "answer" or (kind != "hint" and bool(ANSWER_ANYWHERE_RE.search(normalise(summary))))


# "問題1の解答", "演習問題の解答", "Solutions to the exercises", "Problem 2: Answer": answers named for problems
NAMED_ANSWERS_RE = re.compile(
    r"(?:演習|練習|問題|exercise|problem|question).*(?:解答|答え|回答|solution|answer)"
    r"|(?:solution|answer)s?\s+(?:to|for|of)\b.*(?:exercise|problem|question)",
    re.IGNORECASE,
)
MIXED_RE = re.compile(r"(?:と|&|\band\b)\s*(?:解答|答え|solutions?|answers?)", re.IGNORECASE)
# "解答", "解答例", "解答と解説", "Answers", "Answer key": answers, when the page has exercises before them
BARE_ANSWERS_RE = re.compile(
    r"^(?:解答例?|模範解答|回答|答え|answers?|solutions?|sample answers?|model answers?|worked solutions?|answer key)"
    r"(?:\s*(?:と解説|・解説|および解説|一覧|まとめ))?$",
    re.IGNORECASE,
)


def _answer_heading(words: str, exercises_seen: bool) -> bool:
    """Whether a heading's words name answers: named for problems anywhere, or bare after exercises.

    A bare "Solutions" before any exercise is more likely chemistry's (溶液) than an answer key.
    """
    if MIXED_RE.search(words):  # "練習問題と解答", "Problems and solutions": the questions are there too
        return False
    return bool(NAMED_ANSWERS_RE.search(words) or (exercises_seen and BARE_ANSWERS_RE.match(words)))


def _heading_section_end(tokens: list[Token], start: int) -> int:
    """Index past the section the heading at ``start`` opens: the next heading of its level or above, or the
    end of the block that holds it (an exercise, a list item), whichever comes first."""
    level = heading_level(tokens[start])
    depth = 0
    for index in range(start, len(tokens)):
        token = tokens[index]
        if index > start and depth == 0 and token.type == "heading_open" and heading_level(token) <= level:
            return index
        depth += token.nesting
        if depth < 0:
            return index
    return len(tokens)


# raw HTML an author classed as an answer: <div class="answer">, <section class="solution">, <aside class="answers">
RAW_ANSWER_RE = re.compile(r"""^\s*<(div|section|aside)\b[^>]*\bclass\s*=\s*["'][^"']*\b(?:answers?|solutions?)\b""", re.IGNORECASE)


def _raw_answer_end(tokens: list[Token], start: int, tag: str) -> int:
    """Index past the raw HTML block that closes the ``<tag class="answer">`` opened at ``start``.

    Its tags are counted in the raw blocks that follow at the same depth (the Markdown between them
    is the answer's body); a close never found there, or a container ending first, leaves only the
    opening block marked, so the page's HTML stays whole.
    """
    opens = re.compile(rf"<{tag}\b", re.IGNORECASE)
    closes = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
    depth = nesting = 0
    for index in range(start, len(tokens)):
        token = tokens[index]
        if index > start:
            nesting += token.nesting
        if nesting < 0:
            break
        if token.type == "html_block" and nesting == 0:
            depth += len(opens.findall(token.content)) - len(closes.findall(token.content))
            if depth <= 0:
                return index + 1
    return start + 1


def _answer_footnotes(tokens: list[Token], spans: list[tuple[int, int]]) -> list[tuple[int, int, Token]]:
    """The footnotes only answers cite, as regions: their text is printed at the page's end, outside the answer."""
    if not spans or not any(token.type == "footnote_block_open" for token in tokens):
        return []
    starts = sorted(spans)
    inside: set[int] = set()
    outside: set[int] = set()
    covered_until, taken = -1, 0  # one sweep: answers nest or stand apart
    for index, token in enumerate(tokens):
        while taken < len(starts) and starts[taken][0] <= index:
            covered_until = max(covered_until, starts[taken][1])
            taken += 1
        if token.type != "inline" or not token.children:
            continue
        within = index < covered_until
        for child in token.children:
            if child.type == "footnote_ref":
                (inside if within else outside).add(int(child.meta.get("id", -1)))
    only = inside - outside
    found = []
    for index, token in enumerate(tokens):
        if token.type == "footnote_open" and token.meta.get("id") in only:
            found.append((index, 1, _mark(editions.opening("control"))))
            found.append((matching_close(tokens, index) + 1, -index, _mark(editions.closing(""))))
    return found


def _mark(content: str) -> Token:
    token = Token("html_block", "", 0)
    token.block = True
    token.content = content
    return token


def _question_text(tokens: list[Token], start: int, close: int) -> str:
    """The words of an exercise outside its heading and its hints and answers: what its question says."""
    parts = []
    depth = 0
    for position in range(start + 1, close):
        token = tokens[position]
        if token.type == "details_open":
            depth += 1
        elif token.type == "details_close":
            depth -= 1
        elif depth == 0 and token.type in ("inline", "fence", "code_block") and tokens[position - 1].type != "heading_open":
            parts.append(token.content)
    return "\n".join(parts)


def _render_exercise_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    html = f"<section{self.renderAttrs(token)}>\n"
    meta = token.meta
    if meta.get("directive"):
        messages = env.get("messages", {})
        label = messages.get("exercise", "Exercise")
        above = meta.get("heading_level")
        level = min(above + 1, 6) if above else 3
        title = f": {escape(meta['title'])}" if meta.get("title") else ""
        html += (
            f'<h{level} class="exercise-title"><span class="exercise-number">{escape(label)} {escape(meta["number"])}</span>'
            f"{title}{_badge(meta.get('difficulty', ''), env)}</h{level}>\n"
        )
    return html


def of_exercise(number: str, env) -> str:
    """``<span class="visually-hidden">（問題1）</span>``: what makes a control's name say its problem.

    In a screen reader's list of controls every hint, answer and "done" would
    otherwise read alike ("ヒント", "解けた"); the visible words stay first in the
    name, so voice control ("click ヒント") still finds them.
    """
    words = env.get("messages", {}).get("of_exercise", " (exercise {number})").replace("{number}", number)
    return f'<span class="visually-hidden">{escape(words)}</span>'


def _name_with_exercise(tokens: list[Token], position: int, number: str, env) -> None:
    """The hint's or answer's summary (details_open, summary_open, inline) ends with its problem's name."""
    if position + 2 < len(tokens) and tokens[position + 1].type == "summary_open" and tokens[position + 2].type == "inline":
        inline = tokens[position + 2]
        children = list(inline.children or [])
        if children and (children[-1].meta or {}).get("of_exercise"):
            children.pop()  # named by an outer exercise first: the innermost one's name wins
        name = html_token(of_exercise(number, env))
        name.meta = {"of_exercise": True}
        inline.children = [*children, name]


def _render_exercise_close(self, tokens, idx, options, env) -> str:
    """The exercise's "done" toggle, hidden until progress.js finds storage it may use, then ``</section>``."""
    meta = tokens[idx].meta or {}
    if not meta.get("id"):
        return "</section>\n"
    messages = env.get("messages", {})
    label = escape(messages.get("exercise_done", "Done"))
    keys = meta.get("keys") or [meta["id"]]
    also = f' data-keys="{escape(" ".join(keys[1:]))}"' if len(keys) > 1 else ""
    # how it was solved (progress.js records opened hints and answers): said once it is marked done
    helped = " ".join(f'data-label-{level}="{escape(messages.get(f"help_{level}", level))}"' for level in ("none", "hints", "answer"))
    return (
        f'<p class="exercise-done-bar" data-pagefind-ignore><button type="button" class="exercise-done" aria-pressed="false" '
        f'data-exercise="{escape(keys[0])}"{also}>{label}{of_exercise(str(meta.get("number", "")), env) if meta.get("number") else ""}</button> <span class="exercise-help" aria-live="polite" {helped}></span></p>\n</section>\n'
    )


def _render_toggle(self, tokens, idx, options, env) -> str:
    messages = env.get("messages", {})
    show = escape(messages.get("show_all_answers", "Open all answers"))
    hide = escape(messages.get("hide_all_answers", "Close all answers"))
    return editions.region(  # an edition without answers has nothing for it to open
        f'<p class="answers-toggle-bar"><button type="button" class="answers-toggle" hidden aria-pressed="false" '
        f'data-label-show="{show}" data-label-hide="{hide}">{show}</button></p>\n', withheld="", kind="control")


__all__ = ["exercises_plugin", "parse_heading", "summary_kind", "difficulty_of", "plain_text"]


# after headings: it reads the heading ids and the contents; after bibliography: kept
PLUGIN = Plugin("exercises", exercises_plugin, after=("headings", "bibliography"))
