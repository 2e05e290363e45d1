"""Content is untrusted: what a build may read, how big a file may grow, which names a path may take,
which characters and TOML or YAML shapes are refused, and who writes each output file.

Each guard answers one question about input; guards import only ``model`` and ``diagnostics`` (and each
other), so every stage can use them.
"""
