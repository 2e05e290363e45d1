"""A chapter's reference list as BibTeX, one entry per reference.

Chapters cite in one common style (APA-like)::

    Nitopi, S., et al. (2019). "Progress and perspectives …" *Chemical Reviews*, 119(12), 7610-7672.
    DOI: 10.1021/acs.chemrev.8b00705

with variants: bold authors, the title without quotes, ``Journal, 5, 90-98``,
an arXiv id instead of a DOI, a book's title in italics followed by its publisher.  :func:`parse_reference` reads authors, year,
title, journal (the first text in italics after the title, which is why the
bibliography plugin keeps the italics), volume, number, pages, DOI and arXiv
id.  What it cannot read is not guessed: an entry with no year or title keeps
its whole text in ``note`` (a work in italics becomes its title), so nothing the author wrote is lost.  Entries
marked unverified (``[注: 仮想DOI]``) carry that remark in ``note``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from manabi_ssg.markdown.teaching.bibliography import BARE_DOI_RE, trim_doi
from manabi_ssg.site.config import Config
from manabi_ssg.incremental.cache import digest
from manabi_ssg.model import Origin, Page, SiteIndex
from manabi_ssg.outputs.seam import Files, FinishedSite, Output
from manabi_ssg.site.urls import bib_url

YEAR_RE = re.compile(r"\(\s*((?:19|20)\d\d)[a-z]?\s*\)|,\s*((?:19|20)\d\d)[a-z]?\s*\.")
QUOTED_RE = re.compile(r'^\s*(?:"([^"]+)"|“([^”]+)”|「([^」]+)」)')
VOLUME_RE = re.compile(r"^\s*,?\s*(?:vol\.\s*)?(\d+[A-Za-z]?)\s*(?:\(([^)]+)\))?\s*(?:,\s*(?:pp?\.\s*)?([A-Za-z]?\d+(?:\s*[-–—]+\s*[A-Za-z]?\d+)?))?")
ARXIV_RE = re.compile(r"arxiv\s*[:：]?\s*(?:abs/)?(\d{4}\.\d{4,5}(?:v\d+)?)|arxiv\.org/abs/(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
INITIALS_RE = re.compile(r"^(?:[A-Z][a-z]?\.\s*-?\s*)+$")
PROCEEDINGS_RE = re.compile(r"proceedings|conference|workshop|symposium|advances in neural information processing", re.IGNORECASE)
IDENTIFIER_URL_RE = re.compile(r"https?://(?:(?:dx\.)?doi\.org/10\.|arxiv\.org/abs/)")  # already the doi or eprint field
URL_RE = re.compile(r"https?://[^\s<>\"'\])]+[^\s<>\"'\]).,;]")
UNVERIFIED_IN_TEXT_RE = re.compile(r"\s*\[[^\]]*\]\s*$")


def parse_reference(entry: dict[str, Any]) -> dict[str, Any]:
    """One bibliography entry (text, emphasis, links, unverified) -> BibTeX fields."""
    text = entry["text"]
    fields: dict[str, str] = {}
    doi = _doi(entry)
    if doi:
        fields["doi"] = doi
    arxiv = _arxiv(entry)
    year_match = YEAR_RE.search(text)
    if year_match:
        fields["year"] = year_match.group(1) or year_match.group(2)
        authors = _authors(text[: year_match.start()])
        if authors:
            fields["author"] = authors
        rest = text[year_match.end() :].lstrip(" .")
        title, after = _title(rest, entry.get("emphasis", []))
        if title:
            fields["title"] = title
        book = bool(title) and title in entry.get("emphasis", [])  # a title in italics is a book's
        journal = "" if book else _journal(after, entry.get("emphasis", []), title)
        if book:
            publisher = re.match(r"^\s*[.,]?\s*([^.]{2,80})\.", after)
            if publisher and "://" not in publisher.group(1):
                fields["publisher"] = publisher.group(1).strip()
        if journal:
            after = after[after.find(journal) + len(journal) :]
            fields["booktitle" if PROCEEDINGS_RE.search(journal) else "journal"] = journal
            found = VOLUME_RE.match(after)
            if found:
                volume, number, pages = found.groups()
                fields["volume"] = volume
                if number:
                    fields["number"] = number
                if pages:
                    fields["pages"] = re.sub(r"\s*[-–—]+\s*", "--", pages)
    elif entry.get("emphasis"):
        fields["title"] = entry["emphasis"][0].strip().rstrip(".")  # "Foundation. *Handbook*. URL": the work is in italics
    if arxiv:
        fields["eprint"] = arxiv
        fields["archiveprefix"] = "arXiv"
    urls = [link for link in list(entry.get("links", ())) + URL_RE.findall(text) if not IDENTIFIER_URL_RE.match(link)]
    if urls:
        fields["url"] = urls[0]
    notes = []
    if "title" not in fields or "year" not in fields:
        notes.append(_without_identifiers(text))  # read only in part: the whole text is kept
    if entry.get("unverified"):
        notes.append(f"Unverified reference ({entry['unverified']})")
    if notes:
        fields["note"] = "; ".join(notes)
    kind = "book" if "publisher" in fields else "misc"
    if "journal" in fields:
        kind = "article"
    elif "booktitle" in fields:
        kind = "inproceedings"
    return {"type": kind, "fields": fields}


def _doi(entry: dict[str, Any]) -> str:
    for link in entry.get("links", ()):
        match = re.match(r"https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)", link)
        if match:
            return trim_doi(match.group(1))
    match = BARE_DOI_RE.search(entry["text"])
    return trim_doi(match.group(1)) if match else ""


def _arxiv(entry: dict[str, Any]) -> str:
    for source in list(entry.get("links", ())) + [entry["text"]]:
        match = ARXIV_RE.search(source)
        if match:
            return match.group(1) or match.group(2)
    return ""


def _authors(text: str) -> str:
    """``Nitopi, S., et al.`` -> ``Nitopi, S. and others``; ``Jolliffe, I. T. & Cadima, J.`` -> two names."""
    text = text.strip().strip("*").strip().rstrip(",").strip()
    if not text:
        return ""
    others = bool(re.search(r",?\s*(?:et al\.?|ほか|他)\s*$", text))
    text = re.sub(r",?\s*(?:et al\.?|ほか|他)\s*$", "", text)
    text = re.sub(r",?\s*(?:&|\band\b)\s*", ", ", text)
    parts = [part.strip() for part in text.split(",") if part.strip()]
    names: list[str] = []
    k = 0
    while k < len(parts):
        if k + 1 < len(parts) and INITIALS_RE.match(parts[k + 1]):
            names.append(f"{parts[k]}, {parts[k + 1]}")
            k += 2
        else:
            names.append(parts[k])  # "山田太郎", "OpenAI": a name as written
            k += 1
    if others:
        names.append("others")
    return " and ".join(names)


def _title(rest: str, emphasis: list[str]) -> tuple[str, str]:
    quoted = QUOTED_RE.match(rest)
    if quoted:
        title = next(group for group in quoted.groups() if group)
        return title.strip().rstrip(".").strip(), rest[quoted.end() :]
    # a title in italics (a book), else unquoted up to the journal in italics, else to the first full stop
    if emphasis and rest.startswith(emphasis[0]):
        return emphasis[0].strip().rstrip(".").strip(), rest[len(emphasis[0]) :]
    for journal in emphasis:
        at = rest.find(journal)
        if at > 0:
            return rest[:at].strip().rstrip(".").strip(), rest[at:]
    stop = rest.find(". ")
    if stop > 0:
        return rest[:stop].strip(), rest[stop + 1 :]
    return "", rest


def _journal(after: str, emphasis: list[str], title: str) -> str:
    for candidate in emphasis:
        candidate = candidate.strip().rstrip(",.").strip()
        if candidate and candidate != title and candidate in after and len(candidate) <= 120 and ". " not in candidate \
                and not candidate.lower().startswith("arxiv"):
            return candidate
    # no italics: a short name followed by a volume ("Nature Chemistry, 4, 90-98"), never a sentence
    match = re.match(r"^\s*[.,]?\s*([^,.\d][^,]*?)\s*,\s*\d", after)
    if match and len(match.group(1)) <= 80 and ". " not in match.group(1) and "://" not in match.group(1):
        return match.group(1).strip()
    return ""


def _without_identifiers(text: str) -> str:
    return UNVERIFIED_IN_TEXT_RE.sub("", text).strip()


def cite_key(fields: dict[str, Any], number: int, used: set[str]) -> str:
    """``nitopi2019progress``: first author's surname, year, first word of the title, ASCII only."""
    surname = fields.get("author", "").split(" and ")[0].split(",")[0]
    word = next((w for w in re.findall(r"[A-Za-z]+", _ascii(fields.get("title", ""))) if len(w) > 3), "")
    key = re.sub(r"[^a-z0-9]", "", (_ascii(surname) + fields.get("year", "") + word).lower())
    if not key or not key[0].isalpha() or not _ascii(surname).strip():
        key = f"ref{number}" + fields.get("year", "")
    candidate, count = key, 0
    while candidate in used:
        count += 1
        candidate = key + _letters(count)
    used.add(candidate)
    return candidate


def _letters(n: int) -> str:
    """1 -> ``a``, 26 -> ``z``, 27 -> ``aa``: a key's suffix stays a letter (``chr`` would reach ``{`` after 26)."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


FIELD_ORDER = ("author", "title", "journal", "booktitle", "publisher", "year", "volume", "number", "pages", "doi", "eprint", "archiveprefix", "url", "note")
IDENTIFIER_FIELDS = ("doi", "url", "eprint")  # read verbatim by biblatex: percent-encoded, not TeX-escaped

# BibTeX counts every brace, escaped or not: ``\}`` closes a field as surely as ``}``, so a
# brace in the text becomes a command whose own braces are balanced
TEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", **{c: "\\" + c for c in "&%$#_"}}
TEX_SPECIAL_RE = re.compile(r"[\\{}~^&%$#_]")
# a line break would let a value start a line of its own, where a lenient reader takes ``@`` for an entry
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# in an identifier: braces and backslash (BibTeX, TeX), spaces and controls (one line), ``"``, and a
# ``%`` that is not already an escape; ``#`` only in a DOI, where it is part of the name, not a fragment
URL_UNSAFE_RE = re.compile(r'[\x00-\x20\x7f-\x9f\u2028\u2029{}\\"]|%(?![0-9A-Fa-f]{2})')
DOI_UNSAFE_RE = re.compile(r'[\x00-\x20\x7f-\x9f\u2028\u2029{}\\"#]|%(?![0-9A-Fa-f]{2})')


def escape_tex(value: str) -> str:
    """Text for a BibTeX field: no brace left to close the field early, TeX's specials as commands, one line."""
    value = CONTROL_RE.sub(" ", value)
    return TEX_SPECIAL_RE.sub(lambda m: TEX_SPECIALS[m.group()], value)


def escape_identifier(value: str, unsafe: re.Pattern[str] = URL_UNSAFE_RE) -> str:
    """A DOI, URL or eprint id, percent-encoded where BibTeX or TeX would read a character as syntax.

    An identifier keeps its letters (a reader follows it as written); what is
    encoded is what can end the field (``}``), start a TeX command (``\\``),
    or break the line; ``%7D`` is still the same address to a resolver.
    """
    return unsafe.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode("utf-8")), value)


def format_entry(key: str, entry: dict[str, Any]) -> str:
    lines = [f"@{entry['type']}{{{key},"]
    fields = entry["fields"]
    for name in FIELD_ORDER:
        if name in fields:
            if name in IDENTIFIER_FIELDS:
                value = escape_identifier(fields[name], DOI_UNSAFE_RE if name == "doi" else URL_UNSAFE_RE)
            else:
                value = escape_tex(fields[name])
            if name == "title":
                value = "{" + value + "}"  # keep the title's capitals as written
            lines.append(f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines)


def comment(text: str) -> str:
    """Text for a ``%`` line between entries: BibTeX reads every ``@`` there as the start of an entry."""
    return CONTROL_RE.sub(" ", text).replace("@", "(at)")


def bibtex(bibliography: list[dict[str, Any]], source: str = "") -> str:
    """The ``.bib`` text for one page's bibliography, in reference order."""
    used: set[str] = set()
    parts = [f"% References of {comment(source)}, written by manabi. One entry per reference, in the chapter's order."] if source else []
    for entry in bibliography:
        parsed = parse_reference(entry)
        parts.append(f"% [{int(entry['number'])}]\n" + format_entry(cite_key(parsed["fields"], entry["number"], used), parsed))
    return "\n\n".join(parts) + "\n"


def bib_files(pages: list[Page], taken: set[str]) -> dict[str, bytes]:
    """Output path -> BibTeX for every page with references; never over a file of the content (``taken``)."""
    files = {}
    for page in pages:
        text = page.components.get("bibtex") if page.components else None  # made by the parse stage
        if not text:
            continue
        rel = bib_url(page.path, page.url)
        if rel in taken:
            continue
        files[rel] = text.encode("utf-8")
    return files


class BibFiles(Output):
    """One ``.bib`` beside each page with references, from its parse (the content key covers every page's bytes)."""

    name = "bibtex"

    def key(self, site: FinishedSite) -> str:
        return digest(self.name, site.content_key)

    def files(self, site: FinishedSite) -> Files:
        return dict(bib_files(list(site.pages), set(site.assets)))

    def made(self, config: Config, index: SiteIndex, pages: list[Page]) -> dict[str, str]:
        sources = [page for page in pages if page.origin is Origin.SOURCE]
        return {rel: "the BibTeX of the page's references" for rel in bib_files(sources, set())}
