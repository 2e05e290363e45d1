"""Mermaid diagrams are parsed at build time by Mermaid itself: a syntax error is a warning, and the reader sees the source."""

import re
from dataclasses import replace

import pytest

from manabi_ssg.site.config import Config
from manabi_ssg.markdown.media.diagrams import mermaid_problem, mermaid_version

CHAPTER = """\
---
title: 図
---
## 流れ

```mermaid
graph TD
  A[入力] --> B[出力]
```

```mermaid
graph TD
  B --> C
  A[入力 --> B
```
"""


def test_the_vendored_mermaid_is_the_version_the_pages_load():
    from manabi_ssg.site.config import MERMAID_FROM_SITE
    from manabi_ssg.outputs.mermaid_file import script_path

    assert Config().mermaid_url == MERMAID_FROM_SITE  # by default pages load the copy the site carries
    assert script_path() == f"assets/mermaid-{mermaid_version()}.min.js"


def test_a_diagram_mermaid_cannot_parse_is_a_warning_at_its_fence_with_mermaids_message(site):
    site.write({"ja/a.md": CHAPTER})
    [warning] = [d for d in site.build().diagnostics if d.code == "mermaid-syntax"]
    assert (warning.line, warning.col, warning.level) == (11, 1, "warning")
    assert "(line 3 of the diagram)" in warning.message and "Expecting" in warning.message


def test_the_reader_sees_a_broken_diagrams_source_and_a_note_and_the_good_one_is_drawn(site):
    site.write({"ja/a.md": CHAPTER})
    site.build()
    body = site.tree("ja/a.html").find("div", class_="chapter-body")
    [drawn] = body.find_all("pre", class_="mermaid")
    assert "A[入力] --> B[出力]" in drawn.text()
    [failed] = body.find_all("div", class_="diagram-failed")
    assert "B --> C" in failed.find("pre", class_="mermaid-source").text()
    assert "描けませんでした" in failed.find("p", class_="diagram-note").text()


def test_every_kind_of_diagram_that_parses_in_mermaid_passes():
    diagrams = ["graph LR\n A-->B\n", "sequenceDiagram\n Alice->>Bob: hi\n", "classDiagram\n class A\n",
                "stateDiagram-v2\n [*] --> S\n", "erDiagram\n A ||--o{ B : has\n", "gantt\n title x\n",
                "pie\n \"a\": 1\n", "mindmap\n root\n  a\n", "timeline\n title x\n 2020 : a\n", "journey\n title x\n section a\n  t: 5: me\n"]
    assert [mermaid_problem(text) for text in diagrams] == [None] * len(diagrams)


def test_mistakes_of_other_diagram_kinds_are_found_too():
    assert mermaid_problem("sequenceDiagram\n Alice->>: hi\n")[0] == 2
    assert mermaid_problem("pie\n a: 1\n")[1].startswith("Parsing failed")
    assert re.match("No diagram type detected", mermaid_problem("grahp TD\n A-->B\n")[1])


# Mermaid's contract, as the theme uses it: run() draws what it can and, with suppressErrors,
# leaves a diagram it cannot draw as it was; this one cannot draw a diagram saying "stub-cannot-draw"
FAILING_STUB = """
export default {
  initialize() {},
  async run({ querySelector }) {
    for (const pre of document.querySelectorAll(querySelector)) {
      pre.setAttribute("data-processed", "true");
      if (pre.textContent.includes("stub-cannot-draw")) continue;
      pre.replaceChildren(document.createElementNS("http://www.w3.org/2000/svg", "svg"));
    }
  },
};
"""


@pytest.mark.browser
def test_a_diagram_the_browser_cannot_draw_keeps_its_source_with_a_note(page, tmp_path):
    from conftest import StaticServer, Site

    site = Site(tmp_path / "site")
    site.config = replace(site.config, mermaid_url="/stub.mjs")
    site.write({"ja/a.md": "---\ntitle: 図\n---\n```mermaid\ngraph TD\n  A --> B\n```\n\n```mermaid\ngraph TD\n  %% stub-cannot-draw\n  C --> D\n```\n"})
    assert [d.code for d in site.build().diagnostics] == []
    (site.output / "stub.mjs").write_text(FAILING_STUB, encoding="utf-8")
    with StaticServer(site.output) as server:
        page.goto(server.url + "ja/a.html")
        note = page.wait_for_selector(".chapter-body .diagram-note", timeout=5000)
        assert "描けませんでした" in note.inner_text()
        source = page.locator(".chapter-body pre.mermaid-source")
        assert "C --> D" in source.inner_text() and source.is_visible()
        assert page.locator(".chapter-body pre.mermaid svg").count() == 1
        assert page.locator(".chapter-body .diagram-note").count() == 1


def test_installing_or_upgrading_the_diagram_checker_checks_cached_pages_again(monkeypatch):
    from manabi_ssg.incremental import cache

    before = cache._library_versions()
    real = cache.metadata.version
    monkeypatch.setattr(cache.metadata, "version", lambda name: "0.0-other" if name == "quickjs-ng" else real(name))
    assert cache._library_versions() != before


@pytest.mark.timing
def test_checking_a_diagram_takes_time_in_proportion_to_its_length():
    """QuickJS tries an anchored regex at every position of the text: Mermaid's lexers made a diagram's check quadratic."""
    import time

    def seconds(lines: int) -> float:
        """The fastest of three checks: the least disturbed by the other work on the machine."""
        text = "graph TD\n" + "".join(f"  N{i}[node {i}] --> N{i + 1}[next {i}]\n" for i in range(lines))
        times = []
        for _ in range(3):
            start = time.perf_counter()
            assert mermaid_problem.__wrapped__(text) is None  # past the cache of results
            times.append(time.perf_counter() - start)
        return min(times)

    seconds(10)  # the flowchart parser is loaded on first use
    assert seconds(160) / seconds(40) < 7  # four times the lines: 4 when linear, 16 when quadratic


def test_a_diagram_too_long_to_check_quickly_is_left_to_the_browser():
    from manabi_ssg.markdown.media import diagrams

    broken = "graph TD\n" + "  A --> B\n" * (diagrams.MAX_CHARACTERS // 10) + "  A[open --> B\n"
    assert len(broken) > diagrams.MAX_CHARACTERS and diagrams.mermaid_problem(broken) is None
    assert diagrams.mermaid_problem("graph TD\n  A --> B\n  A[open --> B\n") is not None  # the same mistake, short


def test_a_diagram_left_unchecked_says_why_in_a_note(site):
    from manabi_ssg.markdown.media import diagrams

    long_diagram = "graph TD\n" + "  A --> B\n" * (diagrams.MAX_CHARACTERS // 10)
    site.write({"ja/a.md": f"---\ntitle: 図\n---\n本文\n\n```mermaid\n{long_diagram}```\n"})
    [note] = [d for d in site.build().diagnostics if d.code == "mermaid-unchecked"]
    assert (note.line, note.level) == (6, "info") and "longer than 20,000 characters" in note.message
    assert site.tree("ja/a.html").find_all("pre", class_="mermaid")  # the browser still draws it


LEXER_CASES = [
    "sequenceDiagram\n Alice->>Bob: hi\n Bob-->>Alice: ok\n", "sequenceDiagram\n Alice-> Bob: hi\n",
    "classDiagram\n A <|-- B\n A : +int x\n", "classDiagram\n A <|-- \n", "gantt\n title x\n section a\n t :a1, 2024-01-01, 3d\n",
    "gantt\n dateFormat YYYY\n t :a1, ##, 3d\n", "erDiagram\n A ||--o{ B : has\n", "erDiagram\n A ||--o{ B has\n",
    "stateDiagram-v2\n [*] --> S\n S --> [*]\n", "stateDiagram-v2\n [*] --> \n", "journey\n title x\n section a\n  t: 5: me\n",
    'graph TD\n A["引用"] -->|ラベル| B{判断}\n B -.-> C((円))\n C ==> D[/台形\\]\n', "graph TD\n A[開く --> B\n",
    "flowchart LR\n A --> B & C\n subgraph S\n C\n end\n click A href \"x\"\n style A fill:#f9f\n", "flowchart LR\n subgraph S\n A --> B\n",
    "timeline\n title x\n 2020 : a\n", "mindmap\n root\n  a\n   b\n", "sequenceDiagram\n participant A as 日本語\n A->>A: 😀\n",
    'pie\n "a": x\n', "graph TD\n A --> B -- text --> C\n %% a comment\n",
]


def test_the_lexers_start_at_the_first_rule_that_matches_and_find_the_same_problems(monkeypatch):
    """Each token tried a flowchart's 120 rules one by one (1 ms an edge); one regex of them all finds the first
    that matches, and the lexer's loop begins there.  Mermaid's verdicts are those of its lexers as shipped."""
    import threading

    from manabi_ssg.markdown.media import diagrams

    def verdicts() -> list:
        found = []
        # a thread of its own: a QuickJS context is made per thread, so this one loads the bundle as patched now
        worker = threading.Thread(target=lambda: found.extend(diagrams.mermaid_problem.__wrapped__(text) for text in LEXER_CASES))
        worker.start()
        worker.join()
        return found

    fast = verdicts()
    monkeypatch.setattr(diagrams, "_fast_lexers", lambda bundle: bundle)
    assert fast == verdicts()
    assert sum(problem is not None for problem in fast) == 7  # both kinds of case are in the list


def test_every_lexer_of_the_bundle_starts_at_the_first_rule_that_matches():
    from manabi_ssg.markdown.media import diagrams

    import gzip

    bundle = gzip.decompress((diagrams.VENDOR / diagrams.BUNDLE).read_bytes()).decode("utf-8")
    loops = bundle.count("=this._currentRules(),")
    assert loops >= 10 and len(diagrams._FIRST_RULE.findall(bundle)) == loops
