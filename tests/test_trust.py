"""Citations a reader can check: two-way links, corroboration, the timeline graphic, cite-this-page."""

from __future__ import annotations

import functools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, html_pages, run_build
from explainer.pipeline import build
from explainer.quotes import normalise

NARRATIVE = ["index.html", "law/index.html", "closure/index.html", "reactions/index.html", "about/index.html",
             "timeline/index.html", "differences/index.html"]


@functools.lru_cache(maxsize=None)
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def source_links(note):
    return [a for a in note.select(".by a") if "sources/" in a["href"]]


@pytest.mark.parametrize("name", NARRATIVE)
def test_every_footnote_has_its_highlight_that_links_back(site, name):
    page = site / name
    for note in soup(page).select("section.citations li"):
        for link in source_links(note):
            parts = urlsplit(link["href"])
            anchor, _, directive = parts.fragment.partition(":~:")
            target = (page.parent / parts.path / "index.html").resolve()
            paragraph = soup(target).find(id=anchor)
            marks = paragraph.find_all("mark")
            assert marks, f"{name} note {note['id']}: no highlight in {parts.path}#{anchor}"
            uses = paragraph.find_next_sibling("ul", class_="uses")
            backlinks = {(target.parent / urlsplit(a["href"]).path).resolve().as_posix() + "#" + urlsplit(a["href"]).fragment
                         for a in uses.find_all("a") if "#fn-" in a["href"]}
            own = (page.parent.resolve().as_posix()) + "#" + note["id"]
            assert own in backlinks, f"{name} {note['id']} not listed beside its highlight in {parts.path}"


def test_every_highlight_link_leads_to_an_existing_footnote(site):
    checked = 0
    for source in (site / "sources").glob("*/index.html"):
        for use in soup(source).select("ul.uses a[href*='#fn-']"):
            parts = urlsplit(use["href"])
            target = (source.parent / parts.path / "index.html").resolve()
            assert soup(target).find(id=parts.fragment) is not None, use["href"]
            checked += 1
    assert checked > 50


def test_text_fragments_name_the_quoted_words(site):
    page = site / "law/index.html"
    for link in soup(page).select("section.citations .by a[href*=':~:text=']"):
        parts = urlsplit(link["href"])
        anchor, _, directive = parts.fragment.partition(":~:text=")
        paragraph = soup((page.parent / parts.path / "index.html").resolve()).find(id=anchor).get_text(" ")
        for piece in directive.split(","):
            words = normalise(unquote(piece))
            assert re.sub(r"\s+", "", words) in re.sub(r"\s+", "", normalise(paragraph)), (words, anchor)


def test_corroboration_counts_outlets_not_the_aggregator():
    content = build(ROOT).content
    by_id = {f.id: f for f in content.facts}
    # HKFP and the Post reached us on one aggregator page, yet they are two outlets.
    two_from_one_page = [f for f in content.facts if {q.source.id for q in f.quotes} == {"hkfp", "scmp"}]
    assert two_from_one_page and all(len(f.outlets) == 2 for f in two_from_one_page)
    assert len(by_id["closure-announced"].outlets) == 3


def test_footnotes_say_how_many_outlets_support_the_fact(site):
    notes = soup(site / "law/index.html").select("section.citations li")
    texts = [n.select_one(".corroboration").get_text() for n in notes]
    assert all(re.fullmatch(r"1 outlet only|[2-9] independent outlets|1 report only, naming no outlet"
                            r"|1 outlet, plus 1 report naming no outlet|[2-9] outlets, plus 1 report naming no outlet", t)
               for t in texts), texts
    assert any(t == "1 outlet only" for t in texts) and any(t.endswith("independent outlets") for t in texts)


def test_a_report_naming_no_outlet_is_never_counted_as_independent(site):
    # The unattributed report may be any outlet's copy: a note says so rather than count it as independent.
    texts = {}
    for page in html_pages(site):
        for note in soup(page).select("section.citations li"):
            text = note.select_one(".corroboration").get_text() if note.select_one(".corroboration") else None
            sources = {a["href"].split("/sources/")[1].split("/")[0] for a in note.select("p.by a[href*='/sources/']")}
            if text and sources:
                texts[frozenset(sources)] = text
    assert texts[frozenset({"unattributed-report"})] == "1 report only, naming no outlet"
    assert texts[frozenset({"scmp", "unattributed-report"})] == "1 outlet, plus 1 report naming no outlet"
    assert texts[frozenset({"scmp", "hkfp", "unattributed-report"})] == "2 outlets, plus 1 report naming no outlet"
    assert texts[frozenset({"scmp", "hkfp"})] == "2 independent outlets"
    about = soup(site / "about/index.html").select_one("section.coverage p").get_text(" ")
    assert "by 3 named outlets and 1 unnamed one" in " ".join(about.split())


def test_uncited_fact_is_a_warning(project):
    with open(project / "content/facts/law.yaml", "a") as f:
        f.write('\n- id: lonely-fact\n  topic: law\n  claim: Nobody cites this.\n  citations:\n'
                '    - {source: scmp, quote: "Amnesty, which is based in London"}\n')
    result = run_build(project)
    assert result.returncode == 0
    assert re.search(r"^content/facts/law\.yaml:\d+: warning: fact 'lonely-fact' is not cited by any page$",
                     result.stderr, re.M)


def test_about_page_reports_coverage(site):
    coverage = soup(site / "about/index.html").select_one("section.coverage")
    text = coverage.get_text(" ")
    content = build(ROOT).content
    assert f"{len(content.facts)} facts rest on {sum(len(f.quotes) for f in content.facts)} quotes" in text
    rows = coverage.select("tbody tr")
    assert sum(int(r.find_all("td")[1].get_text()) for r in rows) == len(content.facts)


def test_prefix_picks_one_of_a_repeated_quote(project):
    law = project / "content/facts/law.yaml"
    text = law.read_text()
    ambiguous = text.replace('quote: "during the 2019 mass protests"', 'quote: "Hong Kong"', 1)
    law.write_text(ambiguous)
    result = run_build(project)
    assert result.returncode == 1 and "the quote occurs" in result.stderr
    law.write_text(text.replace('quote: "during the 2019 mass protests"',
                                'quote: "Hong Kong"\n      prefix: "death penalty in"', 1))
    result = run_build(project)
    assert result.returncode == 0, result.stderr


def test_a_wrong_prefix_is_named_as_what_is_wrong(project):
    law = project / "content/facts/law.yaml"
    law.write_text(law.read_text().replace('quote: "during the 2019 mass protests"',
                                           'quote: "during the 2019 mass protests"\n      prefix: "NOT THERE"', 1))
    result = run_build(project)
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if "during the 2019 mass protests" in line]
    assert re.search(r"quote found in source '[\w-]+' \(p\d+\) but not with that prefix/suffix: \"during the 2019 "
                     r"mass protests\"; there the words before it are \".+police\" and after it \"\S.*\"$", line), line
    assert "closest passage" not in line and "is in source" not in line


def test_a_quote_that_opens_with_its_quotation_mark_is_not_put_in_quotation_marks_again(project):
    closure = project / "content/facts/closure.yaml"
    closure.write_text(closure.read_text().replace('quote: "The noose seems', 'quote: "\\"The noose seems', 1))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    listed = [item.a.get_text() for item in soup(project / "dist/sources/scmp/index.html").select("ul.uses li")]
    assert any(text.startswith('"The noose') for text in listed), listed
    assert all(text.startswith(("“", '"')) and not text.startswith(("““", '“"')) for text in listed), listed


def test_disputed_sentences_link_to_their_dispute(site):
    for name in ("law/index.html", "closure/index.html"):
        marks = soup(site / name).select("a.disputed")
        assert marks
        for mark in marks:
            parts = urlsplit(mark["href"])
            target = ((site / name).parent / parts.path / "index.html").resolve()
            assert soup(target).find("section", id=parts.fragment) is not None, mark["href"]


def differences_pages(site):
    return [soup(p) for p in sorted((site / "differences").rglob("index.html"))]


def test_dispute_shows_each_account_with_its_verified_quote(site):
    content = build(ROOT).content
    pages = differences_pages(site)
    for dispute in content.disputes:
        [section] = [s for doc in pages for s in doc.find_all("section", id=dispute.id)]
        assert len(section.select("figure.account")) == len(dispute.accounts)
        assert section.select_one(".note")
        for account, figure in zip(dispute.accounts, section.select("figure.account")):
            assert normalise(account.passage) in normalise(figure.blockquote.get_text(" "))


def test_timeline_graphic_parses_and_links_every_dated_event(site):
    content = build(ROOT).content
    start = content.settings.timeline_start
    first = site / "timeline/index.html"
    svg = soup(first).find("svg")
    tree = ET.fromstring(str(svg))
    ns = "{http://www.w3.org/2000/svg}"
    assert tree.find(f"{ns}title").text and tree.find(f"{ns}desc").text
    links = [a.get("href") for a in tree.iter(f"{ns}a")]
    dated = [f for f in content.facts if f.date and (start is None or f.date >= start)]
    assert sorted(urlsplit(h).fragment for h in links) == sorted(f"event-{f.id}" for f in dated)
    for href in links:
        parts = urlsplit(href)
        target = (first.parent / parts.path / "index.html").resolve() if parts.path else first
        assert soup(target).find(id=parts.fragment) is not None, href
    parts = sorted((site / "timeline").rglob("index.html"), key=lambda p: len(p.parts))
    listed = [li["id"] for page in parts for li in soup(page).select("ol.timeline > li")]
    assert listed == [f"event-{f.id}" for f in sorted((f for f in content.facts if f.date), key=lambda f: (f.date, f.id))]


def test_every_page_ends_with_cite_this_page(site):
    for page in html_pages(site):
        cite = soup(page).select_one(".cite-this")
        assert cite and soup(page).find("h1").get_text() in cite.get_text()


def test_a_footnote_quoting_a_corrected_passage_shows_the_editors_note(site):
    corrected = 0
    for page in html_pages(site):
        if page.name == "404.html":   # its links start from the site's root, which a folder does not have
            continue
        for note in soup(page).select("section.citations li"):
            for quote in note.select("p.quote"):
                href = quote.find_next_sibling("p", class_="by").find("a")["href"]
                target = (page.parent / unquote(urlsplit(href).path)).resolve() / "index.html"
                anchor = urlsplit(href).fragment.split(":~:")[0]
                paragraph = soup(target).find(id=anchor)
                quoted = normalise(quote.q.get_text())
                marks = [m for m in paragraph.find_all("mark", class_="corrected")
                         if normalise(m.get_text()) in quoted or quoted in normalise(m.get_text())]
                shown = [p.get_text(" ", strip=True) for p in quote.find_next_siblings("p", class_="correction")]
                if marks:
                    corrected += 1
                    assert shown and all(s.startswith("Editors’ note:") for s in shown), (page, quoted)
    assert corrected >= 3   # the explainer quotes passages of the report its editors corrected


def test_a_corrected_passage_supports_nothing_and_the_open_data_says_so(project):
    corrected = "plans to close its Asia-Pacific headquarters in Beijing"
    note = "The headline, and every other source, put the regional office in Hong Kong, not Beijing."
    with open(project / "content/facts/law.yaml", "a") as f:
        f.write("\n- id: office-plan\n  topic: law\n  claim: Amnesty would close its office.\n  citations:\n"
                "    - {source: hkfp, quote: \"She said the NGO had pushed for the full abolition of the death penalty\"}\n"
                f"    - {{source: unattributed-report, quote: \"{corrected}\"}}\n"
                "\n- id: office-plan-alone\n  topic: law\n  claim: Amnesty would close its office.\n  citations:\n"
                f"    - {{source: unattributed-report, quote: \"{corrected}\"}}\n")
    page = project / "content/pages/law.md"
    page.write_text(page.read_text() + "\nIt would close its office [@office-plan] [@office-plan-alone].\n")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^content/facts/law\.yaml:\d+: warning: fact 'office-plan-alone' rests only on passages the "
                     r"editors corrected", result.stderr, re.M)
    notes = soup(project / "dist/law/index.html").select("section.citations li")
    counts = [n.select_one(".corroboration").get_text() for n in notes
              if corrected in n.get_text() and note in n.select_one("p.correction").get_text()]
    # Shown beside its note, the corrected passage is not counted as an outlet that supports the fact.
    assert sorted(counts) == ["1 outlet only", "no passage the editors stand by"]
    facts = {f["id"]: f for f in json.loads((project / "dist/data/facts.json").read_text())["facts"]}
    assert facts["office-plan"]["outlets"] == 1
    assert [c["corrections"] for c in facts["office-plan"]["citations"]] == [[], [note]]
    rows = (project / "dist/data/facts.csv").read_text().splitlines()
    assert rows[0].endswith(",quote,corrections") and any(row.startswith("office-plan,") and note in row for row in rows)
    sources = json.loads((project / "dist/data/sources.json").read_text())["sources"]
    notes = next(s for s in sources if s["id"] == "unattributed-report")["notes"]
    assert {"paragraph": 0, "note": "The text names no outlet and no author."} in notes
    assert any(n["note"] == note and n["paragraph"] > 0 for n in notes)
