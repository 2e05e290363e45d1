"""manabi: a static site generator for educational chapter series.

Here: the command line (cli, build, safe, clean) and the book model (model, diagnostics).  The folders,
in the order a build runs through them: preview/, authoring/, pipeline/, outputs/, incremental/,
markdown/, then site/, messages/, words/, console/, guards/.  A module may import from its own folder
or from a folder later in that list (tests/test_imports.py holds the rule); model and diagnostics
import nothing above them.
"""

__version__ = "0.1.0.dev0"  # main carries the next release's .dev0; a release commit drops it (CHANGELOG.md)
