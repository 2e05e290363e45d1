"""Files made from the finished, read-only site: search, feeds, BibTeX, JSON-LD, sitemap and robots,
the stylesheet.

Each is an ``Output`` (seam.py) listed in registry.py: the engine hands it the finished site and
writes the files it returns.  An output never imports the pipeline: it is handed the site and the
folder to write to.  May import
incremental, markdown and everything below.
"""
