"""Images without alt text: a WARNING ``image-no-alt`` at the image.

A reader who cannot see an image (a screen reader, a failed load) gets its alt
text and nothing else, so an image with none, ``![](fig.png)`` or ``<img
src="fig.png">``, says nothing to them.  An image that is only decoration says
so explicitly: ``![](fig.png){.decorative}`` in Markdown, ``alt=""`` in HTML.
Both are written with ``alt=""``, which tells assistive technology to skip them.
An alt made only of spaces counts as none.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from manabi_ssg.diagnostics import WARNING, report
from manabi_ssg.markdown.locate import BlockSource
from manabi_ssg.markdown.order import Plugin

DECORATIVE = "decorative"
IMG_TAG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMG_START_RE = re.compile(r"<img", re.IGNORECASE)
ALT_ATTRIBUTE_RE = re.compile(r"""\salt(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))|(?=[\s/>]))""", re.IGNORECASE)


def alt_text_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("image_alt", _check_images)


def _check_images(state) -> None:
    for block in state.tokens:
        if block.type == "html_block" and _has_img_tag(block.content):
            where = BlockSource(state, block)
            for tag in IMG_TAG_RE.findall(block.content):
                _check_tag(state, tag, where)
        elif block.type == "inline" and block.children and ("![" in block.content or _has_img_tag(block.content)):
            where = BlockSource(state, block)
            for child in block.children:
                if child.type == "image":
                    _check_image(state, child, where)
                elif child.type == "html_inline" and child.content[:4].lower() == "<img":
                    _check_tag(state, child.content, where)


def _has_img_tag(text: str) -> bool:
    return "<" in text and IMG_START_RE.search(text) is not None


def _check_image(state, image, where: BlockSource) -> None:
    src = str(image.attrGet("src") or "")
    line, col = where.find(src, link=True)
    alt = "".join(child.content for child in image.children or ())
    if alt.strip() or DECORATIVE in str(image.attrGet("class") or "").split():
        return
    report(state.env, WARNING, "image-no-alt",
           f"image {src!r} has no alt text: describe what it shows, ![what it shows]({src}), for readers who cannot see it; "
           f"an image that is only decoration says so: ![]({src}){{.{DECORATIVE}}}", line=line, col=col)


def _check_tag(state, tag: str, where: BlockSource) -> None:
    line, col = where.find(tag)
    match = ALT_ATTRIBUTE_RE.search(tag)
    if match is not None:
        value = next((group for group in match.groups() if group is not None), "")
        if value.strip() or not value:
            return  # alt="…"; or alt="" (or a bare alt): decorative, said on purpose
    report(state.env, WARNING, "image-no-alt",
           "<img> has no alt text: add alt=\"what it shows\" for readers who cannot see it, or alt=\"\" if it is only decoration",
           line=line, col=col)


# kept: no known dependency
PLUGIN = Plugin("alt_text", alt_text_plugin, after=("link_urls",))
