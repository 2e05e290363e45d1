"""The plugin order is computed from each plugin's ``after=`` / ``before=`` and checked at import."""

import pytest

from manabi_ssg.markdown import ORDER, PLUGINS
from manabi_ssg.markdown.order import Plugin, PluginOrderError, plugin_order

# the order the tuple in markdown/__init__.py had, which every page's output was verified with
ORDER_BEFORE_DECLARATIONS = (
    "inline_dispatch", "guards", "footnote", "deflist", "tasklists", "attrs", "attrs_block", "cjk", "math",
    "details", "directives", "code", "tables", "headings", "links", "link_urls", "alt_text", "placeholders",
    "citations", "bibliography", "exercises", "case_studies", "chemistry", "delimiters", "core_skips",
    "block_dispatch",
)


def noop(md):
    pass


def names(plugins):
    return [plugin.name for plugin in plugins]


def test_the_declared_plugins_keep_the_order_the_output_was_verified_with():
    known = set(ORDER_BEFORE_DECLARATIONS)
    assert tuple(name for name in names(ORDER) if name in known) == ORDER_BEFORE_DECLARATIONS
    assert PLUGINS == tuple(plugin.install for plugin in ORDER)


def test_a_cycle_is_an_error_naming_the_plugins_in_it():
    plugins = [Plugin("a", noop, after=("c",)), Plugin("b", noop, after=("a",)), Plugin("c", noop, after=("b",)), Plugin("d", noop)]
    with pytest.raises(PluginOrderError, match="cycle among: a, b, c$"):
        plugin_order(plugins)


def test_an_unknown_name_is_an_error_naming_the_plugin_that_wrote_it():
    with pytest.raises(PluginOrderError, match="plugin 'quiz' names 'heading', which is no plugin"):
        plugin_order([Plugin("headings", noop), Plugin("quiz", noop, after=("heading",))])


def test_two_plugins_of_one_name_are_an_error():
    with pytest.raises(PluginOrderError, match="two plugins are named 'code'"):
        plugin_order([Plugin("code", noop), Plugin("code", noop)])


def test_before_and_after_are_kept_and_free_plugins_go_by_name():
    plugins = [Plugin("zeta", noop), Plugin("alpha", noop, after=("zeta",)), Plugin("mid", noop, before=("zeta",)), Plugin("beta", noop)]
    assert names(plugin_order(plugins)) == ["beta", "mid", "zeta", "alpha"]


def test_every_puts_a_plugin_before_or_after_all_the_others():
    plugins = [Plugin("last", noop, after=("*",)), Plugin("b", noop), Plugin("first", noop, before=("*",)), Plugin("a", noop)]
    assert names(plugin_order(plugins)) == ["first", "a", "b", "last"]


def test_a_new_plugin_goes_where_it_says_and_moves_no_other():
    from manabi_ssg.markdown import DECLARED

    order = names(plugin_order([*DECLARED, Plugin("glossary", noop, after=("exercises",), before=("case_studies",))]))
    assert order.index("exercises") < order.index("glossary") < order.index("case_studies")
    assert [name for name in order if name != "glossary"] == names(ORDER)
