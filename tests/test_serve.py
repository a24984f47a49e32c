"""The live preview, `python build.py serve`, run as a real process on a copy of the project."""

from __future__ import annotations

import html
import os
import random
import re
import signal
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import run_build
from explainer.serve import SourceWatcher
from serve_support import (LAW, MARKER, ServeProcess, break_quote, edit, first_fact, fix_quote, marked,
                           set_marker, wait_until)


@pytest.fixture
def server(project: Path):
    """The preview of a project copy, serving on a free loopback port."""
    with ServeProcess(project) as running:
        yield running


def test_pages_carry_the_reload_script_only_when_served(server, project):
    page = server.get("/law/")
    assert page.status == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == "no-store"
    assert f'<script src="/livereload.js?port={server.port}&amp;snipver=' in page.text
    # The site's Content-Security-Policy stays: the script comes from this origin, not inline.
    assert 'http-equiv="Content-Security-Policy"' in page.text
    script = server.get("/livereload.js")
    assert script.status == 200 and b"LiveReload" in script.body
    assert script.headers["cache-control"] == "no-store"
    assert server.get("/assets/style.css").headers["content-type"] == "text/css; charset=utf-8"

    written = sorted(p for p in (project / "dist").rglob("*") if p.is_file())
    assert written and not [p for p in written if b"livereload" in p.read_bytes()]
    result = run_build(project, "--out", "plain")
    assert result.returncode == 0, result.stderr
    plain = sorted((project / "plain").rglob("*.html"))
    assert plain and not [p for p in plain if b"livereload" in p.read_bytes()]


def test_an_edited_fact_is_served_within_two_seconds(server, project):
    marker = set_marker(project, 1)
    # The timeline shows the claim of law.yaml's first fact, a dated event.
    server.wait(lambda: marker in server.get("/timeline/").text, 2, "the edited claim on /timeline/")


def test_twenty_edits_in_a_row_each_appear(server, project):
    for number in range(20):
        marker = set_marker(project, number)
        server.wait(lambda: marker in server.get("/timeline/").text, 2, f"edit {number + 1} of 20 on /timeline/")


def test_a_save_caught_half_written_is_never_built(server, project):
    # A save truncates the file, then writes it; a build in between would find it empty. The truncated
    # file may even keep its old mtime (Linux 6 here does, at times), so the wait cannot go by it.
    path = project / LAW
    for number in range(10):
        text, marker = marked(path.read_text(encoding="utf-8"), number)
        time.sleep(random.uniform(0, 0.05))   # at any point of the watcher's 50 ms round
        before = path.stat()
        with path.open("w", encoding="utf-8") as facts:
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
            time.sleep(0.03)
            facts.write(text)
        server.wait(lambda: marker in server.get("/timeline/").text, 2, f"save {number + 1} on /timeline/")
    assert "error(s)" not in server.output


def test_a_page_not_open_shows_the_edit_when_opened(server, project):
    edit(project / "content/pages/closure.md", "\n## ", "\nA sentence added while nobody looked.\n\n## ")
    server.wait(lambda: "nobody looked" in (project / "dist/closure/index.html").read_text(), 2,
               "the rebuild of closure/")
    assert "A sentence added while nobody looked." in server.get("/closure/").text


def test_a_broken_fact_shows_the_errors_on_every_page_until_fixed(server, project):
    pages = ["/"] + ["/" + p.relative_to(project / "dist").parent.as_posix() + "/"
                     for p in (project / "dist").rglob("index.html") if p.parent != project / "dist"]
    break_quote(project)
    check = run_build(project, "check")
    assert check.returncode == 1
    errors = [line for line in check.stderr.splitlines() if re.match(r"\S+:\d+: ", line)]
    assert errors and all(line.startswith(str(LAW) + ":") for line in errors), check.stderr

    server.wait(lambda: server.get("/law/").status == 500, 2, "the error page on /law/")
    for path in pages + ["/no-such-page/", "/404.html"]:
        page = server.get(path)
        assert page.status == 500, path
        assert "The site does not build" in page.text, path
        for line in errors:
            assert f"<code>{html.escape(line)}</code>" in page.text, (path, line)
        assert '<link rel="stylesheet" href="/assets/style.css?for-errors">' in page.text
        assert "/livereload.js?port=" in page.text
    # The error page borrows the last good build's stylesheet, by an address of its own.
    style = server.get("/assets/style.css?for-errors")
    assert style.status == 200 and style.headers["content-type"] == "text/css; charset=utf-8"

    fix_quote(project)
    server.wait(lambda: server.get("/law/").status == 200, 2, "/law/ back after the fix")
    assert "The site does not build" not in server.get("/law/").text


def test_no_file_of_the_last_site_is_served_as_current_while_the_site_does_not_build(server, project):
    quoted = re.search(r'quote: "([^"]+)"', (project / LAW).read_text(encoding="utf-8")).group(1)
    assert quoted in server.get("/data/facts.json").text
    break_quote(project)   # the data of the last build still holds the quote its seed no longer backs
    errors = [line for line in run_build(project, "check").stderr.splitlines() if re.match(r"\S+:\d+: ", line)]
    server.wait(lambda: server.get("/law/").status == 500, 2, "the error page on /law/")
    for path in ("/data/facts.json", "/data/facts.csv", "/data/sources.json", "/assets/style.css",
                 "/robots.txt", "/no/such/file.css"):
        answer = server.get(path)
        assert answer.status == 500, path
        assert answer.headers["content-type"] == "text/plain; charset=utf-8", path
        # The errors alone: nothing of the file, whose quote the error names as no longer found.
        assert answer.text.splitlines() == [f"The site does not build: {len(errors)} error"
                                            f"{'' if len(errors) == 1 else 's'} to fix.", *errors], path

    fix_quote(project)
    server.wait(lambda: server.get("/data/facts.json").status == 200, 2, "the data back after the fix")
    assert quoted in server.get("/data/facts.json").text
    assert server.get("/assets/style.css").status == 200


def test_a_template_error_met_on_every_page_is_listed_once(server, project):
    edit(project / "templates/page.html", "<h1>{{ page.title }}</h1>", "<h1>{{ page.title }}</h1>{% if %}")
    check = run_build(project, "check")
    errors = [line for line in check.stderr.splitlines() if re.match(r"\S+:\d+: ", line)]
    assert len(errors) == 1 and errors[0].startswith("templates/page.html:"), check.stderr
    server.wait(lambda: server.get("/law/").status == 500, 5, "the error page on /law/")
    page = server.get("/law/").text
    assert "1 error to fix." in page
    assert page.count("<code>") == 1 and f"<code>{html.escape(errors[0])}</code>" in page
    assert server.get("/data/facts.json").text.count(errors[0]) == 1
    assert "changed: 1 error(s); the browser shows them" in server.output


def test_incremental_output_equals_a_full_build(server, project):
    from explainer import pipeline

    extra = project / "content/pages/extra.md"
    seed = sorted((project / "seeds").glob("*.txt"))[-1]
    steps = [
        lambda: extra.write_text("---\ntitle: Extra\ndescription: A page made by a test.\norder: 99\n---\n"
                                 f"A page that will go [@{first_fact(project)}].\n"),
        lambda: set_marker(project, 1),
        lambda: edit(project / "content/pages/closure.md", "\n## ", "\nOne more sentence.\n\n## "),
        lambda: edit(project / "templates/page.html", "<h1>{{ page.title }}</h1>", "<h1>{{ page.title }}</h1>\n"),
        lambda: seed.write_text(seed.read_text(encoding="utf-8") + "\nA paragraph added by a test.\n"),
        lambda: (project / "assets/style.css").write_text(
            (project / "assets/style.css").read_text(encoding="utf-8") + "\n.test-rule { color: inherit; }\n"),
        lambda: extra.unlink(),
        lambda: set_marker(project, 2),
    ]
    for number, step in enumerate(steps, 1):   # one rebuild each, so each builds on the one before
        done = server.rebuilds()
        step()
        server.wait(lambda: server.rebuilds() > done, 5, f"the rebuild after step {number}")
    assert "error(s); the browser shows them" not in server.output

    expected = pipeline.build(project, hash_assets=False).outputs

    def on_disk() -> dict[str, bytes]:
        out = project / "dist"
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def same() -> bool:
        return on_disk() == expected

    try:
        wait_until(same, 5, "dist/ to equal a full build")
    except AssertionError:
        found = on_disk()
        differ = sorted(k for k in found.keys() | expected.keys() if found.get(k) != expected.get(k))
        raise AssertionError(f"dist/ differs from a full build in {differ}\n{server.output}") from None


def test_a_stylesheet_change_rewrites_only_the_stylesheet(server, project):
    out = project / "dist"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    with (project / "assets/style.css").open("a") as stylesheet:
        stylesheet.write("\n.test-rule { color: inherit; }\n")
    server.wait(lambda: b".test-rule" in server.get("/assets/style.css").body, 2, "the new stylesheet")
    changed = sorted(p.relative_to(out).as_posix() for p in before if p.stat().st_mtime_ns != before[p])
    assert changed == ["assets/style.css"]


@pytest.mark.parametrize("path", [
    "/../build.py", "/%2e%2e/build.py", "/%2E%2E/build.py", "/..%2fbuild.py", "/law/../../build.py",
    "//etc/passwd", "/%2fetc/passwd", "/escape.txt", "/escape-dir/secret.txt",
])
def test_nothing_outside_dist_is_served(server, project, tmp_path, path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("the secret\n")
    (project / "dist/escape.txt").symlink_to(secret)
    (project / "dist/escape-dir").symlink_to(secret.parent, target_is_directory=True)
    page = server.get(path)
    assert page.status == 404
    assert b"the secret" not in page.body and b"root:" not in page.body and b"def main" not in page.body


def test_folders_redirects_and_missing_pages(server, project):
    home = server.get("/")
    assert home.status == 200 and strip_script(home.body) == (project / "dist/index.html").read_bytes()
    moved = server.get("/law")
    assert moved.status in (301, 302) and moved.headers["location"] == "/law/"
    assert server.get("//law").headers["location"] == "/law/"   # never a link to another host
    for path in ("/no-such-page/", "/no/such/file.css"):
        missing = server.get(path)
        assert missing.status == 404, path
        assert strip_script(missing.body) == (project / "dist/404.html").read_bytes(), path


def strip_script(page: bytes) -> bytes:
    """Return a served page without the reload script the server added."""
    return re.sub(rb'<script src="/livereload\.js\?[^"]*"></script>\n', b"", page)


def test_a_taken_port_is_reported_in_one_line(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_build(project, "serve", "--port", str(port))
    assert result.returncode == 1
    assert f"port {port} is already in use" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (project / "dist").exists()   # nothing is built for a server that cannot start


def test_ctrl_c_exits_zero_and_leaves_no_temporary_files(project, tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    # What a plain build keeps in the temporary folder (a cache, say) is not the preview's to clean up.
    assert run_build(project, "check", env={"TMPDIR": str(scratch)}).returncode == 0
    kept = sorted(p.name for p in scratch.iterdir())
    running = ServeProcess(project, env={"TMPDIR": str(scratch)}).wait_ready()
    set_marker(project, 1)
    time.sleep(0.07)   # Ctrl-C while the rebuild is likely under way
    assert running.stop() == 0, running.output
    assert "Traceback" not in running.output
    leftovers = [p for p in project.rglob("*") if p.name.startswith(".dist") or p.name.endswith(".tmp")]
    assert not leftovers
    assert sorted(p.name for p in scratch.iterdir()) == kept
    assert MARKER.search((project / LAW).read_text())   # the edit was saved; the next start builds it


def test_two_hundred_concurrent_requests_all_succeed_during_a_rebuild(server, project):
    paths = ["/", "/law/", "/closure/", "/assets/style.css", "/timeline/", "/sources/"] * 34
    paths = paths[:200]
    start = threading.Barrier(len(paths))

    def fetch(path: str):
        start.wait()
        began = time.perf_counter()
        answer = server.get(path, timeout=30)
        return path, answer, time.perf_counter() - began

    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        futures = [pool.submit(fetch, path) for path in paths]
        set_marker(project, 1)   # a rebuild runs while the requests are served
        answers = [future.result(timeout=60) for future in futures]
    assert len(answers) == 200
    print(f"\n200 concurrent requests: slowest {max(t for _, _, t in answers) * 1000:.0f} ms")
    for path, answer, _ in answers:
        assert answer.status == 200, path
        assert len(answer.body) == int(answer.headers["content-length"]), path
        if path.endswith("/"):
            assert answer.body.rstrip().endswith(b"</html>"), path


def test_an_engine_change_restarts_the_server_on_the_same_port(server, project):
    engine = project / "explainer/problems.py"
    first = server.version()
    pid = server.process.pid
    engine.write_text(engine.read_text() + "\n# a change to the engine\n")

    def restarted() -> bool:
        try:
            return server.version().split("-")[0] != first.split("-")[0]
        except OSError:   # refused while the new process starts
            return False

    server.wait(restarted, 20, "the server to restart with the new engine")
    assert server.process.pid == pid and server.process.poll() is None

    engine.write_text(engine.read_text() + "\ndef broken(:\n")
    server.wait(lambda: server.get("/law/").status == 500, 20, "the engine's syntax error on /law/")
    assert re.search(r"explainer/problems\.py:\d+: SyntaxError", server.get("/law/").text)
    engine.write_text(engine.read_text().replace("\ndef broken(:\n", "\n"))

    def back() -> bool:
        try:
            return server.get("/law/").status == 200
        except OSError:
            return False

    server.wait(back, 20, "/law/ back after the engine was fixed")

    # A pattern is compiled when first used, yet a broken one is shown before the new engine runs.
    source = engine.read_text()
    assert '_UNPRINTABLE = regex("[' in source
    engine.write_text(source.replace('_UNPRINTABLE = regex("[', '_UNPRINTABLE = regex("(['))
    server.wait(lambda: server.get("/law/").status == 500, 20, "the engine's broken pattern on /law/")
    assert re.search(r"explainer/problems\.py:\d+: .*regular expression does not compile", server.get("/law/").text)
    engine.write_text(source)
    server.wait(back, 20, "/law/ back after the pattern was fixed")
    assert server.stop() == 0


def test_the_watcher_sees_what_the_build_reads_through_linked_folders_and_skips_scratch_files(tmp_path):
    from explainer.serve import _stamps
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "more.yaml").write_text("- id: x\n")
    watched = tmp_path / "content"
    (watched / "facts").mkdir(parents=True)
    (watched / "facts" / "law.yaml").write_text("- id: y\n")
    (watched / "facts" / "#law.yaml#").write_text("autosave")
    (watched / "facts" / "law.yaml~").write_text("backup")
    (watched / "linked").symlink_to(elsewhere)
    (watched / "loop").symlink_to(watched)   # a link back up the tree is walked once
    seen = {Path(name).relative_to(watched).as_posix() for name in _stamps(str(watched), None)}
    assert seen == {"facts/law.yaml", "linked/more.yaml"}


def watched(folder: Path, path: Path):
    """Start a watcher on `folder` that notes what `path` holds at each rebuild it asks for."""
    seen: list[str] = []
    watcher = SourceWatcher()
    watcher.watch(str(folder), lambda names: seen.append(path.read_text()))
    watcher.start()
    return watcher, seen


def test_a_save_paused_between_emptying_and_writing_the_file_is_built_once_written(tmp_path):
    """A busy machine can pause an editor's save after it truncated the file: no build reads it empty."""
    path = tmp_path / "facts.yaml"
    path.write_text("- id: before\n")
    watcher, seen = watched(tmp_path, path)
    try:
        with open(path, "w") as file:   # emptied now, written when closed
            time.sleep(0.3)               # six times the watcher's quiet time
            file.write("- id: after\n")
        wait_until(lambda: seen, 5, "a rebuild")
        time.sleep(0.3)
    finally:
        watcher.stop()
    assert seen == ["- id: after\n"]


def test_a_file_emptied_on_purpose_is_still_built(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text("- id: before\n")
    watcher, seen = watched(tmp_path, path)
    try:
        path.write_text("")
        wait_until(lambda: seen, 5, "a rebuild")
    finally:
        watcher.stop()
    assert seen == [""]


def test_ctrl_c_stops_a_preview_started_with_ctrl_c_ignored(project):
    # As a shell without job control starts a program in the background: it inherits Ctrl-C ignored.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        running = ServeProcess(project)
    finally:
        signal.signal(signal.SIGINT, previous)
    running.wait_ready()
    assert running.stop() == 0, running.output


def test_ctrl_c_landing_while_the_watcher_thread_starts_still_stops_cleanly(monkeypatch):
    # Ctrl-C pressed just as the preview starts can land inside Thread.start(), before the thread is
    # known to have started. Stopping then failed ("cannot join thread before it is started"), and the
    # preview ended with an internal error and exit status 1 instead of "Stopped.".
    watcher = SourceWatcher()

    def interrupted(thread):
        raise KeyboardInterrupt

    monkeypatch.setattr(threading.Thread, "start", interrupted)
    with pytest.raises(KeyboardInterrupt):
        watcher.start()
    monkeypatch.undo()
    watcher.stop()   # returns, rather than raise
