"""Writing a site: whole or not at all, over the site before last where it can."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explainer import pipeline
from explainer.problems import ContentError
from explainer import write
from explainer.write import replacing


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def folders_of(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def test_each_build_writes_over_the_site_before_last_and_keeps_the_one_it_replaces(project, tmp_path):
    out = tmp_path / "out" / "site"
    spare = tmp_path / "out" / ".site.spare"
    pipeline.build_into(out, project)
    first = files_of(out)
    assert not spare.exists()
    page = project / "content" / "pages" / "law.md"
    page.write_text(page.read_text().replace("title: The law", "title: The security law"))
    pipeline.build_into(out, project)
    assert files_of(spare) == first               # the site it replaced, kept to be written over
    assert files_of(out) == pipeline.build(project).outputs
    shown, kept = (out / "index.html").stat().st_ino, (spare / "index.html").stat().st_ino
    pipeline.build_into(out, project)
    # The very files, written over: the spare became the site, and the site the spare.
    assert (out / "index.html").stat().st_ino == kept and (spare / "index.html").stat().st_ino == shown
    assert files_of(out) == pipeline.build(project).outputs
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".site.files.json", ".site.spare", "site"]


def test_files_of_the_site_before_last_that_the_new_one_lacks_are_gone(project, tmp_path):
    out = tmp_path / "out" / "site"
    pipeline.build_into(out, project)
    pipeline.build_into(out, project)
    spare = tmp_path / "out" / ".site.spare"
    (spare / "old-page").mkdir()
    (spare / "old-page" / "index.html").write_text("a page since deleted")
    (spare / "timeline" / "9" / "deep").mkdir(parents=True)
    (spare / "timeline" / "9" / "deep" / "x.html").write_text("deeper still")
    pipeline.build_into(out, project)
    assert files_of(out) == pipeline.build(project).outputs
    assert "old-page" not in folders_of(out) and "timeline/9" not in folders_of(out)


def test_a_spare_holding_odd_things_is_put_right_and_links_are_never_followed(project, tmp_path):
    out = tmp_path / "out" / "site"
    pipeline.build_into(out, project)
    pipeline.build_into(out, project)
    spare = tmp_path / "out" / ".site.spare"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("not ours")
    (spare / "law" / "index.html").unlink()
    (spare / "law").rmdir()
    (spare / "law").write_text("a file where a folder belongs")
    (spare / "robots.txt").unlink()
    (spare / "robots.txt").mkdir()                      # a folder where a file belongs
    (spare / "robots.txt" / "inner").write_text("x")
    (spare / "about" / "index.html").unlink()
    (spare / "about" / "index.html").symlink_to(outside / "index.html")
    os.rename(spare / "closure", tmp_path / "closure-moved")
    (spare / "closure").symlink_to(outside, target_is_directory=True)
    pipeline.build_into(out, project)
    assert files_of(out) == pipeline.build(project).outputs
    assert (outside / "index.html").read_text() == "not ours" and sorted(os.listdir(outside)) == ["index.html"]
    assert not any(p.is_symlink() for p in out.rglob("*"))


def test_a_failed_build_leaves_the_site_as_it_was_and_the_next_one_recovers(project, tmp_path):
    out = tmp_path / "out" / "site"
    pipeline.build_into(out, project)
    pipeline.build_into(out, project)
    before = files_of(out)
    facts = project / "content" / "facts" / "law.yaml"
    good = facts.read_text()
    facts.write_text(good + "\n- id: [broken\n")
    with pytest.raises(ContentError):
        pipeline.build_into(out, project)
    assert files_of(out) == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".site.files.json", ".site.spare", "site"]
    facts.write_text(good)
    pipeline.build_into(out, project)
    assert files_of(out) == pipeline.build(project).outputs


def test_a_swap_that_fails_half_way_puts_the_last_site_back(tmp_path, monkeypatch):
    out = tmp_path / "site"
    with replacing(out) as site:
        site.write("index.html", b"the last good site")
    real_rename = Path.rename

    def rename(self, target):
        if Path(target) == out and self.name.startswith(".site.new-"):
            raise OSError(5, "Input/output error")   # after the last site was moved aside
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        with replacing(out) as site:
            site.write("index.html", b"a new site")
    assert files_of(out) == {"index.html": b"the last good site"}


def test_two_builds_at_once_never_share_a_folder(tmp_path):
    out = tmp_path / "out" / "site"
    (tmp_path / "out" / ".site.spare").mkdir(parents=True)
    with replacing(out) as first, replacing(out) as second:
        assert first.folder != second.folder
        first.write("index.html", b"first")
        second.write("index.html", b"second")
    assert (out / "index.html").read_bytes() in (b"first", b"second")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".site.files.json", ".site.spare", "site"]


def test_a_file_holding_the_very_bytes_already_is_not_written_again(project, tmp_path):
    out = tmp_path / "out" / "site"
    pipeline.build_into(out, project)
    first = {name: (out / name).stat().st_mtime_ns for name in ("index.html", "law/index.html")}
    pipeline.build_into(out, project)
    page = project / "content" / "pages" / "law.md"
    page.write_text(page.read_text().replace("title: The law", "title: The security law"))
    time.sleep(0.01)
    pipeline.build_into(out, project)   # over the first site's files
    assert (out / "index.html").stat().st_mtime_ns == first["index.html"]
    assert (out / "law/index.html").stat().st_mtime_ns != first["law/index.html"]
    assert files_of(out) == pipeline.build(project).outputs


def count_disk_use(monkeypatch) -> dict[str, list[str]]:
    """Watch the build read back and write output files (in this process: build with workers=1)."""
    used = {"read": [], "written": []}
    real_holds, real_write = write._holds, write._write

    def name(path: Path) -> str:   # within the folder the site is being written into
        return path.as_posix().split("/.site.new-", 1)[1].split("/", 1)[1]

    def holds(path, data):
        used["read"].append(name(path))
        return real_holds(path, data)

    def written(path, data):
        used["written"].append(name(path))
        return real_write(path, data)

    monkeypatch.setattr(write, "_holds", holds)
    monkeypatch.setattr(write, "_write", written)
    return used


def test_files_recorded_as_these_very_bytes_are_neither_read_nor_written(project, tmp_path, monkeypatch):
    out = tmp_path / "out" / "site"
    for _ in range(2):   # the site, then the spare, each with a record of its files
        pipeline.build_into(out, project, workers=1)
    used = count_disk_use(monkeypatch)
    pipeline.build_into(out, project, workers=1)
    assert used == {"read": [], "written": []}
    assert files_of(out) == pipeline.build(project).outputs

    page = project / "content" / "pages" / "law.md"
    page.write_text(page.read_text().replace("title: The law", "title: The security law"))
    pipeline.build_into(out, project, workers=1)
    # What changed is written, without a look at what it replaces; the rest is left alone.
    assert used["read"] == [] and "law/index.html" in used["written"] and len(used["written"]) < len(files_of(out)) / 2
    assert files_of(out) == pipeline.build(project).outputs


def test_a_file_changed_behind_the_builds_back_is_written_again(project, tmp_path, monkeypatch):
    out = tmp_path / "out" / "site"
    for _ in range(2):
        pipeline.build_into(out, project, workers=1)
    page = tmp_path / "out" / ".site.spare" / "law" / "index.html"
    kept = page.stat()
    # As many bytes, and the very modification time: only the change time, which the system sets, tells.
    page.write_bytes(page.read_bytes().replace(b"<title>", b"<TITLE>", 1))
    os.utime(page, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert page.stat().st_size == kept.st_size
    used = count_disk_use(monkeypatch)
    pipeline.build_into(out, project, workers=1)
    assert used == {"read": ["law/index.html"], "written": ["law/index.html"]}
    assert files_of(out) == pipeline.build(project).outputs


@pytest.mark.parametrize("record", ["", "not json", "[]", '{"site": [], "spare": 3}',
                                    '{"site": {}, "spare": {"index.html": [1, 2, "x", "y"]}}'])
def test_a_record_that_is_not_one_is_ignored(project, tmp_path, record):
    out = tmp_path / "out" / "site"
    for _ in range(2):
        pipeline.build_into(out, project)
    (tmp_path / "out" / ".site.files.json").write_text(record)
    pipeline.build_into(out, project)
    assert files_of(out) == pipeline.build(project).outputs
    pipeline.build_into(out, project)   # the next build records its files afresh
    assert files_of(out) == pipeline.build(project).outputs


def test_a_record_of_other_bytes_for_a_file_as_recorded_is_believed_only_for_its_digest(project, tmp_path):
    out = tmp_path / "out" / "site"
    for _ in range(2):
        pipeline.build_into(out, project)
    records = tmp_path / "out" / ".site.files.json"
    data = json.loads(records.read_text())
    data["spare"]["index.html"][3] = "0" * 32   # a digest no page has: the page is written again
    records.write_text(json.dumps(data))
    pipeline.build_into(out, project)
    assert files_of(out) == pipeline.build(project).outputs


def visible_files_of(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in files_of(folder).items() if not Path(name).name.startswith(".")}


@pytest.mark.parametrize("swap", [True, False], ids=["swapped", "plain"])
def test_the_preview_writes_large_files_whole_save_after_save(tmp_path, monkeypatch, swap):
    """Large files are written over their spare and swapped in, or else written the plain way."""
    if not swap:
        monkeypatch.setattr(write, "_renameat2", None)
    out = tmp_path / "site"
    small = {"index.html": b"<p>home</p>"}
    versions = [os.urandom(64) * (2 ** 15 * k) for k in (1, 3, 2, 1)]   # 2 MB, 6 MB, 4 MB, 2 MB
    write.sync_site(dict(small, **{"data/facts.json": versions[0]}), out)
    assert visible_files_of(out) == dict(small, **{"data/facts.json": versions[0]})
    for previous, data in zip(versions, versions[1:]):
        with open(out / "data/facts.json", "rb") as reader:   # a reader amid the save reads the file it opened
            started = reader.read(1024)
            write.sync_site(dict(small, **{"data/facts.json": data}), out, only={"data/facts.json"})
            assert started + reader.read() == previous
        assert visible_files_of(out) == dict(small, **{"data/facts.json": data})
        assert not [p for p in out.rglob("*.tmp")]
    write.sync_site(dict(small, **{"data/facts.json": b"[]"}), out, only={"data/facts.json"})
    assert files_of(out) == dict(small, **{"data/facts.json": b"[]"})   # grown small, it has no spare
    write.sync_site(dict(small, **{"data/facts.json": versions[0]}), out)
    write.sync_site(small, out, only={"data/facts.json"})
    assert files_of(out) == small   # the spare goes with its file


def test_the_preview_leaves_no_empty_folder_of_a_page_that_is_gone(tmp_path):
    # A source removed from seeds/ takes its page, sources/NAME/index.html, and the folder of its name.
    out = tmp_path / "site"
    outputs = {"index.html": b"<p>home</p>", "sources/a/index.html": b"a", "sources/b/index.html": b"b"}
    write.sync_site(outputs, out)
    del outputs["sources/b/index.html"]
    assert write.sync_site(outputs, out, only={"sources/b/index.html"}) == ["sources/b/index.html"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "index.html", "sources", "sources/a", "sources/a/index.html"]


def test_a_whole_sync_keeps_the_spares_of_large_files(tmp_path):
    out = tmp_path / "site"
    big = {"data/facts.json": os.urandom(64) * 2 ** 15}
    write.sync_site(big, out)
    write.sync_site({"data/facts.json": big["data/facts.json"][::-1]}, out, only={"data/facts.json"})
    assert write.sync_site({"data/facts.json": big["data/facts.json"]}, out) == ["data/facts.json"]
    assert visible_files_of(out) == big


def test_a_spare_name_taken_by_a_link_or_a_folder_is_never_written_through(tmp_path):
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"not the site's")
    (out / "data").mkdir(parents=True)
    (out / "data/.facts.json.spare").symlink_to(elsewhere)
    (out / "data/.sources.json.spare").mkdir()
    large = os.urandom(64) * 2 ** 15
    outputs = {"data/facts.json": large, "data/sources.json": large[::-1]}
    write.sync_site(outputs, out, only=set(outputs))
    assert elsewhere.read_bytes() == b"not the site's"
    assert visible_files_of(out) == outputs


def test_a_failed_first_build_leaves_nothing_beside_where_the_site_would_be(project, tmp_path):
    out = tmp_path / "out" / "site"
    sources = project / "content" / "sources.yaml"
    sources.write_text(sources.read_text() + "\n- id: [broken\n")   # no page can be made
    with pytest.raises(ContentError):
        pipeline.build_into(out, project)
    assert list((tmp_path / "out").iterdir()) == []


def test_a_large_site_before_last_is_listed_beside_the_build_and_its_stale_files_still_go(project, tmp_path):
    out = tmp_path / "out" / "site"
    pipeline.build_into(out, project)
    pipeline.build_into(out, project)
    spare = tmp_path / "out" / ".site.spare"
    for n in range(64):   # enough pages for a process of its own to be worth starting
        (spare / f"gone-{n}.html").write_text("a page since deleted")
    listed = []

    def aside(function):   # as parallel.Aside does, here in this process, to see that it is used
        listed.append(function())
        return type("Done", (), {"result": lambda self: listed[0], "cancel": lambda self: None})()

    with replacing(out, aside=aside) as site:
        site.write("index.html", b"a new site")
    assert "gone-0.html" in listed[0]
    assert files_of(out) == {"index.html": b"a new site"}


def test_a_spare_that_is_a_link_is_never_written_through(project, tmp_path):
    out = tmp_path / "out" / "site"
    pipeline.build_into(out, project)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "important.txt").write_text("not ours")
    (tmp_path / "out" / ".site.spare").symlink_to(elsewhere, target_is_directory=True)
    pipeline.build_into(out, project)
    assert (elsewhere / "important.txt").read_text() == "not ours" and os.listdir(elsewhere) == ["important.txt"]
    assert not out.is_symlink() and files_of(out) == pipeline.build(project).outputs


def test_a_small_site_before_last_is_listed_at_once(project, tmp_path):
    out = tmp_path / "out" / "site"
    pipeline.build_into(out, project)
    pipeline.build_into(out, project)
    (tmp_path / "out" / ".site.spare" / "gone.html").write_text("a page since deleted")

    def aside(function):
        raise AssertionError("a process was started to list a few files")

    with replacing(out, aside=aside) as site:
        site.write("index.html", b"a new site")
    assert files_of(out) == {"index.html": b"a new site"}


def test_folders_left_by_builds_that_are_gone_are_cleared_and_those_of_running_ones_kept(project, tmp_path):
    out = tmp_path / "out" / "site"
    pipeline.build_into(out, project)
    pipeline.build_into(out, project)   # and a spare beside it
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        kept = out.parent / f".site.new-{running.pid}-0123abcd"    # a build still writing
        gone = out.parent / f".site.new-{ended.pid}-89abcdef"      # a build killed outright
        # This process's own pid, with no build of its under way: a process before it had that pid (in a
        # container, every build may run as process 1).
        mine = out.parent / f".site.old-{os.getpid()}-deadbeef"
        for folder in (kept, gone, mine):
            (folder / "law").mkdir(parents=True)
            (folder / "law" / "index.html").write_text("half written")
        pipeline.build_into(out, project)
        left = sorted(p.name for p in out.parent.iterdir())
        assert left == sorted([".site.files.json", ".site.spare", kept.name, "site"])
        assert (kept / "law" / "index.html").read_text() == "half written"
        assert files_of(out) == pipeline.build(project).outputs
    finally:
        running.kill()
        running.wait()


def test_a_staging_folder_left_where_no_spare_is_becomes_the_spare(project, tmp_path):
    out = tmp_path / "out" / "site"
    pipeline.build_into(out, project)
    pipeline.build_into(out, project)
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    # A build killed outright had taken the spare to write over: it is the spare again, not deleted.
    left = out.parent / f".site.new-{ended.pid}-0123abcd"
    (out.parent / ".site.spare").rename(left)
    (left / "law" / "index.html").write_text("half written")
    inode = (left / "index.html").stat().st_ino
    write.clear_leftovers(out)
    assert sorted(p.name for p in out.parent.iterdir()) == [".site.files.json", ".site.spare", "site"]
    assert (out.parent / ".site.spare" / "index.html").stat().st_ino == inode
    pipeline.build_into(out, project)
    assert files_of(out) == pipeline.build(project).outputs
