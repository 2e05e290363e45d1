"""Hostile content: every file gets a clear answer, the rest of the site still builds.

Each case is written here (never taken from elsewhere); each asserts the
diagnostic's file and line and that a well-formed page was still written.
"""

import os
import pytest
from conftest import Site

GOOD = {"ja/s/good.md": "---\ntitle: 良い章\n---\n本文\n"}


def build(site: Site, files: dict):
    site.write({**GOOD, **files})
    result = site.build(workers=1)
    assert (site.output / "ja/s/good.html").exists()  # the other pages still build
    return result


def codes(result):
    return {(d.path, d.line, d.code) for d in result.diagnostics}


@pytest.mark.parametrize(
    "text, line, code",
    [
        ("---\ntitle: [a\n---\n", 2, "frontmatter-yaml"),
        ("---\n- a\n---\n", 2, "frontmatter-not-mapping"),
        ("---\ntopics: {a: 1}\n---\n", 2, "frontmatter-type"),
        ("---\ntitle: a\n\nno end\n", 1, "frontmatter-unterminated"),
        ("---\ntitle: a\ntitle: b\n---\n", 3, "frontmatter-duplicate-key"),
        ("---\ntitle: 'a'\nseries_order: true\n---\n", 3, "frontmatter-type"),
    ],
)
def test_front_matter_problems(site, text, line, code):
    result = build(site, {"ja/s/bad.md": text})
    assert ("ja/s/bad.md", line, code) in codes(result)
    assert (site.output / "ja/s/bad.html").exists()


def test_bom_crlf_lone_cr_and_tabs(site):
    files = {
        "ja/s/bom.md": "\ufeff---\ntitle: BOM付き\n---\n本文\n".encode("utf-8"),
        "ja/s/crlf.md": b"---\r\ntitle: CRLF\r\n---\r\n# x\r\n\r\n- a\r\n- b\r\n",
        "ja/s/cr.md": b"---\rtitle: CR\r---\rline\r",
        "ja/s/tabs.md": "---\ntitle: Tabs\n---\n-\titem\n\n\tcode\n".encode(),
    }
    result = build(site, files)
    assert result.errors == 0
    assert site.tree("ja/s/bom.html").find("h1").text() == "BOM付き"
    assert site.tree("ja/s/crlf.html").find("h1").text() == "CRLF"
    assert len(site.tree("ja/s/crlf.html").find("div", class_="chapter-body").find_all("li")) == 2
    assert site.tree("ja/s/cr.html").find("h1").text() == "CR"


def test_nul_bytes_and_bad_encoding_say_where(site):
    sjis = "---\ntitle: ok\n---\n一行目\n".encode("utf-8") + "二行目".encode("shift_jis") + b"\n"
    result = build(site, {"ja/s/nul.md": b"# T\n\nab\x00cd\n", "ja/s/sjis.md": sjis})
    assert ("ja/s/nul.md", 3, "nul-byte") in codes(result)
    [encoding] = [d for d in result.diagnostics if d.code == "encoding"]
    assert encoding.path == "ja/s/sjis.md" and encoding.line == 5 and encoding.col == 1
    assert "UTF-8" in encoding.message and "0x" in encoding.message
    assert "一行目" in site.html("ja/s/sjis.html")


def test_empty_and_front_matter_only(site):
    result = build(site, {"ja/s/empty.md": "", "ja/s/only.md": "---\ntitle: 前付けだけ\n---\n"})
    assert result.errors == 0
    assert site.tree("ja/s/empty.html").find("h1").text() == "empty"
    assert site.tree("ja/s/only.html").find("h1").text() == "前付けだけ"


def test_huge_inputs(site):
    big_table = "| a | b |\n|---|---|\n" + "".join(f"| {i} | x |\n" for i in range(10_000))
    deep_list = "".join("  " * i + "- x\n" for i in range(2_500))  # 6 MB: 10,000 deep would be 95 MB, over the size limit
    deep_quote = ">" * 10_000 + " deep\n"
    long_line = "あ" * 350_000 + "\n"  # about 1 MB
    big = ("## 節\n\n" + "本文の段落です。" * 40 + "\n\n") * 7_500  # about 7.3 MB of source, under the 8 MB limit
    result = build(site, {"ja/s/table.md": big_table, "ja/s/list.md": deep_list, "ja/s/quote.md": deep_quote,
                          "ja/s/line.md": long_line, "ja/s/big.md": big})
    assert result.errors == 0
    assert len(site.tree("ja/s/table.html").find_all("tr")) == 10_001
    assert "deep" in site.html("ja/s/quote.html")
    assert (site.output / "ja/s/big.html").stat().st_size > 7_000_000


def test_broken_html(site):
    files = {
        "ja/s/html.md": "<div>\n\nunclosed div\n\n## after\n",
        "ja/s/details.md": "<details>\nno summary\n</details>\n\n</details>\n\n<details>\n<summary>s</summary>\n\n## next\n",
        "ja/s/comment.md": "before\n\n<!-- never ends\n\n## hidden?\n",
    }
    result = build(site, files)
    found = codes(result)
    assert ("ja/s/details.md", 1, "details-no-summary") in found
    assert ("ja/s/details.md", 5, "details-stray-close") in found
    assert ("ja/s/details.md", 7, "details-unclosed") in found
    assert ("ja/s/comment.md", 3, "html-comment-unclosed") in found
    assert site.tree("ja/s/details.html").find("h2").parent.classes == ["chapter-body"]


def test_awkward_file_names_and_collisions(site):
    files = {
        "ja/my series/chapter one.md": "# スペース\n",
        "ja/日本語/第一章.md": "# 日本語の名前\n",
        "ja/odd/a#b?c%d.md": "# 記号\n",
        "ja/odd/index.md": "# Odd\n\n[a](a%23b%3Fc%25d.md)\n",
        "ja/x/page.md": "# page\n",
        "ja/x/page.html": "<p>asset</p>",
        "ja/x/Page.md": "# case\n",
    }
    result = build(site, files)
    assert (site.output / "ja/my series/chapter one.html").exists()
    assert (site.output / "ja/日本語/第一章.html").exists()
    assert (site.output / "ja/odd/a#b?c%d.html").exists()
    [link] = [a for a in site.tree("ja/odd/index.html").find("div", class_="section-body").find_all("a") if "heading-anchor" not in a.classes]
    assert link.get("href") == "a%23b%3Fc%25d.html"
    nav_links = [a.get("href") for a in site.tree("ja/my series/index.html").find_all("a")]
    assert "chapter%20one.html" in nav_links
    collisions = [d for d in result.diagnostics if d.code == "output-collision"]
    assert len(collisions) == 2 and all(d.level == "error" for d in collisions)


def test_symlink_loop_binary_and_unreadable(site, monkeypatch):
    site.write(GOOD)
    (site.content / "ja/s/loop").symlink_to(site.content / "ja")
    (site.content / "ja/s/photo.png").write_bytes(bytes(range(256)) * 10)
    (site.content / "ja/s/binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    fifo = site.content / "ja/s/pipe.md"
    os.mkfifo(fifo)
    result = site.build(workers=1)
    found = codes(result)
    assert any(code == "symlink-loop" for _, _, code in found)
    assert (site.output / "ja/s/photo.png").read_bytes() == bytes(range(256)) * 10
    assert ("ja/s/binary.md", 1, "encoding") in found
    assert ("ja/s/pipe.md", 1, "special-file") in found  # a FIFO is never opened (it would hang the build)
    assert not (site.output / "ja/s/pipe.html").exists()
    assert (site.output / "ja/s/good.html").exists()


def test_unreadable_file(site, monkeypatch):
    site.write({**GOOD, "ja/s/secret.md": "# secret\n"})
    secret = site.content / "ja/s/secret.md"
    secret.chmod(0)
    if os.geteuid() == 0:  # root reads any file: make the read fail as it would for anyone else
        from manabi_ssg.pipeline import load

        real = load.read_regular

        def read_regular(path):
            if path.name == "secret.md":
                raise PermissionError(13, "Permission denied")
            return real(path)

        monkeypatch.setattr(load, "read_regular", read_regular)
    result = site.build(workers=1)
    [problem] = [d for d in result.diagnostics if d.path == "ja/s/secret.md"]
    assert problem.code == "unreadable" and "Permission denied" in problem.message
    assert (site.output / "ja/s/good.html").exists()


def test_html_in_front_matter_is_escaped_and_raw_html_in_a_heading_stays_in_the_body(site):
    """Front matter is text, so it is escaped everywhere it is shown.  Markdown allows raw HTML (README),
    so a heading's HTML is the author's and stays in the body as written; where a heading is shown as
    text (the on-page contents, its id) only its text appears."""
    evil = '<script>alert(1)</script>"\'&'
    files = {
        "ja/s/evil.md": f'---\ntitle: "{evil.replace(chr(34), chr(92) + chr(34))}"\nsubtitle: "<img src=x onerror=alert(1)>"\n'
        f'description: "<b>desc</b>"\ntopics: ["<i>t</i>"]\nlearning_objectives: ["<script>x</script>"]\n---\n'
        "## <script>h</script>\n\n## 二つ目 <em>強調</em>\n\n## 三つ目\n"
    }
    build(site, files)
    for rel in ("ja/s/evil.html", "ja/s/index.html", "index.html"):
        html = site.html(rel)
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html and "<script>x</script>" not in html
    tree = site.tree("ja/s/evil.html")
    assert tree.find("title").text().startswith(evil)
    assert tree.find("meta", name="description").get("content") == "<b>desc</b>"
    html = site.html("ja/s/evil.html")
    assert html.count("<script>h</script>") == 1  # the author's raw HTML, once, in the body
    [heading] = [h for h in tree.find("div", class_="chapter-body").find_all("h2") if h.find("script")]
    assert heading.get("id") == "h"
    toc = tree.find("nav", class_="toc")
    assert toc.find("script") is None and toc.find("em") is None
    assert [a.text() for a in toc.find_all("a")] == ["h", "二つ目 強調", "三つ目"]


def test_a_chapter_over_the_size_limit_builds_cut_with_an_error_where_it_is_cut(site):
    from manabi_ssg.guards.limits import CHAPTER_BYTES

    line = "本文の段落です。" * 40 + "\n"  # 961 bytes
    lines = CHAPTER_BYTES // len(line.encode()) + 10
    result = build(site, {"ja/s/huge.md": "---\ntitle: 大きな章\n---\n" + line * (lines - 1) + "最後の行\n"})
    kept = CHAPTER_BYTES // len(line.encode())  # whole lines of the file under the limit, front matter included
    [error] = [d for d in result.diagnostics if d.code == "chapter-too-large"]
    assert (error.path, error.level, error.col) == ("ja/s/huge.md", "error", 1)
    assert error.line == (3 + (CHAPTER_BYTES - len("---\ntitle: 大きな章\n---\n".encode())) // len(line.encode())) + 1
    html = site.html("ja/s/huge.html")
    assert "大きな章" in html and "最後の行" not in html
    assert kept > 0


def test_front_matter_over_its_limits_is_cut_with_an_error_at_its_key(site):
    from manabi_ssg.guards.limits import ITEM_LENGTH, LIST_ITEMS, TEXT_LENGTHS

    title = "長" * (TEXT_LENGTHS["title"] * 100)
    topics = "".join(f"  - t{i}\n" for i in range(LIST_ITEMS + 5))
    result = build(site, {"ja/s/long.md": f"---\nseries_order: 1\ntitle: {title}\ntopics:\n{topics}prerequisites: [a, {'p' * (ITEM_LENGTH + 1)}]\n---\n本文\n"})
    found = sorted((d.line, d.code) for d in result.diagnostics if d.code == "frontmatter-too-long")
    assert found == [(3, "frontmatter-too-long"), (4, "frontmatter-too-long"), (4 + LIST_ITEMS + 5 + 1, "frontmatter-too-long")]
    page = site.tree("ja/s/long.html")
    assert len(page.find("h1").text()) == TEXT_LENGTHS["title"]
    assert len(site.html("ja/s/long.html")) < 60 * TEXT_LENGTHS["title"] * 3 + 200_000  # the title is no longer 30,000 characters a copy


def test_the_front_matter_schema_carries_the_limits_so_an_editor_flags_them_first():
    from manabi_ssg.guards.limits import ITEM_LENGTH, LIST_ITEMS, TEXT_LENGTHS
    from manabi_ssg.authoring.schema import frontmatter_schema

    properties = frontmatter_schema()["properties"]
    assert properties["title"]["maxLength"] == TEXT_LENGTHS["title"]
    array = properties["topics"]["oneOf"][0]
    assert (array["maxItems"], array["items"]["maxLength"]) == (LIST_ITEMS, ITEM_LENGTH)
