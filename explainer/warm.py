"""Ask the disk for a build's input files ahead of the build, so that it rarely waits on a read.

A single build reads thousands of small files, one after another in each
process. When the system no longer holds them in memory (a machine short of
it, or one that lets go of what it cached after a minute idle), each read
waits on the disk in turn. Asked for all at once, the disk serves them
together, far faster than one by one.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from .parallel import Aside


@contextmanager
def warming(folders: list[Path]):
    """While the block runs, have the regular files under `folders` read into memory, in that order,
    by a process that only runs when a core would otherwise be idle. Files left are left unread."""
    if not hasattr(os, "posix_fadvise") or not hasattr(os, "fork"):   # not on Linux: the build reads as it goes
        yield
        return
    beside = Aside(lambda: _advise(folders))
    try:
        yield
    finally:
        beside.cancel()


def _advise(folders: list[Path]) -> None:
    try:   # never ahead of the build's own work
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        os.nice(19)
    for folder in folders:
        _advise_under(folder)


def _advise_under(folder: Path) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:   # no such folder, or not one: the build says so
        return
    inner = []
    for entry in entries:
        try:
            # Regular files only: opening a named pipe would wait for a writer, a device may do anything.
            if entry.is_file(follow_symlinks=False):
                descriptor = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
                try:
                    # Only asks: the reads are queued, and this goes on to the next file at once.
                    os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
                finally:
                    os.close(descriptor)
            elif entry.is_dir(follow_symlinks=False):
                inner.append(Path(entry.path))
        except OSError:
            continue
    for path in inner:
        _advise_under(path)
