"""BibTeX from reference lists: the citation style's parts, cite keys, escaping, one .bib per page."""

import re

import pytest
from progress_site import CHAPTER, built_series

from manabi_ssg.outputs.bibtex import FIELD_ORDER, bibtex, escape_tex, parse_reference


def entry(text, emphasis=(), links=(), unverified=""):
    return {"number": 1, "text": text, "emphasis": list(emphasis), "links": list(links), "unverified": unverified}


def test_quoted_title_journal_volume_issue_pages_and_doi():
    fields = parse_reference(entry(
        'Nakano, S., et al. (2019). "Progress in lattice models." Chemical Letters, 119(12), 7610-7672. DOI: 10.1000/cl.8b00705',
        emphasis=["Chemical Letters"], links=["https://doi.org/10.1000/cl.8b00705"]))
    assert fields == {"type": "article", "fields": {
        "doi": "10.1000/cl.8b00705", "year": "2019", "author": "Nakano, S. and others", "title": "Progress in lattice models",
        "journal": "Chemical Letters", "volume": "119", "number": "12", "pages": "7610--7672"}}


def test_unquoted_title_with_bold_authors_ends_at_the_journal_in_italics():
    fields = parse_reference(entry(
        "Wolf, D. H., Stone, A. & Reed, C. (1992). Stacked models. Neural Examples, 5(2), 241-259. DOI: 10.1000/S0893-6080(05)80023-1",
        emphasis=["Neural Examples"]))["fields"]
    assert fields["author"] == "Wolf, D. H. and Stone, A. and Reed, C."
    assert (fields["title"], fields["journal"], fields["pages"]) == ("Stacked models", "Neural Examples", "241--259")
    assert fields["doi"] == "10.1000/S0893-6080(05)80023-1"


def test_proceedings_are_inproceedings_and_arxiv_is_an_eprint():
    parsed = parse_reference(entry(
        'Kim, I., et al. (2022). "Message passing." Advances in Neural Information Processing Systems, 35, 11423-11436. arXiv: 2206.07697',
        emphasis=["Advances in Neural Information Processing Systems"], links=["https://arxiv.org/abs/2206.07697"]))
    assert parsed["type"] == "inproceedings"
    assert parsed["fields"]["booktitle"] == "Advances in Neural Information Processing Systems"
    assert (parsed["fields"]["eprint"], parsed["fields"]["archiveprefix"]) == ("2206.07697", "arXiv")
    assert "doi" not in parsed["fields"]


def test_unverified_reference_carries_a_note():
    fields = parse_reference(entry('Hara, A. (2023). "Smearing." J, 4. DOI: 10.1000/x [注: 仮想DOI]', unverified="注: 仮想DOI"))["fields"]
    assert fields["note"] == "Unverified reference (注: 仮想DOI)"


def test_unparseable_reference_keeps_its_text_in_a_note():
    parsed = parse_reference(entry("材料データベースの公式ウェブサイト", links=["https://example.org/db"]))
    assert parsed == {"type": "misc", "fields": {"url": "https://example.org/db", "note": "材料データベースの公式ウェブサイト"}}


@pytest.mark.parametrize("raw, escaped", [("R&D 50%", r"R\&D 50\%"), ("a_b {c}", r"a\_b \textbraceleft{}c\textbraceright{}"), ("$5 #1", r"\$5 \#1"),
                                           ("a\\b}\n@x", r"a\textbackslash{}b\textbraceright{} @x")])
def test_tex_special_characters_are_escaped(raw, escaped):
    assert escape_tex(raw) == escaped


def test_cite_keys_are_unique_and_ascii():
    text = bibtex([
        {**entry('Ito, J. (2018). "Pseudo potentials." J, 1.'), "number": 1},
        {**entry('Ito, J. (2018). "Pseudo potentials." J, 2.'), "number": 2},
        {**entry('山田太郎 (2020). "計算入門." 雑誌, 3.'), "number": 3},
    ])
    assert re.findall(r"@\w+\{([^,]+),", text) == ["ito2018pseudo", "ito2018pseudoa", "ref32020"]


def test_series_chapter_bib_has_one_entry_per_reference_with_dois_and_notes(tmp_path):
    site = built_series(tmp_path / "site")
    bib = (site.output / CHAPTER.replace(".html", ".bib")).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=@)", bib)[1:]
    assert len(entries) == 15
    dois = re.findall(r"^  doi = \{(.+)\},$", bib, re.MULTILINE)
    assert len(dois) == 14 and dois[0] == "10.5555/jic.2019.0012" and "10.5555/jic.2022.0152" in dois
    assert re.findall(r"^  eprint = \{(.+)\},$", bib, re.MULTILINE) == ["2201.01234"]
    noted = [re.search(r"doi = \{(.+)\}", e).group(1) for e in entries if "note = {Unverified reference" in e]
    assert noted == ["10.5555/ni.2023.0408", "10.5555/ct.2024.0201", "10.5555/ipl.130.026401", "10.5555/imi.2024.0603"]
    link = site.tree(CHAPTER).find("p", class_="references-bibtex").find("a")
    assert link.get("href") == "chapter-2.bib"


def test_an_author_file_of_the_same_name_is_kept_in_the_content_and_reported_as_a_collision(tmp_path):
    site = built_series(tmp_path / "site")
    (site.content / "ja/kiso/chapter-2.bib").write_text("% mine\n", encoding="utf-8")
    result = site.build()
    assert (site.content / "ja/kiso/chapter-2.bib").read_text(encoding="utf-8") == "% mine\n"
    assert (site.output / "ja/kiso/chapter-2.bib").read_text(encoding="utf-8").startswith("% References of ja/kiso/chapter-2.html")
    (collision,) = [d for d in result.diagnostics if d.code == "output-collision"]
    assert (collision.path, collision.level) == ("ja/kiso/chapter-2.bib", "error")
    assert "chapter-2.bib" in collision.message


def test_reference_without_a_year_takes_its_title_from_italics_and_keeps_its_text():
    parsed = parse_reference(entry("International Handbook Society. Handbook of Identifiers. https://example.org/handbook.", emphasis=["Handbook of Identifiers"]))
    assert parsed == {"type": "misc", "fields": {
        "title": "Handbook of Identifiers", "url": "https://example.org/handbook",
        "note": "International Handbook Society. Handbook of Identifiers. https://example.org/handbook."}}


def test_title_in_italics_is_a_book_with_its_publisher_and_a_remark_in_italics_is_no_journal():
    parsed = parse_reference(entry("Raku, S., & Mori, V. (2019). Learning with Python, 3rd Edition. Example Press. A textbook. Practical use of the library.",
                                   emphasis=["Learning with Python, 3rd Edition", "A textbook. Practical use of the library."]))
    assert parsed == {"type": "book", "fields": {"year": "2019", "author": "Raku, S. and Mori, V.", "title": "Learning with Python, 3rd Edition",
                                                 "publisher": "Example Press"}}


def read_bib(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(type, key, fields) of every entry, read as BibTeX reads a file.

    Between entries everything is skipped up to the next ``@``; a braced value
    ends at the brace that balances its opening one, and every brace counts,
    ``\\}`` included (BibTeX does not know TeX's escapes).
    """
    entries, at = [], 0
    while (at := text.find("@", at)) != -1:
        kind = re.match(r"@(\w+)\s*\{", text[at:])
        assert kind, f"an @ that starts no entry: {text[at:at + 40]!r}"
        at += kind.end()
        key = re.match(r"([^,\s{}]+),", text[at:])
        assert key, f"entry without a key: {text[at:at + 40]!r}"
        at += key.end()
        fields = {}
        while True:
            closing = re.match(r"\s*\}", text[at:])
            if closing:
                at += closing.end()
                break
            name = re.match(r"\s*(\w+) = \{", text[at:])
            assert name, f"not a field: {text[at:at + 40]!r}"
            at += name.end()
            depth, start = 1, at
            while depth:
                depth += {"{": 1, "}": -1}.get(text[at], 0)
                at += 1
            fields[name.group(1)] = text[start:at - 1]
            assert text[at] == ",", f"field {name.group(1)} does not end with a comma: {text[at - 10:at + 30]!r}"
            at += 1
        entries.append((kind.group(1).lower(), key.group(1), fields))
    return entries


HOSTILE_REFERENCES = """\
---
title: Hostile references
---
本文[1][2][3][4]。

## 参考文献

1. Evil, A. (2020). "Braces {{ and }} and a backslash \\ in a title}." *Journal of Things}*, 1(2), 3-4. DOI: 10.1234/x},publisher={Mallory},}@preamble{{\\input{/etc/passwd}}}@misc{owned,
2. Doe, J. (2021). "Percent % and hash # and at @comment{x} in text." *J @string{a=b}*, 2. https://example.org/a}b{c\\d%zz#frag
3. Roe, R. (2022). "Plain." *J*, 3. DOI: [10.5555/ok](https://doi.org/10.5555/a}}}@preamble{x})
4. }}}@preamble{{x}}} "A reference with no year", only braces {{{
"""


def test_hostile_references_cannot_close_a_field_or_inject_an_entry(site):
    site.write({"ja/s/evil.md": HOSTILE_REFERENCES})
    site.build()
    entries = read_bib((site.output / "ja/s/evil.bib").read_text(encoding="utf-8"))
    assert len(entries) == 4
    assert {kind for kind, _, _ in entries} <= {"article", "book", "misc", "inproceedings"}  # no @preamble, @string, @comment
    assert all(re.fullmatch(r"[a-z][a-z0-9]*", key) for _, key, _ in entries)
    for _, _, fields in entries:
        assert set(fields) <= set(FIELD_ORDER)
        for name, value in fields.items():
            if name in ("doi", "url", "eprint"):
                assert not set(value) & set("{}\\ \n"), (name, value)
                continue
            plain = re.sub(r"\\text\w+\{\}", "", value[1:-1] if name == "title" else value)
            assert not set(plain) & set("{}\n"), (name, value)  # every brace left is a command's own pair
            assert set(re.findall(r"\\(.)", plain)) <= set("&%$#_"), (name, value)  # no TeX command but the escapes
    first = entries[0][2]
    assert "publisher" not in first and "Mallory" in first["doi"]  # the injected field stayed inside the DOI


def test_cite_keys_stay_letters_past_twenty_six_namesakes():
    text = bibtex([{**entry('Ito, J. (2018). "Pseudo potentials." J, 1.'), "number": n} for n in range(1, 60)])
    keys = [key for _, key, _ in read_bib(text)]
    assert len(set(keys)) == 59 and all(re.fullmatch(r"ito2018pseudo[a-z]*", key) for key in keys)
