"""urls.py: every rule that makes a URL of the built site, in one module; no other module spells one."""

import ast
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import Site

from manabi_ssg.site import urls
from manabi_ssg.guards.names import topic_slug

SOURCE = Path(urls.__file__).parent


def test_a_folders_landing_page():
    assert urls.section_url("") == "index.html"
    assert urls.section_url("ja/mlp") == "ja/mlp/index.html"


def test_a_page_from_its_source_path():
    assert urls.output_url("ja/mlp/chapter-1.md") == "ja/mlp/chapter-1.html"
    assert urls.output_url("Up.MD") == "Up.html" and urls.output_url("b.markdown") == "b.html"
    assert urls.output_url("img/fig.png") == "img/fig.png"


@pytest.mark.parametrize("written, target", [
    ("chapter-2.md", "chapter-2.html"), ("../s/Up.MARKDOWN", "../s/Up.html"), ("../series/", "../series/index.html"),
    (".", "./index.html"), ("..", "../index.html"), ("/", "/index.html"), ("fig.png", "fig.png"),
])
def test_a_link_written_in_a_page_leads_to_the_built_file(written, target):
    assert urls.link_target(written) == target


def test_site_wide_pages_take_the_plain_name_in_the_default_language_and_a_suffix_in_others():
    assert (urls.search_url("ja", "ja"), urls.search_url("en", "ja")) == ("search.html", "search-en.html")
    assert (urls.feed_url("ja", "ja"), urls.feed_url("pt-BR", "ja")) == ("feed.xml", "feed-pt-BR.xml")
    assert (urls.listing_url("exercises", "ja", "ja"), urls.listing_url("case_studies", "en", "ja")) == \
        ("exercises.html", "case-studies-en.html")


def test_topic_pages_are_under_topics_with_a_folder_per_other_language():
    slug = topic_slug("機械学習")
    assert urls.topic_url("機械学習", "ja", "ja") == f"topics/{slug}.html"
    assert urls.topic_url("機械学習", "en", "ja") == f"topics/en/{slug}.html"
    assert (urls.topic_url(None, "ja", "ja"), urls.topic_url(None, "en", "ja")) == ("topics/index.html", "topics/en/index.html")


def test_a_pages_bib_is_beside_it_named_after_its_source():
    assert urls.bib_url("ja/mlp/chapter-4.md", "ja/mlp/chapter-4.html") == "ja/mlp/chapter-4.bib"
    assert urls.bib_url("notes.markdown", "notes.html") == "notes.bib"


def test_a_generated_page_is_known_by_the_source_path_it_would_have():
    assert urls.generated_path("search-en.html") == "search-en.md"
    assert urls.generated_path("topics/en/index.html") == "topics/en/index.md"


def test_an_absolute_address_is_the_base_url_and_the_percent_encoded_path():
    for base in ("https://example.org/course/", "https://example.org/course"):
        assert urls.absolute_url(base, "ja/入門/a b.html") == "https://example.org/course/ja/%E5%85%A5%E9%96%80/a%20b.html"


def test_the_404_pages_root_is_the_base_urls_path():
    assert urls.site_root("https://example.org/course", live_reload=False) == "/course/"
    assert urls.site_root("https://example.org/course/", live_reload=True) == "/"
    assert urls.site_root("", live_reload=False) == "/"


def test_a_built_site_has_its_files_where_the_rules_say(site: Site):
    site.config = replace(site.config, base_url="https://example.org/", default_language="ja")
    chapter = "---\ntitle: {title}\nupdated_at: 2026-01-02\ntopics: [触媒]\n---\n\n## 演習問題\n\n### 問題1\n\n問い\n\n## 参考文献\n\n1. Smith, J. (2020). T. Nature.\n"
    site.write({"ja/s/chapter-1.md": chapter.format(title="一"), "en/s/chapter-1.md": chapter.format(title="One")}).build()
    expected = [urls.section_url("ja/s"), urls.feed_url("ja", "ja"), urls.feed_url("en", "ja"), urls.SITEMAP_URL, urls.ROBOTS_URL,
                urls.topic_url("触媒", "ja", "ja"), urls.topic_url("触媒", "en", "ja"), urls.listing_url("exercises", "en", "ja"),
                urls.bib_url("en/s/chapter-1.md", urls.output_url("en/s/chapter-1.md")), urls.THEME_CSS, urls.HIGHLIGHT_CSS]
    assert [url for url in expected if not (site.output / url).is_file()] == []


NAMES = {"index.html", "feed.xml", "sitemap.xml", "robots.txt", ".bib", "assets/theme.css", "assets/pygments.css"}
SUFFIXES = (".html", ".xml", ".bib")  # "404.html" is left out: also the name of its template (render.py)


def _spelled_urls(path: Path) -> list[str]:
    """Strings in code (not docstrings) that name a file of the site, or f-strings that end a name with its suffix."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            found += [f"{path.name}:{node.lineno}: f-string ending {part.value!r}" for part in node.values
                      if isinstance(part, ast.Constant) and str(part.value).endswith(SUFFIXES)]
        elif isinstance(node, ast.Constant) and id(node) not in docstrings and node.value in NAMES:
            found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    return found


def test_no_module_but_urls_spells_a_url_of_the_site():
    spelled = [hit for path in sorted(SOURCE.rglob("*.py")) if path.name != "urls.py" for hit in _spelled_urls(path)]
    assert spelled == []
