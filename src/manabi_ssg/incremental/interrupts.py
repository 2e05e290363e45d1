"""Ctrl-C during a build that cannot be lost, and cannot split the swap of the site.

Python raises ``KeyboardInterrupt`` wherever the main thread happens to be.
When that is a finalizer (``__del__``, a weakref callback: the pool's pipes
and processes have them) CPython prints "Exception ignored" and carries on,
so a build interrupted at that moment finished and published the site it was
told to abandon.  :func:`recorded` remembers every Ctrl-C as well as raising
it; the engine asks :func:`check` before it swaps the new site in, and swaps
it inside :func:`deferred`, so the swap happens whole or not at all.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["check", "deferred", "recorded"]

_state = {"received": False, "deferring": False}


def _handler(signum: int, frame: FrameType | None) -> None:
    _state["received"] = True
    if not _state["deferring"]:
        raise KeyboardInterrupt


@contextmanager
def recorded() -> Iterator[None]:
    """Within: a Ctrl-C raises as usual and is also remembered for :func:`check`.

    Signal handlers belong to the main thread: elsewhere (``serve`` rebuilds
    in a thread) this does nothing, and the default handling stays.
    """
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    _state.update(received=False, deferring=False)
    signal.signal(signal.SIGINT, _handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _state.update(received=False, deferring=False)


def check() -> None:
    """Raise ``KeyboardInterrupt`` if a Ctrl-C came, even one a finalizer swallowed."""
    if _state["received"]:
        raise KeyboardInterrupt


@contextmanager
def deferred() -> Iterator[None]:
    """Within: a Ctrl-C is remembered but not raised, so what runs here is not cut in two."""
    was = _state["deferring"]
    _state["deferring"] = True
    try:
        yield
    finally:
        _state["deferring"] = was
