"""The input files asked for ahead of a build: only regular files, in order, by a process that never outlives the build."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from explainer import parallel, warm

pytestmark = pytest.mark.skipif(not hasattr(os, "posix_fadvise") or not hasattr(os, "mkfifo"),
                                reason="asks ahead only where the system can be asked")


def project(tmp_path: Path) -> list[Path]:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/b.txt").write_text("B")
    (tmp_path / "seeds/a.txt").write_text("A")
    os.mkfifo(tmp_path / "seeds/pipe.txt")   # opened for reading, it would wait for a writer forever
    (tmp_path / "elsewhere.txt").write_text("not in the project")
    (tmp_path / "seeds/linked.txt").symlink_to(tmp_path / "elsewhere.txt")
    (tmp_path / "content/facts").mkdir(parents=True)
    (tmp_path / "content/site.yaml").write_text("title: T\n")
    (tmp_path / "content/facts/law.yaml").write_text("[]\n")
    return [tmp_path / "seeds", tmp_path / "content", tmp_path / "templates"]   # no templates/: nothing to ask


def test_every_regular_file_is_asked_for_in_reading_order_and_nothing_else(tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, offset, length, advice: asked.append(
        (os.readlink(f"/proc/self/fd/{fd}"), advice)))
    for folder in project(tmp_path):
        warm._advise_under(folder)
    assert asked == [(str(tmp_path / name), os.POSIX_FADV_WILLNEED)
                     for name in ("seeds/a.txt", "seeds/b.txt", "content/site.yaml", "content/facts/law.yaml")]


def test_the_process_that_asks_is_gone_once_the_build_is(tmp_path, monkeypatch):
    folders = project(tmp_path)
    for name in range(2000):   # enough that it is still asking when the build ends
        (tmp_path / f"content/facts/f{name}.yaml").write_text("[]\n")
    started = []
    monkeypatch.setattr(warm, "Aside", lambda function: started.append(parallel.Aside(function)) or started[-1])
    signal.alarm(30)
    try:
        began = time.perf_counter()
        with warm.warming(folders):
            (pid, _), = [aside._process for aside in started]
    finally:
        signal.alarm(0)
    assert time.perf_counter() - began < 10
    with pytest.raises(ChildProcessError):   # ended and reaped: not left running, nor waiting to be reaped
        os.waitpid(pid, os.WNOHANG)
