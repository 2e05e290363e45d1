"""The Markdown dialect manabi speaks: markdown-it-py plus one plugin per feature.

Each plugin is a small module with a ``*_plugin(md)`` function that registers
rules in markdown-it's chains, exactly as mdit-py-plugins do, and a
``PLUGIN = Plugin(name, install, after=..., before=...)`` that says where it
goes in the order (see order.py).  Plugins keep per-page findings (table of
contents, diagnostics, links, exercises, ids, ...) in the ``env`` passed to
``md.render``, a :class:`PageEnv` made by :func:`page_env`, which the parse
stage reads back.

A plugin may import only ``urls``, ``starter_texts`` and the modules of its layer and below (guards,
``model``, ``diagnostics``): never a stage, an output or the cache.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from manabi_ssg.markdown.media import alt_text, chemistry, code, math, tables
from manabi_ssg.markdown.teaching import bibliography, case_studies, citations, details, exercises, placeholders, quiz
from manabi_ssg.markdown.inline import cjk, core_skips, delimiters, dispatch, link_urls
from manabi_ssg.markdown import directives, guards, headings, links, parts
from manabi_ssg.markdown.anchors import PageRenderer
from manabi_ssg.markdown.order import Plugin, plugin_order
from manabi_ssg.markdown.page_env import PageEnv, page_env

def labelled_tasklists(md: MarkdownIt) -> None:
    """Task lists whose checkboxes are named by their item: ``<label><input …> text</label>``.

    Bare, each checkbox is a form control with no name (axe ``label``; a screen
    reader's list of controls reads "checkbox, checked" 71 times on one page).
    """
    tasklists_plugin(md, label=True)


# mdit-py-plugins' syntax, declared here since their modules cannot say it
# (kept: the order the output was verified with; no known dependency among them)
STANDARD = (
    Plugin("footnote", footnote_plugin, after=("guards",)),
    Plugin("deflist", deflist_plugin, after=("footnote",)),
    Plugin("tasklists", labelled_tasklists, after=("deflist",)),
    Plugin("attrs", attrs_plugin, after=("tasklists",)),
    Plugin("attrs_block", attrs_block_plugin, after=("attrs",)),
)

# Every plugin of manabi's dialect, in no particular order: each says what it must
# come after or before (``after=`` / ``before=`` by name, see order.py), and the
# order is computed here, at import, where a cycle or an unknown name fails at once.
# A new plugin: a module with a ``PLUGIN = Plugin(...)``, and one line here.
# A constraint commented "kept" has no reason found: it holds the order every page's
# output was verified with.  Each was tried away, one at a time: no HTML or finding
# of the 148 Markdown files of content/, tests/ and the shared corpus changed, so
# one may give way when a new plugin needs the place.
DECLARED: tuple[Plugin, ...] = (
    *STANDARD,
    alt_text.PLUGIN,
    bibliography.PLUGIN,
    case_studies.PLUGIN,
    chemistry.PLUGIN,
    citations.PLUGIN,
    cjk.PLUGIN,
    code.PLUGIN,
    core_skips.PLUGIN,
    delimiters.PLUGIN,
    details.PLUGIN,
    directives.PLUGIN,
    dispatch.BLOCK_DISPATCH,
    dispatch.INLINE_DISPATCH,
    exercises.PLUGIN,
    guards.PLUGIN,
    headings.PLUGIN,
    link_urls.PLUGIN,
    links.PLUGIN,
    math.PLUGIN,
    parts.PLUGIN,
    placeholders.PLUGIN,
    quiz.PLUGIN,
    tables.PLUGIN,
)
ORDER: tuple[Plugin, ...] = plugin_order(DECLARED)
PLUGINS = tuple(plugin.install for plugin in ORDER)  # the install functions, in registration order

__all__ = ["DECLARED", "ORDER", "PLUGINS", "PageEnv", "Plugin", "create_markdown", "markdown_with", "page_env"]


@lru_cache(maxsize=4)
def create_markdown(hard_line_breaks: bool = True) -> MarkdownIt:
    """One configured parser per process and setting; markdown-it instances are reusable."""
    return markdown_with(PLUGINS, hard_line_breaks)


def markdown_with(plugins, hard_line_breaks: bool = True) -> MarkdownIt:
    """A new parser with manabi's options and the given plugins (tests compare variants)."""
    options = {"html": True, "breaks": hard_line_breaks, "linkify": False, "typographer": False}
    md = MarkdownIt("commonmark", options, renderer_cls=PageRenderer)  # it notes every id it writes (anchors.py)
    md.enable(["table", "strikethrough"])
    md.options["maxNesting"] = 100
    for plugin in plugins:
        md.use(plugin)
    return md
