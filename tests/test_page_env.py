"""The page environment the Markdown plugins share is typed (markdown/page_env.py) and made in one place."""

import re
from pathlib import Path

from manabi_ssg.markdown import PageEnv, create_markdown, page_env
from manabi_ssg.markdown.directives import SEEN

SOURCE = Path(__file__).resolve().parent.parent / "src" / "manabi_ssg"
KEY_USE = re.compile(r"""env(?:\.get\(|\.setdefault\(|\[)\s*["']([A-Za-z_]+)["']""")


def keys_the_source_uses() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        found.update(KEY_USE.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_env_key_the_plugins_use_is_declared_with_its_type():
    assert keys_the_source_uses() | {SEEN} <= set(PageEnv.__annotations__)


def test_the_key_finder_sees_the_three_ways_of_reading_a_key():
    assert KEY_USE.findall('env["toc"] env.get("links", []) state.env.setdefault("used_ids", {})') == ["toc", "links", "used_ids"]


def test_page_env_gives_every_input_a_plugin_reads():
    env = page_env("ja/s/chapter-1.md", "# T\n", line_offset=3, title="T", is_chapter=True, messages={"table": "表"},
                   reference_headings=["読書案内"])
    assert env == {"path": "ja/s/chapter-1.md", "source": "# T\n", "line_offset": 3, "diagnostics": [], "title": "T",
                   "is_chapter": True, "messages": {"table": "表"}, "reference_headings": ("読書案内",)}


def test_page_envs_share_no_list():
    first, second = page_env("a.md"), page_env("b.md")
    create_markdown().render("[x](missing.md)\n\n$$\n", first)
    assert first["diagnostics"] and second["diagnostics"] == []


def test_no_test_builds_a_page_env_by_hand():
    """Tests render through tests/rendering.py or call page_env: a dict of their own drifts from what parse gives."""
    tests = Path(__file__).resolve().parent
    by_hand = re.compile(r"""\{\s*["'](?:path|line_offset|messages|is_chapter)["']\s*:""")
    found = [path.name for path in sorted(tests.glob("*.py")) if path.name != "test_page_env.py" and by_hand.search(path.read_text(encoding="utf-8"))]
    assert found == []
