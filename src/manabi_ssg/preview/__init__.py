"""The live preview (``manabi serve``): build, serve over HTTP, rebuild on save, reload the browser.

May import the pipeline and everything below it; nothing imports the preview but the command line.
"""
