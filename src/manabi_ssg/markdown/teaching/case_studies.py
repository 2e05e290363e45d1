"""Case studies: a real project told in a section, with an at-a-glance box.

Recognised from h2-h4 headings that name one after any numbering or emoji
(``4.1 ケーススタディ1：触媒反応のメカニズム解明``, ``ケーススタディ: A-Lab``,
``3.2 事例2：蒸留塔の最適化``, ``Case Study 2: Lithium-Ion Battery ...``,
``Case Study: ...``), and from ``:::case-study Title`` colon fences.

The heading and everything up to the next heading of the same or a higher
level is wrapped in ``<section class="case-study" id="case-study-N">``.
Right after the heading comes ``<aside class="case-study-glance">`` with a
``<dl>`` of the labelled lines the section already has (``**研究グループ**:
...``, ``**論文**: ...``, ``- **MLP手法**: ...``, ``**定量的インパクト**:``
followed by a list; ``Research group``/``Paper``/``Method``/``Quantitative
impact`` in English).  Only labels on the list below are taken, each once,
and nothing is invented: a section without them gets no box.  Each fact moves
from the text into the box (:mod:`manabi_ssg.markdown.teaching.glance_moves`), so it
shows once.  ``env["case_studies"]`` lists number, title, id, line
and the facts as plain text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from manabi_ssg.markdown.blocklines import each_open, last_heading_levels, matching_close, with_inserts
from manabi_ssg.markdown.teaching.glance_moves import take_facts
from manabi_ssg.markdown.directives import has_directives, heading_level, heading_words, normalise, plain_text, section_end, text_token
from manabi_ssg.markdown.headings import inline_text, unique_id
from manabi_ssg.markdown.order import Plugin

HEADING_RE = re.compile(
    r"^(?:(?:ケーススタディ|case study)\s*(\d+)?\s*(?:[:\-–—]\s*(.+))?|事例\s*(\d+)\s*(?:[:\-–—]\s*(.+))?)$",
    re.IGNORECASE,
)

# Labels worth a glance, normalised (NFKC, lower case).  Order here is not
# the order shown: facts appear in the order the section has them.
GLANCE_LABELS = {
    # who
    "研究グループ", "研究機関", "研究チーム", "機関", "企業", "組織", "プロジェクト", "チーム構成",
    "research group", "research team", "institution", "organization", "organisation", "company", "project", "team composition",
    # source
    "論文", "出典", "参考文献", "paper", "publication", "reference", "source",
    # how
    "mlp手法", "手法", "使用手法", "gnnモデル", "モデル", "method", "mlp method", "methods", "model",
    # how long, what for
    "期間", "開発期間", "duration", "development period", "課題", "目標", "challenge", "goal", "goals",
    # outcome
    "定量的インパクト", "成果", "結果", "主要な成果", "実績", "経済インパクト", "経済効果", "開発効率", "モデル性能",
    "quantitative impact", "results", "result", "key results", "outcome", "impact", "economic impact", "economic effect",
    "development efficiency", "model performance",
}
MAX_FACTS = 8
LABEL_START_RE = re.compile(r"^\s*(?:\*\*|__)", re.MULTILINE)
COLONS = (":", "：")


def case_studies_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("case_studies", _case_studies)
    md.add_render_rule("case_study_open", _render_open)
    md.add_render_rule("case_study_close", lambda self, tokens, idx, options, env: "</section>\n")
    md.add_render_rule("case_study_glance", _render_glance)


def parse_heading(text: str) -> dict | None:
    """``4.1 ケーススタディ1：触媒反応`` -> {"number": "1", "title": "触媒反応"}."""
    match = HEADING_RE.match(heading_words(text))
    if not match:
        return None
    number = match.group(1) or match.group(3) or ""
    title = (match.group(2) or match.group(4) or "").strip()
    if not number and not title:
        return None  # a bare "ケーススタディ" section collects several; not one case study
    return {"number": number, "title": title}


def _label_of(children: list[Token], start: int) -> tuple[str, int] | None:
    """A ``**Label**:`` at ``children[start]``: (label, index of the first value token)."""
    while start < len(children) and children[start].type == "text" and not children[start].content.strip():
        start += 1
    if start >= len(children) or children[start].type != "strong_open":
        return None
    index = start + 1
    label_parts = []
    while index < len(children) and children[index].type != "strong_close":
        if children[index].type not in ("text", "code_inline"):
            return None
        label_parts.append(children[index].content)
        index += 1
    if index >= len(children):
        return None
    label = "".join(label_parts).strip()
    index += 1
    if label.endswith(COLONS):
        return label.rstrip(":：").strip(), index
    if index < len(children) and children[index].type == "text" and children[index].content.lstrip().startswith(COLONS):
        return label, index
    return None


def _strip_colon(tokens: list[Token]) -> list[Token]:
    if tokens and tokens[0].type == "text":
        first = tokens[0].copy()
        first.content = first.content.lstrip().lstrip(":：").lstrip()
        tokens = ([first] if first.content else []) + tokens[1:]
    return tokens


def _lines(children: list[Token]) -> list[list[Token]]:
    lines: list[list[Token]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    return lines


def _block_after(tokens: list[Token], index: int, end: int) -> tuple[int, int] | None:
    """The list that follows the paragraph holding ``tokens[index]`` (an inline): (start, stop)."""
    after = index + 1
    if after < end and tokens[after].type == "paragraph_close":
        after += 1
    if after < end and tokens[after].type in ("bullet_list_open", "ordered_list_open"):
        depth = 0
        for stop in range(after, end):
            depth += tokens[stop].nesting
            if depth == 0:
                return after, stop + 1
    return None


def glance_facts(tokens: list[Token], start: int, end: int) -> list[dict]:
    """Labelled lines in ``tokens[start:end]`` that belong in the at-a-glance box."""
    facts: list[dict] = []
    seen: set[str] = set()
    skip_to = start
    for index in range(start, end):
        token = tokens[index]
        if index < skip_to:
            continue  # inside a list already shown as one fact
        if token.type != "inline" or not token.children or not LABEL_START_RE.search(token.content):
            continue  # a label is strong, first on its line: **Label**:
        lines = _lines(token.children)
        for number, line in enumerate(lines):
            found = _label_of(line, 0)
            if not found:
                continue
            label, value_at = found
            key = normalise(label).lower()
            if key not in GLANCE_LABELS or key in seen:
                continue
            value = _strip_colon(line[value_at:])
            fact: dict = {"label": label, "inline": value, "block": None, "source": {"inline": index, "line": number}}
            if not plain_text(value):
                block = _block_after(tokens, index, end) if number == len(lines) - 1 else None
                if not block:
                    continue
                fact["inline"] = []
                fact["block"] = tokens[block[0] : block[1]]
                fact["source"]["block"] = block
                skip_to = block[1]
            fact["text"] = plain_text(fact["block"] or fact["inline"])
            if fact["block"]:
                items = []
                for item_token in fact["block"]:
                    if item_token.type == "inline" and item_token.level == fact["block"][0].level + 3:
                        items.append(plain_text([item_token]))
                fact["text"] = "; ".join(items) or fact["text"]
            seen.add(key)
            facts.append(fact)
            if len(facts) >= MAX_FACTS:
                return facts
    return facts


def _case_studies(state) -> None:
    env = state.env
    tokens = state.tokens
    used: dict[str, int] = env.setdefault("used_ids", {})
    found: list[dict] = env.setdefault("case_studies", [])

    # directives first: :::case-study Title
    for token in tokens if has_directives(env) else ():
        if token.type == "directive_open" and token.meta.get("name") in ("case-study", "casestudy", "case_study"):
            token.type = "case_study_open"
            token.tag = "section"
            token.meta = {**token.meta, "directive": True}
        elif token.type == "directive_close" and token.meta.get("name") in ("case-study", "casestudy", "case_study"):
            token.type = "case_study_close"
            token.tag = "section"

    wraps: list[tuple[int, int, dict]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and token.level == 0 and 2 <= heading_level(token) <= 4:
            parsed = parse_heading(inline_text(tokens[index + 1]))
            if parsed:
                end = section_end(tokens, index)
                wraps.append((index, end, parsed))
                index = end  # no case study inside another
                continue
        index += 1

    inserts: list[tuple[int, int, Token]] = []
    for start, end, parsed in wraps:
        closing = Token("case_study_close", "section", -1)
        closing.block = True
        opening = Token("case_study_open", "section", 1)
        opening.block = True
        opening.map = tokens[start].map
        opening.meta = {**parsed, "heading": True}
        inserts += [(end, 0, closing), (start, 1, opening)]
    tokens = state.tokens = with_inserts(tokens, inserts)

    # put in and taken out after the walk, so its indices stay those of the walk
    glances: list[tuple[int, int, Token]] = []
    removed: set[int] = set()

    for sequence, (index, token) in enumerate(each_open(tokens, "case_study_open"), start=1):
        close = matching_close(tokens, index)
        meta = token.meta
        if meta.get("directive"):
            number = str(meta.get("options", {}).get("number") or "")
            title = meta.get("title", "")
            heading_id = ""
            after_heading = index + 1
        else:
            number, title = meta["number"], meta["title"]
            heading_id = str(tokens[index + 1].attrGet("id") or "")
            title = title or inline_text(tokens[index + 2])
            after_heading = index + 4
        case_id = unique_id(used, f"case-study-{number or sequence}")
        token.attrs = {"class": "case-study", "id": case_id}
        if heading_id:
            token.attrs["aria-labelledby"] = heading_id
        token.meta = {**meta, "number": number, "title": title, "id": case_id}
        facts = take_facts(tokens, glance_facts(tokens, after_heading, close), after_heading, close, removed)
        if facts:
            glance = Token("case_study_glance", "aside", 0)
            glance.block = True
            glance.meta = {"facts": facts}
            glances.append((after_heading, 0, glance))
        line = token.map[0] if token.map else None
        found.append({
            "number": number,
            "title": title,
            "id": case_id,
            "line": (line + 1 + env.get("line_offset", 0)) if line is not None else 0,
            "facts": [{"label": fact["label"], "text": fact["text"]} for fact in facts],
        })
    if removed:
        gone = sorted(removed)
        glances = [(position - bisect_left(gone, position), order, glance) for position, order, glance in glances]
        tokens = [token for index, token in enumerate(tokens) if index not in removed]
    state.tokens = with_inserts(tokens, glances)
    if has_directives(env):
        last_heading_levels(state.tokens, "case_study_open")


def _render_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    html = f"<section{self.renderAttrs(token)}>\n"
    if token.meta.get("directive") and token.meta.get("title"):
        above = token.meta.get("heading_level")
        level = min(above + 1, 6) if above else 2
        label = env.get("messages", {}).get("case_study", "")
        prefix = f'<span class="case-study-label">{escape(label)}</span> ' if label else ""
        html += f'<h{level} class="case-study-title">{prefix}{escape(token.meta["title"])}</h{level}>\n'
    return html


def _render_glance(self, tokens, idx, options, env) -> str:
    messages = env.get("messages", {})
    title = messages.get("at_a_glance", "At a glance")
    rows = []
    for fact in tokens[idx].meta["facts"]:  # moved here from the text: citations keep their ids
        if fact["block"]:
            value = self.render(fact["block"], options, env)
        else:
            value = self.renderInline(fact["inline"], options, env)
        rows.append(f"<div><dt>{escape(fact['label'])}</dt><dd>{value}</dd></div>")
    return (
        f'<aside class="case-study-glance" role="note" aria-label="{escape(title)}">\n'
        f'<p class="case-study-glance-title" aria-hidden="true" data-pagefind-ignore>{escape(title)}</p>\n'
        f'<dl>{"".join(rows)}</dl>\n</aside>\n'
    )


__all__ = ["case_studies_plugin", "parse_heading", "glance_facts", "text_token"]


# after headings: it reads the heading ids; after citations: the lines its at-a-glance box takes
# must have their citations marked (a box line's [2] stayed text); after exercises: kept
PLUGIN = Plugin("case_studies", case_studies_plugin, after=("headings", "citations", "exercises"))
