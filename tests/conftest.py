"""Shared fixtures: a scratch copy of the project, and the real site built once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("build.py", "content", "seeds", "templates", "assets", "explainer")


def copy_project(target: Path) -> Path:
    """Copy what a build reads into `target` and return it."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, target / part)
    return target


def run_build(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` in `project` as an editor would."""
    return subprocess.run([sys.executable, "build.py", *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the real project that a test may change."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test run into a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "dist"
    result = run_build(ROOT, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site."""
    return sorted(site.rglob("*.html"))
