"""manabi: a static site generator for educational chapter series."""

__version__ = "0.1.0"
