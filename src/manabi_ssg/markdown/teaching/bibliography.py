"""What a reference list offers beyond the page: DOIs as links, a BibTeX file.

Runs after :mod:`manabi_ssg.markdown.teaching.citations`, on the lists it marked
``<ol class="references">``:

* a bare DOI in an entry (``DOI: 10.1021/acs.chemrev.8b00705`` or a
  ``https://doi.org/10.…`` URL written as text) becomes a link to
  ``https://doi.org/…``;
* any other ``http(s)://`` URL written as text in an entry becomes a link to
  itself: a reader should not have to copy a documentation address by hand
  when the DOI next to it is a link;
* after the last reference list comes ``<p class="references-bibtex">`` with
  a link to the page's ``.bib`` file (same name as the page, ``chapter-4.html``
  -> ``chapter-4.bib``), which the engine writes from ``env["bibliography"]``
  (see :mod:`manabi_ssg.outputs.bibtex`);
* ``env["bibliography"]`` keeps, per entry, what the parser of citations
  needs and plain text loses: the text in italics (the journal) and the
  links' targets (the DOI, arXiv).
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from manabi_ssg.markdown.blocklines import matching_close
from manabi_ssg.markdown.teaching.citations import UNVERIFIED_RE
from manabi_ssg.markdown.directives import plain_text, text_token
from manabi_ssg.markdown.order import Plugin
from manabi_ssg.site.urls import bib_name

# "DOI: 10.1021/x", "doi:10.1021/x", "https://doi.org/10.1021/x" written as text
BARE_DOI_RE = re.compile(r"(?:\bdoi\s*[:：]\s*|\bhttps?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s<>\"'\]]+)", re.IGNORECASE)
# any other address written as text; it ends at a space, a quote, a bracket or
# the first full-width character (Japanese punctuation follows URLs unspaced)
BARE_URL_RE = re.compile(r"\bhttps?://[^\s<>\"'\]\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+", re.IGNORECASE)


def bibliography_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("citations", "bibliography", _bibliography)


def doi_url(doi: str) -> str:
    return "https://doi.org/" + doi


def trim_doi(doi: str) -> str:
    """A DOI as written in prose loses the sentence's punctuation, but keeps its own parentheses."""
    doi = doi.rstrip(".,;:!?、。")
    while doi.endswith(")") and doi.count(")") > doi.count("("):
        doi = doi[:-1].rstrip(".,;:!?")
    return doi


def _addresses(text: str) -> list[tuple[int, int, str]]:
    """(start, end, href) of each DOI and URL written in ``text``, in order."""
    found: list[tuple[int, int, str]] = []
    for match in BARE_DOI_RE.finditer(text):
        doi = trim_doi(match.group(1))
        start = match.start(1) if match.group(0).lower().startswith("doi") else match.start()
        found.append((start, match.start(1) + len(doi), doi_url(doi)))
    taken = [(start, end) for start, end, _ in found]
    for match in BARE_URL_RE.finditer(text):
        url = trim_doi(match.group(0))
        if not url.split("://", 1)[1].strip("/"):
            continue  # nothing after the scheme
        if any(start <= match.start() < end for start, end in taken):
            continue  # the URL of a DOI, linked above
        found.append((match.start(), match.start() + len(url), url))
    return sorted(found)


def _link_addresses(children: list[Token]) -> list[Token]:
    """DOIs and URLs written as text become links; those already in a link or code stay as they are."""
    out: list[Token] = []
    depth = 0
    for child in children:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        addresses = _addresses(child.content) if child.type == "text" and not depth else []
        if not addresses:
            out.append(child)
            continue
        position = 0
        for start, end, href in addresses:
            if start > position:
                out.append(text_token(child.content[position:start]))
            opening = Token("link_open", "a", 1)
            opening.attrs = {"href": href}
            out.extend([opening, text_token(child.content[start:end]), Token("link_close", "a", -1)])
            position = end
        if position < len(child.content):
            out.append(text_token(child.content[position:]))
    return out


def _entry(tokens: list[Token], start: int, end: int) -> dict:
    emphasis: list[str] = []
    links: list[str] = []
    for token in tokens[start:end]:
        if token.type != "inline":
            continue
        children = token.children or []
        for k, child in enumerate(children):
            if child.type == "em_open":
                close = next((j for j in range(k + 1, len(children)) if children[j].type == "em_close" and children[j].level == child.level), len(children))
                emphasis.append(plain_text(children[k + 1 : close]))
            elif child.type == "link_open":
                links.append(str(child.attrGet("href") or ""))
    text = plain_text(tokens[start:end])
    note = UNVERIFIED_RE.search(text)
    return {
        "text": text,
        "emphasis": emphasis,
        "links": links,
        "unverified": note.group(0).strip("[] ") if note else "",
    }


def _bibliography(state) -> None:
    env = state.env
    references = env.get("references")
    if not isinstance(references, list) or not references:
        return  # no reference list (markdown-it keeps link definitions under the same key, as a dict)
    tokens = state.tokens
    numbers = {ref["id"]: ref["number"] for ref in references}
    entries: list[dict] = []
    last_close = -1
    for index, token in enumerate(tokens):
        if token.type != "ordered_list_open" or "references" not in str(token.attrGet("class") or "").split():
            continue
        close = matching_close(tokens, index)
        last_close = max(last_close, close)
        for item_index in range(index + 1, close):
            item = tokens[item_index]
            if item.type != "list_item_open" or item.attrGet("id") not in numbers:
                continue
            item_close = matching_close(tokens, item_index)
            for inner in tokens[item_index:item_close]:
                if inner.type == "inline" and inner.children:
                    inner.children = _link_addresses(inner.children)
            entries.append({"number": numbers[str(item.attrGet("id"))], **_entry(tokens, item_index, item_close)})
    if not entries or last_close < 0:
        return
    env["bibliography"] = entries
    label = env.get("messages", {}).get("download_bibtex", "References as BibTeX")
    name = bib_name(env.get("path", "page.md"))
    link = Token("html_block", "", 0)
    link.content = f'<p class="references-bibtex"><a href="{escape(name)}" type="application/x-bibtex" download>{escape(label)}</a></p>\n'
    tokens.insert(last_close + 1, link)


# its core rule goes after citations', and reads the lists citations marked
PLUGIN = Plugin("bibliography", bibliography_plugin, after=("citations",))
