"""The command line refuses output folders that would replace the project or someone's files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, run_build


def test_out_inside_an_input_folder_is_refused(project):
    result = run_build(project, "--out", "content")
    assert result.returncode == 2 and "inside the project's own content/ folder" in result.stderr
    assert (project / "content/facts/law.yaml").exists()


def test_out_holding_the_project_is_refused(project):
    result = run_build(project, "--out", str(project.parent))
    assert result.returncode == 2 and "holds the project itself" in result.stderr


def test_out_that_is_a_folder_of_other_files_is_refused(project, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("keep me")
    result = run_build(project, "--out", str(folder))
    assert result.returncode == 2 and "not a built site" in result.stderr
    assert (folder / "letter.txt").read_text() == "keep me"


def test_out_that_is_a_file_is_refused_and_the_file_kept(project):
    kept = (project / "build.py").read_bytes()
    result = run_build(project, "--out", "build.py")
    assert result.returncode == 2 and "it is a file, not a folder" in result.stderr
    assert (project / "build.py").read_bytes() == kept
    result = run_build(project, "--out", "build.py/site")
    assert result.returncode == 2 and "build.py is a file, not a folder" in result.stderr


def test_out_where_nothing_can_be_written_says_so_without_a_traceback(project):
    result = run_build(project, "--out", "/proc/no-such-site")   # /proc takes no new folders, even from root
    assert result.returncode == 1
    assert "build.py: cannot write the site: No such file or directory: /proc/" in result.stderr
    assert "/proc/no-such-site/ was left as it was" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_out_that_holds_a_built_site_is_replaced(project, tmp_path):
    out = tmp_path / "site"
    assert run_build(project, "--out", str(out)).returncode == 0
    assert run_build(project, "--out", str(out), "--site-url", "https://example.org/").returncode == 0
    assert (out / "sitemap.xml").exists()


def test_seed_front_matter_with_an_impossible_date_is_text_not_a_crash(project):
    (project / "seeds/odd.txt").write_text("---\ndate: 2021-02-30\ntitle: T\n---\n\nBy Joe\n\nSome text here.\n")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr


def test_out_that_is_a_folder_holding_an_index_page_but_no_built_site_is_refused(project, tmp_path):
    folder = tmp_path / "homepage"
    folder.mkdir()
    (folder / "index.html").write_text("<p>my own page</p>")
    (folder / "thesis.tex").write_text("keep me")
    result = run_build(project, "--out", str(folder))
    assert result.returncode == 2 and "not a built site" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "thesis.tex"]
    assert not (tmp_path / ".homepage.spare").exists()


def test_a_site_this_tool_built_may_be_replaced_even_without_its_stamp(project, tmp_path):
    out = tmp_path / "site"
    assert run_build(project, "--out", str(out)).returncode == 0
    (tmp_path / ".site.stamp.json").unlink()
    assert run_build(project, "--out", str(out)).returncode == 0


def test_an_impossible_out_name_is_a_usage_error(project, tmp_path):
    result = run_build(project, "--out", str(tmp_path / ("a" * 300)))
    assert result.returncode == 2 and "File name too long" in result.stderr and "Traceback" not in result.stderr


def test_a_damaged_stamp_only_costs_the_shortcut(project, tmp_path):
    out = tmp_path / "site"
    assert run_build(project, "--out", str(out)).returncode == 0
    for damaged in ("{}", "null", '{"started_ns": "x", "inputs": 1, "outputs": 2, "warnings": 3}'):
        (tmp_path / ".site.stamp.json").write_text(damaged)
        result = run_build(project, "--out", str(out))
        assert result.returncode == 0 and "built" in result.stdout and "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["https://example.org/?lang=en", "https://example.org/#top"])
def test_a_site_url_with_a_query_or_fragment_is_refused(project, url):
    # Every page's address is joined to it: https://example.org/?lang=en/law/ is no page's address.
    result = run_build(project, "--site-url", url)
    assert result.returncode == 2 and f"--site-url '{url}' holds a query ('?') or a fragment ('#')" in result.stderr
    settings = project / "content/site.yaml"
    text = settings.read_text()
    settings.write_text(text + f"site_url: {url}\n")
    result = run_build(project, "check")
    line = len(text.splitlines()) + 1
    assert result.returncode == 1
    assert f"content/site.yaml:{line}: field 'site_url': '{url}' holds a query ('?') or a fragment ('#')" in result.stderr


@pytest.mark.parametrize("url, wrong", [
    ('https://example.org/"><script>', "holds a space, '<', '>' or '\"'"),
    ("example.org", "is not an http:// or https:// address"),
    ("https://editor:secret@example.org/", "holds a user name or password ('name@'), which every page would publish"),
    ("https://example.org:99999/", "has a port that is no number from 1 to 65535"),
    ("https://owner.github.io/r\u00e9po/", "holds characters beyond ASCII: write them percent-encoded"),
])
def test_a_site_url_that_is_no_address_to_publish_is_a_usage_error(project, url, wrong):
    result = run_build(project, "--site-url", url)
    assert result.returncode == 2 and f"--site-url '{url}' {wrong}" in result.stderr


@pytest.mark.parametrize("epoch", ["abc", "-5", "1e9", "99999999999999"])
def test_a_source_date_epoch_that_is_no_date_is_a_usage_error(project, epoch):
    result = run_build(project, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 2 and "SOURCE_DATE_EPOCH must be a whole number of seconds" in result.stderr
    assert "Traceback" not in result.stderr and not (project / "dist").exists()


def test_files_in_content_folders_that_are_not_read_are_warned_of(project, tmp_path):
    (project / "content/pages/About.MD").write_text("---\ntitle: About\n---\nText.\n")
    (project / "content/facts/more.txt").write_text("- id: x\n")
    (project / "content/facts/law").mkdir()   # its facts would be left out of every check
    (project / "content/facts/law/more.yaml").write_text("- id: y\n")
    (project / "content/pages/.law.md.swp").write_text("an editor's swap file")
    (project / "seeds/older").mkdir()
    (project / "seeds/older/article.txt").write_text("An article\n\nIn a folder of its own.\n")
    (project / "seeds/page_files").mkdir()   # what a browser saves beside a page
    result = run_build(project, "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert "content/pages/About.MD:1: warning: is not read: a page is a Markdown file named NAME.md" in result.stderr
    assert "content/facts/more.txt:1: warning: is not read: a fact file is a YAML file" in result.stderr
    assert "content/facts/law:1: warning: is a folder, and is not read: fact files are in content/facts/ itself" \
        in result.stderr
    assert "seeds/older:1: warning: is a folder, and is not read: seeds are files in seeds/ itself" in result.stderr
    assert ".swp" not in result.stderr and "page_files" not in result.stderr


def test_a_build_with_stdout_or_stderr_closed_exits_as_it_went(project):
    # `build.py >&-` (cron, some CI runners): Python then has no sys.stdout, and a print is a no-op.
    for redirect in (">&-", "2>&-"):
        result = subprocess.run(f"{sys.executable} build.py {redirect}", shell=True, cwd=project,
                                stderr=subprocess.PIPE if redirect == ">&-" else None, text=True)
        assert result.returncode == 0, (redirect, result.stderr)


def test_a_reader_that_stops_reading_is_not_told_the_site_was_left_as_it_was(project):
    # `build.py | head -0`: the site is built; printing that it was fails, and is no failure to write it.
    read_end, write_end = os.pipe()
    os.close(read_end)
    result = subprocess.run([sys.executable, "build.py"], cwd=project, stdout=write_end, stderr=subprocess.PIPE,
                            text=True, timeout=120)
    os.close(write_end)
    assert result.returncode == 0 and result.stderr == ""
    assert (project / "dist" / "index.html").is_file()


def test_a_build_stopped_by_another_program_leaves_the_site_and_nothing_else(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import write_project   # a project large enough to be stopped halfway through
    project = write_project(tmp_path / "big", 600)["ours"]
    assert run_build(project).returncode == 0
    before = {p.relative_to(project / "dist"): p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}
    (project / ".dist.stamp.json").unlink()   # so that the next build does not stop early as unchanged
    build = subprocess.Popen([sys.executable, "build.py"], cwd=project, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not list(project.glob(".dist.new-*")) and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.005)
    assert build.poll() is None, "the build ended before it could be stopped"
    build.send_signal(signal.SIGTERM)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 128 + signal.SIGTERM and "stopped; dist/ was left as it was" in stderr, stderr
    assert "Traceback" not in stderr
    assert [p.name for p in project.iterdir() if p.name.startswith((".dist.new-", ".dist.old-"))] == []
    assert {p.relative_to(project / "dist"): p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()} == before



def test_a_stop_at_any_moment_of_the_start_up_is_a_clean_stop(project):
    signum = signal.SIGTERM
    assert run_build(project).returncode == 0
    before = {p.relative_to(project / "dist"): p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}
    stopped = 0
    for step in range(1, 100):   # from Python's own start-up, through the engine's import, into the build
        (project / ".dist.stamp.json").unlink(missing_ok=True)   # so that the build does not stop early as unchanged
        build = subprocess.Popen([sys.executable, "build.py"], cwd=project, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        time.sleep(0.02 * step)
        build.send_signal(signum)
        stdout, stderr = build.communicate(timeout=60)
        assert "Traceback" not in stderr, (step, stderr)
        if build.returncode == 128 + signum:   # stopped before the new site was swapped in, or just after it
            assert stderr.endswith(("build.py: stopped; dist/ was left as it was\n",
                                    "build.py: stopped, once the site was built into dist/\n")), (step, stderr)
            stopped += "left as it was" in stderr
        elif build.returncode == -signum:   # ended by the signal before Python ran build.py: nothing to say
            assert stderr == "", (step, stderr)
        else:   # the build was done before the signal came: later steps would find it done too
            assert build.returncode == 0 and "built " in stdout, (step, build.returncode, stderr)
        assert [p.name for p in project.iterdir() if p.name.startswith((".dist.new-", ".dist.old-"))] == []
        assert {p.relative_to(project / "dist"): p.read_bytes()
                for p in (project / "dist").rglob("*") if p.is_file()} == before, step
        if build.returncode == 0 or stopped >= 12:   # past the build, or enough moments of it: however fast the machine
            break
    assert stopped, "no build was stopped; the test stopped none while it ran"


def test_the_staging_folder_of_a_killed_build_is_cleared_by_the_next(project, tmp_path):
    assert run_build(project).returncode == 0
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        # A build still running, in a process of its own: its folder is never touched.
        writing = project / f".dist.new-{running.pid}-0123abcd"
        (writing / "law").mkdir(parents=True)
        (writing / "law" / "index.html").write_text("a page being written")
        left = []
        for _ in range(20):   # the build's staging folder exists for a tenth of a second or so
            (project / ".dist.stamp.json").unlink()   # so that the build does not stop early as unchanged
            build = subprocess.Popen([sys.executable, "build.py"], cwd=project, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 30
            while not left and build.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
                left = [p for p in project.glob(".dist.new-*") if p != writing]
            build.kill()
            build.wait()
            left = [p for p in project.glob(".dist.new-*") if p != writing]
            if left:
                break
            assert run_build(project).returncode == 0   # its site and stamp, for the next try
        assert left, "no build was killed while its staging folder existed"
        result = run_build(project)
        assert result.returncode == 0 and "built " in result.stdout, result.stderr
        assert [p for p in project.glob(".dist.*-*") if p != writing] == []
        assert (writing / "law" / "index.html").read_text() == "a page being written"
        (project / ".dist.stamp.json").unlink()
        assert run_build(project, "--out", str(tmp_path / "fresh")).returncode == 0
        assert run_build(project).returncode == 0
        site = {p.relative_to(project / "dist"): p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}
        assert site == {p.relative_to(tmp_path / "fresh"): p.read_bytes()
                        for p in (tmp_path / "fresh").rglob("*") if p.is_file()}
    finally:
        running.kill()
        running.wait()
