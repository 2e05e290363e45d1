"""Skip markdown-it-py's link normaliser for destinations it would return unchanged.

Every ``[text](url)`` goes through ``normalizeLink``: ``mdurl`` parses the
URL into parts, punycodes a non-ASCII host, formats the parts again and
percent-encodes what is unsafe, all in pure Python.  On chapters converted
from HTML (fifty absolute links each) that is 7% of markdown-it-py's time,
yet for the URLs authors write, relative paths and plain ``http(s)`` links
of ASCII letters, it changes nothing.  Such a URL is recognised by one
regular expression and kept as it is; anything else goes through the
normaliser.

Why the shortcut is exact, read from ``mdurl`` and ``normalize_url``:

* no ``:`` and no leading ``//``: no protocol and no host, so parsing splits
  the URL only into path, query and fragment, and formatting joins them back;
* ``http://`` or ``https://``, then dot-separated labels of lowercase
  letters, digits and hyphens (at most 63 each, 250 characters in all): the
  host passes ``mdurl``'s checks whole, and punycode leaves ASCII alone;
* every other character is one ``mdurl.encode`` keeps (letters, digits,
  ``;/?@&=+$,-_.!~*'()#``, ``:`` after the host, and ``%`` followed by two hex
  digits).

``tests/test_link_urls.py`` compares the two on generated URLs.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink

_KEPT = r"(?:[A-Za-z0-9;/?@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})"
_KEPT_AFTER_HOST = r"(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})"
UNCHANGED = re.compile(
    rf"(?!//){_KEPT}*"  # relative: no protocol, no host
    rf"|https?://[a-z0-9-]{{1,63}}(?:\.[a-z0-9-]{{1,63}})*(?:[/?#]{_KEPT_AFTER_HOST}*)?"
)
MAX_LENGTH = 250  # a host over 255 characters is dropped by mdurl; no host here can reach it


def normalize_link(url: str) -> str:
    """What ``normalizeLink`` returns, without running it when the answer is ``url`` itself."""
    if len(url) <= MAX_LENGTH and UNCHANGED.fullmatch(url):
        return url
    return normalizeLink(url)


def link_urls_plugin(md: MarkdownIt) -> None:
    md.normalizeLink = normalize_link  # type: ignore[method-assign]
