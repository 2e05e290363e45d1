"""Each ``# type: ignore`` in the package names its error code and says why, on its line.

mypy runs in ``make test`` (settings in pyproject.toml); an ignore silences it
for one line, so the reason is kept where the next reader meets it.
"""

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "manabi_ssg"
# "# type: ignore[code]" then a comment of its own: "  # why"
EXPLAINED = re.compile(r"#\s*type:\s*ignore\[[\w,\s-]+\]\s+#\s*\S")


def test_every_type_ignore_names_its_code_and_says_why():
    bare = []
    for path in sorted(SOURCE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"#\s*type:\s*ignore", line) and not EXPLAINED.search(line):
                bare.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    assert bare == []
