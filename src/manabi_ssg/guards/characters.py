"""Characters no page, feed or sitemap may hold, and how to name them to an author.

XML 1.0 allows tab, LF and CR of the C0 controls and no other; nor lone
surrogates (YAML's ``"\\ud800"`` makes one, and UTF-8 cannot encode it), nor
U+FFFE and U+FFFF.  One such character in a title makes ``feed.xml``
ill-formed, and a feed reader then rejects every chapter in it, so they are
dropped where they enter (with a warning there) and again by every XML writer.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_forbidden(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return FORBIDDEN.sub("", text)


def describe(char: str) -> str:
    """``U+0001 (a control character)``: how a message names a forbidden character."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "half of a UTF-16 surrogate pair, not a character"
    elif code >= 0xFFFE:
        kind = "a noncharacter"
    else:
        kind = "a control character"
    return f"U+{code:04X} ({kind})"


def xml_text(text: str) -> str:
    """``text`` as XML character data: escaped, and without what XML 1.0 forbids."""
    return escape(strip_forbidden(text))


def xml_attr(text: str) -> str:
    """``text`` as a quoted XML attribute value: escaped, and without what XML 1.0 forbids."""
    return quoteattr(strip_forbidden(text))
