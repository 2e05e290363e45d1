"""What reaches a terminal or a CI log: diagnostics as lines or annotations (report), a long build's
progress, and text made safe to print (terminal).

Imports nothing of manabi but model and diagnostics.
"""
