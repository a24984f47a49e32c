"""The live preview in a real browser: a saved edit shows up in the open page by itself."""

from __future__ import annotations

import statistics
import time

from serve_support import ServeProcess, break_quote, edit, fix_quote, set_marker

CONNECTED = "() => window.LiveReload && window.LiveReload.connector.protocol >= 7"


def test_a_saved_edit_reloads_the_open_page(browser, project):
    with ServeProcess(project) as server:
        page = browser.new_page()
        console = []
        page.on("console", lambda message: console.append(message.text))
        base = f"http://127.0.0.1:{server.port}/"
        page.goto(base + "closure/")
        page.goto(base + "timeline/")   # where law.yaml's first claim, a dated event, is shown
        page.wait_for_function(CONNECTED)

        # Edits in quick succession: livereload's own guard would drop every one within 3 s of a reload.
        timings = []
        for number in range(5):
            with page.expect_event("load", timeout=10_000):
                started = time.perf_counter()
                marker = set_marker(project, number)
            timings.append(time.perf_counter() - started)
            assert marker in page.locator("main").inner_text()
            page.wait_for_function(CONNECTED)
        print(f"\nsave to reloaded page: {', '.join(f'{t * 1000:.0f}' for t in timings)} ms; "
              f"median {statistics.median(timings) * 1000:.0f} ms")

        # A mistake shows in the page, and the page comes back once it is fixed.
        with page.expect_event("load", timeout=10_000):
            break_quote(project)
        assert page.locator("h1").inner_text() == "The site does not build"
        assert "content/facts/law.yaml:" in page.locator("main").inner_text()
        page.wait_for_function(CONNECTED)
        with page.expect_event("load", timeout=10_000):
            fix_quote(project)
        assert marker in page.locator("main").inner_text()

        # A page not open now shows an edit made meanwhile, even when reached with the Back button.
        page.wait_for_function(CONNECTED)
        with page.expect_event("load", timeout=10_000):   # livereload reloads every open page
            edit(project / "content/pages/closure.md", "\n## ", "\nA sentence added while nobody looked.\n\n## ")
        page.go_back()
        page.wait_for_url(base + "closure/")
        assert "A sentence added while nobody looked." in page.locator("main").inner_text()

        # An engine change restarts the server; the open page reconnects, finds itself stale, reloads.
        engine = project / "explainer/problems.py"
        page.wait_for_function(CONNECTED)
        with page.expect_event("load", timeout=20_000):
            engine.write_text(engine.read_text(encoding="utf-8") + "\n# a change to the engine\n", encoding="utf-8")
        assert "restarting" in server.output

        assert not [text for text in console if "Content Security Policy" in text], console
        page.close()
