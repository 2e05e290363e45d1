"""The 404 page is answered at any depth: its stylesheet, script and links start from the site's root."""

import http.client
from dataclasses import replace
from urllib.parse import urljoin

import pytest

from manabi_ssg.preview.serve import LiveServer

DEEP = "ja/series/part/missing.html"


def links(tree) -> dict[str, str]:
    return {
        "stylesheet": tree.find("link", rel="stylesheet").get("href"),
        "script": next(el.get("src") for el in tree.find_all("script") if (el.get("src") or "").endswith("assets/manabi.js")),
        "home": tree.find("a", class_="site-title").get("href"),
    }


@pytest.mark.parametrize("base_url, site_at", [("", "https://example.org/"), ("https://example.org/course/", "https://example.org/course/"),
                                                ("https://example.org/my course", "https://example.org/my%20course/")])
def test_404_links_resolve_from_a_deep_path(site, base_url, site_at):
    site.write({"ja/series/part/chapter-1.md": "# 一\n"})
    site.config = replace(site.config, base_url=base_url)
    site.build()
    found = links(site.tree("404.html"))
    missing_at = urljoin(site_at, DEEP)
    assert urljoin(missing_at, found["stylesheet"]) == urljoin(site_at, "assets/theme.css")
    assert urljoin(missing_at, found["script"]) == urljoin(site_at, "assets/manabi.js")
    assert urljoin(missing_at, found["home"]) == urljoin(site_at, "index.html")
    assert (site.output / "assets/theme.css").is_file() and (site.output / "assets/manabi.js").is_file()


def test_chapter_links_stay_relative(site):
    site.write({"ja/series/part/chapter-1.md": "# 一\n"})
    site.config = replace(site.config, base_url="https://example.org/course/")
    site.build()
    assert site.tree("ja/series/part/chapter-1.html").find("link", rel="stylesheet").get("href") == "../../../assets/theme.css"


@pytest.mark.parametrize("base_url", ["", "https://example.org/course/"])
def test_serve_answers_a_deep_missing_path_with_a_styled_404(site, base_url):
    site.write({"ja/series/part/chapter-1.md": "# 一\n"})
    server = LiveServer(replace(site.config, base_url=base_url), port=0, report=lambda *a, **k: None)
    server.start()
    try:
        def get(path):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode()

        status, body = get("/" + DEEP)
        assert status == 404
        from htmltree import parse_html

        stylesheet = urljoin(f"http://127.0.0.1:{server.port}/{DEEP}", links(parse_html(body))["stylesheet"])
        assert stylesheet == f"http://127.0.0.1:{server.port}/assets/theme.css"
        status, css = get("/assets/theme.css")
        assert status == 200 and "body" in css
    finally:
        server.stop()
