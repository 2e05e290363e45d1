"""The inline machinery that makes Japanese and long chapters fast and correct: one dispatch per
character, CJK-aware emphasis delimiters, skipping what cannot match, link URLs.

May import only what lies below markdown/ (guards, model, diagnostics).
"""
