"""The input files asked for ahead of a build: only regular files, in order, by a process that never outlives the build."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import time
from contextlib import nullcontext
from pathlib import Path

import pytest

import build
from conftest import ROOT
from explainer import forks, warm

pytestmark = pytest.mark.skipif(not hasattr(os, "posix_fadvise") or not hasattr(os, "mkfifo"),
                                reason="asks ahead only where the system can be asked")


def project(tmp_path: Path) -> list[Path]:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/b.txt").write_text("B")
    (tmp_path / "seeds/a.txt").write_text("A")
    os.mkfifo(tmp_path / "seeds/pipe.txt")   # opened for reading, it would wait for a writer forever
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/secret.txt").write_text("not in the project")
    (tmp_path / "seeds/linked.txt").symlink_to(tmp_path / "elsewhere/secret.txt")
    (tmp_path / "content/facts").mkdir(parents=True)
    (tmp_path / "content/site.yaml").write_text("title: T\n")
    (tmp_path / "content/facts/law.yaml").write_text("[]\n")
    (tmp_path / "templates").symlink_to(tmp_path / "elsewhere", target_is_directory=True)   # a folder that is a link
    return [tmp_path / "seeds", tmp_path / "content", tmp_path / "templates", tmp_path / "assets"]   # no assets/


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names an open file by /proc")
def test_every_regular_file_is_asked_for_in_reading_order_and_nothing_else(tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, offset, length, advice: asked.append(
        (os.readlink(f"/proc/self/fd/{fd}"), advice)))
    monkeypatch.setattr(os, "sched_setscheduler", lambda *args: None)   # this process stays as it is
    warm._advise(project(tmp_path), os.getppid())
    assert asked == [(str(tmp_path / name), os.POSIX_FADV_WILLNEED)
                     for name in ("seeds/a.txt", "seeds/b.txt", "content/site.yaml", "content/facts/law.yaml")]


def test_the_process_started_asks_for_every_file(tmp_path, monkeypatch, deadline):
    asked = tmp_path / "asked.txt"   # where the process started writes what it asks for

    def advise(fd, offset, length, advice):
        with open(asked, "a") as record:
            record.write(os.readlink(f"/proc/self/fd/{fd}") + "\n")
    monkeypatch.setattr(os, "posix_fadvise", advise)
    folders = project(tmp_path)
    wanted = [str(tmp_path / name) for name in ("seeds/a.txt", "seeds/b.txt", "content/site.yaml",
                                                "content/facts/law.yaml")]
    with warm.warming(folders):
        while not asked.exists() or asked.read_text().splitlines() != wanted:
            time.sleep(0.01)   # until it has asked for them all, or the deadline fails the test


def test_asking_stops_once_the_build_is_gone(tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(os, "posix_fadvise", lambda *args: asked.append(args))
    monkeypatch.setattr(os, "sched_setscheduler", lambda *args: None)
    warm._advise(project(tmp_path), os.getppid() + 1)   # as if the build were killed: another process is the parent
    assert asked == []


def started_processes(monkeypatch) -> list[tuple[forks.Aside, int]]:
    """Follow the warming processes started from now on: each one's Aside, and its process id."""
    started = []

    def aside(function):
        made = forks.Aside(function)
        started.append((made, made._process[0]))
        return made
    monkeypatch.setattr(warm, "Aside", aside)
    return started


def assert_gone(started) -> None:
    (aside, pid), = started
    assert aside._process is None   # cancelled, and so waited for
    with pytest.raises(ChildProcessError):   # ended and reaped: not left running, nor waiting to be reaped
        os.waitpid(pid, os.WNOHANG)


class Timeout(Exception):
    pass


@pytest.fixture
def deadline():
    """Fail a test that hangs, rather than the whole run."""
    def expire(*_):
        raise Timeout()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("fails", [False, True])
def test_the_process_that_asks_is_stopped_when_the_build_ends_or_fails(tmp_path, monkeypatch, deadline, fails):
    # A process that would ask for ever: only being stopped ends it.
    monkeypatch.setattr(warm, "_advise", lambda folders, build: time.sleep(3600))
    started = started_processes(monkeypatch)
    began, pid = time.perf_counter(), None
    try:
        with pytest.raises(RuntimeError) if fails else nullcontext():
            with warm.warming(project(tmp_path)):
                (_, pid), = started
                time.sleep(0.1)
                assert os.waitpid(pid, os.WNOHANG) == (0, 0)   # still asking when the build ends
                if fails:
                    raise RuntimeError("the build failed")
        assert time.perf_counter() - began < 10
        assert_gone(started)
    finally:   # whatever failed, no process of this test outlives it
        try:
            if pid is not None:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        except OSError:
            pass


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_build_asks_ahead_and_leaves_no_process(tmp_path, monkeypatch, deadline, command):
    root = tmp_path / "project"
    for name in ("content", "templates", "assets", "seeds"):
        shutil.copytree(ROOT / name, root / name)
    started = started_processes(monkeypatch)
    stop = signal.getsignal(signal.SIGTERM)
    try:
        status = build.main([command, "--root", str(root), "--out", str(tmp_path / "dist")])
    finally:
        signal.signal(signal.SIGTERM, stop)   # as build.py set it, for the rest of the tests
    assert status == 0
    assert (tmp_path / "dist/index.html").is_file() == (command == "build")
    assert_gone(started)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files by /proc")
def test_with_no_process_to_spare_the_build_goes_on_without(tmp_path, monkeypatch):
    def no_fork():
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
    folders = project(tmp_path)
    monkeypatch.setattr(os, "fork", no_fork)
    open_files = len(os.listdir("/proc/self/fd"))
    with warm.warming(folders):
        ran = True
    assert ran
    assert len(os.listdir("/proc/self/fd")) == open_files   # the pipe made for the process is closed
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())   # Ctrl-C still stops a build
