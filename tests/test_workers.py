"""The engine's fork pool (manabi_ssg.incremental.workers): results, errors, dead workers, no leftovers."""

import os
import signal
import subprocess
import sys
import threading
from functools import partial

import pytest

from manabi_ssg.incremental.workers import WorkerDied, fork_map


def square(n):
    return n * n


def fail_on_three(n):
    if n == 3:
        raise ValueError("three")
    return n


def die_on_three(n):
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def whose(_):
    return os.getpid()


def unpicklable(_):
    return lambda: None


def test_every_task_runs_once_in_a_worker():
    assert sorted(fork_map(square, range(50), 2)) == [n * n for n in range(50)]
    pids = set(fork_map(whose, range(20), 2))
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_more_workers_than_tasks_and_no_tasks():
    assert fork_map(square, [4], 8) == [16]
    assert fork_map(square, [], 2) == []


def test_an_exception_in_a_task_is_raised_in_the_parent():
    with pytest.raises(ValueError, match="three"):
        fork_map(fail_on_three, range(10), 2)


def test_a_dead_worker_fails_the_call_instead_of_hanging_it():
    with pytest.raises(WorkerDied, match="3"):
        fork_map(die_on_three, range(10), 2)


def test_a_result_that_does_not_pickle_becomes_an_error():
    with pytest.raises(RuntimeError):
        fork_map(unpicklable, range(3), 2)


def test_no_worker_outlives_the_call():
    import multiprocessing

    fork_map(square, range(10), 2)
    with pytest.raises(ValueError):
        fork_map(fail_on_three, range(10), 2)
    assert multiprocessing.active_children() == []


def test_workers_end_on_their_own_when_the_work_is_done(monkeypatch):
    """Each worker must see its pipe close (no forked copy of the parent's end
    may keep it open), so none is left for terminate() after the timeout."""
    from multiprocessing.process import BaseProcess

    terminated = []
    monkeypatch.setattr(BaseProcess, "terminate", lambda self: terminated.append(self.pid))
    fork_map(square, range(10), 3)
    assert terminated == []


def collector_on(_):
    import gc

    return gc.isenabled()


def test_workers_collect_garbage_even_when_the_parent_has_paused_its_collector():
    import gc

    gc.disable()
    try:
        assert fork_map(collector_on, range(4), 2) == [True] * 4
    finally:
        gc.enable()


def test_workers_are_never_forked_from_a_process_running_other_threads():
    """With another thread running, the workers come from the forkserver: no fork happens here at all."""
    forks = []
    os.register_at_fork(before=lambda: forks.append(threading.active_count()) if recording else None)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    recording = True
    try:
        pids = set(fork_map(whose, range(20), 2))
        assert sorted(fork_map(square, range(30), 2)) == [n * n for n in range(30)]
        shared = sorted(fork_map(partial(add_offset, {"offset": 100}), range(4), 2))
    finally:
        recording = False
        stop.set()
        other.join()
    assert forks == []
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    assert shared == [100, 101, 102, 103]  # what a forked worker would have inherited arrives with the partial


def test_a_single_threaded_process_forks_its_workers():
    """In a fresh process (this one may hold other tests' threads) the workers are forked, and inherit."""
    program = (
        "import os, threading\n"
        "from manabi_ssg.incremental.workers import fork_map\n"
        "forks = []\n"
        "os.register_at_fork(before=lambda: forks.append(threading.active_count()))\n"
        "INHERITED = 7\n"
        "def add(n):\n"
        "    return INHERITED + n\n"
        "print(sorted(fork_map(add, range(3), 2)), forks)\n"
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[7, 8, 9] [1, 1]"


def add_offset(job, n):
    return job["offset"] + n
