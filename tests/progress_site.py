"""The series of tests/fixtures/progress built into a throw-away site (issue 15's tests share it)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from conftest import Site

FIXTURE = Path(__file__).parent / "fixtures" / "progress"
CHAPTER = "ja/kiso/chapter-2.html"
SERIES = "ja/kiso/index.html"


def built_series(root: Path, base_url: str = "https://example.org/course/") -> Site:
    site = Site(root)
    shutil.copytree(FIXTURE / "ja", site.content / "ja")
    site.config = replace(site.config, base_url=base_url, title="きそ講座")
    result = site.build()
    assert result.errors == 0, result.diagnostics
    return site
