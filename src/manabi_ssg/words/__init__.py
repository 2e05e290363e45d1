"""Words for authors and learners: plural forms, difficulty levels, "did you mean", the texts
``manabi new`` writes.

Imports nothing of manabi but model and diagnostics.
"""
