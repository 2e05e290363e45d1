"""Self-check questions: ``:::quiz`` fences a learner answers and checks in the page.

::

    :::quiz
    活性化関数として出力が0から1に収まるのはどれか。

    - [ ] ReLU
      正の入力には上限がありません。
    - [x] シグモイド
    - [ ] 恒等関数
    :::

The choices are the quiz's list whose items all start with ``[ ]`` or
``[x]``: one ``[x]`` makes a single choice (radio buttons), several a
multiple choice (checkboxes).  A choice's first line is its label; what is
indented under it (more lines, paragraphs) is its explanation, shown by
``quiz.js`` when a learner picks it and checks, and in the solution.
``:::quiz{answer=9.81 tolerance=0.01}`` (or ``:answer:`` / ``:tolerance:``
lines) asks for a number instead.  A nested ``:::explanation`` fence
explains the whole question.  ``{id=name}`` gives the quiz a stable id
(``quiz-name``), else it is ``quiz-N`` in page order; progress keeps a
result under the author's id, else a hash of the question's words
(``data-key``), so inserting a quiz moves no result.

Why this shape: the quiz must work without JavaScript and in print, where
nothing can be checked.  So the HTML is the question, the choices as real
form controls inside a ``<fieldset>``, and the solution in a closed
``<details class="answer quiz-solution">``, exactly where an exercise's
answer goes (print options treat it as one).  ``quiz.js`` hides that
``<details>`` (CSS, ``scripting: enabled``), checks against it
(``li[data-correct]``, the number's ``data-answer``), announces the result in
the quiz's ``role=status`` line and copies the explanations of wrong
choices next to them.  Everything that gives the answer away (the solution
with its marks, explanations and number) is one answers region
(:mod:`manabi_ssg.site.answers`), and the buttons another: an edition without
answers publishes the question and its choices, and in their place the
notice that the answer comes later.

A quiz with no correct choice, or a numeric one without a number, is an
ERROR (``quiz-no-correct``, ``quiz-no-number``) at the quiz's line, and is
published as the question alone.  ``env["quizzes"]`` lists id, kind and line.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from html import escape
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from manabi_ssg.site import answers
from manabi_ssg.diagnostics import ERROR, report
from manabi_ssg.markdown.directives import has_directives, normalise, plain_text
from manabi_ssg.markdown.headings import unique_id
from manabi_ssg.markdown.order import Plugin

# "[ ] ", "[x] ", "[X] " at the start of a choice's text (GitHub's task-list markers)
MARKER_RE = re.compile(r"^\[([ xX])\][ \t\u00a0]+")
ID_RE = re.compile(r"[^0-9A-Za-z_-]+")
ID_ATTR_RE = re.compile(r'\sid="[^"]*"')
# an answer= written with nothing after it, which the options parser keeps no value for
ANSWER_WRITTEN_RE = re.compile(r"\{[^{}]*\banswer\s*=", re.IGNORECASE)
# an opener that asks for a number, even with the value left out ("{answer=}" gives directives no option)
NUMERIC_RE = re.compile(r"\{[^{}]*\b(?:answer|tolerance)\s*=|^\s*:(?:answer|tolerance):", re.IGNORECASE)


def quiz_plugin(md: MarkdownIt) -> None:
    # before the task-list rule: a quiz's "[x]" are its choices, not checkboxes
    rules = [rule.name for rule in md.core.ruler.__rules__]
    if "github-tasklists" in rules:
        md.core.ruler.before("github-tasklists", "quiz", _quizzes)
    else:
        md.core.ruler.after("inline", "quiz", _quizzes)
    for name, rule in RENDER_RULES.items():
        md.add_render_rule(name, rule)


def parse_number(text: object) -> float | None:
    """``9.81``, ``９．８１``, ``−3``, ``1e-3`` -> a finite float; None for anything else."""
    value = unicodedata.normalize("NFKC", str(text)).strip().replace("\u2212", "-")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _quizzes(state) -> None:
    env = state.env
    if not has_directives(env):
        return
    tokens = state.tokens
    if not any(t.type == "directive_open" and t.meta.get("name") == "quiz" for t in tokens):
        return
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "directive_open" and token.meta.get("name") == "quiz":
            close = _matching(tokens, index)
            out.extend(_quiz_tokens(token, tokens[index + 1 : close], env))
            index = close + 1
            continue
        out.append(token)
        index += 1
    state.tokens = out


def _matching(tokens: list[Token], start: int) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        depth += {"directive_open": 1, "directive_close": -1}.get(tokens[index].type, 0)
        if depth == 0:
            return index
    return len(tokens) - 1


def _quiz_tokens(opening: Token, body: list[Token], env: dict) -> list[Token]:
    """The quiz's tokens in place of its directive: question, choices or number field, solution."""
    options = opening.meta.get("options", {})
    line = opening.map[0] if opening.map else None
    used: dict[str, int] = env.setdefault("used_ids", {})
    own = ID_RE.sub("-", str(options.get("id", ""))).strip("-")
    env["quiz_count"] = count = env.get("quiz_count", 0) + 1  # broken quizzes count too: ids do not shift when one is fixed
    quiz_id = unique_id(used, "quiz-" + (own or str(count)))

    body, explanation = _take_explanation(body)
    numeric = "answer" in options or "tolerance" in options or bool(NUMERIC_RE.search(_opener_line(env, line)))
    meta: dict = {"id": quiz_id, "level": opening.level}
    if numeric:
        answer = parse_number(options.get("answer", ""))
        tolerance = parse_number(options.get("tolerance", "0"))
        if answer is None or tolerance is None or tolerance < 0:
            written = options.get("answer", "")
            if "answer" in options:
                why = f"answer={written!r} is not a number"
            elif ANSWER_WRITTEN_RE.search(_opener_line(env, line)):
                why = "answer= has no number after it"
            else:
                why = "it has tolerance= but no answer="
            if answer is not None:
                why = f"tolerance={options.get('tolerance')!r} is not a number of 0 or more"
            report(env, ERROR, "quiz-no-number", f"numeric quiz: {why}; write :::quiz{{answer=9.81 tolerance=0.01}}; "
                   "it is published as the question alone", line=line)
            return _question_only(body, meta)
        meta.update(kind="number", answer=options["answer"].strip(), value=answer, tolerance=tolerance,
                    tolerance_text=str(options.get("tolerance", "")).strip())
        question, choices, after = body, [], []
    else:
        found = _choice_list(body)
        if found is None:
            stray = _unboxed_item(body)
            if stray is not None:
                text, item_line = stray
                report(env, ERROR, "quiz-no-correct", f"quiz has no choices: its list of '- [ ]' / '- [x]' choices also holds "
                       f"{text!r}, with no box, so it is no list of choices; give it a box, or set it apart from the list "
                       "with a paragraph between; it is published as the question alone", line=item_line if item_line is not None else line)
                return _question_only(body, meta)
            report(env, ERROR, "quiz-no-correct", "quiz has no choices: write them as a list of '- [ ] wrong' and '- [x] right' "
                   "(or ask for a number with :::quiz{answer=…}); it is published as the question alone", line=line)
            return _question_only(body, meta)
        start, end = found
        choices = _choices(body[start + 1 : end - 1], quiz_id)
        if not any(choice["correct"] for choice in choices):
            report(env, ERROR, "quiz-no-correct", "quiz has no correct choice: mark the right one(s) '- [x]'; "
                   "it is published as the question alone", line=line)
            return _question_only(body, meta)
        question, after = body[:start], body[end:]
        meta["kind"] = "multiple" if sum(choice["correct"] for choice in choices) > 1 else "single"
    meta["key"] = progress_key(own, question)
    env.setdefault("quizzes", []).append({"id": quiz_id, "key": meta["key"], "kind": meta["kind"], "line": (line + 1 + env.get("line_offset", 0)) if line is not None else 0})

    out = [_token("quiz_open", 1, meta, opening.map), *question, _token("quiz_question_close", 0, meta)]
    if numeric:
        out.append(_token("quiz_number", 0, meta))
    else:
        out.append(_token("quiz_choices_open", 1, meta))
        for choice in choices:
            out.extend([_token("quiz_choice_open", 1, {**meta, **choice}), choice["label"], _token("quiz_choice_close", -1, meta)])
        out.append(_token("quiz_choices_close", -1, meta))
    out.extend(after)
    out.append(_token("quiz_actions", 0, meta))
    out.append(_token("quiz_solution_open", 1, meta))
    for choice in choices:
        out.append(_token("quiz_key_open", 1, {**meta, **choice}))
        if choice["explanation"]:
            out.extend([_token("quiz_why_open", 1, meta), *choice["explanation"], _token("quiz_why_close", -1, meta)])
        out.append(_token("quiz_key_close", -1, meta))
    if explanation:
        out.extend([_token("quiz_explanation_open", 1, meta), *explanation, _token("quiz_explanation_close", -1, meta)])
    out.append(_token("quiz_solution_close", -1, meta))
    out.append(_token("quiz_close", -1, meta))
    return out


def progress_key(own_id: str, question: list[Token]) -> str:
    """What progress keeps a quiz's result under: its author's id, else its question's words.

    Not its number: a quiz inserted before it, or a choice reworded, leaves the
    result with the question it belongs to.
    """
    if own_id:
        return "quiz-" + own_id
    words = normalise(plain_text(question)).encode("utf-8")
    return "q" + hashlib.blake2s(words, digest_size=5).hexdigest()


def _opener_line(env: dict, line: int | None) -> str:
    """The quiz's first line as written (0-based ``line`` in the body), "" when unknown."""
    source = env.get("source", "")
    if line is None or not source:
        return ""
    lines = source.splitlines()
    return lines[line] if line < len(lines) else ""


def _question_only(body: list[Token], meta: dict) -> list[Token]:
    """A broken quiz keeps its text (the build still publishes the page), with nothing to check."""
    meta = {**meta, "kind": "broken"}
    return [_token("quiz_open", 1, meta), *body, _token("quiz_question_close", 0, meta), _token("quiz_close", -1, meta)]


def _take_explanation(body: list[Token]) -> tuple[list[Token], list[Token]]:
    """A nested ``:::explanation`` fence leaves the body: it goes into the solution."""
    for index, token in enumerate(body):
        if token.type == "directive_open" and token.meta.get("name") == "explanation" and token.level == body[0].level:
            close = _matching(body, index)
            return body[:index] + body[close + 1 :], body[index + 1 : close]
    return body, []


def _choice_list(body: list[Token]) -> tuple[int, int] | None:
    """(open, just past close) of the last top-level bullet list whose every item starts with ``[ ]`` or ``[x]``."""
    level = body[0].level if body else 0
    found = None
    for index, token in enumerate(body):
        if token.type != "bullet_list_open" or token.level != level:
            continue
        close = index
        depth = 0
        for close in range(index, len(body)):
            depth += body[close].nesting if body[close].type in ("bullet_list_open", "bullet_list_close") else 0
            if depth == 0:
                break
        items = [i for i in range(index + 1, close) if body[i].type == "list_item_open" and body[i].level == level + 1]
        if items and all(_marker(body, i) is not None for i in items):
            found = (index, close + 1)
    return found


def _unboxed_item(body: list[Token]) -> tuple[str, int | None] | None:
    """(text, line) of the first item with no box in a top-level list whose other items have one.

    Markdown joins ``- [x] a`` / ``- [ ] b``, a blank line and ``- note`` into one list, which then is
    no choice list: the author wrote choices, and needs to hear which item broke them."""
    level = body[0].level if body else 0
    items: list[int] = []  # the items of the top-level list being read
    for index, token in enumerate(body):
        if token.type == "bullet_list_open" and token.level == level:
            items = []
        if token.type == "list_item_open" and token.level == level + 1:
            items.append(index)
        if token.type == "bullet_list_close" and token.level == level:
            boxed = [_marker(body, i) is not None for i in items]
            if any(boxed) and not all(boxed):
                stray = items[boxed.index(False)]
                inline = next((t for t in body[stray:] if t.type == "inline"), None)
                lines = body[stray].map
                return (inline.content[:60] if inline else ""), (lines[0] if lines else None)
    return None


def _marker(tokens: list[Token], item: int) -> str | None:
    """``" "`` or ``"x"`` when the list item at ``item`` starts with a task marker."""
    if item + 2 >= len(tokens) or tokens[item + 1].type != "paragraph_open" or tokens[item + 2].type != "inline":
        return None
    match = MARKER_RE.match(tokens[item + 2].content)
    return match.group(1).lower() if match else None


def _choices(items: list[Token], quiz_id: str) -> list[dict]:
    """Each item's label (its first line, as an inline token) and explanation (the rest, as block tokens)."""
    choices: list[dict] = []
    level = items[0].level if items else 0
    starts = [i for i, t in enumerate(items) if t.type == "list_item_open" and t.level == level]
    for number, start in enumerate(starts, start=1):
        end = next(i for i in range(start + 1, len(items)) if items[i].type == "list_item_close" and items[i].level == level)
        correct = _marker(items, start) == "x"
        inline = items[start + 2]  # after its paragraph_open; items[start + 3] closes that paragraph
        label, rest = _split_first_line(inline)
        explanation: list[Token] = []
        if rest is not None:
            opening = Token("paragraph_open", "p", 1)
            opening.block = True
            closing = Token("paragraph_close", "p", -1)
            closing.block = True
            explanation += [opening, rest, closing]
        explanation += items[start + 4 : end]
        for token in explanation:
            if token.level == level + 1:
                token.hidden = False  # a tight list's paragraphs are paragraphs in the solution
        choices.append({"number": number, "correct": correct, "label": label, "explanation": explanation,
                        "choice_id": f"{quiz_id}-choice-{number}"})
    return choices


def _split_first_line(inline: Token) -> tuple[Token, Token | None]:
    """The marker goes; the first line is the label, later lines (after a break) an inline of their own."""
    children = list(inline.children or [])
    if children and children[0].type == "text":
        first = Token("text", "", 0)
        first.content = MARKER_RE.sub("", children[0].content, count=1)
        children[0] = first
    cut = next((i for i, child in enumerate(children) if child.type in ("softbreak", "hardbreak")), None)
    label = Token("inline", "", 0)
    label.map = inline.map
    label.children = children if cut is None else children[:cut]
    label.content = "".join(child.content for child in label.children)
    if cut is None or cut + 1 >= len(children):
        return label, None
    rest = Token("inline", "", 0)
    rest.map = inline.map
    rest.children = children[cut + 1 :]
    rest.content = "".join(child.content for child in rest.children)
    return label, rest


def _token(kind: str, nesting: Literal[-1, 0, 1], meta: dict, source_map=None) -> Token:
    token = Token(kind, "", nesting)
    token.block = True
    token.level = meta.get("level", 0)  # the directive's: section rules (exercises) compare levels
    token.meta = meta
    token.map = source_map
    return token


# --- rendering -------------------------------------------------------------------------------------------


def _text(env: dict, key: str, default: str, **values: str) -> str:
    text = env.get("messages", {}).get(key, default)
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return escape(text)


def _render_open(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    quiz_id = escape(meta["id"])
    attrs = f' class="quiz" id="{quiz_id}" data-kind="{escape(meta["kind"])}"'
    if meta.get("key"):
        attrs += f' data-key="{escape(meta["key"])}"'
    label = _text(env, "quiz", "Check yourself")
    return (f'<div{attrs}>\n<p class="quiz-label">{label}</p>\n'
            f'<div class="quiz-question" id="{quiz_id}-question">\n')


def _render_question_close(self, tokens, idx, options, env) -> str:
    return "</div>\n"


def _render_number(self, tokens, idx, options, env) -> str:
    quiz_id = escape(tokens[idx].meta["id"])
    label = _text(env, "quiz_your_answer", "Your answer")
    return (f'<p class="quiz-number"><label for="{quiz_id}-input">{label}</label> '
            f'<input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" id="{quiz_id}-input" '
            f'name="{quiz_id}" aria-describedby="{quiz_id}-question"></p>\n')


def _render_choices_open(self, tokens, idx, options, env) -> str:
    quiz_id = escape(tokens[idx].meta["id"])
    return f'<fieldset class="quiz-choices" aria-labelledby="{quiz_id}-question">\n<ul>\n'


def _render_choice_open(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    kind = "checkbox" if meta["kind"] == "multiple" else "radio"
    choice_id = escape(meta["choice_id"])
    return (f'<li class="quiz-choice" data-choice="{meta["number"]}"><input type="{kind}" id="{choice_id}" '
            f'name="{escape(meta["id"])}" value="{meta["number"]}"><label for="{choice_id}">')


def _render_choice_close(self, tokens, idx, options, env) -> str:
    return "</label></li>\n"


def _render_choices_close(self, tokens, idx, options, env) -> str:
    return "</ul>\n</fieldset>\n"


def _render_actions(self, tokens, idx, options, env) -> str:
    """Check and reveal, for quiz.js (hidden by CSS without scripting), and the line that says the result.

    A region of its own (kind "control"): an edition without answers has nothing to check against.
    """
    meta = tokens[idx].meta
    quiz_id = escape(meta["id"])
    check = _text(env, "quiz_check", "Check")
    reveal = _text(env, "quiz_reveal", "Show the answer")
    return answers.region(
        f'<p class="quiz-actions" data-pagefind-ignore><button type="button" class="quiz-check">{check}</button> '
        f'<button type="button" class="quiz-reveal">{reveal}</button></p>\n'
        f'<p class="quiz-result" id="{quiz_id}-result" role="status" aria-live="polite" data-pagefind-ignore '
        f'data-right="{_text(env, "quiz_right", "Correct.")}" data-wrong="{_text(env, "quiz_wrong", "Not quite.")}" '
        f'data-missing="{_text(env, "quiz_missing", "Another choice is right too.")}" '
        f'data-choose="{_text(env, "quiz_choose", "Choose an answer first.")}" '
        f'data-number="{_text(env, "quiz_enter_number", "Enter a number.")}" '
        f'data-because="{_text(env, "quiz_because", "{choice}: {why}")}" '
        f'data-shown="{_text(env, "quiz_shown", "The answer: {answer}")}"></p>\n', withheld="", kind="control")


def _render_solution_open(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    summary = _text(env, "quiz_solution", "Answer")
    # the solution is an answer: an edition without answers puts its notice here (quiz_solution_close ends the region)
    html = answers.opening() + f'<details class="answer quiz-solution"><summary>{summary}</summary>\n'
    if meta["kind"] == "number":
        answer = escape(meta["answer"])
        if meta["tolerance"]:
            answer = _text(env, "quiz_number_answer", "{answer} (within ±{tolerance})", answer=meta["answer"], tolerance=meta["tolerance_text"])
        return html + (f'<p class="quiz-key-number" data-answer="{meta["value"]!r}" data-tolerance="{meta["tolerance"]!r}">'
                       f'{answer}</p>\n')
    return html + '<ul class="quiz-key">\n'


def _render_key_open(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    correct = meta["correct"]
    mark = _text(env, "quiz_correct_mark", "correct") if correct else _text(env, "quiz_incorrect_mark", "incorrect")
    # the label again: ids in it (a footnote reference) are the choice's, so the copy has none
    label = ID_ATTR_RE.sub("", self.renderInline(meta["label"].children or [], options, env))
    flag = " data-correct" if correct else ""
    return (f'<li data-choice="{meta["number"]}"{flag}><span class="quiz-key-mark">{mark}</span> '
            f'<span class="quiz-key-label">{label}</span>\n')


def _render_key_close(self, tokens, idx, options, env) -> str:
    return "</li>\n"


def _render_solution_close(self, tokens, idx, options, env) -> str:
    return ("</ul>\n" if tokens[idx].meta["kind"] != "number" else "") + "</details>\n" + answers.closing()


RENDER_RULES = {
    "quiz_open": _render_open,
    "quiz_question_close": _render_question_close,
    "quiz_number": _render_number,
    "quiz_choices_open": _render_choices_open,
    "quiz_choice_open": _render_choice_open,
    "quiz_choice_close": _render_choice_close,
    "quiz_choices_close": _render_choices_close,
    "quiz_actions": _render_actions,
    "quiz_solution_open": _render_solution_open,
    "quiz_key_open": _render_key_open,
    "quiz_why_open": lambda self, tokens, idx, options, env: '<div class="quiz-why">\n',
    "quiz_why_close": lambda self, tokens, idx, options, env: "</div>\n",
    "quiz_key_close": _render_key_close,
    "quiz_explanation_open": lambda self, tokens, idx, options, env: '<div class="quiz-explanation">\n',
    "quiz_explanation_close": lambda self, tokens, idx, options, env: "</div>\n",
    "quiz_solution_close": _render_solution_close,
    "quiz_close": lambda self, tokens, idx, options, env: "</div>\n",
}

# after tasklists: its core rule goes in front of theirs, so a quiz's "[x]" are choices;
# after directives: it reads the fences they make
PLUGIN = Plugin("quiz", quiz_plugin, after=("tasklists", "directives"))

__all__ = ["PLUGIN", "quiz_plugin", "parse_number"]
