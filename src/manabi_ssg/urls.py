"""Every rule that turns a source path or a name into a URL of the built site.

One module, so a URL is made the same way by the page that links and the file that is written.
"""

from __future__ import annotations

MARKDOWN_SUFFIXES = (".md", ".markdown")


def output_url(path: str) -> str:
    """``a.md``, ``b.markdown``, ``Up.MD`` -> ``.html``; any other file keeps its name."""
    lowered = path.lower()
    for suffix in MARKDOWN_SUFFIXES:
        if lowered.endswith(suffix):
            return path[: -len(suffix)] + ".html"
    return path
