"""A Builder's rebuild after any edit gives exactly the bytes of a fresh build."""

from __future__ import annotations

import os
import re
import sys

import pytest

from conftest import ROOT
from explainer.pipeline import Builder, build
from explainer.problems import ContentError


def same_as_fresh(builder: Builder, root, changed) -> list[str]:
    """Rebuild incrementally; return the outputs that differ from a fresh build."""
    incremental = builder.build(changed).outputs
    fresh = build(root).outputs
    return sorted(k for k in incremental.keys() | fresh.keys() if incremental.get(k) != fresh.get(k))


def move_last_disputes_first(project):
    path = project / "content/disputes.yaml"
    text = path.read_text()
    entries = re.split(r"\n(?=- id: )", text.split("\n", 2)[2])
    path.write_text("# reordered\n\n" + "\n".join(entries[-4:] + entries[:-4]) + "\n")
    return path


def edit_template_keeping_its_time(project):
    path = project / "templates/base.html"
    before = os.stat(path)
    path.write_text(path.read_text().replace("</body>", "<!-- edited -->\n</body>"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    return path


def replacing(rel: str, old: str, new: str):
    """An edit that changes `old` to `new` in one file."""
    def edit(project):
        path = project / rel
        path.write_text(path.read_text().replace(old, new, 1))
        return path
    return edit


def writing(rel: str, text: str | None):
    """An edit that adds a file with `text`, or removes it when `text` is None."""
    def edit(project):
        path = project / rel
        if text is None:
            path.unlink()
        else:
            path.write_text(text)
        return path
    return edit


retitle_page = replacing("content/pages/law.md", "title: The law", "title: The security law")
EDITS = {
    "move_last_disputes_first": move_last_disputes_first,
    "edit_template_keeping_its_time": edit_template_keeping_its_time,
    "retitle_page": retitle_page,
    "rename_outlet": replacing("content/sources.yaml", "outlet: Hong Kong Free Press", "outlet: HKFP"),
    "change_summary": replacing("content/site.yaml", "offices by the end of that year", "offices by the end of 2021"),
    "add_page": writing("content/pages/added.md",
                        "---\ntitle: An added page\n---\nIt cites the law [@nsl-imposed-by-beijing].\n"),
    "remove_page": writing("content/pages/defenders.md", None),
    "add_seed": writing("seeds/added.txt",
                        "An added article\n\nBy A Writer\n\nIts one paragraph says very little indeed.\n"),
    "add_fact_file": writing("content/facts/added.yaml",
                             "- id: added-fact\n  topic: law\n  claim: An added claim.\n  citations:\n"
                             "    - source: hkfp\n      quote: \"bypassing the local legislature\"\n"),
    "add_asset": writing("assets/added.txt", "an added asset\n"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_rebuild_after_an_edit_equals_a_fresh_build(project, edit):
    builder = Builder(project)
    builder.build()
    changed = edit(project)
    assert same_as_fresh(builder, project, [changed]) == []


def test_a_rebuild_told_what_changed_looks_at_nothing_else(project, monkeypatch):
    builder = Builder(project)
    builder.build()
    law = retitle_page(project)
    looked_at = []
    real_stat = os.stat
    with monkeypatch.context() as patched:
        patched.setattr(os, "stat", lambda path, *a, **k: looked_at.append(str(path)) or real_stat(path, *a, **k))
        incremental = builder.build([law]).outputs
    assert incremental == build(project).outputs
    # Only the page it was told of.
    assert str(law) in looked_at
    assert str(project / "content/pages/closure.md") not in looked_at


def test_a_quote_not_found_is_checked_again_when_another_source_changes(project):
    """The message names the source that does hold the quote, so it must follow that source."""
    (project / "content/facts/misquoted.yaml").write_text(
        "- id: misquoted\n  topic: law\n  claim: A claim.\n  citations:\n    - source: redaction-politics\n"
        "      quote: \"Beijing imposed the national security law in June last year\"\n")
    builder = Builder(project)
    with pytest.raises(ContentError) as first:
        builder.build()
    assert any("the quote is in source 'scmp'" in str(p) for p in first.value.problems)
    seed = next(p for p in (project / "seeds").iterdir() if "in June last year" in p.read_text())
    seed.write_text(seed.read_text().replace("Beijing imposed the national security law in June last year",
                                             "Beijing brought in the national security law in June last year"))
    with pytest.raises(ContentError) as again:
        builder.build([seed])
    with pytest.raises(ContentError) as fresh:
        build(project)
    assert again.value.problems == fresh.value.problems
    assert not any("the quote is in source 'scmp'" in str(p) for p in again.value.problems)


def test_a_seed_that_links_elsewhere_in_the_project_follows_its_target(project):
    target = project / "content" / "article.txt"
    target.write_text("A linked article\n\nBy A Writer\n\nIts one paragraph says very little indeed.\n")
    (project / "seeds" / "linked.txt").symlink_to(target)
    builder = Builder(project)
    builder.build()
    target.write_text(target.read_text().replace("very little", "next to nothing"))
    assert same_as_fresh(builder, project, [target]) == []


def test_open_data_of_one_fact_file_stays_whole_when_a_second_comes_and_goes(tmp_path):
    """With one file, its facts are all the facts: the file's part and the whole must not be confused."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import write_project
    project = write_project(tmp_path / "corpus", 1)["ours"]
    builder = Builder(project)
    builder.build()
    second = project / "content/facts/second.yaml"
    second.write_text("- id: second-fact\n  topic: law\n  claim: A second claim.\n  citations:\n"
                      "    - source: a00000\n      quote: \"Report 0 part 2 says\"\n")
    assert same_as_fresh(builder, project, [second]) == []
    second.unlink()
    assert same_as_fresh(builder, project, [second]) == []


def test_editors_scratch_files_are_neither_built_nor_watched(project):
    """The build passes over the names the preview's watcher passes over: a save to them is never missed."""
    (project / "content/pages/#draft.md").write_text("---\ntitle: An autosave\n---\nText [@nsl-imposed-by-beijing].\n")
    (project / "content/pages/.draft.md").write_text("---\ntitle: A hidden autosave\n---\nText.\n")
    (project / "assets/style.css~").write_text("body { color: red }\n")
    outputs = build(project).outputs
    assert not [name for name in outputs if "autosave" in name or "~" in name or "swp" in name]
    assert not any(b"An autosave" in data for data in outputs.values())
