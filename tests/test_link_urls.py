from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import helpers
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.helpers import parseLinkDestination
from profiles import examples
from rendering import render_html

from manabi_ssg.markdown import PLUGINS, create_markdown, markdown_with

from manabi_ssg.markdown.inline import link_urls
from manabi_ssg.markdown.inline.link_urls import link_urls_plugin, normalize_link, parse_link_destination


PREFIXES = ["", "", "http://", "https://", "HTTP://", "Https://", "//", "///", "mailto:", "ftp://", "file:", "javascript:",
            "/", "./", "../", "#", "?", "a:", "skype:"]
HOSTS = ["", "example.org", "a", "a.b.c", "xn--p1ai", "例え.jp", "EXAMPLE.com", "a..b", "x" * 63, "x" * 64,
         ("abcdefghij." * 26)[:-1], "a-b.c_d", "[::1]", "host:8080", "host:", "a:b", "h:8x", "user@host", "u:p@host", "a+b", "-a"]
PIECES = list("abcXYZ019;/?:@&=+$,-_.!~*'()#%[]{}|\\^`<>\" \t\n\u00e9\u65e5") + ["%2", "%41", "%zz", "%E6%97%A5", "//"]


@st.composite
def urls(draw):
    tail = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=12)))
    return draw(st.sampled_from(PREFIXES)) + draw(st.sampled_from(HOSTS)) + tail


@settings(max_examples=examples(3000), deadline=None)
@given(urls())
def test_normalize_link_gives_what_markdown_it_gives(url):
    assert normalize_link(url) == normalizeLink(url)


@settings(max_examples=examples(1000), deadline=None)
@given(st.text(max_size=30))
def test_normalize_link_gives_what_markdown_it_gives_on_any_text(url):
    assert normalize_link(url) == normalizeLink(url)


def test_a_long_host_goes_through_the_normaliser_which_drops_it():
    url = "https://" + ".".join(["abcdefghij"] * 24) + "/page"
    assert normalize_link(url) == normalizeLink(url) == "https:///page"


def test_plain_relative_and_http_links_skip_the_normaliser(monkeypatch):
    def refuse(url):
        raise AssertionError(f"normaliser called for {url}")

    monkeypatch.setattr(link_urls, "normalizeLink", refuse)
    for url in ("chapter-2.html", "../ml/index.md#exercise-1", "#ref-1", "https://doi.org/10.1000/xyz.123",
                "https://example.org/a/b?c=d&e=f#g", "http://localhost/", "https://a.example.org", "img/fig%201.png"):
        assert normalize_link(url) == url


def test_other_links_still_go_through_the_normaliser():
    assert normalize_link("https://例え.jp/") == "https://xn--r8jz45g.jp/"
    assert normalize_link("../ml/index.md#学習") == "../ml/index.md#%E5%AD%A6%E7%BF%92"
    assert normalize_link("a b") == "a%20b"
    assert normalize_link("100%") == "100%25"


DESTINATION_PIECES = list("ab/.:#?=&%()\\<> \t\n\x00\x1f\x7f\u3000\u00e9\"'") + ["&amp;", "&#x41;", "&bogus;", "\\(", "\\ ", "https://x.org/"]


@settings(max_examples=examples(3000), deadline=None)
@given(st.lists(st.sampled_from(DESTINATION_PIECES), max_size=14).map("".join), st.integers(0, 40), st.integers(0, 40))
def test_parse_link_destination_gives_what_markdown_it_gives(text, pos, length):
    maximum = min(len(text), pos + length)
    ours, theirs = parse_link_destination(text, pos, maximum), parseLinkDestination(text, pos, maximum)
    assert (ours.ok, ours.pos, ours.str) == (theirs.ok, theirs.pos, theirs.str)


def test_a_plain_destination_skips_the_character_walk(monkeypatch):
    monkeypatch.setattr(link_urls, "parseLinkDestination", lambda *args: (_ for _ in ()).throw(AssertionError(args)))
    for text, end, found in (("https://x.org/a?b=1&amp;c#d) rest", 27, "https://x.org/a?b=1&c#d"),
                             ("chapter-2.html \"title\")", 14, "chapter-2.html"), ("学習.md", 5, "学習.md")):
        result = parse_link_destination(text, 0, len(text))
        assert (result.ok, result.pos, result.str) == (True, end, found)


def test_a_destination_with_parentheses_or_escapes_goes_through_markdown_it():
    for text, found in (("wiki/A_(b))", "wiki/A_(b)"), ("a\\)b)", "a)b"), ("<a b>", "a b")):
        result = parse_link_destination(text, 0, len(text))
        assert (result.ok, result.str) == (True, found)


def test_the_site_parser_uses_the_shortcuts_and_markdown_it_keeps_its_own():
    md = create_markdown()
    assert md.normalizeLink is normalize_link
    assert md.helpers.parseLinkDestination is parse_link_destination
    assert helpers.parseLinkDestination is parseLinkDestination  # other parsers, markdown-it-py alone among them


def test_a_page_of_links_renders_the_same_with_and_without_the_shortcut():
    text = ("[a](chapter-2.html) [b](https://example.org/x?y=1#z) [c](<a b>) [d](https://例え.jp/)\n\n"
            "[e][ref] <https://example.org/auto> [f](HTTP://EXAMPLE.COM/) [g](mailto:a@b.c) ![h](img/%41.png)\n\n"
            "[i](wiki/A_(b)) [j](a\\)b) [k](x.md \"t\") [l](<y z.md>) [m](u&amp;v) [n](p\\ q)\n\n"
            "[ref]: https://doi.org/10.1000/1 \"title\"\n")
    with_it, _ = render_html(text, md=markdown_with(PLUGINS), is_chapter=True)
    without, _ = render_html(text, md=markdown_with([plugin for plugin in PLUGINS if plugin is not link_urls_plugin]), is_chapter=True)
    assert with_it == without
    assert 'href="https://xn--r8jz45g.jp/"' in with_it and 'href="a%20b"' in with_it
