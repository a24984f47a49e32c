"""Ask the disk for a build's input files ahead of the build, so that it rarely waits on a read.

A single build reads thousands of small files, one after another in each
process. When the system no longer holds them in memory (a machine short of
it, or one that lets go of what it cached after a minute idle), each read
waits on the disk in turn. Asked for all at once, the disk serves them
together, far faster than one by one.

All of it is a hint: whatever goes wrong here, the build reads its files as it goes.
"""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path

from .forks import Aside   # and nothing heavier: build.py starts this before the engine is imported


def input_folders(root: Path) -> list[Path]:
    """The folders a build reads, in the order it reads them."""
    return [root / "seeds", root / "content", root / "templates", root / "assets"]


@contextmanager
def warming(folders: list[Path]):
    """While the block runs, have the regular files under `folders` read into memory, in that order,
    by a process that only runs when a core would otherwise be idle. Files left are left unread."""
    beside = None
    if hasattr(os, "posix_fadvise") and hasattr(os, "fork"):   # else (not on Linux) the build reads as it goes
        try:
            build = os.getpid()   # this process's: the one started must stop once it is gone
            beside = Aside(lambda: _advise(folders, build))
        except OSError:   # no process to spare: the build does without
            pass
    try:
        yield
    finally:
        if beside is not None:
            beside.cancel()


def _advise(folders: list[Path], build: int) -> None:
    try:   # never ahead of the build's own work
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        os.nice(19)
    for folder in folders:
        try:
            if stat.S_ISLNK(os.lstat(folder).st_mode):   # the build reads nothing through it either
                continue
        except OSError:   # no such folder: the build says so
            continue
        if not _advise_under(folder, build):
            return


def _advise_under(folder: Path, build: int) -> bool:
    """Ask for the files under `folder`; False once the build is gone (killed, it could not stop this)."""
    if os.getppid() != build:
        return False
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:   # not a folder, or cannot be read: the build says so
        return True
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
    return all(_advise_under(path, build) for path in inner)
