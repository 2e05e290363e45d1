"""What makes a second build cheap and any stop safe: the build cache and its codec, worker processes,
the cycle collector's pauses, Ctrl-C during the swap of the site.

May import markdown and everything below; knows nothing of the stages that use it.
"""
