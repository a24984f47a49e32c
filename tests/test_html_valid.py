"""The built site is valid HTML, CSS and SVG for the Nu HTML Checker, current release.

The checker is npm's `vnu-jar`, pinned in package.json (`bash tests/run.sh` runs `npm install`), run
with the machine's Java. A missing Java or jar fails the test: an unchecked site is not a valid one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict

import pytest

from conftest import ROOT, html_pages

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PINNED = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["vnu-jar"]


def is_json_ld_csp_false_alarm(message: dict) -> bool:
    """Tell the checker's CSP warning on a JSON-LD block apart from a real one.

    Since 2026 the checker warns that a page's own Content-Security-Policy (`script-src 'self'`)
    blocks each inline <script>, but it does not tell a data block from a script: a
    <script type="application/ld+json"> is never run, so CSP never applies to it (HTML, "prepare the
    script element" stops at data blocks before the CSP check) and browsers report nothing
    (test_browser.py listens for securitypolicyviolation events on every page). Only this exact
    warning on this exact element is set aside; an inline script that would run still fails.
    """
    extract = message.get("extract", "")
    start = message.get("hiliteStart", 0)
    flagged = extract[start:start + message.get("hiliteLength", 0)]
    return (message.get("message", "").startswith("Inline script violates Content Security Policy")
            and flagged.replace("'", '"') == '<script type="application/ld+json">')


@pytest.fixture(scope="module")
def checked(site, served):
    """Run the checker once over every page (and every stylesheet and SVG file) as served over HTTP.

    Over HTTP, not as files: the pages' CSP says `'self'`, which a file: URL has no origin to match, so
    checked as files every stylesheet and script would be reported as blocked. The checker refuses
    loopback addresses unless told it may fetch them (allow-forbidden-hosts).
    """
    java = shutil.which("java")
    if java is None:
        pytest.fail("no `java` on PATH: the Nu HTML Checker needs Java 11 or later "
                    "(Debian: apt-get install -y default-jre-headless)", pytrace=False)
    if not VNU.is_file():
        pytest.fail(f"no Nu HTML Checker at {VNU.relative_to(ROOT)}: run `npm install` "
                    "(bash tests/run.sh does it)", pytrace=False)
    files = html_pages(site) + sorted(site.rglob("*.css")) + sorted(site.rglob("*.svg"))
    urls = [served + path.relative_to(site).as_posix() for path in files]
    result = subprocess.run(
        [java, "-Dnu.validator.servlet.allow-forbidden-hosts=true", "-jar", str(VNU),
         "--format", "json", "--stdout", "--also-check-css", "--also-check-svg", *urls],
        capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the checker gave no report (exit {result.returncode}):\n{result.stdout}\n{result.stderr}",
                    pytrace=False)
    return report, urls


def test_checker_is_the_pinned_release(checked):
    report, _ = checked
    assert report["version"].split()[0] == PINNED


def test_every_page_has_no_error_and_no_warning(checked, served):
    report, urls = checked
    assert len(urls) >= 13
    found = defaultdict(list)
    for message in report["messages"]:
        is_warning = message["type"] == "info" and message.get("subType") == "warning"
        if message["type"] == "info" and not is_warning or is_json_ld_csp_false_alarm(message):
            continue
        kind = "warning" if is_warning else message.get("subType", message["type"])
        found[message.get("url", "?").removeprefix(served)].append(
            f"  {message.get('lastLine', '?')}.{message.get('firstColumn', '?')}: {kind}: {message['message']}"
            f"  [{message.get('extract', '').strip()[:80]}]")
    assert not found, "\n".join(f"{url}:\n" + "\n".join(lines) for url, lines in sorted(found.items()))
