"""Every page as readers meet it: in headless Chromium, on a phone and a desktop, light and dark,
with a keyboard, through axe-core, and on paper.

The site is served on loopback (the `served` fixture); one browser serves the whole run and each
(width, colour scheme) pair gets one browser context, so the 13 pages take about a minute.
Screenshots (whole pages in light, first screens in dark) and print PDFs land in tests/artifacts/
(ignored by git) for people to look at.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, cite_new_fact, html_pages, run_build

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PHONE, DESKTOP = 360, 1280
WIDTHS = [PHONE, DESKTOP]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MIN_TEXT_PX = 16
MIN_TARGET_PX = 24      # WCAG 2.2 SC 2.5.8 Target Size (Minimum)


def _pages_of_a_fresh_build() -> list[str]:
    """List the pages a build makes, at collection time, so that each page is a test of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dist"
        if run_build(ROOT, "--out", str(out)).returncode != 0:
            return []   # the `site` fixture reports the failed build; test_every_page_is_audited fails
        return [p.relative_to(out).as_posix() for p in html_pages(out)]


PAGES = _pages_of_a_fresh_build()


def test_every_page_is_audited(site):
    assert PAGES, "the site did not build at collection time"
    assert PAGES == [p.relative_to(site).as_posix() for p in html_pages(site)]


# --- one browser context per (width, colour scheme), one tab per test ----------------------------

@pytest.fixture(scope="module")
def contexts(browser):
    made = {}

    def get(width: int, scheme: str = "light"):
        if (width, scheme) not in made:
            phone = width == PHONE
            made[width, scheme] = browser.new_context(
                viewport={"width": width, "height": 800}, color_scheme=scheme, device_scale_factor=1,
                is_mobile=phone, has_touch=phone)
        return made[width, scheme]

    yield get
    for context in made.values():
        context.close()


@pytest.fixture
def open_page(contexts, served):
    """Open a page of the site in a new tab of the right context; the tab closes after the test."""
    tabs = []

    def open_(name: str, width: int = DESKTOP, scheme: str = "light", before=None):
        tab = contexts(width, scheme).new_page()
        tabs.append(tab)
        if before:
            before(tab)
        tab.goto(served + name, wait_until="load")
        return tab

    yield open_
    for tab in tabs:
        tab.close()


def shot_name(name: str, width: int, scheme: str) -> Path:
    return ARTIFACTS / f"{name.removesuffix('.html').replace('/', '-')}-{width}-{scheme}.jpg"


# --- loading: nothing broken, nothing from elsewhere --------------------------------------------

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
"""


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly_from_this_host_only(open_page, served, name):
    here = urlsplit(served).netloc
    problems, foreign = [], []

    def watch(tab):
        tab.add_init_script(CSP_LISTENER)
        tab.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
        tab.on("pageerror", lambda e: problems.append(f"script error: {e}"))
        tab.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} ({r.failure})"))
        tab.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
        tab.on("request", lambda r: urlsplit(r.url).scheme != "data" and urlsplit(r.url).netloc != here
               and foreign.append(r.url))

    tab = open_page(name, before=watch)   # "load" comes after every resource, the deferred script included
    problems += [f"CSP violation: {v}" for v in tab.evaluate("window.__cspViolations")]
    assert not problems, "\n".join(problems)
    assert not foreign, f"requests to other hosts: {foreign}"


# --- axe-core: WCAG 2.2 A and AA, light and dark ---------------------------------------------------

@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


# Every rule runs in both colour schemes and at both widths, in two runs a page: colours
# (contrast) depend on the scheme only, layout (target size, scrolling regions) on the width only,
# so light at 360 px and dark at 1280 px cover every pair at half the cost of four runs.
@pytest.mark.parametrize("width,scheme", [(PHONE, "light"), (DESKTOP, "dark")], ids=["360-light", "1280-dark"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_wcag_violation(open_page, axe, name, width, scheme):
    tab = open_page(name, width, scheme)
    results = axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                    "resultTypes": ["violations"]})
    found = [f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
        f"    {' '.join(map(str, n['target']))}: {n['html'][:160]}" for n in v["nodes"][:8])
        for v in results.response["violations"]]
    assert not found, f"axe {results.response['testEngine']['version']}, {scheme}, {width} px:\n" + "\n".join(found)


# --- layout: fits the screen, text large enough, targets large enough ---------------------------

OVERFLOW = """() => {
  const room = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > room + 0.5 && !el.closest('.skip'))
    .map((el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className : ''}`
                 + ` (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
  return {scroll: document.documentElement.scrollWidth, room, wide: [...new Set(wide)].slice(0, 10)};
}"""

# Every piece of visible text, with the size it is drawn at. An SVG scales its text with the
# picture, so there the computed font-size is multiplied by the scale it is drawn at.
TEXT_SIZES = """() => {
  const small = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.data.trim() || el.closest('script, style, title, desc, template')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some((r) => r.width > 0 && r.height > 0)) continue;   // not rendered
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible' || Number(style.opacity) === 0) continue;
    let size = parseFloat(style.fontSize);
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      size *= Math.sqrt(m.a * m.a + m.b * m.b);
    }
    if (size < MIN - 0.01) {
      const key = `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} at ${size.toFixed(1)} px`;
      if (!small.has(key)) small.set(key, node.data.trim().slice(0, 40));
    }
  }
  return [...small].map(([k, text]) => `${k}: "${text}"`);
}""".replace("MIN", str(MIN_TEXT_PX))

# WCAG 2.2 SC 2.5.8 asks for a 24 x 24 CSS px target, with exceptions. The one used here is "Inline:
# the target is in a sentence or its size is otherwise constrained by the line-height of non-target
# text". A target gets it only when both halves hold:
#  - it is laid out with display: inline (outside any SVG), so its height is that of the line it sits
#    in; an inline-block, a block or a flex item sets its own box and so can, and must, be 24 x 24;
#  - it is part of a sentence: its block holds, in the same run of inline text (not in a nested block
#    such as a display: block span or a list), words that are not inside a target - at least one
#    letter or digit. Punctuation alone does not make a sentence.
# So a link alone in a list item, a paragraph, a table cell or a <dd>, or a title link followed by a
# block of details, gets no exception. The spacing and equivalent-control exceptions are not claimed.
TARGETS = """() => {
  const MIN = MIN_TARGET;
  const TARGET = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [tabindex]:not([tabindex="-1"])';
  // The box whose line boxes an element's text is laid out in: itself or its nearest ancestor
  // that is not display: inline (a block, a list item, an inline-block, a table cell...).
  const container = (el) => {
    while (el && ['inline', 'contents'].includes(getComputedStyle(el).display)) el = el.parentElement;
    return el;
  };
  const inSentence = (target) => {
    if (getComputedStyle(target).display !== 'inline' || target.closest('svg')) return false;
    const block = container(target.parentElement);
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!/[\\p{L}\\p{N}]/u.test(node.data) || el.closest(TARGET)) continue;
      if (container(el) !== block) continue;   // inside a nested block or inline-block
      if (getComputedStyle(el).visibility !== 'visible') continue;
      return true;
    }
    return false;
  };
  const small = [];
  for (const target of document.querySelectorAll(TARGET)) {
    const box = target.getBoundingClientRect();
    const style = getComputedStyle(target);
    if (!target.getClientRects().length || style.visibility !== 'visible') continue;   // not shown
    if (box.width >= MIN - 0.01 && box.height >= MIN - 0.01) continue;
    if (inSentence(target)) continue;
    small.push(`${target.outerHTML.slice(0, 90)} is ${box.width.toFixed(1)} x ${box.height.toFixed(1)} px`);
  }
  return small;
}""".replace("MIN_TARGET", str(MIN_TARGET_PX))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_and_reads_at_every_width(open_page, name, width):
    tab = open_page(name, width)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=shot_name(name, width, "light"), full_page=True, quality=85)   # JPEG: a third of PNG's time
    overflow = tab.evaluate(OVERFLOW)
    small_text = tab.evaluate(TEXT_SIZES)
    small_targets = tab.evaluate(TARGETS)
    tab.emulate_media(color_scheme="dark")
    tab.screenshot(path=shot_name(name, width, "dark-top"), quality=85)   # the first screen only

    problems = []
    if overflow["scroll"] > overflow["room"]:
        problems.append(f"scrolls sideways: {overflow['scroll']} px wide in {overflow['room']} px; "
                        f"too wide: {overflow['wide']}")
    problems += [f"text under {MIN_TEXT_PX} px: {item}" for item in small_text]
    problems += [f"target under {MIN_TARGET_PX} x {MIN_TARGET_PX} px, not in a sentence: {item}"
                 for item in small_targets]
    assert not problems, f"{name} at {width} px:\n" + "\n".join(problems)


# --- keyboard -------------------------------------------------------------------------------------

OUTLINE = "(el) => { const s = getComputedStyle(el); return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`; }"


def focus_ring(tab, selector: str) -> tuple[str, str]:
    """Return the outline of the element without and with keyboard focus."""
    element = tab.locator(selector).first
    element.evaluate("(el) => el.blur()")
    before = element.evaluate(OUTLINE)
    element.focus()
    assert element.evaluate("(el) => el.matches(':focus-visible')"), f"{selector} gets no :focus-visible"
    return before, element.evaluate(OUTLINE)


def assert_visible_ring(tab, selector: str) -> None:
    before, after = focus_ring(tab, selector)
    style, width = after.split()[:2]
    assert style not in ("none", "hidden") and float(width.removesuffix("px")) >= 2 and before != after, (
        f"no visible focus ring on {selector}: outline {before!r} unfocused, {after!r} focused")


def active(tab) -> dict:
    return tab.evaluate("""() => { const a = document.activeElement, t = document.querySelector(':target');
        return {tag: a.tagName.toLowerCase(), id: a.id, cls: a.className, text: a.textContent.trim().slice(0, 40),
                hash: location.hash, target: t ? t.id : null}; }""")


@pytest.mark.parametrize("name", PAGES)
def test_keyboard_skip_link_focus_ring_and_footnotes(open_page, name):
    tab = open_page(name)

    # The first Tab lands on the skip link, which then shows on screen; Enter moves focus to main.
    tab.keyboard.press("Tab")
    first = active(tab)
    assert first["tag"] == "a" and "skip" in first["cls"], f"first Tab focuses {first}, not the skip link"
    box = tab.locator("a.skip").bounding_box()
    assert box and box["y"] >= 0 and box["height"] >= MIN_TARGET_PX, f"focused skip link is off screen: {box}"
    tab.keyboard.press("Enter")
    landed = active(tab)
    assert landed["id"] == "main" and landed["hash"] == "#main", f"skip link moved focus to {landed}"

    # A visible focus ring on each kind of link.
    for selector in ["a.skip", "header.site a", "main a[href]", "footer.site a[href]", "main a.fn",
                     ".citations .back a", ".citations .by a", ".timeline-graphic a"]:
        if tab.locator(selector).count():
            assert_visible_ring(tab, selector)

    # A footnote marker, followed with Enter, moves focus to its footnote; its backlink returns.
    markers = tab.locator("main a.fn")
    if not markers.count():
        return
    for marker in [markers.first, markers.last]:
        marker_id, href = marker.get_attribute("id"), marker.get_attribute("href")
        marker.focus()
        tab.keyboard.press("Enter")
        note = active(tab)
        assert note["hash"] == href and note["target"] == href[1:], f"marker {marker_id} led to {note}"
        assert note["tag"] == "li" and note["id"] == href[1:], f"marker {marker_id} left focus on {note}"
        back = tab.locator(f"li{href} .back a[href='#{marker_id}']")
        assert back.count() == 1, f"footnote {href} has no backlink to #{marker_id}"
        back.focus()
        tab.keyboard.press("Enter")
        returned = active(tab)
        assert returned["id"] == marker_id and returned["target"] == marker_id, (
            f"backlink of {href} returned focus to {returned}, not #{marker_id}")


# --- paper ----------------------------------------------------------------------------------------

PRINTED = """() => {
  const shown = (sel) => [...document.querySelectorAll(sel)].map((el) => getComputedStyle(el).display !== 'none');
  const links = [...document.querySelectorAll('a[href^="http"]')]
    .filter((a) => a.getClientRects().length)
    .map((a) => ({href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content}));
  return {nav: shown('nav'), citations: shown('section.citations'), links};
}"""


@pytest.mark.parametrize("name", PAGES)
def test_print_hides_navigation_keeps_footnotes_and_spells_out_links(open_page, name):
    tab = open_page(name)
    tab.emulate_media(media="print")
    printed = tab.evaluate(PRINTED)
    assert printed["nav"] and not any(printed["nav"]), "navigation is printed"
    assert printed["citations"] and all(printed["citations"]), "the footnotes are not printed"
    unspelt = [link["href"] for link in printed["links"] if link["href"] not in link["after"]]
    assert not unspelt, f"printed without their URL: {unspelt}"
    ARTIFACTS.mkdir(exist_ok=True)
    tab.pdf(path=ARTIFACTS / f"{name.removesuffix('.html').replace('/', '-')}-print.pdf")


def test_words_longer_than_a_phone_is_wide_never_make_the_page_scroll_sideways(browser, tmp_path):
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    word = "Supercalifragilistic" * 12   # 240 letters, no space: a URL or a name written without spaces
    for rel, old in [("content/site.yaml", "title: Why Amnesty left Hong Kong"), ("content/pages/law.md", "nav: The law"),
                     ("content/pages/law.md", "title: The law")]:
        path = project / rel
        path.write_text(path.read_text().replace(old, f"{old} {word}", 1))
    law = project / "content/pages/law.md"
    law.write_text(law.read_text() + f"\n\n{word} `{word}` [@nsl-in-force]\n\n    {word}\n\n| {word} | x |\n|---|---|\n| y | z |\n")
    out = tmp_path / "dist"
    result = run_build(project, "--out", str(out))
    assert result.returncode == 0, result.stderr
    tab = browser.new_page(viewport={"width": PHONE, "height": 800})
    try:
        for name in ("index.html", "law/index.html", "sources/index.html"):
            tab.goto((out / name).as_uri())
            overflow = tab.evaluate(OVERFLOW)
            assert overflow["scroll"] <= overflow["room"], f"{name}: {overflow}"
    finally:
        tab.close()


# Where each character of a quote's following words is drawn, left to right on the screen.
CHARACTER_LEFTS = """(selector) => {
  const text = document.querySelector(selector).firstChild;
  const range = document.createRange();
  return [...text.data].map((_, i) => { range.setStart(text, i); range.setEnd(text, i + 1);
                                        return range.getBoundingClientRect().left; });
}"""


def test_a_direction_override_inside_a_quote_ends_with_the_quote(browser, tmp_path):
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    rlo = "\u202e"   # turns the text after it around: a way to make a passage look like what it is not
    (project / "seeds/mayor.txt").write_text(
        f"The mayor speaks\n\nBy Ann Lee\n\nThe mayor said {rlo}the plan works and the council met again later.\n")
    cite_new_fact(project, "mayor-said", "mayor", f"said {rlo}the plan works", claim="The mayor spoke.")
    out = tmp_path / "dist"
    result = run_build(project, "--out", str(out))
    assert result.returncode == 0, result.stderr
    tab = browser.new_page(viewport={"width": DESKTOP, "height": 800})
    try:
        tab.goto((out / "law/index.html").as_uri())
        quote = tab.locator(".citations q", has_text="the plan works")
        assert quote.count() == 1
        # The source's words after the quote, outside it, read left to right as the page's own text does.
        lefts = tab.evaluate(CHARACTER_LEFTS, "#" + quote.evaluate("q => q.closest('li').id") + " q + .ctx")
        assert len(lefts) > 10 and lefts == sorted(lefts), lefts
    finally:
        tab.close()
