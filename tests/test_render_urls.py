"""Links between pages are relative, so a site works under any sub-path and from disk."""

import posixpath
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from manabi_ssg.site.urls import relative_url

segment = st.sampled_from(["ja", "en", "mlp", "chapter-1.html", "index.html", "a b", "入門", "x.y"])
site_path = st.lists(segment, max_size=4).map("/".join)
page_path = st.lists(segment, min_size=1, max_size=4).map("/".join)


def test_examples():
    assert relative_url("ja/mlp/chapter-1.html", "ja/mlp/chapter-2.html") == "chapter-2.html"
    assert relative_url("ja/mlp/chapter-1.html", "en/index.html") == "../../en/index.html"
    assert relative_url("index.html", "ja/mlp/") == "ja/mlp"
    assert relative_url("ja/index.html", "ja/index.html#top") == "index.html#top"
    assert relative_url("ja/index.html", "#refs") == "index.html#refs"
    assert relative_url("ja/入門/a b.html", "ja/index.html") == "../index.html"
    assert relative_url("ja/index.html", "ja/入門/a b.html") == "%E5%85%A5%E9%96%80/a%20b.html"


@given(page_path, site_path, st.sampled_from(["", "#frag"]))
def test_same_as_posix_relpath_for_site_paths(from_url, to_url, fragment):
    """What relative_url must equal; it avoids relpath's call for the working directory."""
    expected = posixpath.relpath(to_url or from_url, posixpath.dirname(from_url) or ".")
    got = relative_url(from_url, to_url + fragment)
    assert unquote(got.partition("#")[0]) == expected
    assert got.endswith(fragment)
