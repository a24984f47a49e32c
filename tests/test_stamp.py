"""A build whose inputs and output are as the last build left them stops early; any change rebuilds."""

from __future__ import annotations

import os

from conftest import run_build


def age(project, seconds=60):
    """Date every input back, so the last build's files are not 'racily clean'. (Not the outputs:
    a change of their times, which changes their change time, is a change to them.)"""
    for path in project.rglob("*"):
        if not path.is_symlink() and not path.relative_to(project).parts[0].startswith(("dist", ".dist")):
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds * 1_000_000_000))


def test_unchanged_project_is_up_to_date(project):
    age(project)
    assert run_build(project).returncode == 0
    again = run_build(project)
    assert again.returncode == 0 and "is up to date" in again.stdout


def test_a_file_rewritten_with_its_old_size_and_time_put_back_rebuilds(project):
    # Its change time, which no program can set back, tells it changed.
    age(project)
    assert run_build(project).returncode == 0
    law = project / "content/facts/law.yaml"
    before = law.stat()
    text = law.read_text()
    law.write_text(text.replace("during the 2019 mass protests", "during the 2019 mass riots!!!", 1))
    assert law.stat().st_size == before.st_size
    os.utime(law, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = run_build(project)
    assert result.returncode == 1 and "quote not found" in result.stderr


def test_any_change_rebuilds(project):
    age(project)
    assert run_build(project).returncode == 0
    law = project / "content/facts/law.yaml"
    law.write_text(law.read_text().replace("during the 2019 mass protests", "during the 2019 mass riots", 1))
    result = run_build(project)
    assert result.returncode == 1 and "quote not found" in result.stderr


def test_a_changed_output_is_rebuilt(project):
    age(project)
    assert run_build(project).returncode == 0
    (project / "dist/law/index.html").write_text("tampered")
    result = run_build(project)
    assert result.returncode == 0 and "built" in result.stdout
    assert "tampered" not in (project / "dist/law/index.html").read_text()


def test_an_output_written_over_with_its_old_time_is_rebuilt(project):
    age(project)
    assert run_build(project).returncode == 0
    page = project / "dist/law/index.html"
    kept = page.stat()
    page.write_bytes(page.read_bytes().replace(b"<title>", b"<TITLE>", 1))   # as many bytes
    os.utime(page, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    result = run_build(project)
    assert result.returncode == 0 and "built" in result.stdout
    assert b"<TITLE>" not in page.read_bytes()
    assert "is up to date" in run_build(project).stdout


def test_a_new_broken_link_is_an_input(project):
    age(project)
    assert run_build(project).returncode == 0
    (project / "content/facts/gone.yaml").symlink_to(project / "nowhere.yaml")
    result = run_build(project)
    assert result.returncode == 1 and "content/facts/gone.yaml:1: cannot be read" in result.stderr


def test_another_site_url_rebuilds(project):
    age(project)
    assert run_build(project).returncode == 0
    result = run_build(project, "--site-url", "https://example.org/x/")
    assert result.returncode == 0 and "built" in result.stdout
    assert (project / "dist/sitemap.xml").exists()


def test_a_file_copied_over_with_its_old_time_during_a_build_is_rebuilt(project):
    # As `cp -p` or `rsync -a` would write it, after the build read it: only its change time tells, and
    # only an input listed before the build read anything knows the change time it had.
    from explainer.stamp import Stamp, now_ns
    age(project)
    assert run_build(project).returncode == 0
    stamp, started = Stamp(project, project / "dist", {}), now_ns()   # as build.py makes them, first of all
    law = project / "content/facts/law.yaml"
    kept = law.stat()
    law.write_text(law.read_text() + "\n")
    os.utime(law, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    stamp.save(started, [])
    assert Stamp(project, project / "dist", {}).fresh() is None
