"""Start and stop the forked processes a build shares its work with, safely whatever interrupts them."""

from __future__ import annotations

import os
import pickle
import signal
from collections import deque
from contextlib import contextmanager
from functools import partial


class Aside:
    """Run `function()` in a forked process beside this one, from now until `result()` is asked for.

    For work that mostly waits (on a disk, say), started before the work it
    can run beside. Where processes cannot fork, `function()` runs at once.
    """

    def __init__(self, function):
        self._process, self._done = None, None
        if hasattr(os, "fork"):
            try:
                with holding_signals() as mask:
                    self._process = start(function, [], mask)
            except BaseException:   # a stop held while the process started: it is raised here, and no
                self.cancel()       # caller is left to stop the process, which nobody would then wait for
                raise
        else:
            self._done = function()

    def result(self):
        """Wait for the function's result; raise what it raised."""
        if self._process is not None:
            kind, value = read_answer(*self._process)
            self._process = None
            if kind != "ok":
                raise_failure(value)
            self._done = value
        return self._done

    def cancel(self) -> None:
        """Stop the process if it still runs; its result is no longer wanted."""
        if self._process is not None:
            process, self._process = self._process, None
            stop([process])


def stop(children: list[tuple[int, int]]) -> None:
    """Stop forked processes and wait for them to end. One may have given its answer, and ended,
    just as this process was interrupted: its pipe is closed and it is gone, which is no error here."""
    for pid, read_end in children:
        for step in (partial(os.close, read_end), partial(os.kill, pid, signal.SIGTERM)):
            try:
                step()
            except OSError:
                pass
    for pid, _ in children:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


@contextmanager
def holding_signals():
    """Hold Ctrl-C and a request to stop (SIGTERM) while processes start, and yield the mask to
    restore: delivered between a fork and the record of its process, either would leave that
    process running unseen, or send the forked copy up into its caller's code."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield held
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def start(function, others: list[int], mask, streams: bool = False) -> tuple[int, int]:
    """Fork a process to run `function()`; return its pid and the pipe it answers on. Signals are
    held (see holding_signals); the process restores `mask` once it is on its own.

    `others` are the pipes of the processes started before: this one must not
    hold them open, or a process answering on one would wait for it forever.

    With `streams`, `function(send)` is handed `send(piece)`, which passes a piece
    of bytes on to this process as soon as the pipe takes it (read them with a
    Stream), and the answer follows the pieces.
    """
    read_end, write_end = os.pipe()
    if streams:
        _widen(write_end)
    try:
        pid = os.fork()
    except OSError:   # no process to spare (EAGAIN, ENOMEM): the caller is told, as it was before
        os.close(read_end)
        os.close(write_end)
        raise
    if pid:
        os.close(write_end)
        return pid, read_end
    # From here on this is the forked copy: whatever happens, it must end here and never return
    # into its caller, which would go on running the build a second time.
    status = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)   # stopped by the build, it ends there and then
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for fd in (read_end, *others):
            os.close(fd)
        sender = _Sender(write_end) if streams else None
        try:
            value = function(sender.send) if sender else function()
            answer, status = pickle.dumps(("ok", None if sender else value), pickle.HIGHEST_PROTOCOL), 0
        except BaseException as err:   # the parent reports it
            answer = _failure(err)
        if sender:
            sender.close(answer)
        else:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(answer)
    finally:
        os._exit(status)


_LENGTH = 8        # bytes before each piece of a stream: its length, then whether it is the answer
_PIECE, _ANSWER = b"p", b"a"


class _Sender:
    """Pass pieces of bytes down a pipe without ever waiting on it: what the pipe cannot take at once
    waits here, for the next piece, while the process goes on with its work."""

    def __init__(self, fd: int):
        self.fd, self.waiting, self.written = fd, deque(), 0
        os.set_blocking(fd, False)

    def send(self, piece: bytes, kind: bytes = _PIECE) -> None:
        self.waiting.append((len(piece) + 1).to_bytes(_LENGTH, "little") + kind + piece)
        self._write()

    def close(self, answer: bytes) -> None:
        """Send the answer, and everything still waiting, however long the reader takes."""
        self.send(answer, _ANSWER)
        os.set_blocking(self.fd, True)
        self._write()
        os.close(self.fd)

    def _write(self) -> None:
        while self.waiting:
            first = self.waiting[0]
            try:
                self.written += os.write(self.fd, memoryview(first)[self.written:])
            except BlockingIOError:   # the pipe is full: the rest goes with a later piece
                return
            if self.written == len(first):
                self.waiting.popleft()
                self.written = 0


class Stream:
    """What a process started with `streams` sends: its pieces as they come, then its answer."""

    def __init__(self, pid: int, read_end: int):
        self.pid, self.fd = pid, read_end
        self.answer: tuple | None = None   # ("ok", None) or ("failed", (traceback, error)), once it came
        self._buffer = bytearray()
        self._needed = _LENGTH   # bytes the buffer must hold before a piece may be whole in it
        os.set_blocking(read_end, False)

    def pieces(self, wait: bool = False) -> list[memoryview]:
        """Return the pieces that came since the last call; with `wait`, all of them up to the answer,
        once the process has ended."""
        if wait:
            os.set_blocking(self.fd, True)
        while True:
            try:
                data = os.read(self.fd, 1 << 20)
            except BlockingIOError:   # nothing more for now
                break
            if not data:   # the process closed the pipe: it ended
                break
            self._buffer += data
        pieces = []
        if len(self._buffer) >= self._needed:   # else no piece is whole yet, and nothing is copied
            buffer, at = memoryview(bytes(self._buffer)), 0
            while True:
                if len(buffer) - at < _LENGTH:
                    self._needed = _LENGTH
                    break
                length = int.from_bytes(buffer[at:at + _LENGTH], "little")
                if len(buffer) - at - _LENGTH < length:
                    self._needed = _LENGTH + length
                    break
                kind, piece = buffer[at + _LENGTH:at + _LENGTH + 1], buffer[at + _LENGTH + 1:at + _LENGTH + length]
                at += _LENGTH + length
                if kind == _ANSWER:
                    self.answer = pickle.loads(piece)
                else:
                    pieces.append(piece)
            del self._buffer[:at]
        if wait:
            os.close(self.fd)
            # Not waited for here: a process with a large heap takes milliseconds to end, while this one
            # could be at work. It has answered, and is reaped later (see reap).
            _answered.append(self.pid)
            if self.answer is None:
                self.answer = ("failed", ("it ended without an answer", None))
        return pieces


_answered: list[int] = []   # processes whose Stream was read to its end, not yet reaped


def reap(wait: bool = True) -> None:
    """Reap the processes whose streams were read to their end; without `wait`, only those that
    have ended by now."""
    for pid in list(_answered):
        try:
            done, _ = os.waitpid(pid, 0 if wait else os.WNOHANG)
        except ChildProcessError:   # reaped already
            done = pid
        if done:
            _answered.remove(pid)


def _widen(fd: int) -> None:
    """Let a pipe hold a megabyte, where the system allows it (Linux): fewer, larger reads and writes."""
    try:
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):   # no such setting here, or more than this user may have
        pass


def raise_failure(value: tuple) -> None:
    """Raise, in this process, what a forked one failed with (see `_failure`)."""
    told, err = value
    if isinstance(err, Exception):
        err.add_note(f"in a process of the build:\n{told}")
        raise err
    raise RuntimeError(f"a process of the build failed:\n{told}")


def _failure(err: BaseException) -> bytes:
    """Say how a process failed: its error itself when it pickles, so that the parent raises what
    the process met (a full disk is an OSError, not an internal error), with the traceback."""
    import traceback   # only a failing process needs it
    told = traceback.format_exc()
    try:
        answer = pickle.dumps(("failed", (told, err)))
        pickle.loads(answer)   # some errors pickle but cannot be made again (an __init__ of other arguments)
        return answer
    except Exception:   # then the parent has the traceback alone
        return pickle.dumps(("failed", (told, None)))


def read_answer(pid: int, read_end: int) -> tuple[str, object]:
    """Read a process's answer and wait for it to end: ("ok", results) or ("failed", (traceback, error))."""
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    return pickle.loads(answer) if answer else ("failed", ("it ended without an answer", None))
