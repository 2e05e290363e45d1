import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from htmltree import parse_html  # noqa: E402

from manabi.build import build  # noqa: E402
from manabi.config import Config  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


class Site:
    """A throw-away site: write files, build, read pages back as trees."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.output = root / "_site"
        self.content.mkdir(parents=True, exist_ok=True)
        self.config = Config(root=root)

    def write(self, files: dict[str, str | bytes]) -> "Site":
        write_tree(self.content, files)
        return self

    def build(self, **kwargs):
        return build(self.config, **kwargs)

    def html(self, rel: str) -> str:
        return (self.output / rel).read_text(encoding="utf-8")

    def tree(self, rel: str):
        return parse_html(self.html(rel))


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "site")
