"""Chemistry notation read as emphasis (markdown/chemistry.py): a warning with the fix, no change to the output."""

from rendering import render_html


def diagnostics(src: str) -> list:
    return render_html(src, path="c.md")[1]["diagnostics"]


def test_adsorbed_species_read_as_emphasis_are_pointed_out_with_the_escape():
    [d] = diagnostics("本文\n\n- 不明（2つの*COが結合？それとも*CO+*CHO？）\n")
    assert (d.line, d.col, d.level, d.code) == (3, 9, "warning", "emphasis-formula")
    assert "\\*CO" in d.message


def test_emphasis_an_author_means_is_left_alone():
    for src in ("*API keys* are *NOT* here\n", "*強調*です。*Note*: x\n", "**CO** と *CO*\n"):
        assert diagnostics(src) == [], src


def test_escaped_asterisks_give_no_warning_and_stay_visible():
    html, env = render_html("2つの\\*COが結合？それとも\\*CO+\\*CHO\n", path="c.md")
    assert env["diagnostics"] == [] and "*CO+*CHO" in html and "<em>" not in html
