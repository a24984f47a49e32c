"""Time the live preview on a copy of the real site: save to rebuilt file, and save to reloaded page.

    python tests/serve_timing.py [edits]

Prints the median, fastest and slowest of each over `edits` saves (10 by default).
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import copy_project   # noqa: E402
from serve_support import ServeProcess, set_marker, wait_until   # noqa: E402

CONNECTED = "() => window.LiveReload && window.LiveReload.connector.protocol >= 7"


def summary(name: str, seconds: list[float]) -> str:
    """Format timings in milliseconds: median, fastest, slowest."""
    ms = [s * 1000 for s in seconds]
    return (f"{name}: median {statistics.median(ms):.0f} ms, fastest {min(ms):.0f} ms, slowest {max(ms):.0f} ms "
            f"over {len(ms)} saves")


def time_rebuilds(server: ServeProcess, project: Path, edits: int) -> list[float]:
    """Save law.yaml `edits` times; time each until the rebuilt page is on disk."""
    target = project / "dist/timeline/index.html"   # shows the edited claim
    timings = []
    for number in range(edits):
        time.sleep(0.3)   # apart, so each save is a rebuild of its own
        started = time.perf_counter()
        marker = set_marker(project, number)
        wait_until(lambda: marker.encode() in target.read_bytes(), 10, "the rebuilt page", interval=0.001)
        timings.append(time.perf_counter() - started)
    return timings


def time_reloads(server: ServeProcess, project: Path, edits: int) -> list[float]:
    """Save law.yaml `edits` times with /timeline/ open in Chromium; time each until the page has reloaded."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.port}/timeline/")
        for number in range(edits):
            page.wait_for_function(CONNECTED)
            time.sleep(0.3)
            with page.expect_event("load", timeout=10_000):
                started = time.perf_counter()
                marker = set_marker(project, 100 + number)
            timings.append(time.perf_counter() - started)
            assert marker in page.locator("main").inner_text()
        browser.close()
    return timings


def main(argv: list[str]) -> int:
    edits = int(argv[0]) if argv else 10
    with tempfile.TemporaryDirectory(prefix="serve-timing-") as scratch:
        project = copy_project(Path(scratch) / "project")
        with ServeProcess(project) as server:
            rebuilds = time_rebuilds(server, project, edits)
            reloads = time_reloads(server, project, edits)
            assert server.stop() == 0
        builds = [float(ms) / 1000 for ms in re.findall(r"rebuilt in (\d+) ms", server.output)]
    print(summary("save to rebuilt file on disk", rebuilds))
    print(summary("  of which the build and write", builds))
    print(summary("save to reloaded page in Chromium", reloads))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
