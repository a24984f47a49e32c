"""The built site, read as a reader's browser would: pages, citations, links."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given, strategies as st
from bs4 import BeautifulSoup

from conftest import html_pages, run_build
from explainer.quotes import normalise

EXPECTED = ["index.html", "law/index.html", "closure/index.html", "reactions/index.html", "about/index.html",
            "timeline/index.html", "sources/index.html", "differences/index.html", "404.html",
            "sources/hkfp/index.html", "sources/scmp/index.html", "sources/redaction-politics/index.html",
            "sources/unattributed-report/index.html"]


@functools.lru_cache(maxsize=None)
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_expected_page_is_built(site):
    built = {p.relative_to(site).as_posix() for p in html_pages(site)}
    assert set(EXPECTED) <= built


@pytest.mark.parametrize("name", EXPECTED)
def test_page_ends_with_verified_citations(site, name):
    page = soup(site / name)
    main = page.find("main")
    last = [c for c in main.children if getattr(c, "name", None)][-1]
    assert last.name == "section" and "citations" in last["class"]
    notes = last.select("ol > li")
    assert notes, f"{name} has no footnotes"
    for note in notes:
        quotes = note.find_all("q")
        assert quotes
        for q in quotes:
            link = q.find_parent("p").find_next_sibling("p", class_="by").find("a")
            _assert_quote_is_in_linked_paragraph(site, site / name, q.get_text(), link["href"])


def _assert_quote_is_in_linked_paragraph(site: Path, page: Path, quote: str, href: str):
    parts = urlsplit(href)
    anchor = parts.fragment.split(":~:")[0]
    assert re.fullmatch(r"p\d+", anchor), href
    target = _resolve(site, page, parts.path)
    paragraph = soup(target).find(id=anchor)
    assert paragraph is not None, f"{href} has no #{anchor}"
    text = normalise(paragraph.get_text(" "))
    for part in quote.split(" … "):
        assert normalise(part) in text.replace("  ", " ") or _loose(part) in _loose(text), (quote, href)


def _loose(text: str) -> str:
    return re.sub(r"\s+", "", normalise(text))


def _resolve(site: Path, page: Path, path: str) -> Path:
    if path.startswith("/"):   # 404.html links from the site's root (no site URL: the host's root)
        target = (site / unquote(path).lstrip("/")).resolve()
    else:
        target = (page.parent / unquote(path)).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    assert target.is_file(), f"{path} from {page.relative_to(site)} does not exist"
    assert target.is_relative_to(site.resolve())
    return target


def test_every_internal_link_and_anchor_resolves(site):
    checked = 0
    for page in html_pages(site):
        if page.name == "404.html":
            continue   # root-based links; checked by the GitHub Pages crawl
        doc = soup(page)
        for tag in doc.find_all(["a", "link"], href=True):
            href = tag["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith("data:"):
                continue
            assert not href.startswith("/"), f"{page}: root-based link {href}"
            target = _resolve(site, page, parts.path)
            fragment = parts.fragment.split(":~:")[0]
            if fragment and target.suffix == ".html":
                assert soup(target).find(id=fragment) is not None, f"{page}: {href} has no anchor"
            checked += 1
    assert checked > 200


@pytest.mark.parametrize("name", EXPECTED)
def test_page_is_semantic_and_self_contained(site, name):
    doc = soup(site / name)
    assert doc.html.get("lang") == "en"
    assert len(doc.find_all("h1")) == 1
    for tag in ("header", "nav", "main", "footer"):
        assert doc.find(tag) is not None, tag
    assert not doc.find_all("script", src=re.compile(r"^(https?:)?//"))
    assert not doc.find_all("link", href=re.compile(r"^(https?:)?//"), rel="stylesheet")


def test_navigation_reaches_every_page(site):
    index = soup(site / "index.html")
    nav = {a["href"] for a in index.select("nav a")}
    assert {"law/", "closure/", "reactions/", "timeline/", "differences/", "sources/", "about/"} <= nav
    listed = {a["href"] for a in soup(site / "sources/index.html").select(".source-list a")}
    assert listed == {"hkfp/", "scmp/", "redaction-politics/", "unattributed-report/"}


def test_repeated_citation_keeps_its_number_with_backlinks(tmp_path):
    from conftest import copy_project
    project = copy_project(tmp_path / "p")
    page = project / "content/pages/law.md"
    first = re.search(r"\[@([a-z0-9-]+)\]", page.read_text()).group(1)
    page.write_text(page.read_text() + f"\nOnce more [@{first}], and again [@{first}].\n")
    assert run_build(project).returncode == 0
    doc = soup(project / "dist/law/index.html")
    note = doc.find(id="fn-1")
    markers = doc.select('a.fn[href="#fn-1"]')
    assert len(markers) >= 3
    backs = note.select(".back a")
    assert [a["href"] for a in backs] == [f"#{m['id']}" for m in markers]
    assert [a.get_text() for a in backs][:3] == ["↩a", "↩b", "↩c"]


def test_source_pages_anchor_every_paragraph(site):
    doc = soup(site / "sources/scmp/index.html")
    anchors = [tag["id"] for tag in doc.select(".article [id^=p]") if re.fullmatch(r"p\d+", tag["id"])]
    assert anchors == [f"p{n}" for n in range(1, len(anchors) + 1)] and len(anchors) > 20


def test_no_published_page_holds_the_reload_script(site):
    for page in html_pages(site):
        assert "livereload" not in page.read_text(encoding="utf-8")


def test_dispute_touching_facts_are_marked_inline(site):
    marks = [a for page in html_pages(site) for a in soup(page).select("a.disputed")]
    assert marks
    for mark in marks:
        assert re.search(r"differences/(\d+/)?#[a-z0-9-]+$", mark["href"]), mark["href"]


@given(st.text())
def test_a_text_fragment_spells_any_text_so_that_it_decodes_to_it(text):
    from urllib.parse import quote

    from explainer.site import _fragment_text

    encoded = _fragment_text(text)
    assert unquote(encoded) == text
    assert re.fullmatch(r"(?:[A-Za-z0-9_.~]|%[0-9A-F]{2})*", encoded)   # no '-', ',' or '&': the syntax's own
    assert encoded == quote(text, safe="").replace("-", "%2D")


def test_a_folder_of_pages_is_warned_of_not_silently_left_out(project, tmp_path):
    (project / "content/pages/sub").mkdir()
    (project / "content/pages/sub/more.md").write_text("---\ntitle: More\n---\nText.\n")
    result = run_build(project, "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert ("content/pages/sub:1: warning: is a folder, and is not read: pages are files in content/pages/ itself"
            in result.stderr)


def test_two_pages_of_one_name_in_the_navigation_are_warned_of(project, tmp_path):
    (project / "content/pages/law-again.md").write_text("---\ntitle: The law\norder: 9\n---\nText [@nsl-in-force].\n")
    result = run_build(project, "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert re.search(r"^content/pages/law(-again)?\.md:1: warning: shows in the navigation as 'The law', as "
                     r"content/pages/law(-again)?\.md does: give one a 'nav' name of its own$", result.stderr, re.M)


def test_a_source_template_written_for_earlier_versions_still_renders_the_same(project, tmp_path):
    # Editors keep their own templates: the runs a source page marks are also listed by the segments themselves.
    assert run_build(project, "--out", str(tmp_path / "now")).returncode == 0
    template = project / "templates/source.html"
    template.write_text(template.read_text().replace('{% set marked = segments.marked %}',
                                                     '{% set marked = segments|selectattr("mark_id")|list %}'))
    assert run_build(project, "--out", str(tmp_path / "then")).returncode == 0
    for page in (tmp_path / "now/sources").rglob("index.html"):
        assert page.read_bytes() == (tmp_path / "then" / page.relative_to(tmp_path / "now")).read_bytes()


def test_a_link_in_a_claim_a_note_or_the_summary_leads_to_its_page_from_every_page_that_shows_it(project, tmp_path):
    # A claim has no page of its own: it is shown on the timeline's parts and the differences page, at
    # several depths, and its relative links name site addresses, from the site's root.
    law = project / "content/facts/law.yaml"
    law.write_text(law.read_text().replace(
        "claim: Hong Kong's National Security Law took effect on 30 June 2020.",
        "claim: Hong Kong's National Security Law took effect on 30 June 2020 (see [the law](law/) and "
        "[the sources](./sources/#main)).", 1))
    disputes = project / "content/disputes.yaml"
    disputes.write_text(disputes.read_text().replace("  note: ", "  note: See [the closure](closure/). ", 1))
    settings = project / "content/site.yaml"   # the summary too, shown on the home page and the sources page
    settings.write_text(settings.read_text().replace("[@closure-reason-nsl].", "[@closure-reason-nsl]; see "
                                                     "[the timeline](timeline/).", 1))
    site = tmp_path / "out"
    result = run_build(project, "--out", str(site))
    assert result.returncode == 0, result.stderr
    shown = {}
    for page in html_pages(site):
        for text, wanted in (("the law", "law/index.html"), ("the sources", "sources/index.html"),
                             ("the closure", "closure/index.html"), ("the timeline", "timeline/index.html")):
            for tag in soup(page).find_all("a", string=text):
                assert _resolve(site, page, urlsplit(tag["href"]).path) == site / wanted, (page, tag)
                shown.setdefault(text, set()).add(page.parent.relative_to(site).as_posix())
    # Shown two folders deep (the timeline's second part) and one (the differences page).
    assert "timeline/2" in shown["the law"] and shown["the sources"] == shown["the law"], shown
    assert "differences" in shown["the closure"], shown
    assert {".", "sources"} <= shown["the timeline"], shown


def test_a_link_in_a_claim_a_note_or_the_summary_to_no_page_is_warned_of_at_its_line(project, tmp_path):
    law = project / "content/facts/law.yaml"
    text = law.read_text()
    claim = "  claim: Hong Kong's National Security Law took effect on 30 June 2020."
    law.write_text(text.replace(claim, claim[:-1] + " (see [the law](../law/), [gone](nowhere/) and [fine](law/)).", 1))
    claim_line = text.splitlines().index(claim) + 1
    disputes = project / "content/disputes.yaml"
    text = disputes.read_text()
    disputes.write_text(text.replace("  note: ", "  note: See [c](gone/). ", 1))
    note_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("  note: "))
    settings = project / "content/site.yaml"
    text = settings.read_text()
    settings.write_text(text.replace("[@closure-reason-nsl].", "[@closure-reason-nsl]; see [d](missing/).", 1))
    summary_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("summary:"))
    page = project / "content/pages/law.md"   # a page's own links start from the page
    page.write_text(page.read_text() + "\nOut of the site [x](../../law/), and [in](../closure/) it.\n")
    page_line = page.read_text().count("\n")
    result = run_build(project, "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "leads to no page of the site" in line]
    # '../law/' climbs out of the site, which a site served under a path ('/explainer/') would not survive.
    assert sorted(line.split(" (")[0] for line in warned) == [
        f"content/disputes.yaml:{note_line}: warning: dispute 'regional-office-location': the link to 'gone/' leads to "
        "no page of the site",
        f"content/facts/law.yaml:{claim_line}: warning: fact 'nsl-in-force': the link to '../law/' leads to no page "
        "of the site",
        f"content/facts/law.yaml:{claim_line}: warning: fact 'nsl-in-force': the link to 'nowhere/' leads to no page "
        "of the site",
        f"content/pages/law.md:{page_line}: warning: the link to '../../law/' leads to no page of the site",
        f"content/site.yaml:{summary_line}: warning: field 'summary': the link to 'missing/' leads to no page of the "
        "site"], result.stderr
    assert all("links start from the site's root" in line for line in warned if "pages/law.md" not in line)
