"""Does a numbered item under a reference heading look like a reference?

A section called ``参考文献`` or ``References and resources`` often ends with
what is not a reference: a numbered "next steps" list ("第2章で…を学ぶ",
"Try the exercises"), a reading plan, notes on how to study.  Taken for
references, those became ``ref-N`` targets and BibTeX entries whose "journal"
was a Japanese remark.  An item counts as a reference when it carries at
least one mark of one:

* an identifier: a DOI, an arXiv id, an ISBN;
* an address: an ``http(s)`` URL (written or as a link's target) or a bare
  ``host.tld/path`` (``URL: sqlite.org/docs``);
* authors: ``Surname, I.``, ``I. Surname``, ``et al.``, ``Surname & Surname``,
  or a Japanese ``山田ら``/``山田他``, together with a year;
* a title: in quotes (``"…"``, ``“…”``, ``「…」``, ``『…』``) or in italics,
  with a year; on its own, a quoted title of three words or more, or a
  work in ``『…』`` (the brackets of a book's title; ``「…」`` also quotes
  words, as in "「ベイズ最適化入門」シリーズに進む");
* a dated work: ``Title (2024). Publisher.``, the year in parentheses
  between the work and more of its description; or the year as the
  publication's own segment after the title, as Japanese references write
  it (``山田太郎．機械学習入門．丸善，2020．``, ``…. Wiley, 2005.``).

A link to another page of the site (``[第2章](chapter-2.md)``) is no address:
that is the shape of a next step.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from manabi_ssg.markdown.directives import plain_text

YEAR_RE = re.compile(r"(?<![\d.])(?:1[5-9]|20)\d\d[a-z]?(?![\d])")
IDENTIFIER_RE = re.compile(r"\b10\.\d{4,9}/\S|\barxiv\s*[:：]?\s*\d{4}\.\d{4,5}|\bISBN[-\s:：]*[\dXx-]{10,}", re.IGNORECASE)
URL_RE = re.compile(r"\bhttps?://\S+|\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|net|edu|gov|io|jp|ac\.jp|co\.jp|de|uk|fr|int)(?:/\S*)?(?![\w.])", re.IGNORECASE)
AUTHOR_RE = re.compile(
    r"\bet\s+al\b"  # Smith et al.
    r"|\b[A-Z][\w'’-]+,\s+(?:[A-Z]\.\s*){1,3}"  # Smith, J. K.
    r"|(?:^|[\s(])(?:[A-Z]\.\s*){1,3}[A-Z][a-z][\w'’-]+"  # J. K. Smith
    r"|\b[A-Z][\w'’-]+\s*(?:&|and)\s+[A-Z][\w'’-]+"  # Smith & Jones
    r"|[\u4e00-\u9fff\u30a0-\u30ff]{1,8}(?:ら|他|ほか|著|編)(?![\u3040-\u309f])",  # 山田ら, 山田太郎 編
)
QUOTED_RE = re.compile(r"[\"“](?P<latin>[^\"”]{3,})[\"”]|[「『](?P<cjk>[^」』]{2,})[」』]")
BOOK_RE = re.compile(r"『[^』]{2,}』")
DATED_WORK_RE = re.compile(
    r"\S.{2,}?\s?[(（](?:1[5-9]|20)\d\d[a-z]?[)）]\s*[.,。、]\s*\S"  # Title (2024). Publisher.
    r"|[.．。]\s*\S[^.．。]*[,，、]\s*(?:1[5-9]|20)\d\d[a-z]?年?\s*(?:[,，、.．。;；]|$)"  # …. Publisher, 2020.
)


def looks_like_reference(tokens: list[Token]) -> bool:
    """Whether the block tokens of one list item read as a bibliographic reference."""
    text = plain_text(tokens)
    if IDENTIFIER_RE.search(text) or URL_RE.search(text) or _external_link(tokens):
        return True
    year = YEAR_RE.search(text) is not None
    if year and AUTHOR_RE.search(text):
        return True
    quoted = [m.group("latin") or m.group("cjk") for m in QUOTED_RE.finditer(text)]
    if year and (quoted or _emphasis(tokens) or DATED_WORK_RE.search(text)):
        return True
    return bool(BOOK_RE.search(text)) or any(len(title.split()) >= 3 for title in quoted if title.isascii())


def _external_link(tokens: list[Token]) -> bool:
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open" and re.match(r"https?://", str(child.attrGet("href") or ""), re.IGNORECASE):
                return True
    return False


def _emphasis(tokens: list[Token]) -> bool:
    return any(child.type == "em_open" for token in tokens for child in token.children or ())
