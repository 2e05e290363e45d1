"""The theme's one stylesheet: ``assets/theme.css``.

A page asks for a single stylesheet (one render-blocking request instead of
three on a slow phone connection).  It is the concatenation, in this order,
of ``assets/manabi.css`` (layout, Markdown), ``assets/components.css``
(exercises, case studies, citations, listings) and the code highlighting
palettes; each part comes from the site's ``static/`` when it overrides the
theme's file.  The parts are still written on their own for themes that
link them.
"""

from __future__ import annotations

from pathlib import Path

PARTS = ("assets/manabi.css", "assets/components.css")
BUNDLE = "assets/theme.css"


def theme_css(static: dict[str, Path | bytes], highlight_css: str) -> bytes:
    """``static`` maps output names to files (or bytes), as ``static_files`` gives them."""
    chunks = []
    for name in PARTS:
        source = static.get(name)
        if source is None:
            continue
        data = source if isinstance(source, bytes) else source.read_bytes()
        chunks.append(f"/* {name} */\n".encode() + data.rstrip() + b"\n")
    chunks.append(b"/* code highlighting */\n" + highlight_css.encode("utf-8"))
    return b"\n".join(chunks)
