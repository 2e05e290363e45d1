"""The outputs seam (outputs/seam.py): every file besides the pages comes from a registered Output,
which the engine calls without knowing it; each output's key covers what its files are made from."""

from dataclasses import replace

import pytest
from conftest import Site

from manabi_ssg.incremental.cache import digest
from manabi_ssg.outputs import registry
from manabi_ssg.outputs.seam import FinishedSite, Output
from manabi_ssg.pipeline.engine import Engine

CHAPTER = "---\ntitle: {title}\nseries_order: 1\nupdated_at: 2026-01-02\n---\n\nText [1].\n\n## References\n\n1. Smith, J. (2020). {title}. Nature.\n"


class Hello(Output):
    """A new kind of file: ``hello.txt``, naming the site and counting its chapters."""

    name = "hello"

    def __init__(self):
        self.asked = 0

    def key(self, site: FinishedSite) -> str:
        return digest(self.name, site.content_key)

    def files(self, site: FinishedSite):
        self.asked += 1
        titles = sorted(page.title for page in site.pages if page.kind == "chapter")
        return {"hello.txt": f"hello from {site.config.title}: {', '.join(titles)}\n".encode()}

    def made(self, config, index, pages):
        return {"hello.txt": "the hello output"}


@pytest.fixture
def hello(monkeypatch) -> Hello:
    output = Hello()
    monkeypatch.setattr(registry, "OUTPUTS", [*registry.OUTPUTS, output])
    return output


def test_a_registered_output_has_its_file_in_the_built_site(site: Site, hello: Hello):
    site.config = replace(site.config, title="Course")
    site.write({"ja/s/chapter-1.md": CHAPTER.format(title="Alpha")}).build()
    assert (site.output / "hello.txt").read_text(encoding="utf-8") == "hello from Course: Alpha\n"
    assert "hello.txt" in (site.output / ".manabi-output").read_text(encoding="utf-8")  # listed, so clean removes it


def test_a_content_file_over_a_registered_outputs_file_is_refused(site: Site, hello: Hello):
    result = site.write({"ja/s/chapter-1.md": CHAPTER.format(title="Alpha"), "hello.txt": "mine"}).build()
    [problem] = [d for d in result.diagnostics if d.code == "output-collision"]
    assert problem.path == "hello.txt" and "the hello output" in problem.message
    assert (site.output / "hello.txt").read_text(encoding="utf-8").startswith("hello from")


def test_serve_asks_an_output_again_only_when_its_key_changes(site: Site, hello: Hello):
    site.write({"ja/s/chapter-1.md": CHAPTER.format(title="Alpha")})
    preview = site.root / "preview"
    engine = Engine(site.config, preview, workers=1, live_reload=True, in_place=True, force=True)
    engine.build()
    assert hello.asked == 1
    (site.root / "static").mkdir()
    (site.root / "static" / "extra.txt").write_text("x\n", encoding="utf-8")  # a build, but no input of hello.txt changed
    assert engine.build().assets == ["extra.txt"]
    assert hello.asked == 1
    site.write({"ja/s/chapter-1.md": CHAPTER.format(title="Beta")})
    engine.build()
    assert hello.asked == 2 and (preview / "hello.txt").read_text(encoding="utf-8").endswith(": Beta\n")


@pytest.mark.parametrize("edit, rel, expected", [
    ({"content/ja/s/chapter-1.md": CHAPTER.format(title="Beta")}, "feed.xml", "<title>Beta</title>"),
    ({"content/ja/s/chapter-1.md": CHAPTER.format(title="Beta")}, "ja/s/chapter-1.bib", "title = {{Beta}}"),
    ({"content/ja/s/chapter-1.md": CHAPTER.format(title="Alpha").replace("2026-01-02", "2026-03-04")}, "sitemap.xml",
     "<lastmod>2026-03-04</lastmod>"),
    ({"static/assets/manabi.css": "body { color: teal }\n"}, "assets/theme.css", "body { color: teal }"),
    ({"static/assets/manabi.css": "body { color: teal }\n"}, "assets/manabi.css", "body { color: teal }"),
    ({"content/ja/s/data.csv": "a,b\n3,4\n"}, "ja/s/data.csv", "3,4"),
])
def test_serve_writes_an_outputs_file_again_when_one_of_its_inputs_changes(site: Site, edit, rel, expected):
    site.config = replace(site.config, base_url="https://example.org/")
    site.write({"ja/s/chapter-1.md": CHAPTER.format(title="Alpha"), "ja/s/data.csv": "a,b\n1,2\n"})
    preview = site.root / "preview"
    engine = Engine(site.config, preview, workers=1, live_reload=True, in_place=True, force=True)
    engine.build()
    assert expected not in (preview / rel).read_text(encoding="utf-8")
    for path, text in edit.items():
        (site.root / path).parent.mkdir(parents=True, exist_ok=True)
        (site.root / path).write_text(text, encoding="utf-8")
    engine.build()
    assert expected in (preview / rel).read_text(encoding="utf-8")
