"""Every page loads at once: one small HTML file and one small stylesheet, nothing from elsewhere.

Budget: a page's HTML plus its stylesheet at most 30 KB (30 x 1024 bytes) uncompressed; no
JavaScript but one optional progressive enhancement of at most 3 KB (assets/cite.js), loaded as an
external deferred script; no web fonts.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from conftest import html_pages

PAGE_BUDGET = 30 * 1024
SCRIPT_BUDGET = 3 * 1024
FONT_FILES = {".woff", ".woff2", ".ttf", ".otf", ".eot"}
# Elements whose URL the browser fetches by itself while loading the page.
FETCHED = {"link": "href", "script": "src", "img": "src", "iframe": "src", "video": "src", "audio": "src",
           "source": "src", "track": "src", "embed": "src", "object": "data", "image": "href", "use": "href"}


def parse(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def local_file(site: Path, page: Path, url: str) -> Path:
    """Return the file in the site that `url`, written in `page`, refers to."""
    folder = page.parent.relative_to(site).as_posix()
    base = "/" if folder == "." else f"/{folder}/"
    path = urlsplit(urljoin(base, url)).path
    return site / path.lstrip("/")


def stylesheets(site: Path, page: Path) -> list[Path]:
    return [local_file(site, page, link["href"]) for link in parse(page).find_all("link", rel="stylesheet")]


def test_each_page_with_its_stylesheet_is_at_most_30_kb(site):
    sizes = {}
    for page in html_pages(site):
        sheets = stylesheets(site, page)
        assert len(sheets) == 1 and sheets[0].is_file(), f"{page.name}: expected one local stylesheet, got {sheets}"
        sizes[page.relative_to(site).as_posix()] = (page.stat().st_size, sheets[0].stat().st_size)
    heavy = {name: html + css for name, (html, css) in sizes.items() if html + css > PAGE_BUDGET}
    table = "\n".join(f"  {name:40} {html:7,d} B HTML + {css:,d} B CSS = {html + css:7,d} B"
                      f"{f'  ({html + css - PAGE_BUDGET:+,d} B over)' if name in heavy else ''}"
                      for name, (html, css) in sorted(sizes.items(), key=lambda item: -sum(item[1])))
    assert not heavy, f"{len(heavy)} page(s) over {PAGE_BUDGET:,d} B:\n{table}"


def test_no_javascript_but_one_small_deferred_enhancement(site):
    problems = []
    scripts = set()
    for page in html_pages(site):
        doc, name = parse(page), page.relative_to(site).as_posix()
        for script in doc.find_all("script"):
            if script.get("type") == "application/ld+json" and not script.get("src"):
                continue   # data for search engines, never run
            if not script.get("src"):
                problems.append(f"{name}: inline script {str(script)[:60]}")
            elif "defer" not in script.attrs or script.get("type") not in (None, "text/javascript"):
                problems.append(f"{name}: script not loaded as a classic deferred script: {script}")
            else:
                scripts.add(local_file(site, page, script["src"]))
        for tag in doc.find_all(True):
            handlers = [attr for attr in tag.attrs if attr.lower().startswith("on")]
            if handlers or str(tag.get("href", "")).strip().lower().startswith("javascript:"):
                problems.append(f"{name}: script in markup: {str(tag)[:80]}")
    shipped = set(site.rglob("*.js")) | set(site.rglob("*.mjs"))
    assert not problems, "\n".join(problems)
    assert len(scripts) <= 1 and scripts <= shipped, f"pages load {sorted(map(str, scripts))}"
    assert shipped <= scripts, f"scripts shipped but not used: {sorted(map(str, shipped - scripts))}"
    for script in scripts:
        assert re.fullmatch(r"cite(\.[0-9a-f]+)?\.js", script.name), f"unexpected script {script.name}"
        assert script.stat().st_size <= SCRIPT_BUDGET, f"{script.name} is {script.stat().st_size} B"


def test_no_web_fonts(site):
    fonts = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix.lower() in FONT_FILES]
    assert not fonts, f"font files published: {fonts}"
    for sheet in site.rglob("*.css"):
        css = sheet.read_text(encoding="utf-8")
        assert "@font-face" not in css.lower(), f"{sheet.name} declares a web font"
        assert "@import" not in css.lower(), f"{sheet.name} imports another stylesheet"
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), f"{sheet.name} loads from another host"
    for page in html_pages(site):
        assert not parse(page).find_all("link", attrs={"as": "font"}), f"{page.name} preloads a font"


def test_nothing_is_fetched_from_another_host(site):
    """Check the markup; test_browser.py watches the requests a real browser makes."""
    foreign = []
    for page in html_pages(site):
        doc = parse(page)
        for tag, attr in FETCHED.items():
            for element in doc.find_all(tag):
                url = element.get(attr) or element.get("xlink:href") or ""
                if tag == "link" and not {"stylesheet", "icon", "preload", "modulepreload", "manifest",
                                          "prefetch", "apple-touch-icon"} & set(element.get("rel", [])):
                    continue   # canonical, license...: links for machines, not fetched
                if urlsplit(url).netloc or url.startswith("//"):
                    foreign.append(f"{page.relative_to(site).as_posix()}: <{tag} {attr}={url}>")
        if doc.find_all("style") or doc.find_all(style=True):
            foreign.append(f"{page.relative_to(site).as_posix()}: inline styles (the CSP forbids them)")
    assert not foreign, "\n".join(foreign)
