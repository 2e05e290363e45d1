"""Two languages: translations by path and by key, the language switcher, hreflang,
message catalogues (fallback, a site's own language)."""

import pytest
from conftest import Site

from manabi_ssg.site.config import Config
from manabi_ssg.messages import catalogue


@pytest.fixture
def site(tmp_path) -> Site:
    site = Site(tmp_path / "site")
    site.config = Config(root=site.root, search=False)  # these tests are about languages, not the index
    return site


def chapter(title: str, extra: str = "") -> str:
    return f"---\ntitle: \"{title}\"\n{extra}---\n\n本文 / text.\n"


def switcher(site: Site, url: str) -> dict[str, tuple[str, str | None]]:
    nav = site.tree(url).find("nav", class_="language-switcher")
    return {a.get("hreflang"): (a.get("href"), a.get("aria-current")) for a in nav.find_all("a")}


def alternates(site: Site, url: str) -> dict[str, str]:
    # hreflang alternates only: the Atom feed link is rel="alternate" too
    return {link.get("hreflang"): link.get("href") for link in site.tree(url).find_all("link", rel="alternate") if link.get("hreflang")}


def test_translation_by_same_path_under_each_language_root(site):
    site.write({
        "ja/mlp/chapter4-real-world.md": chapter("第4章"),
        "en/mlp/chapter4-real-world.md": chapter("Chapter 4"),
    }).build()
    assert switcher(site, "ja/mlp/chapter4-real-world.html") == {
        "ja": ("../index.html", "true"),
        "en": ("../../en/mlp/chapter4-real-world.html", None),
    }
    assert switcher(site, "en/mlp/chapter4-real-world.html")["ja"] == ("../../ja/mlp/chapter4-real-world.html", None)
    assert site.tree("en/mlp/chapter4-real-world.html").find("html").get("lang") == "en"
    assert site.tree("ja/mlp/chapter4-real-world.html").find("html").get("lang") == "ja"
    # folders are linked too: the generated series pages and the language homes
    assert switcher(site, "ja/mlp/index.html")["en"][0] == "../../en/mlp/index.html"
    assert switcher(site, "en/index.html")["ja"][0] == "../ja/index.html"


def test_jp_is_a_japanese_root(site):
    site.write({"jp/s/chapter1.md": chapter("第1章"), "en/s/chapter1.md": chapter("Chapter 1")}).build()
    assert switcher(site, "en/s/chapter1.html")["ja"][0] == "../../jp/s/chapter1.html"
    assert site.tree("jp/s/chapter1.html").find("html").get("lang") == "ja"


def test_translation_by_front_matter_key_links_both_ways(site):
    result = site.write({
        "ja/ml/chapter4-transfer.md": chapter("第4章", "translation: en/machine-learning/ch4-transfer-learning.md\n"),
        "en/machine-learning/ch4-transfer-learning.md": chapter("Chapter 4"),
        "en/ml/chapter4-transfer.md": chapter("Same path, but the key wins"),
    }).build()
    assert not [d for d in result.diagnostics if d.code.startswith("translation")]
    assert switcher(site, "ja/ml/chapter4-transfer.html")["en"][0] == "../../en/machine-learning/ch4-transfer-learning.html"
    assert switcher(site, "en/machine-learning/ch4-transfer-learning.html")["ja"][0] == "../../ja/ml/chapter4-transfer.html"
    # the same-path page is no translation of the linked one: it falls back to the Japanese home
    assert switcher(site, "en/ml/chapter4-transfer.html")["ja"][0] == "../../ja/index.html"


def test_translation_key_naming_no_page_is_a_warning(site):
    result = site.write({"ja/s/a.md": chapter("A", "translation: en/s/missing.md\n"), "en/s/b.md": chapter("B")}).build()
    found = [d for d in result.diagnostics if d.code == "translation-not-found"]
    assert len(found) == 1 and found[0].path == "ja/s/a.md" and found[0].level == "warning"


def test_switcher_falls_back_to_the_other_languages_home(site):
    site.write({
        "ja/index.md": "---\ntitle: ホーム\n---\n\nようこそ。\n",
        "ja/s/only-japanese.md": chapter("日本語だけ"),
        "en/index.md": "---\ntitle: Home\n---\n\nWelcome.\n",
        "en/t/only-english.md": chapter("English only"),
    }).build()
    links = switcher(site, "ja/s/only-japanese.html")
    assert links["en"] == ("../../en/index.html", None)
    a = site.tree("ja/s/only-japanese.html").find("nav", class_="language-switcher").find("a", hreflang="en")
    assert a.get("title")  # says that there is no English version (catalogue text)
    assert alternates(site, "ja/s/only-japanese.html") == {}  # no translation, no hreflang
    assert switcher(site, "en/t/only-english.html")["ja"] == ("../../ja/index.html", None)


def test_hreflang_alternates_list_every_version_absolute(site):
    site.write({"ja/s/c.md": chapter("第1章"), "en/s/c.md": chapter("Chapter 1")})
    site.config = Config(root=site.root, search=False, base_url="https://example.org/course/")
    site.build()
    assert alternates(site, "en/s/c.html") == {"ja": "https://example.org/course/ja/s/c.html",
                                               "en": "https://example.org/course/en/s/c.html"}


def test_without_base_url_no_hreflang_alternates_since_relative_ones_are_invalid(site):
    site.write({"ja/s/c.md": chapter("第1章"), "en/s/c.md": chapter("Chapter 1")}).build()
    assert alternates(site, "ja/s/c.html") == {}
    assert switcher(site, "ja/s/c.html")["en"][0] == "../../en/s/c.html"  # the switcher still links the translation


def test_generated_pages_have_a_consistent_header(site):
    site.write({"ja/s/c.md": chapter("第1章", "topics: [\"x\"]\n"), "en/s/c.md": chapter("Chapter 1")}).build()
    for url in ("404.html", "topics/index.html", "index.html"):
        tree = site.tree(url)
        assert tree.find("html").get("lang") == "ja"
        nav = tree.find("nav", class_="language-switcher")
        assert nav.get("aria-label") == "言語"
        assert {a.get("hreflang") for a in nav.find_all("a")} == {"ja", "en"}
    assert site.tree("topics/index.html").find("title").text().startswith("トピック一覧")


def test_catalogue_falls_back_to_english_then_to_the_key(tmp_path):
    messages = tmp_path / "messages"
    messages.mkdir()
    (messages / "fr.toml").write_text('language_name = "Français"\nnext = "Chapitre suivant"\n', encoding="utf-8")
    french = catalogue("fr", str(messages))
    assert french["next"] == "Chapitre suivant"
    assert french["previous"] == "Previous chapter"  # missing in fr: English
    assert catalogue("ja")["next"] == "次の章"
    base = lambda messages: {key.split(".")[0] for key in messages}  # plural forms differ by language
    assert base(catalogue("ja")) == base(catalogue("en"))  # the shipped catalogues have the same keys


def test_a_site_adds_a_language_with_its_own_catalogue(site):
    (site.root / "messages").mkdir(parents=True)
    (site.root / "messages" / "fr.toml").write_text(
        'language_name = "Français"\nlanguages = "Langues"\nnext = "Chapitre suivant"\n', encoding="utf-8")
    site.write({
        "fr/s/chapitre-1.md": chapter("Chapitre 1"),
        "fr/s/chapitre-2.md": chapter("Chapitre 2"),
        "en/s/chapitre-1.md": chapter("Chapter 1"),
    }).build()
    tree = site.tree("fr/s/chapitre-1.html")
    assert tree.find("html").get("lang") == "fr"
    nav = tree.find("nav", class_="language-switcher")
    assert nav.get("aria-label") == "Langues"
    names = {a.get("hreflang"): a.text() for a in nav.find_all("a")}
    # the site has French and English chapters and no Japanese ones: the switcher offers only what exists
    assert names == {"en": "English", "fr": "Français"}
    assert tree.find("a", class_="pager-next").find("span", class_="pager-label").text() == "Chapitre suivant"


def test_topic_pages_per_language(site):
    site.config = Config(root=site.root, search=False)
    site.write({"ja/s/c.md": chapter("第1章", "topics: [\"x\"]\n"), "en/s/c.md": chapter("Chapter 1", "topics: [\"x\"]\n")}).build()
    ja, en = site.tree("topics/x.html"), site.tree("topics/en/x.html")
    assert ja.find("html").get("lang") == "ja" and en.find("html").get("lang") == "en"
    assert [a.get("href") for a in en.find_all("a", class_=None) if a.get("href", "").endswith("c.html")] == ["../../en/s/c.html"]
    link = site.tree("en/s/c.html").find("a", class_="topic-link")
    assert link.get("href") == "../../topics/en/x.html"
