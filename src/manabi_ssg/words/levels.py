"""One beginner/intermediate/advanced scale for the many ways authors say it.

The seed writes ``level: "intermediate-advanced"`` and ``difficulty: "中級〜上級"``;
the corpus adds ``introductory``, ``beginner-to-advanced``, ``入門〜上級``.
Badges show the range on one scale, in words (never colour alone).
"""

from __future__ import annotations

import re

SCALE = ("beginner", "intermediate", "advanced")
WORDS = {
    "beginner": ("beginner", "introductory", "intro", "basic", "elementary", "easy", "入門", "初級", "初心者", "基礎"),
    "intermediate": ("intermediate", "medium", "中級", "中程度"),
    "advanced": ("advanced", "expert", "hard", "上級", "発展", "応用", "専門"),
}


def level_range(*values: object) -> tuple[str, ...]:
    """Levels named by the first value that names any, lowest to highest, as a contiguous range."""
    for value in values:
        if not value:
            continue
        text = str(value).lower()
        found = []
        for level in SCALE:
            if any(word in text for word in WORDS[level]):
                found.append(level)
        if found:
            low, high = SCALE.index(found[0]), SCALE.index(found[-1])
            return SCALE[low : high + 1] if re.search(r"[-~〜～–]|to", text) else tuple(found)
    return ()
