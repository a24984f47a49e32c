"""The memo forgets what builds stopped using, but never what a step in use still stands on."""

from __future__ import annotations

from explainer.memo import SWEEP_EVERY, Memo
from explainer.problems import Problems


class Counted:
    """Steps that count how often they really ran."""

    def __init__(self):
        self.runs: dict = {}

    def step(self, key):
        def run(*_):
            self.runs[key] = self.runs.get(key, 0) + 1
            return key
        return run


def test_entries_no_build_uses_are_forgotten_once_they_pile_up():
    memo, counted = Memo(), Counted()
    for key in range(1000):
        memo.value(key, counted.step(key))
    memo.sweep()
    for build in range(3):   # later builds use other keys only
        for key in range(1000 + build * 1000, 2000 + build * 1000):
            memo.value(key, counted.step(key))
        memo.sweep()
    memo.value(0, counted.step(0))
    assert counted.runs[0] == 2
    memo.value(3999, counted.step(3999))
    assert counted.runs[3999] == 1


def test_the_parts_of_a_step_in_use_outlive_every_sweep():
    memo, counted = Memo(), Counted()
    inner = [counted.step(("inner", n)) for n in range(300)]

    def outer(_):
        return [memo.value(("inner", n), inner[n]) for n in range(300)]

    memo.once("outer", outer, Problems())
    for build in range(5):   # the outer step alone is looked up, amid much else that comes and goes
        memo.once("outer", outer, Problems())
        for key in range(build * 1000, build * 1000 + 1000):
            memo.value(key, counted.step(key))
        memo.sweep()
    memo.once("outer again", outer, Problems())   # another step that stands on the same parts
    assert all(counted.runs[("inner", n)] == 1 for n in range(300))


def test_a_slot_keeps_only_its_latest_result():
    memo, counted = Memo(), Counted()
    memo.value("first", counted.step("first"), slot="data")
    memo.value("second", counted.step("second"), slot="data")
    memo.value("second", counted.step("second"), slot="data")
    memo.value("first", counted.step("first"), slot="data")
    assert counted.runs == {"first": 2, "second": 1}


def test_a_few_entries_left_behind_are_forgotten_within_a_few_builds():
    memo, counted = Memo(), Counted()
    memo.value("large", counted.step("large"))   # say, a graphic a later save replaced
    for _ in range(SWEEP_EVERY + 1):
        memo.value("kept", counted.step("kept"))
        memo.sweep()
    memo.value("large", counted.step("large"))
    assert counted.runs == {"large": 2, "kept": 1}


def test_a_slot_whose_entry_was_forgotten_keeps_it_again():
    memo, counted = Memo(), Counted()
    memo.value("first", counted.step("first"), slot="data")
    memo.sweep()
    for _ in range(SWEEP_EVERY + 1):   # builds that look up other things
        memo.value("other", counted.step("other"))
        memo.sweep()
    for _ in range(3):
        memo.value("first", counted.step("first"), slot="data")
    assert counted.runs["first"] == 2


def test_a_listing_tells_folders_and_links_as_the_files_themselves_do(tmp_path):
    from pathlib import Path

    from explainer.memo import Files
    folder = tmp_path / "seeds"
    (folder / "inner").mkdir(parents=True)
    (folder / "story.txt").write_text("text")
    (folder / "to-story.txt").symlink_to(folder / "story.txt")
    (folder / "to-inner").symlink_to(folder / "inner")
    (folder / "to-nowhere.txt").symlink_to(tmp_path / "nowhere")
    files = Files(tmp_path)
    listed = files.listing(folder, "*")
    assert [path.name for path in listed] == ["inner", "story.txt", "to-inner", "to-nowhere.txt", "to-story.txt"]
    assert [str(path) in files.folders(folder, "*") for path in listed] == [Path(path).is_dir() for path in listed] \
        == [True, False, True, False, False]
    assert files.has_links(folder, "*")
    assert not files.has_links(folder, "s*")


def test_a_file_touched_as_it_becomes_a_folder_or_a_link_is_listed_as_one(tmp_path):
    from explainer.memo import Files
    folder = tmp_path / "seeds"
    folder.mkdir()
    (tmp_path / "elsewhere.txt").write_text("text")
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text("text")
    files = Files(tmp_path)
    listed = files.listing(folder, "*")
    assert str(listed[0]) not in files.folders(folder, "*") and not files.has_links(folder, "*")
    (folder / "a.txt").unlink()
    (folder / "a.txt").mkdir()   # the preview is told of the path saved, as a watcher tells it
    files.touched([folder / "a.txt"])
    assert str(files.listing(folder, "*")[0]) in files.folders(folder, "*")
    (folder / "b.txt").unlink()
    (folder / "b.txt").symlink_to(tmp_path / "elsewhere.txt")
    files.touched([folder / "b.txt"])
    assert files.has_links(folder, "*")


def test_a_listing_of_a_whole_tree_tells_folders_and_links_once_asked(tmp_path):
    from explainer.memo import Files
    (tmp_path / "templates" / "parts").mkdir(parents=True)
    (tmp_path / "templates" / "base.html").write_text("x")
    (tmp_path / "templates" / "parts" / "meta.html").write_text("x")
    (tmp_path / "templates" / "link.html").symlink_to(tmp_path / "templates" / "base.html")
    files = Files(tmp_path)
    listed = files.listing(tmp_path / "templates", "**/*")
    assert sorted(p.name for p in listed) == ["base.html", "link.html", "meta.html", "parts"]
    assert files.has_links(tmp_path / "templates", "**/*")
    assert [str(path) in files.folders(tmp_path / "templates", "**/*") for path in listed
            if path.parent == tmp_path / "templates"] \
        == [False, False, True]   # base.html, link.html, parts
