"""Pages made across processes and written one at a time: the same site, the same problems."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from explainer import forks, parallel, pipeline
from explainer.problems import ContentError

sys.path.insert(0, str(ROOT / "bench"))
from generate import write_project  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A generated project of 100 articles: 200 pages and more, enough to share among three processes."""
    return write_project(tmp_path_factory.mktemp("corpus"), 100)["ours"]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_writing_across_processes_gives_the_site_built_in_memory(corpus, tmp_path, workers):
    expected = pipeline.build(corpus).outputs
    built = pipeline.build_into(tmp_path / "site", corpus, workers=workers)
    assert len(built.pages) > 3 * parallel.MIN_ITEMS_PER_PROCESS
    assert files_of(tmp_path / "site") == expected


def test_template_errors_from_every_process_are_reported_in_page_order(corpus, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(corpus, project)
    template = project / "templates" / "source.html"
    # An error that names each page's source: the same error met on every page is reported once.
    template.write_text(template.read_text().replace("{{ src.title }}", "{{ src[src.id] }}"))
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the last good site")
    with pytest.raises(ContentError) as in_memory:
        pipeline.build(project)
    with pytest.raises(ContentError) as on_disk:
        pipeline.build_into(out, project, workers=2)
    assert on_disk.value.problems == in_memory.value.problems
    assert len(on_disk.value.problems) == 100   # one for each source page, whichever process rendered it
    assert all(str(p).startswith("templates/source.html:5: ") for p in on_disk.value.problems)
    assert files_of(out) == {"index.html": b"the last good site"}


def test_a_failing_process_stops_the_build_and_leaves_the_last_site(corpus, tmp_path, monkeypatch):
    real_write, this_process = parallel.write_file, os.getpid()

    def failing_write(folder, name, data, made, known):
        if os.getpid() != this_process:   # the disk fills up under the second process only
            raise OSError("disk full")
        return real_write(folder, name, data, made, known)

    monkeypatch.setattr(parallel, "write_file", failing_write)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the last good site")
    with pytest.raises(OSError, match="disk full"):   # what the process met, for the command line to say
        pipeline.build_into(out, corpus, workers=2)
    assert files_of(out) == {"index.html": b"the last good site"}
    assert [p.name for p in tmp_path.glob(".site.*")] == [".site.spare"]   # kept for the next build to write over


def test_planning_problems_and_warnings_match_the_build_in_memory(corpus, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(corpus, project)
    facts = project / "content" / "facts" / "f00007.yaml"
    facts.write_text(facts.read_text() + "\n- id: never-cited\n  topic: law\n  claim: Nobody cites this.\n"
                     "  citations:\n    - source: a00007\n      quote: \"Report 7 part 0 says\"\n")
    warned = pipeline.build_into(tmp_path / "site", project, workers=2)
    assert [str(w) for w in warned.warnings] == [str(w) for w in pipeline.build(project).warnings]
    assert any("'never-cited' is not cited by any page" in str(w) for w in warned.warnings)

    page = project / "content" / "pages" / "p00050.md"
    page.write_text(page.read_text().replace("[@f00050-3]", "[@no-such-fact]"))
    with pytest.raises(ContentError) as in_memory:
        pipeline.build(project)
    with pytest.raises(ContentError) as on_disk:
        pipeline.build_into(tmp_path / "site", project, workers=2)
    assert on_disk.value.problems == in_memory.value.problems
    line = page.read_text().split("\n").index(next(l for l in page.read_text().split("\n") if "no-such-fact" in l)) + 1
    assert [str(p) for p in on_disk.value.problems] == [f"content/pages/p00050.md:{line}: cites unknown fact 'no-such-fact'"]


def forks_recorded(monkeypatch) -> list[int]:
    """Record the pid of every process forked from now on."""
    started, real_fork = [], os.fork

    def fork():
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return started


def assert_reaped(pids: list[int]) -> None:
    """Each process has ended and been waited for: none is left behind."""
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_failure_in_this_process_ends_the_others_and_is_reported_as_itself(corpus, tmp_path, monkeypatch):
    real_write, this_process = parallel.write_file, os.getpid()

    def failing_write(folder, name, data, made, known):
        if os.getpid() == this_process:
            raise OSError("disk full here")
        return real_write(folder, name, data, made, known)

    started = forks_recorded(monkeypatch)
    monkeypatch.setattr(parallel, "write_file", failing_write)
    with pytest.raises(OSError, match="disk full here"):
        pipeline.build_into(tmp_path / "site", corpus, workers=3)
    assert len(started) >= 2   # the files read ahead, and the pages
    assert_reaped(started)
    # Whatever the other processes wrote before they were stopped is kept as the spare, and nothing else.
    assert not (tmp_path / "site").exists() and not [p for p in tmp_path.glob(".site.*") if p.name != ".site.spare"]


def big_answer_unless_in(parent: int, marker: Path):
    """Each process's answer fills its pipe; the parent fails on its first item. The other
    processes wait to answer until the parent has taken an item, or they might take them all."""
    def make(item: int) -> str:
        if os.getpid() == parent:
            marker.touch()
            time.sleep(0.3)   # while the others fill their pipes and wait on them
            raise ValueError("failed here")
        deadline = time.monotonic() + 10
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        return "x" * 100_000   # a pipe holds 64 KiB
    return make


def test_a_failure_here_does_not_wait_on_processes_whose_answers_fill_their_pipes(tmp_path):
    signal.alarm(30)   # a deadlock fails the test rather than hang the run
    try:
        with pytest.raises(ValueError, match="failed here"):
            parallel.shared_map(big_answer_unless_in(os.getpid(), tmp_path / "taken"),
                                range(3 * parallel.MIN_ITEMS_PER_PROCESS), 3)
    finally:
        signal.alarm(0)


def test_large_answers_from_several_processes_all_arrive():
    signal.alarm(30)
    try:
        results = parallel.shared_map(lambda item: str(item) * 20_000, range(4 * parallel.MIN_ITEMS_PER_PROCESS), 3)
    finally:
        signal.alarm(0)
    assert results == [str(item) * 20_000 for item in range(4 * parallel.MIN_ITEMS_PER_PROCESS)]


def test_many_items_come_back_in_order_however_they_were_shared():
    assert parallel.shared_map(lambda k: k * k, range(5000), 3) == [k * k for k in range(5000)]


def test_a_slow_item_keeps_one_process_while_the_others_take_the_rest():
    def where(k: int) -> int:
        if k == 0:
            time.sleep(0.5)
        return os.getpid()

    pids = parallel.shared_map(where, range(400), 2)
    assert len(set(pids)) == 2
    assert pids.count(pids[0]) < 40   # the process held up by item 0 made few of the others


def test_files_read_across_processes_report_what_one_process_reports(corpus, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(corpus, project)
    (project / "seeds" / "a00011.txt").write_bytes(b"Title\n\nBy X\n\nbad \xff byte\n")
    (project / "content" / "pages" / "p00012.md").write_text("---\ntitle: [unclosed\n---\nText [@f00012-0].\n")
    (project / "content" / "facts" / "f00013.yaml").write_text("- id: f00013-0\n  topic: law\n\tclaim: tab\n")
    with pytest.raises(ContentError) as one:
        pipeline.Builder(project).build()   # reads file by file, in this process
    with pytest.raises(ContentError) as shared:
        pipeline.build_into(tmp_path / "site", project, workers=2)
    assert shared.value.problems == one.value.problems
    assert {p.path for p in one.value.problems} >= {"seeds/a00011.txt", "content/pages/p00012.md",
                                                    "content/facts/f00013.yaml"}


def test_work_set_aside_runs_in_another_process_and_gives_its_result_or_its_error(tmp_path):
    assert forks.Aside(os.getpid).result() != os.getpid()
    large = forks.Aside(lambda: "x" * 1_000_000)   # more than a pipe holds: it waits to be read
    assert large.result() == "x" * 1_000_000
    with pytest.raises(FileNotFoundError):
        forks.Aside(lambda: (tmp_path / "missing").read_text()).result()


def test_work_set_aside_and_no_longer_wanted_is_stopped(tmp_path):
    signal.alarm(30)
    try:
        started = time.perf_counter()
        slow = forks.Aside(lambda: time.sleep(20))
        slow.cancel()
    finally:
        signal.alarm(0)
    assert time.perf_counter() - started < 10


def started_streaming(function):
    """Start `function(send)` in a forked process; return the Stream of what it sends."""
    with forks.holding_signals() as mask:
        return forks.Stream(*forks.start(function, [], mask, streams=True))


def wait_for(path: Path, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_process_sends_more_than_its_pipe_holds_without_waiting_to_be_read(tmp_path):
    def send_much(send):
        for k in range(40):
            send(bytes([k]) * 100_000)   # 4 MB in all: four times what even a widened pipe holds
        (tmp_path / "done").touch()

    stream = started_streaming(send_much)
    assert wait_for(tmp_path / "done")   # its work is done before anything was read
    pieces = stream.pieces(wait=True)
    assert [bytes(piece) for piece in pieces] == [bytes([k]) * 100_000 for k in range(40)]
    assert stream.answer == ("ok", None)


def test_each_piece_reaches_the_reader_as_soon_as_it_is_sent(tmp_path):
    def send_one_then_wait(send):
        send(b"first")
        if not wait_for(tmp_path / "read"):
            raise TimeoutError("the first piece was not read")
        send(b"second")

    signal.alarm(60)
    try:
        stream = started_streaming(send_one_then_wait)
        first = []
        while not first:   # the process is still at work: the piece came on its own
            first = stream.pieces()
        (tmp_path / "read").touch()
        rest = stream.pieces(wait=True)
    finally:
        signal.alarm(0)
    assert [bytes(piece) for piece in first + rest] == [b"first", b"second"] and stream.answer == ("ok", None)


def test_a_process_that_fails_after_some_pieces_says_why_after_them(tmp_path):
    def fail_midway(send):
        send(b"made")
        raise ValueError("failed midway")

    stream = started_streaming(fail_midway)
    assert [bytes(piece) for piece in stream.pieces(wait=True)] == [b"made"]
    kind, value = stream.answer
    assert kind == "failed"
    with pytest.raises(ValueError, match="failed midway"):
        forks.raise_failure(value)


def test_every_process_a_build_forks_is_reaped_once_it_is_over(corpus, tmp_path, monkeypatch):
    started = forks_recorded(monkeypatch)
    pipeline.build_into(tmp_path / "site", corpus, workers=3)
    assert len(started) >= 6   # two processes for each batch of files read, and for each round of pages
    assert_reaped(started)


def test_a_piece_larger_than_the_pipe_arrives_whole_however_it_is_read():
    large = bytes(range(256)) * 12_000   # 3 MB: read in parts, while the process still writes it
    signal.alarm(60)
    try:
        stream = started_streaming(lambda send: [send(large), send(b"after")])
        taken = []
        while not taken:
            taken = stream.pieces()
        taken += stream.pieces(wait=True)
    finally:
        signal.alarm(0)
    assert [bytes(piece) for piece in taken] == [large, b"after"] and stream.answer == ("ok", None)
