"""Which ``Host`` names the preview answers: a guard against DNS rebinding.

A web page the author happens to visit can point its own domain at
127.0.0.1 once it has loaded; its scripts then read the preview (drafts
included) as their own origin, and the preview sees ``Host: attacker.example``.
A name is the one thing such a request cannot fake, so the preview answers
only names that mean this machine (``localhost``, ``127.0.0.1``, ``[::1]``),
the ``--host`` it was started with, and the address the connection arrived
at (a phone on the network that typed ``http://192.168.1.5:8000/`` under
``--host 0.0.0.0``: an address, never a name a page could rebind).  Any port:
a forwarded port (``ssh -L``) arrives with its own.
"""

from __future__ import annotations

import re

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
PORT_RE = re.compile(r":\d{1,5}")


def host_name(header: str | None) -> str | None:
    """``Host: Example.org.:8000`` -> ``example.org``; ``[::1]:8000`` -> ``::1``; None when missing or malformed."""
    if not header:
        return None
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1 :]
    else:
        name, colon, port = value.partition(":")
        rest = colon + port
    if rest and not PORT_RE.fullmatch(rest):
        return None  # "a:b:c" (an address without brackets), a port that is no number
    name = name.rstrip(".")  # "localhost." is the same name, fully qualified
    return name or None


def address_name(address: str) -> str:
    """A configured or local address as :func:`host_name` gives it: no brackets, no zone, lower case."""
    name = address.strip().strip("[]").split("%", 1)[0].lower().rstrip(".")
    return name[len("::ffff:"):] if name.startswith("::ffff:") and "." in name else name  # IPv4 seen over IPv6


def allowed_host(header: str | None, configured: str, local_address: str = "") -> bool:
    """Whether a request naming ``header`` is one the preview answers (see the module's docstring)."""
    name = host_name(header)
    if name is None:
        return False
    return name in LOOPBACK_NAMES or name == address_name(configured) or (bool(local_address) and name == address_name(local_address))
