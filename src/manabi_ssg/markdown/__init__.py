"""The Markdown dialect manabi speaks: markdown-it-py plus one plugin per feature.

Each plugin is a small module with a ``*_plugin(md)`` function that registers
rules in markdown-it's chains, exactly as mdit-py-plugins do.  Plugins keep
per-page findings (table of contents, diagnostics, links, exercises, ...) in
the ``env`` dict passed to ``md.render``, which the parse stage reads back.

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

from manabi_ssg.markdown.alt_text import alt_text_plugin
from manabi_ssg.markdown.bibliography import bibliography_plugin
from manabi_ssg.markdown.case_studies import case_studies_plugin
from manabi_ssg.markdown.chemistry import chemistry_plugin
from manabi_ssg.markdown.citations import citations_plugin
from manabi_ssg.markdown.cjk import cjk_plugin
from manabi_ssg.markdown.code import code_plugin
from manabi_ssg.markdown.core_skips import core_skips_plugin
from manabi_ssg.markdown.delimiters import delimiters_plugin
from manabi_ssg.markdown.details import details_plugin
from manabi_ssg.markdown.directives import directives_plugin
from manabi_ssg.markdown.dispatch import block_dispatch_plugin, inline_dispatch_plugin
from manabi_ssg.markdown.exercises import exercises_plugin
from manabi_ssg.markdown.guards import guards_plugin
from manabi_ssg.markdown.headings import headings_plugin
from manabi_ssg.markdown.link_urls import link_urls_plugin
from manabi_ssg.markdown.links import links_plugin
from manabi_ssg.markdown.math import math_plugin
from manabi_ssg.markdown.placeholders import placeholders_plugin
from manabi_ssg.markdown.tables import tables_plugin


# In registration order: a plugin that wraps another's rule comes after it.
PLUGINS = (
    inline_dispatch_plugin,  # first: cjk wraps the tokenizer it installs
    guards_plugin,
    footnote_plugin,
    deflist_plugin,
    tasklists_plugin,
    attrs_plugin,
    attrs_block_plugin,
    cjk_plugin,
    math_plugin,
    details_plugin,
    directives_plugin,
    code_plugin,
    tables_plugin,
    headings_plugin,
    links_plugin,
    link_urls_plugin,
    alt_text_plugin,
    placeholders_plugin,
    citations_plugin,
    bibliography_plugin,  # after citations: it reads the lists citations marked
    exercises_plugin,
    case_studies_plugin,
    chemistry_plugin,
    delimiters_plugin,
    core_skips_plugin,  # after tasklists and footnotes: it guards their core rules
    block_dispatch_plugin,  # last: it guards the block rules registered before it
)


@lru_cache(maxsize=4)
def create_markdown(hard_line_breaks: bool = True) -> MarkdownIt:
    """One configured parser per process and setting; markdown-it instances are reusable."""
    return markdown_with(PLUGINS, hard_line_breaks)


def markdown_with(plugins, hard_line_breaks: bool = True) -> MarkdownIt:
    """A new parser with manabi's options and the given plugins (tests compare variants)."""
    md = MarkdownIt("commonmark", {"html": True, "breaks": hard_line_breaks, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.options["maxNesting"] = 100
    for plugin in plugins:
        md.use(plugin)
    return md
