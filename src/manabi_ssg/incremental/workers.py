"""Worker processes for the engine: ``fork_map(function, tasks, processes)``.

``multiprocessing.Pool`` keeps three helper threads in the parent that wake
for every task; on a site of a thousand chapters they took 1.6 s of CPU from
the two workers.  Here the parent's one thread hands each idle worker its next
task over the worker's own pipe and sleeps until a result comes back.

Tasks go out in the order given (the engine puts the largest first); results
come back in the order they finish.  Workers are forked, so they share what
the parent set up before the call.  A worker that dies (a crash in a C
extension) fails the call with :class:`WorkerDied` instead of hanging it; an
exception raised by ``function`` is raised again in the parent.  Ctrl-C
reaches the parent alone, which stops the workers on its way out.

Forking a process that runs other threads is a documented hazard: a lock
another thread held at the fork stays locked forever in the child (``serve``
runs an HTTP server, a file watcher and the search indexer in threads).  So
workers are forked only from a process whose sole thread is the caller;
otherwise they come from a ``forkserver``, a single-threaded process started
by fork and exec, and receive ``function`` pickled, once each: the engine's
functions are a ``functools.partial`` over a job that holds all a task needs,
so a pickled copy serves as well as an inherited one.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection, wait
from typing import Any, cast

__all__ = ["WorkerDied", "fork_map", "only_thread"]


class WorkerDied(RuntimeError):
    """A worker process ended without answering (killed, or crashed in native code)."""


def only_thread() -> bool:
    """Whether the calling thread is the process's only one (native threads included, on Linux)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def fork_map(function: Callable[[Any], Any], tasks: Iterable[Any], processes: int,
             on_result: Callable[[Any], None] | None = None) -> list[Any]:
    """``[function(task) for task in tasks]`` across ``processes`` workers, in finishing order.

    A forked worker inherits ``function``: a closure or ``functools.partial``
    over the build's data reaches it without being pickled.  A worker started
    by the forkserver receives ``function`` pickled, so it must pickle then.
    ``on_result`` is called in the parent with each result as it arrives.
    """
    queue = list(tasks)
    forked = only_thread()
    context = multiprocessing.get_context("fork") if forked else multiprocessing.get_context("forkserver")
    if not forked:
        # its workers start with the code imported (a partial: its function's module)
        context.set_forkserver_preload([getattr(function, "func", function).__module__])
    workers: list[tuple[Any, Connection]] = []
    try:
        for _ in range(max(1, min(processes, len(queue)))):
            ours, theirs = context.Pipe()
            # a forked child holds copies of the parent's ends, to close; a forkserver child holds none
            parent_ends = [connection for _, connection in workers] + [ours] if forked else []
            process = context.Process(target=_work, args=(theirs, function, parent_ends), daemon=True)
            process.start()
            theirs.close()
            workers.append((process, ours))
        queue.reverse()  # pop() from the end hands out the first task first
        busy: dict[Connection, Any] = {}

        def hand_out(connection: Connection) -> None:
            if queue:
                busy[connection] = queue.pop()
                connection.send(busy[connection])

        for _, connection in workers:
            hand_out(connection)
        results = []
        while busy:
            # wait() hands back some of the connections it was given
            for connection in cast(list[Connection], wait(list(busy))):
                try:
                    ok, value = connection.recv()
                except (EOFError, ConnectionResetError):
                    raise WorkerDied(f"a worker process ended while working on {busy[connection]!r}") from None
                if not ok:
                    raise value
                results.append(value)
                if on_result is not None:
                    on_result(value)
                del busy[connection]
                hand_out(connection)
        return results
    finally:
        _stop(workers)


def _stop(workers: list[tuple[Any, Connection]]) -> None:
    """Closing a worker's pipe ends it: an idle one reads the end of the pipe, a busy one fails to answer."""
    for _, connection in workers:
        connection.close()
    for process, _ in workers:
        process.join(timeout=2)
        if process.is_alive():  # still busy (the parent is leaving early): stop it now
            process.terminate()
            process.join()


def _work(connection: Connection, function: Callable[[Any], Any], parent_ends: list[Connection]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    gc.enable()  # the engine pauses the parent's collector for a whole build; a worker needs its own
    for end in parent_ends:  # copies from the fork: only the parent may hold them, or no pipe ever ends
        end.close()
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return  # the parent is done, or gone
        try:
            answer = (True, function(task))
        except Exception as error:  # noqa: BLE001 - handed to the parent, which raises it
            answer = (False, error)
        try:
            connection.send(answer)
        except OSError:
            return
        except Exception as error:  # noqa: BLE001 - a result or an exception that does not pickle
            connection.send((False, RuntimeError(f"{type(error).__name__}: {error}")))
