"""Shared fixtures: a scratch copy of the project, and the real site built once."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
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


def cite_new_fact(project: Path, fact_id: str, source_id: str, quote: str, claim: str = "A claim.") -> None:
    """Add to a copy of the real project a fact quoting `source_id`, and a sentence of the law page citing it.
    The quote and the claim are written as JSON writes texts, which YAML reads as they are."""
    facts = project / "content/facts/law.yaml"
    facts.write_text(facts.read_text() + f"\n- id: {fact_id}\n  topic: law\n  claim: {json.dumps(claim)}\n"
                     f"  citations:\n    - source: {source_id}\n      quote: {json.dumps(quote)}\n")
    page = project / "content/pages/law.md"
    page.write_text(page.read_text() + f"\nThe page cites it [@{fact_id}].\n")


def add_seed(project: Path, name: str, data: bytes, source_id: str) -> None:
    """Add to a copy of the real project the seed `name`, holding `data`, with an entry naming its one article."""
    (project / "seeds" / name).write_bytes(data)
    with open(project / "content" / "sources.yaml", "a", encoding="utf-8") as f:
        f.write(f"\n- seed: {name}\n  articles:\n    - id: {source_id}\n")


_QUOTING = "\n# A fact the test adds, quoting a seed it added.\n"


def build_quoting(project: Path, source_id: str, quote: str) -> subprocess.CompletedProcess:
    """Build a copy of the real project with a fact quoting `quote` of `source_id`, in place of the one an
    earlier call added."""
    facts = project / "content" / "facts" / "closure.yaml"
    kept = facts.read_text(encoding="utf-8").split(_QUOTING)[0]
    facts.write_text(kept + _QUOTING + f"- id: {source_id}-quoted\n  topic: closure\n  claim: A claim.\n  citations:\n"
                     f"    - source: {source_id}\n      quote: {json.dumps(quote)}\n", encoding="utf-8")
    return run_build(project)


def timeline_page(dist: Path, fact_id: str) -> Path:
    """The page of the timeline, split into parts, that shows the event of `fact_id`."""
    parts = [dist / "timeline/index.html", *sorted((dist / "timeline").glob("*/index.html"))]
    return next(page for page in parts if f'id="event-{fact_id}"' in page.read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the real project that a test may change."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A copy of the real project with its dist/ built, for a test to copy before it changes anything."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project


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


def chromium_path() -> str:
    """Return the browser to test with: $CHROMIUM_PATH, else Debian's chromium. Fail if neither exists."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(f"no browser at {path}: install Debian's chromium or set CHROMIUM_PATH", pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"])
        yield instance
        instance.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served(site):
    """The real site served over HTTP on loopback; yields its base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
