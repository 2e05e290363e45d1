"""One Pagefind indexer process for a whole build: ``pagefind --service``.

Pagefind's service mode keeps a process open and takes requests on stdin
(base64 JSON, each followed by a comma) to create in-memory indexes, add HTML
to them and write them out.  One process holds every bundle of a build in
turn, and each bundle's memory is given back (``DeleteIndex``) before the
next one starts.  (Japanese reaches it split into words, so it never loads
its 340 MB dictionary; were it to, that would happen once per process.)

This is the protocol of Pagefind's Python API (``pagefind.index``), spoken
directly: that API waits 0.1 s between reading two responses, which on a
1,200-chapter site is two minutes of waiting.  Here a bundle's pages are
sent as they are read, while a thread reads the answers (the service
handles them in order, one at a time).

The process is started without ``preexec_fn`` (unsafe in a process that runs
threads, as ``serve`` does).  It ends when its stdin closes, so a build that
is killed takes the indexer with it; a background indexer under ``serve`` is
given a lower priority with ``os.setpriority`` after it starts.
"""

from __future__ import annotations

import base64
import io
import json
import os
import queue
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, cast


class IndexerError(Exception):
    """Pagefind refused a request or stopped; the message says what it said."""


class Indexer:
    def __init__(self, binary: Path, background: bool = False) -> None:
        self._stderr = tempfile.TemporaryFile()  # a file, not a pipe: a chatty Pagefind never blocks on it
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                close_fds=True,
            )
        except OSError as exc:
            self._stderr.close()
            raise IndexerError(f"{type(exc).__name__}: {exc}") from exc
        # both are pipes (PIPE above), stdout buffered: a BufferedReader, which has read1
        self._requests = cast(IO[bytes], self._process.stdin)
        self._answers = cast(io.BufferedReader, self._process.stdout)
        if background:  # serve: a reindex yields the CPU to the rebuild an author waits for
            try:
                os.setpriority(os.PRIO_PROCESS, self._process.pid, 10)
            except (OSError, AttributeError):
                pass
        self._next_id = 0

    @property
    def pid(self) -> int:
        return self._process.pid

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self._exchange([payload])[0]

    def _exchange(self, payloads: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send every request as it comes, and take every answer (Pagefind answers in order).

        ``payloads`` may be a generator: Pagefind works on one page while the
        next is made, encoded and sent.  A thread reads the answers as they
        come, so neither pipe fills and blocks the other side.  The first
        error answered is raised once all are in.
        """
        answers: list[dict[str, Any]] = []
        problems: list[str] = []
        sent: queue.SimpleQueue[bool] = queue.SimpleQueue()  # one True per request sent, then False

        def read_answers() -> None:
            buffer = bytearray()
            try:
                while sent.get():
                    while (end := buffer.find(b",")) < 0:
                        chunk = self._answers.read1(65536)
                        if not chunk:
                            problems.append(self._stopped())
                            return
                        buffer += chunk
                    answers.append(json.loads(base64.b64decode(bytes(buffer[:end]))).get("payload") or {})
                    del buffer[: end + 1]
            except (OSError, ValueError) as exc:
                problems.append(f"Pagefind's answer could not be read: {exc}")
                return
            if buffer.strip():
                problems.append("Pagefind answered more than was asked")

        reader = threading.Thread(target=read_answers, name="manabi-indexer-answers", daemon=True)
        reader.start()
        refused = False
        try:
            for payload in payloads:
                self._next_id += 1
                message = json.dumps({"message_id": self._next_id, "payload": payload}, ensure_ascii=False)
                self._requests.write(base64.b64encode(message.encode("utf-8")) + b",")
                self._requests.flush()
                sent.put(True)
        except (OSError, ValueError):
            refused = True  # Pagefind stopped reading; what it said is below
        finally:
            sent.put(False)  # no more answers to wait for
        reader.join()
        if refused or problems:
            raise IndexerError(problems[0] if problems else self._stopped())
        for response in answers:
            if response.get("type") == "Error":
                raise IndexerError(str(response.get("message", "unknown error")))
        return answers

    def _stopped(self) -> str:
        """What a Pagefind that stopped answering said last on stderr, and its exit status."""
        try:
            status = self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            status = None
        self._stderr.seek(0)
        said = " ".join(self._stderr.read().decode("utf-8", "replace").split())[-300:]
        return f"Pagefind stopped, exit status {status}" + (f": {said}" if said else "")

    # -- the requests manabi uses ------------------------------------------------
    def new_index(self, config: dict[str, Any]) -> int:
        return int(self.request({"type": "NewIndex", "config": config})["index_id"])

    def add_pages(self, index_id: int, pages: Iterable[tuple[str, str]]) -> None:
        """Add ``(url, html)`` pages in one exchange: a seventh (Japanese) to a third (English) less time than one by one.

        ``pages`` may be a generator, so Pagefind indexes a page while the next one is read.
        """
        self._exchange({"type": "AddFile", "index_id": index_id, "url": url, "file_path": None, "file_contents": html}
                       for url, html in pages)

    def write(self, index_id: int, output: Path) -> None:
        self.request({"type": "WriteFiles", "index_id": index_id, "output_path": str(output)})

    def delete(self, index_id: int) -> None:
        self.request({"type": "DeleteIndex", "index_id": index_id})

    def close(self) -> None:
        try:
            self._requests.close()
        except OSError:
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._answers.close()
        self._stderr.close()

    def __enter__(self) -> "Indexer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
