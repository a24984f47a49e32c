"""Pages rendered across processes and written as they are made: the same site, the same problems."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from explainer import parallel, pipeline
from explainer.problems import ContentError

sys.path.insert(0, str(ROOT / "bench"))
from generate import write_project  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A generated project of 40 articles: 80 pages and more, enough to share among processes."""
    return write_project(tmp_path_factory.mktemp("corpus"), 40)["ours"]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_writing_across_processes_gives_the_site_built_in_memory(corpus, tmp_path, workers):
    expected = pipeline.build(corpus).outputs
    built = pipeline.build_into(tmp_path / "site", corpus, workers=workers)
    assert len(built.pages) > parallel.MIN_PAGES_TO_SHARE
    assert files_of(tmp_path / "site") == expected


def test_template_errors_from_every_process_are_reported_in_page_order(corpus, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(corpus, project)
    template = project / "templates" / "source.html"
    template.write_text(template.read_text().replace("{{ src.title }}", "{{ src.no_such_field }}"))
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the last good site")
    with pytest.raises(ContentError) as in_memory:
        pipeline.build(project)
    with pytest.raises(ContentError) as on_disk:
        pipeline.build_into(out, project, workers=2)
    assert on_disk.value.problems == in_memory.value.problems
    assert len(on_disk.value.problems) == 40   # one for each source page, whichever process rendered it
    assert all(str(p).startswith("templates/source.html:5: ") for p in on_disk.value.problems)
    assert files_of(out) == {"index.html": b"the last good site"}


def test_a_failing_process_stops_the_build_and_leaves_the_last_site(corpus, tmp_path, monkeypatch):
    real_write, this_process = parallel.write_file, os.getpid()

    def failing_write(folder, name, data, made):
        if os.getpid() != this_process:   # the disk fills up under the second process only
            raise OSError("disk full")
        real_write(folder, name, data, made)

    monkeypatch.setattr(parallel, "write_file", failing_write)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the last good site")
    with pytest.raises(RuntimeError, match="disk full"):
        pipeline.build_into(out, corpus, workers=2)
    assert files_of(out) == {"index.html": b"the last good site"}
    assert not list(tmp_path.glob(".site.*"))
