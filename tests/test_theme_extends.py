"""A site template can extend the built-in theme's and override one block (``theme/`` always names the theme's file)."""

from pathlib import Path

from conftest import Site, write_tree

from manabi_ssg.cli import main

CHAPTERS = {
    "ja/s/index.md": "---\ntitle: シリーズ\n---\n",
    "ja/s/chapter-1.md": "---\ntitle: 第1章\nseries_order: 1\ndifficulty: 初級\ntopics: [基礎]\n---\n\n## 節\n\n本文\n",
    "ja/s/chapter-2.md": "---\ntitle: 第2章\nseries_order: 2\n---\n\n## 演習問題\n\n### 問題1（難易度：easy）\n\n問い\n",
}


def built(root: Path, templates: dict[str, str]) -> dict[str, str]:
    site = Site(root).write(CHAPTERS)
    write_tree(root, {f"templates/{name}": text for name, text in templates.items()})
    result = site.build()
    assert result.errors == 0, result.diagnostics
    return {path.relative_to(site.output).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(site.output.rglob("*.html"))}


def chapter_header(html: str) -> str:
    """What the theme's ``chapter_header`` block wrote: all between the article's start and the body."""
    start = html.index('<article class="chapter" data-pagefind-body>\n') + len('<article class="chapter" data-pagefind-body>\n')
    return html[start:html.index('<div class="chapter-body">', start)]


def test_a_chapter_template_that_extends_the_theme_changes_only_the_block_it_overrides(tmp_path):
    plain = built(tmp_path / "plain", {})
    extended = built(tmp_path / "extended", {"chapter.html": """\
        {% extends "theme/chapter.html" %}
        {% block chapter_header %}<header class="course-header"><h1>{{ page.title }}</h1></header>
        {% endblock %}
        """})
    assert plain.keys() == extended.keys()
    for name in ("ja/s/chapter-1.html", "ja/s/chapter-2.html"):
        title = "第1章" if name.endswith("1.html") else "第2章"
        ours = f'<header class="course-header"><h1>{title}</h1></header>\n'
        assert extended[name] == plain[name].replace(chapter_header(plain[name]), ours, 1)
    assert {name: html for name, html in extended.items() if "chapter-" not in name} == \
        {name: html for name, html in plain.items() if "chapter-" not in name}


def test_a_site_base_can_extend_the_themes_base_of_the_same_name(tmp_path):
    """``theme/base.html`` is never the site's own base.html (no recursion), and the theme's pages use the site's base."""
    plain = built(tmp_path / "plain", {})
    link = '<link rel="stylesheet" href="{{ rel(\'assets/course.css\') }}">'
    extended = built(tmp_path / "extended", {"base.html": """\
        {% extends "theme/base.html" %}
        {% block head %}{{ super() }}""" + link + """
        {% endblock %}
        """})
    for name, html in plain.items():
        folder = "/" if name == "404.html" else "../" * name.count("/")  # the 404 page's links start at the root
        ours = f'<link rel="stylesheet" href="{folder}assets/course.css">\n</head>'
        assert extended[name] == html.replace("</head>", ours, 1), name


def test_a_site_file_under_templates_theme_is_not_the_theme(tmp_path):
    plain = built(tmp_path / "plain", {})
    extended = built(tmp_path / "extended", {"theme/chapter.html": "NOT THE THEME\n",
                                             "chapter.html": '{% extends "theme/chapter.html" %}\n'})
    assert extended == plain


def test_a_block_the_theme_does_not_have_is_warned_at_its_place_with_the_name_meant(tmp_path):
    site = Site(tmp_path / "site").write(CHAPTERS)
    write_tree(site.root, {"templates/chapter.html": """\
        {% extends "theme/chapter.html" %}
        {% block chapter_heder %}<header>mine</header>{% endblock %}
        {% block main %}{{ super() }}{% block main_end %}{% endblock %}{% endblock %}
        """})
    result = site.build()
    found = [(Path(d.path).relative_to(site.root).as_posix(), d.line, d.col, d.level, d.message)
             for d in result.diagnostics if d.code == "template-block-unknown"]
    assert found == [("templates/chapter.html", 2, 10, "warning", "block 'chapter_heder' is not in theme/chapter.html, "
                      "so it is never shown; did you mean 'chapter_header'?")]  # main_end, inside an override, is shown


def test_blocks_of_the_whole_chain_may_be_overridden_without_a_warning(tmp_path):
    """chapter.html's blocks and base.html's (reached through the site's own base.html) are all known."""
    site = Site(tmp_path / "site").write(CHAPTERS)
    write_tree(site.root, {
        "templates/base.html": '{% extends "theme/base.html" %}\n{% block footer %}{{ super() }}{% endblock %}\n',
        "templates/chapter.html": '{% extends "theme/chapter.html" %}\n{% block head %}{{ super() }}{% endblock %}\n'
                                  '{% block pager %}{% endblock %}\n',
    })
    assert [d for d in site.build().diagnostics if d.code == "template-block-unknown"] == []


def test_a_theme_template_that_does_not_exist_is_an_error_at_the_site_template_with_the_name_meant(tmp_path, capsys, monkeypatch):
    write_tree(tmp_path, {"templates/chapter.html": '{% extends "theme/chapter.htm" %}\n', "manabi.toml": "search = false\n"})
    write_tree(tmp_path / "content", CHAPTERS)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "-q"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "templates/chapter.html:1: error: TemplateNotFound: the theme has no template 'theme/chapter.htm'; "
        "did you mean 'theme/chapter.html'? [template-error]")
