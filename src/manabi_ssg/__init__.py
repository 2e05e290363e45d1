"""manabi: a static site generator for educational chapter series."""

__version__ = "0.1.0.dev0"  # main carries the next release's .dev0; a release commit drops it (CHANGELOG.md)
