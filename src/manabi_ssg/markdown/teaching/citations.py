"""Numbered references and the ``[N]`` citations that point at them.

The numbered list(s) under a reference-list heading (``参考文献``, ``参考資料``,
``出典``, ``引用文献``, ``References``, ``Reference``, ``Bibliography``,
``Sources``, ...; numbering and emoji before the word allowed,
``参考文献・リソース`` too; a site adds its own with the config's
``reference_headings``, passed in ``env["reference_headings"]``) become ``<ol class="references">`` with ``<li id="ref-N">``, N being the
item's own number.  Only items that look like references (authors and a
year, a DOI, a URL, a quoted title: :mod:`manabi_ssg.markdown.teaching.reference_shape`)
are entries; any other numbered item there (a "next steps" list) stays a
plain list item, with a WARNING ``reference-not-recognised`` at its line, and
a list with no entry stays a plain list.  An entry carrying an "unverified" note (``[注: 仮想DOI]``,
``[Note: Hypothetical DOI]``) gets ``<span class="unverified">`` with the
catalogue's ``unverified`` text beside the note, and the class
``reference-unverified`` on its item.

In-text ``[N]``, ``[N, M]``, ``[N-M]``, ``[N,M-K]`` become
``<a class="citation" href="#ref-N" id="cite-N-k">N</a>`` (k counts the
citations of N), each followed by a hidden ``<span class="citation-tip"
role="tooltip">`` holding the reference's text and tied to the link by
``aria-describedby``; CSS shows it on hover and keyboard focus.  Each
reference ends with ``<span class="ref-backlinks">`` linking back to every
place that cites it.

Citations come before the list in the document, so this is a core rule run
after inline parsing: find the references first, then rewrite text tokens.
Never inside code, math, links or images (those are not ``text`` tokens or
sit between ``link_open``/``link_close``), never in the reference list
itself, and only when a references section exists.  ``[0, 1]`` and other
intervals are left alone.  A citation of a number with no reference is a
WARNING ``citation-undefined``; citations in a chapter with no reference list
(or a list that is not numbered) are one WARNING ``citation-no-references``
at the first of them; a reference never cited is INFO
``reference-uncited``.  Markdown footnotes (``[^1]``) are a different
syntax, handled by the footnote plugin, and stay as they are.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from manabi_ssg.diagnostics import INFO, WARNING, report
from manabi_ssg.markdown.blocklines import matching_close
from manabi_ssg.markdown.directives import add_class, heading_words, html_token, plain_text, section_end, text_token
from manabi_ssg.markdown.headings import inline_text
from manabi_ssg.markdown.locate import BlockSource
from manabi_ssg.markdown.teaching.reference_shape import looks_like_reference
from manabi_ssg.markdown.anchors import record_id
from manabi_ssg.markdown.order import Plugin

REFERENCE_HEADINGS = (
    "参考文献", "参考資料", "参照文献", "引用文献", "出典", "文献", "引用",
    "references", "reference", "bibliography", "sources", "source", "works cited", "literature", "citations",
)
SECTION_RE = re.compile(r"^(?:" + "|".join(map(re.escape, REFERENCE_HEADINGS)) + r")(?:\s*(?:[・/&,、]|and\b|および|と).*)?$", re.IGNORECASE)
CITE_RE = re.compile(r"\[(\d{1,3}(?:\s*[-–—,，、]\s*\d{1,3})*)\](?![(\[])")
NUMBER_RE = re.compile(r"\d+")
GROUP_SEPARATOR_RE = re.compile(r"\s*[,，、]\s*")
UNVERIFIED_RE = re.compile(
    r"\[\s*(?:注|note|注意)\s*[:：]\s*[^\]]*(?:仮想|架空|未検証|要確認|hypothetical|fictional|fictitious|unverified|placeholder)[^\]]*\]",
    re.IGNORECASE,
)
MAX_RANGE = 50
TIP_LENGTH = 300
# characters of tooltip text on one page; past them a citation is described by
# its reference list entry and shows no box of its own (see _tips)
TIP_BUDGET = 100_000


# what to do with numbers in brackets that are no citation (`\[5]` would open display math)
NOT_A_CITATION = "; numbers in brackets that are no citation go in backquotes: `[2,5]`"


def citations_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("citations", _citations)
    md.add_render_rule("citation", _render_citation)


def parse_group(inner: str) -> list[int] | None:
    """``"1, 3-5"`` -> [1, 3, 4, 5]; ``None`` when it is not a citation (``0``, ``5-3``)."""
    numbers: list[int] = []
    for part in GROUP_SEPARATOR_RE.split(inner.strip()):
        bounds = [int(n) for n in NUMBER_RE.findall(part)]
        if not bounds or len(bounds) > 2 or min(bounds) < 1:
            return None
        if len(bounds) == 2:
            low, high = bounds
            if high <= low or high - low > MAX_RANGE:
                return None
            numbers.extend(range(low, high + 1))
        else:
            numbers.append(bounds[0])
    return numbers


def _is_reference_heading(words: str, extra: tuple[str, ...]) -> bool:
    return bool(SECTION_RE.match(words)) or any(words.lower() == heading.lower() for heading in extra)


def _reference_sections(tokens: list[Token], extra: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    sections = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and token.level == 0 and _is_reference_heading(heading_words(inline_text(tokens[index + 1])), extra):
            end = section_end(tokens, index)
            sections.append((index, end))
            index = end
            continue
        index += 1
    return sections


def _mark_unverified(tokens: list[Token], start: int, end: int, label: str) -> bool:
    marked = False
    for token in tokens[start:end]:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        for child in token.children:
            match = UNVERIFIED_RE.search(child.content) if child.type == "text" else None
            if not match:
                children.append(child)
                continue
            before, note = child.content[: match.start()], child.content[match.start() :]
            if before:
                children.append(text_token(before))
            children.append(html_token(f'<span class="unverified">{escape(label)}</span> '))
            children.append(text_token(note))
            marked = True
        token.children = children
    return marked


def _collect_references(state, sections: list[tuple[int, int]]) -> tuple[dict[int, dict], set[int]]:
    tokens = state.tokens
    env = state.env
    used: dict[str, int] = env.setdefault("used_ids", {})
    label = env.get("messages", {}).get("unverified", "unverified")
    references: dict[int, dict] = {}
    inside: set[int] = set()
    for start, end in sections:
        inside.update(range(start, end))
        level = tokens[start].level
        for index in range(start, end):
            token = tokens[index]
            if token.type != "ordered_list_open" or token.level != level:
                continue
            close = matching_close(tokens, index)
            running = int(token.attrGet("start") or 1)
            for item_index in range(index + 1, close):
                item = tokens[item_index]
                if item.type != "list_item_open" or item.level != level + 1:
                    continue
                number = int(item.info) if item.info.isdigit() else running
                running = number + 1
                item_close = matching_close(tokens, item_index)
                if not looks_like_reference(tokens[item_index:item_close]):
                    report(env, WARNING, "reference-not-recognised",
                           f"item {number} under a reference heading does not look like a reference (no authors and year, "
                           "DOI, URL or quoted title): shown as a plain list item, not cited, not in the BibTeX file",
                           line=item.map[0] if item.map else None)
                    continue
                add_class(token, "references")
                if number in references or f"ref-{number}" in used:
                    continue  # a repeated number keeps its first entry
                used[f"ref-{number}"] = 1
                item.attrSet("id", f"ref-{number}")
                unverified = _mark_unverified(tokens, item_index, item_close, label)
                if unverified:
                    add_class(item, "reference-unverified")
                text = plain_text(tokens[item_index:item_close])
                references[number] = {
                    "number": number,
                    "id": f"ref-{number}",
                    "text": text,
                    "unverified": unverified,
                    "cited_by": [],
                    "index": item_index,  # the token list keeps its length until the backlinks go in
                    "line": item.map[0] if item.map else None,
                }
    return references, inside


def _citations(state) -> None:
    env = state.env
    tokens = state.tokens
    sections = _reference_sections(tokens, tuple(env.get("reference_headings", ())))
    references, inside = _collect_references(state, sections) if sections else ({}, set())
    if not references:
        _report_unlisted(state, bool(sections))
        return
    used: dict[str, int] = env.setdefault("used_ids", {})
    counts: dict[int, int] = {}
    citations: list[dict] = []
    budget = {"left": TIP_BUDGET, "said": False}

    for index, token in enumerate(tokens):
        if token.type != "inline" or "[" not in token.content or index in inside or not token.children:
            continue
        line = token.map[0] if token.map else None
        where = None  # the block's source, looked up only for a citation to report
        children: list[Token] = []
        link_depth = 0
        for child in token.children:
            if child.type == "link_open":
                link_depth += 1
            elif child.type == "link_close":
                link_depth -= 1
            if child.type != "text" or link_depth > 0 or "[" not in child.content:
                children.append(child)
                continue
            position = 0
            for match in CITE_RE.finditer(child.content):
                numbers = parse_group(match.group(1))
                if numbers is None or _looks_like_code(child.content, match.start()):
                    continue
                missing = [n for n in numbers if n not in references]
                if missing:
                    where = where or BlockSource(state, token)
                    cited_line, col = where.find(match.group(0))
                    report(env, WARNING, "citation-undefined", f"citation {match.group(0)} names no entry of the reference list ({', '.join(map(str, missing))}){NOT_A_CITATION}",
                           line=cited_line, col=col)
                    continue
                if match.start() > position:
                    children.append(text_token(child.content[position : match.start()]))
                anchors: list[tuple[int, str]] = []  # (number written, anchor id)
                for written in NUMBER_RE.findall(match.group(1)):
                    number = int(written)
                    counts[number] = counts.get(number, 0) + 1
                    anchor = f"cite-{number}-{counts[number]}"
                    while anchor in used:
                        counts[number] += 1
                        anchor = f"cite-{number}-{counts[number]}"
                    used[anchor] = 1
                    anchors.append((number, anchor))
                for number in numbers:  # every number of a range is cited, from its group's first anchor
                    own = next((a for n, a in anchors if n == number), anchors[0][1])
                    references[number]["cited_by"].append(own)
                citation = Token("citation", "", 0)
                citation.content = match.group(0)
                citation.meta = {
                    "inner": match.group(1),
                    "anchors": anchors,
                    "tips": _tips(references, anchors, budget, env, line),
                }
                children.append(citation)
                citations.append({"refs": numbers, "ids": [a for _, a in anchors], "line": (line + 1 + env.get("line_offset", 0)) if line is not None else 0})
                position = match.end()
            if position == 0:
                children.append(child)
            elif position < len(child.content):
                children.append(text_token(child.content[position:]))
        token.children = children

    messages = env.get("messages", {})
    back = messages.get("back_to_citation", "Back to citation")
    inserts: list[tuple[int, Token]] = []
    for number, reference in sorted(references.items()):
        item_index = reference.pop("index")
        if not reference["cited_by"]:
            report(env, INFO, "reference-uncited", f"reference {number} is never cited in the text", line=reference["line"])
            continue
        close = matching_close(tokens, item_index)
        links = []
        unique = list(dict.fromkeys(reference["cited_by"]))
        for k, anchor in enumerate(unique, start=1):
            # named by words a screen reader says, with the number it shows: an aria-label
            # without the visible "1" fails voice control ("click 1") and axe's label-content-name-mismatch
            mark = "" if len(unique) == 1 else f"<sup>{k}</sup>"
            words = escape(back) + ("" if len(unique) == 1 else " ")
            # the arrow first: the link's first box is one a pointer can hit (the hidden words are 1 px)
            links.append(f'<a class="ref-backlink" href="#{anchor}"><span aria-hidden="true">↩</span>'
                         f'<span class="visually-hidden">{words}</span>{mark}</a>')
        backlinks = Token("html_block", "", 0)
        backlinks.content = f'<span class="ref-backlinks">{" ".join(links)}</span>\n'
        inserts.append((close, backlinks))
    for close, backlinks in sorted(inserts, key=lambda pair: pair[0], reverse=True):
        tokens.insert(close, backlinks)
    for reference in references.values():
        reference["line"] = (reference["line"] + 1 + env.get("line_offset", 0)) if reference["line"] is not None else 0
    env["references"] = [references[n] for n in sorted(references)]
    env["citations"] = citations


def _report_unlisted(state, has_section: bool) -> None:
    """Citations with nothing to point at: one warning, at the first, so a chapter is not buried in them."""
    for token in state.tokens:
        if token.type != "inline" or "[" not in token.content or not token.children:
            continue
        link_depth = 0
        for child in token.children:
            link_depth += child.type == "link_open"
            link_depth -= child.type == "link_close"
            if child.type != "text" or link_depth > 0 or "[" not in child.content:
                continue
            for match in CITE_RE.finditer(child.content):
                if parse_group(match.group(1)) is None or _looks_like_code(child.content, match.start()):
                    continue
                where = ("its reference list has no numbered entries (write them as 1. 2. 3.)" if has_section else
                         "the chapter has no reference list (a heading such as ## 参考文献 or ## References over a numbered list)")
                line, col = token.map[0] if token.map else None, 1
                if token.map:  # the citation's own line and column, for the editor to jump to
                    for number, text in enumerate(state.src.split("\n")[token.map[0] : token.map[1]], start=token.map[0]):
                        if match.group(0) in text:
                            line, col = number, text.index(match.group(0)) + 1
                            break
                report(state.env, WARNING, "citation-no-references", f"citation {match.group(0)} cannot link anywhere: {where}{NOT_A_CITATION}", line=line, col=col)
                return


def _looks_like_code(text: str, start: int) -> bool:
    """``x=[1, 2]``, ``values[3]``: a list or an index written in prose, not a citation."""
    before = start  # the last non-space character before the match, read in place: a long
    while before > 0 and text[before - 1] == " ":  # paragraph would be copied at each match
        before -= 1
    if before > 0 and text[before - 1] in "=(,":
        return True
    return start > 0 and (text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] in "_]"))


def _tips(references: dict[int, dict], anchors: list[tuple[int, str]], budget: dict, env: dict, line: int | None) -> dict[int, str]:
    """Each cited reference's tooltip text, while the page's budget lasts.

    A reference's text is copied into every citation of it: 100,000 citations
    of one reference made 600 KB of Markdown into 68 MB of HTML.  Past
    TIP_BUDGET characters a citation has no tooltip box; it is described by
    the reference entry it links to, and a warning says so once.
    """
    tips = {}
    for number, _ in anchors:
        tip = _tip(references[number]["text"])
        if len(tip) <= budget["left"]:
            tips[number] = tip
            budget["left"] -= len(tip)
        elif not budget["said"]:
            budget["said"] = True
            report(env, WARNING, "citation-tips-budget",
                   f"the page's citations repeat {TIP_BUDGET:,} characters of reference text in their tooltips; "
                   "from this one on, a citation shows no tooltip (its link and screen-reader description stay)", line=line)
    return tips


def _tip(text: str) -> str:
    return text if len(text) <= TIP_LENGTH else text[: TIP_LENGTH - 1].rstrip() + "…"


def _render_citation(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    anchors = iter(meta["anchors"])

    def link(match: re.Match) -> str:
        number, anchor = next(anchors)
        # each citation is rendered once (a case study's box holds the lines it took from the text),
        # so its id is its own
        own_id, tip_id = f' id="{anchor}"', f"{anchor}-tip"
        record_id(env, anchor)
        if number not in meta["tips"]:  # past the page's tooltip budget: the entry itself describes it
            return f'<span class="citation-ref"><a class="citation" href="#ref-{number}"{own_id} aria-describedby="ref-{number}">{number}</a></span>'
        tip = escape(meta["tips"][number])
        record_id(env, tip_id)
        return (
            f'<span class="citation-ref"><a class="citation" href="#ref-{number}"{own_id} aria-describedby="{tip_id}">{number}</a>'
            f'<span class="citation-tip" role="tooltip" id="{tip_id}" hidden data-pagefind-ignore>{tip}</span></span>'
        )

    inner = NUMBER_RE.sub(link, escape(meta["inner"]))
    return f'<span class="citation-group">[{inner}]</span>'


# after headings: its reference ids are reserved after the headings' (used_ids); after placeholders: kept
PLUGIN = Plugin("citations", citations_plugin, after=("headings", "placeholders"))
