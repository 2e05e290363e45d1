"""Reference lists: bare DOIs become links, a BibTeX link follows the list, entries keep italics and links."""

from functools import partial

from rendering import render_tree

from manabi_ssg.messages import catalogue

REFS = """
本文[1][2][3][4]。

## 参考文献

1. Alpha, A. (2019). "First." *Journal One*, 1(2), 3-4.
   DOI: 10.1000/abc.1

2. Beta, B. (2020). "Second." *Journal Two*, 5, 6. https://doi.org/10.1000/S0893-6080(05)80023-1.

3. Gamma, C. (2021). "Third." *Journal Three*, 7. DOI: [10.1000/linked](https://doi.org/10.1000/linked) [注: 仮想DOI]

4. Delta, D. (2022). "Fourth." `DOI: 10.1000/in-code`
"""


render = partial(render_tree, lang="ja", path="ja/s/chapter-2.md")


def test_bare_doi_after_label_becomes_a_link_to_doi_org():
    tree, _ = render(REFS)
    link = tree.find("li", id="ref-1").find("a")
    assert (link.get("href"), link.text()) == ("https://doi.org/10.1000/abc.1", "10.1000/abc.1")


def test_bare_doi_url_becomes_a_link_keeping_its_own_parentheses_but_not_the_full_stop():
    tree, _ = render(REFS)
    link = tree.find("li", id="ref-2").find("a")
    assert link.get("href") == "https://doi.org/10.1000/S0893-6080(05)80023-1"
    assert link.text() == "https://doi.org/10.1000/S0893-6080(05)80023-1"


def test_doi_already_linked_or_in_code_is_left_alone():
    tree, _ = render(REFS)
    assert [a.get("href") for a in tree.find("li", id="ref-3").find_all("a") if "doi.org" in a.get("href")] == ["https://doi.org/10.1000/linked"]
    assert [a for a in tree.find("li", id="ref-4").find_all("a") if "doi.org" in a.get("href")] == []


def test_doi_outside_the_reference_list_stays_text():
    tree, _ = render("DOI: 10.1000/prose\n" + REFS)
    assert [a for a in tree.find_all("a") if a.get("href") == "https://doi.org/10.1000/prose"] == []


def test_bibtex_link_follows_the_reference_list_and_names_the_page_file():
    tree, _ = render(REFS)
    link = tree.find("p", class_="references-bibtex").find("a")
    assert link.get("href") == "chapter-2.bib" and "download" in link.attrs
    assert link.text() == catalogue("ja")["download_bibtex"]
    body = [child for child in tree.children if not isinstance(child, str)]
    ol = tree.find("ol", class_="references")
    assert body[body.index(ol) + 1].classes == ["references-bibtex"]


def test_no_reference_list_no_bibtex_link():
    tree, env = render("本文だけ。\n")
    assert tree.find("p", class_="references-bibtex") is None and "bibliography" not in env


def test_entries_keep_italics_links_and_the_unverified_remark():
    _, env = render(REFS)
    entries = env["bibliography"]
    assert [e["number"] for e in entries] == [1, 2, 3, 4]
    assert entries[0]["emphasis"] == ["Journal One"]
    assert entries[2]["links"] == ["https://doi.org/10.1000/linked"]
    assert [e["unverified"] for e in entries] == ["", "", "注: 仮想DOI", ""]


def test_link_reference_definitions_without_a_reference_list_are_left_to_markdown():
    tree, env = render("[a]: https://example.org\n\nSee [a].\n")
    assert tree.find("a").get("href") == "https://example.org" and "bibliography" not in env


URL_REFS = """
本文[1][2][3][4]。

## 参考文献

1. Python Software Foundation. "venv." https://docs.python.org/3/library/venv.html.
2. 公式ドキュメント（https://pytorch.org/docs/stable/index.html）を参照。
3. Beta, B. (2020). *Journal*. https://doi.org/10.1000/xyz and http://example.org/data?id=1&v=(2)
4. Already linked: [site](https://example.com/a) and <https://example.com/b> and `https://example.com/code`
"""


def test_url_written_as_text_in_a_reference_becomes_a_link_without_the_full_stop():
    tree, _ = render(URL_REFS)
    link = tree.find("li", id="ref-1").find("a")
    assert (link.get("href"), link.text()) == ("https://docs.python.org/3/library/venv.html", "https://docs.python.org/3/library/venv.html")


def test_url_ends_at_japanese_punctuation():
    tree, _ = render(URL_REFS)
    assert tree.find("li", id="ref-2").find("a").get("href") == "https://pytorch.org/docs/stable/index.html"


def test_doi_url_and_plain_url_in_one_entry_are_each_one_link():
    tree, _ = render(URL_REFS)
    hrefs = [a.get("href") for a in tree.find("li", id="ref-3").find_all("a") if not a.get("href").startswith("#")]
    assert hrefs == ["https://doi.org/10.1000/xyz", "http://example.org/data?id=1&v=(2)"]


def test_urls_already_linked_or_in_code_are_left_alone():
    tree, _ = render(URL_REFS)
    hrefs = [a.get("href") for a in tree.find("li", id="ref-4").find_all("a") if not a.get("href").startswith("#")]
    assert hrefs == ["https://example.com/a", "https://example.com/b"]


def test_url_outside_the_reference_list_stays_text():
    tree, _ = render("See https://example.org/prose for more.\n" + URL_REFS)
    assert [a for a in tree.find_all("a") if a.get("href") == "https://example.org/prose"] == []
