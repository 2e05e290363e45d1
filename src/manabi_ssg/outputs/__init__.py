"""Files made from the finished, read-only site: search, feeds, BibTeX, JSON-LD, sitemap and robots,
the stylesheet.

An output never imports the pipeline: it is handed the site and the folder to write to.  May import
incremental, markdown and everything below.
"""
