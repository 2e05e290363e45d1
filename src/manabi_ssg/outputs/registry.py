"""The outputs a build writes besides its pages, in the order they are written.

The engine loops over :data:`OUTPUTS` and knows none by name: a new kind of
file is an :class:`~manabi_ssg.outputs.seam.Output` in a module of its own
and one line here.  Order matters only where two outputs would write the
same path: the later one wins (manabi's files over a site's ``static/`` copy),
and where one reads another's files: Offline lists the files written before it.
"""

from __future__ import annotations

from manabi_ssg.outputs.bibtex import BibFiles
from manabi_ssg.outputs.feeds import Feeds
from manabi_ssg.outputs.mermaid_file import MermaidFile
from manabi_ssg.outputs.offline import Offline
from manabi_ssg.outputs.print_book import PrintBook
from manabi_ssg.outputs.search.output import Search
from manabi_ssg.outputs.seam import Output
from manabi_ssg.outputs.sitefiles import Robots, Sitemap
from manabi_ssg.outputs.static_copies import StaticCopies
from manabi_ssg.outputs.stylesheet import HighlightCss, Stylesheet

OUTPUTS: list[Output] = [StaticCopies(), HighlightCss(), Stylesheet(), Robots(), BibFiles(), Feeds(), Sitemap(), MermaidFile(), PrintBook(), Search(), Offline()]
