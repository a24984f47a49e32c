"""A Builder's rebuild after any edit gives exactly the bytes of a fresh build."""

from __future__ import annotations

import os
import re
import shutil
import sys

import pytest

from conftest import ROOT
from explainer import memo
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



def move_fact(project):
    """Move a fact from one file to another: its id now lives in another file."""
    law, closure = project / "content/facts/law.yaml", project / "content/facts/closure.yaml"
    text = law.read_text()
    start = text.index("- id: nsl-in-force")
    end = text.index("\n- id:", start) + 1
    law.write_text(text[:start] + text[end:])
    closure.write_text(closure.read_text() + "\n" + text[start:end])
    return law   # the watcher tells of both; the test passes the second below


FACT_EDITS = {
    "reword_claim": replacing("content/facts/law.yaml", "took effect on 30 June 2020",
                              "came into force on 30 June 2020"),
    "redate_fact": replacing("content/facts/law.yaml", "date: 2020-06-30", "date: 2020-07-01"),
    "shorten_quote": replacing("content/facts/law.yaml", "National Security Law was implemented on June 30, 2020",
                               "National Security Law was implemented"),
    "add_fact_file": EDITS["add_fact_file"],
}


@pytest.fixture(params=[64, 2], ids=["parts-of-64", "parts-of-2"])
def part_size(request, monkeypatch):
    """Look things up in runs of 64 (as built) or of 2, so that the real project's few files and
    pages fall into several runs."""
    monkeypatch.setattr(memo, "PART", request.param)
    return request.param


@pytest.mark.parametrize("edit", (EDITS | FACT_EDITS).values(), ids=(EDITS | FACT_EDITS).keys())
def test_rebuild_after_an_edit_equals_a_fresh_build(project, edit, part_size):
    builder = Builder(project)
    builder.build()
    changed = edit(project)
    assert same_as_fresh(builder, project, [changed]) == []


def test_a_fact_moved_to_another_file_is_found_there(project, part_size):
    builder = Builder(project)
    builder.build()
    move_fact(project)
    assert same_as_fresh(builder, project, [project / "content/facts/law.yaml",
                                            project / "content/facts/closure.yaml"]) == []


def test_a_fact_file_that_links_elsewhere_follows_its_target(project, part_size):
    target = project / "content" / "more-facts.yaml"
    target.write_text("- id: linked-fact\n  topic: law\n  claim: A linked claim.\n  citations:\n"
                      "    - source: hkfp\n      quote: \"bypassing the local legislature\"\n")
    (project / "content/facts/linked.yaml").symlink_to(target)
    builder = Builder(project)
    builder.build()
    target.write_text(target.read_text().replace("A linked claim.", "A linked claim, edited."))
    assert same_as_fresh(builder, project, [target]) == []


def problems_of(run) -> list[str]:
    with pytest.raises(ContentError) as failed:
        run()
    return [str(p) for p in failed.value.problems]


@pytest.mark.parametrize("edit", [
    replacing("content/facts/closure.yaml", "- id: regional-office-closes", "- id: nsl-in-force"),
    replacing("content/facts/law.yaml", "- id: nsl-in-force", "- id: nsl-in-force-renamed"),
    replacing("content/facts/law.yaml", "took effect on 30 June 2020", "took effect on 30 June 2020\n  bad: ["),
    writing("content/facts/reactions.yaml", None)],
    ids=["id-used-twice", "cited-id-renamed", "broken-yaml", "file-removed"])
def test_a_broken_fact_file_fails_as_a_fresh_build_does_and_comes_back(project, edit, part_size):
    builder = Builder(project)
    before = builder.build().outputs
    facts = project / "content/facts"
    original = {path: path.read_text() for path in facts.iterdir()}
    changed = edit(project)
    assert problems_of(lambda: builder.build([changed])) == problems_of(lambda: build(project))
    for path, text in original.items():
        path.write_text(text)
    assert builder.build([changed]).outputs == before


def test_a_seed_that_cannot_be_read_then_is_removed_fails_as_a_fresh_build_does(project):
    builder = Builder(project)
    builder.build()
    seed = project / "seeds/000_a0887d1137a917e7.txt"
    seed.write_bytes(seed.read_bytes().replace(b"Amnesty", b"Amn\xe9sty", 1))
    assert problems_of(lambda: builder.build([seed])) == problems_of(lambda: build(project))
    seed.unlink()   # its articles' quotes, unchecked while it could not be read, now cite unknown sources
    assert problems_of(lambda: builder.build([seed])) == problems_of(lambda: build(project))


def test_an_article_id_mistyped_then_fixed_reports_as_a_fresh_build_does(project):
    builder = Builder(project)
    before = builder.build().outputs
    entries = project / "content/sources.yaml"
    text = entries.read_text()
    entries.write_text(text.replace("    - id: hkfp\n", "    - idd: hkfp\n", 1))
    assert problems_of(lambda: builder.build([entries])) == problems_of(lambda: build(project))
    # With the id read again, a quote of a source that is truly unknown is reported once more.
    law = project / "content/facts/law.yaml"
    law.write_text(law.read_text().replace("source: hkfp", "source: hkfp-typo", 1))
    assert problems_of(lambda: builder.build([law])) == problems_of(lambda: build(project))
    entries.write_text(text)
    found = problems_of(lambda: builder.build([entries]))
    assert found == problems_of(lambda: build(project)) and any("unknown source 'hkfp-typo'" in p for p in found)
    law.write_text(law.read_text().replace("source: hkfp-typo", "source: hkfp", 1))
    assert builder.build([law]).outputs == before


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A generated project of 150 articles: three runs of 64 fact files and of pages."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import write_project
    return write_project(tmp_path_factory.mktemp("corpus"), 150)["ours"]


@pytest.mark.parametrize("edit", [
    replacing("content/facts/f00070.yaml", "claim: Fact 3 ", "claim: Fact 3 edited "),
    replacing("content/facts/f00070.yaml", "part 3 says Official law board charity", "part 3 says Official law"),
    replacing("content/facts/f00070.yaml", "date: ", "date: 2018-01-01\n  label: x\n  old: "),
    replacing("content/facts/f00140.yaml", "- id: f00140-0", "- id: f00140-0b"),
    writing("content/facts/f00070b.yaml", "- id: extra\n  topic: law\n  claim: Extra.\n  citations:\n"
                                          "    - source: a00070\n      quote: \"Report 70 part 1 says\"\n"),
    replacing("content/pages/p00100.md", " [@f00100-3]", " [@f00130-3]"),
], ids=["claim", "quote", "broken-entry", "cited-id-renamed", "added-file", "page-cites-elsewhere"])
def test_rebuilds_of_a_larger_project_equal_fresh_builds(corpus, tmp_path, edit):
    project = tmp_path / "ours"
    shutil.copytree(corpus, project)
    builder = Builder(project)
    builder.build()
    changed = edit(project)
    try:
        fresh = build(project).outputs
    except ContentError as failed:
        assert problems_of(lambda: builder.build([changed])) == [str(p) for p in failed.problems]
        return
    assert builder.build([changed]).outputs == fresh


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
