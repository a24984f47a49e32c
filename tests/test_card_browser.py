"""The quote card in a real browser: hover, focus, tap, Escape, and the plain links without script."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture
def page_at(browser, served):
    contexts = []

    def open_page(path: str, **options):
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(served + path)
        page.errors = errors
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_hover_shows_the_card_after_a_short_delay(page_at):
    page = page_at("law/", viewport={"width": 1280, "height": 900})
    marker = page.locator("a.fn").nth(1)
    page.evaluate("""() => {
        window.timing = {};
        document.addEventListener("mouseover", (e) => { if (e.target.closest("a.fn")) window.timing.over ??= performance.now(); });
        new MutationObserver(() => { if (document.querySelector(".card")) window.timing.card ??= performance.now(); })
            .observe(document.body, {childList: true, subtree: true});
    }""")
    marker.hover()
    page.wait_for_selector(".card", timeout=2000)
    timing = page.evaluate("window.timing")
    assert timing["card"] - timing["over"] >= 180          # not on a passing pointer: after about 200 ms
    card = page.locator(".card")
    note = page.locator(marker.get_attribute("href"))
    assert card.locator("q").first.inner_text() == note.locator("q").first.inner_text()
    assert card.locator(".ctx").count() >= 1           # the words around the quote
    hrefs = card.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    in_note = note.locator(".by a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == in_note                              # source paragraph and original, as in the note
    assert any("sources/" in h and ":~:text=" in h for h in hrefs)
    assert card.locator("cite").first.inner_text() == note.locator("cite").first.inner_text()
    assert marker.get_attribute("aria-describedby") == "cite-card"
    page.mouse.move(5, 5)
    page.wait_for_selector(".card", state="detached", timeout=2000)
    assert page.errors == []
    page.locator("a.fn").nth(1).hover()
    page.wait_for_selector(".card")
    page.screenshot(path=str(ARTIFACTS / "card-1280.png"))


def test_focus_shows_the_card_and_escape_closes_it(page_at):
    page = page_at("closure/", viewport={"width": 1280, "height": 900})
    marker = page.locator("a.fn").first
    marker.focus()
    page.wait_for_selector(".card", timeout=1000)
    page.keyboard.press("Escape")
    page.wait_for_selector(".card", state="detached", timeout=1000)
    assert page.evaluate("document.activeElement.classList.contains('fn')")


def test_tap_opens_the_card_and_a_tap_outside_closes_it(page_at):
    page = page_at("law/", viewport={"width": 360, "height": 800}, has_touch=True, is_mobile=True)
    marker = page.locator("a.fn").nth(2)
    marker.scroll_into_view_if_needed()
    marker.tap()
    page.wait_for_selector(".card", timeout=1000)
    assert "#fn-" not in page.url                       # the first tap shows, it does not jump
    box = page.locator(".card").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    page.screenshot(path=str(ARTIFACTS / "card-360.png"))
    page.locator("h1").tap()
    page.wait_for_selector(".card", state="detached", timeout=1000)


@pytest.mark.parametrize("width", [320, 390])
def test_a_card_opens_just_below_its_marker_inside_a_positioned_element(page_at, width):
    # The timeline's entries are positioned: a card placed in the page's coordinates landed
    # thousands of pixels below its marker there, out of sight, and past the screen's right edge.
    page = page_at("timeline/", viewport={"width": width, "height": 844}, has_touch=True, is_mobile=True)
    for i in (0, 3):
        marker = page.locator(".timeline a.fn").nth(i)
        marker.scroll_into_view_if_needed()
        marker.tap()
        page.wait_for_selector(".card", timeout=1000)
        mark, box = marker.bounding_box(), page.locator(".card").bounding_box()
        assert 0 <= box["y"] - (mark["y"] + mark["height"]) <= 12
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.locator("h1").tap()
        page.wait_for_selector(".card", state="detached", timeout=1000)


@pytest.mark.parametrize("how", ["tap", "keyboard"])
def test_the_way_back_from_a_footnote_leaves_the_text_uncovered(page_at, how):
    touch = how == "tap"
    page = page_at("law/", viewport={"width": 390, "height": 844}, has_touch=touch, is_mobile=touch)
    marker = page.locator("a.fn").nth(2)
    note = page.locator(marker.get_attribute("href"))
    back = note.locator(".back a").first
    back.scroll_into_view_if_needed()
    if touch:
        back.tap()
    else:
        back.focus()
        page.keyboard.press("Enter")
    page.wait_for_function("location.hash.startsWith('#ref-')")
    page.wait_for_timeout(400)   # longer than the card's hover delay
    assert page.locator(".card").count() == 0   # the reader came back to read the text the card would hide
    # Tapping the marker, or moving on and back to it by keyboard, shows the card as before.
    if touch:
        marker.tap()
    else:
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")
    page.wait_for_selector(".card", timeout=1000)


def test_without_script_markers_are_plain_links_to_the_note_and_back(page_at):
    page = page_at("law/", java_script_enabled=False, viewport={"width": 1280, "height": 900})
    marker = page.locator("a.fn").first
    marker_id = marker.get_attribute("id")
    marker.click()
    assert page.url.endswith("#fn-1")
    assert page.locator(".card").count() == 0
    page.locator("#fn-1 .back a").first.click()
    assert page.url.endswith("#" + marker_id)


def test_script_runs_under_the_content_security_policy(page_at):
    page = page_at("reactions/", viewport={"width": 1280, "height": 900})
    page.locator("a.fn").first.focus()
    page.wait_for_selector(".card", timeout=1000)
    assert not [e for e in page.errors if "Content Security Policy" in e]
