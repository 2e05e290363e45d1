"""Blocks that are not prose: code (highlighted by tree-sitter or Pygments), math, chemistry, Mermaid
diagrams, tables, images' alt text.

May import the rest of markdown/ and what lies below it.
"""
