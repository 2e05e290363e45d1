"""Link destinations the short way: where markdown-it-py's answer is plain, skip its work.

Two pure-Python steps run for every ``[text](url)``, and on chapters
converted from HTML (fifty absolute links each) they are a tenth of
markdown-it-py's own time.

**Finding where the destination ends.**  ``parseLinkDestination`` walks it a
character at a time, counting parentheses and stepping over backslash
escapes.  A destination not in ``<…>`` whose characters are none of those
ends at the first space, control character or ``)``: one regular expression
finds that run, and anything else (a parenthesis, a backslash, ``<``) is
left to the original.

**Normalising it.**  Every destination goes through ``normalizeLink``: ``mdurl`` parses the
URL into parts, punycodes a non-ASCII host, formats the parts again and
percent-encodes what is unsafe, all in pure Python (7% of markdown-it-py's
time on those chapters), yet for the URLs authors write, relative paths and
plain ``http(s)`` links of ASCII letters, it changes nothing.  Such a URL is recognised by one
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

``tests/test_link_urls.py`` compares each shortcut with the original on
generated input.  Both work with markdown-it-py 3 and 4 (``_Result()``
starts with the fields each version's callers read).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from markdown_it import MarkdownIt, helpers
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import unescapeAll
from markdown_it.helpers.parse_link_destination import _Result, parseLinkDestination

from manabi_ssg.markdown.order import Plugin

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


PLAIN_RUN = re.compile(r"[^\x00-\x20\x7f()\\]+")  # no space, control, parenthesis or backslash


def parse_link_destination(string: str, pos: int, maximum: int) -> _Result:
    """What ``parseLinkDestination`` returns, found with one regular expression when the destination is plain."""
    if pos < maximum and string[pos] != "<":
        run = PLAIN_RUN.match(string, pos, maximum)
        if run is not None:
            end = run.end()
            if end == maximum or string[end] not in "(\\":  # a space, control or ")" ends it here
                result = _Result()
                result.ok, result.pos, result.str = True, end, unescapeAll(run.group())
                return result
    return parseLinkDestination(string, pos, maximum)


def link_urls_plugin(md: MarkdownIt) -> None:
    md.normalizeLink = normalize_link  # type: ignore[method-assign]  # markdown-it's documented hook, typed as a method
    # per parser, not in markdown-it's module, which other parsers share
    # (typed as markdown-it's module; the parser reads only these three)
    md.helpers = SimpleNamespace(  # type: ignore[assignment]  # a namespace stands in for the module
        parseLinkLabel=helpers.parseLinkLabel, parseLinkTitle=helpers.parseLinkTitle, parseLinkDestination=parse_link_destination)


# kept: no known dependency
PLUGIN = Plugin("link_urls", link_urls_plugin, after=("links",))
