"""Writing one file so that nothing an author or a reader holds is ever half-written.

Lives here, below every stage, because the write stage and the outputs (search's pages, the cache) both
need it, and an output must not reach back into the pipeline.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace one file so that a reader sees the old or the new bytes, never a mix.

    Writing a new inode (rather than into the old one) also keeps hard links
    from a previous site untouched.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write_file(temporary, data)
    os.replace(temporary, path)


@contextmanager
def naming(path: Path) -> Iterator[None]:
    """An OSError raised inside names ``path`` when it names no file itself (a full disk's ENOSPC names none)."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None and exc.errno is not None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


def write_file(path: Path, data: bytes) -> None:
    """``path.write_bytes(data)``, and an OSError that says which file could not be written."""
    with naming(path):
        Path(path).write_bytes(data)
