"""What helps an author start and write: ``manabi init``, ``manabi new``, the front matter's JSON Schema.

May import the pipeline (to read front matter as a build does) and everything below it; never the preview.
"""
