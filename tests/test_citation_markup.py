"""A footnote marker stands in running text, and a claim or a note reads as one sentence.

A citation written where a marker cannot go (a link, an image, code) is refused at its line, as is text
holding the characters the build uses for markers while Markdown converts a page; block Markdown in a
claim or a dispute's note is shown as the text of that one sentence. Never is the HTML broken.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings, strategies as st

from conftest import run_build, timeline_page
from explainer.site import links_from
from explainer.citations import Citer, inline_html
from explainer.markup import Markup, escaped
from explainer.problems import Problems
from explainer.records import Fact

LAW_PAGE = "content/pages/law.md"
MISPLACED = "a citation cannot stand inside a link, an image or code; put it after the link"
BLOCKS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "hr", "div"]


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:
    shutil.copytree(built_project, tmp_path / "project", symlinks=True)
    return tmp_path / "project"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def add_to_law_page(project: Path, extra: str) -> int:
    """Append paragraphs to the law page; return the line of the first one."""
    page = project / LAW_PAGE
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n" + extra + "\n", encoding="utf-8")
    return text.count("\n") + 2


def refused(project: Path, *lines: tuple[int, str]) -> str:
    """Build, and check the build stops at each (line, message) and leaves dist/ as it was."""
    before = snapshot(project / "dist")
    result = run_build(project)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    for line, message in lines:
        assert f"{LAW_PAGE}:{line}: {message}" in result.stderr.splitlines(), result.stderr
    assert snapshot(project / "dist") == before
    return result.stderr


def markers_in_place(html: str) -> list:
    """Return the page's footnote markers, checking each stands in text: not in a tag, a link or code."""
    assert "\ue000" not in html and "\ue001" not in html
    doc = BeautifulSoup(html, "html.parser")
    for tag in doc.find_all(True):
        for value in tag.attrs.values():
            assert "<a class=" not in (" ".join(value) if isinstance(value, list) else value), tag
    markers = doc.select("a.fn")
    for marker in markers:
        assert marker.find_parent(["a", "code", "pre"]) is None, marker.parent
    return markers


@pytest.mark.parametrize("where, text, below", [
    ("a link's address", "See [the report](https://example.com/a[@nsl-in-force]b).", 0),
    ("a link's title", 'See [the report](https://example.com "the report [@nsl-in-force]").', 0),
    ("a link's text", "See [the report [@nsl-in-force]](https://example.com).", 0),
    ("an image's alt text", "See ![a chart [@nsl-in-force] of it](chart.png).", 0),
    ("an image's address", "See ![a chart](chart[@nsl-in-force].png).", 0),
    ("a code span", "Write `[@nsl-in-force]` to cite it.", 0),
    ("a code block", "Write this:\n\n    The law [@nsl-in-force]", 2),
    ("an automatic link", "See <https://example.com/[@nsl-in-force]>.", 0),
    ("a link definition", "See [the report][r] [@nsl-in-force].\n\n[r]: https://example.com/[@nsl-in-force]", 2),
])
def test_a_citation_where_a_marker_cannot_go_is_refused_at_its_line(project, where, text, below):
    line = add_to_law_page(project, text)
    refused(project, (line + below, MISPLACED))


def test_each_misplaced_citation_is_reported_among_well_placed_ones(project):
    line = add_to_law_page(project, "Fine [@nsl-in-force].\n\nSee [it](https://example.com/[@nsl-offences]).\n\n"
                                    "Fine again [@nsl-in-force], then `[@nsl-in-force]`.")
    stderr = refused(project, (line + 2, MISPLACED), (line + 4, MISPLACED))
    assert f"{LAW_PAGE}:{line}: " not in stderr


def test_a_citation_beside_links_images_and_code_is_a_marker(project):
    add_to_law_page(project, "See [the report](https://example.com \"a title\") [@nsl-in-force], `code` "
                             "[@nsl-offences] and *stressed [@nsl-in-force]*.\n\n## Heading [@nsl-offences]\n\n"
                             "- an item [@nsl-in-force]\n\n> quoted [@nsl-offences]\n\n    code\n\nAfter [@nsl-in-force].")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "dist/law/index.html").read_text(encoding="utf-8")
    doc = BeautifulSoup(html, "html.parser")
    assert doc.find("a", href="https://example.com", title="a title").get_text() == "the report"
    assert len(markers_in_place(html)) >= 7


@pytest.mark.parametrize("text, code", [("Private use \ue00037\ue001 here [@nsl-in-force].", "E000"),
                                        ("What would be the first marker: \ue0000\ue001 [@nsl-in-force].", "E000"),
                                        ("Half of one \ue001 [@nsl-in-force].", "E001")])
def test_the_characters_markers_are_made_of_are_refused_in_a_page(project, text, code):
    line = add_to_law_page(project, "Fine [@nsl-in-force].\n\n" + text)
    stderr = refused(project, (line + 2, f"the private-use character U+{code} is not allowed in the text: delete it"))
    assert f"{LAW_PAGE}:{line}: " not in stderr


CLAIM = "  claim: Hong Kong's National Security Law took effect on 30 June 2020.\n"


@pytest.mark.parametrize("claim", [
    "  claim: |-\n    Hong Kong's National Security Law took effect\n\n    # on 30 June 2020\n\n    - as a list item\n\n"
    "    > and a quote, [see](https://example.com).\n",
    "  claim: \"1. Hong Kong's National Security Law took effect on 30 June 2020.\"\n",
    "  claim: |-\n    Hong Kong's National Security Law took effect\n    ===\n",
])
def test_block_markdown_in_a_claim_reads_as_one_sentence(project, claim):
    law = project / "content/facts/law.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace(CLAIM, claim, 1), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    doc = BeautifulSoup(timeline_page(project / "dist", "nsl-in-force").read_text(encoding="utf-8"), "html.parser")
    [shown] = doc.select("#event-nsl-in-force p")
    assert shown.find(BLOCKS) is None, shown
    assert "Hong Kong's National Security Law took effect" in shown.get_text()
    if "# on" in claim:
        assert re.sub(r"\s+", " ", shown.get_text()).startswith(
            "Hong Kong's National Security Law took effect # on 30 June 2020 - as a list item > and a quote, see.")
        assert shown.find("a", href="https://example.com")


def test_block_markdown_in_a_dispute_note_reads_as_one_sentence(project):
    disputes = project / "content/disputes.yaml"
    text = disputes.read_text(encoding="utf-8")
    disputes.write_text(re.sub(r"(?m)^  note: (.*)$", lambda m: "  note: |-\n    # Heading\n\n    - " + m.group(1),
                               text, count=1), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    doc = BeautifulSoup((project / "dist/differences/index.html").read_text(encoding="utf-8"), "html.parser")
    note = doc.select("p.note")[0]
    assert note.find(BLOCKS) is None, note
    assert re.sub(r"\s+", " ", note.get_text()).startswith("Editors’ note: # Heading - ")


# Whatever an editor writes around citations, each marker lands in text or the citation is refused.
PIECES = ["[@a]", "[@a]", "words ", " ", "\n", "\n\n", "    ", "[", "]", "(", ")", "](https://x.example/", "![",
          "`", "*", "<", ">", "<https://x.example/", '"', " \"t ", "[r]: ", "[r]", "# ", "- ", "> ", "1. ", "\\"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_a_marker_lands_in_text_or_its_citation_is_refused(text):
    fact = Fact("a", "law", "A claim.", None, (), "facts.yaml", 1)
    citer = Citer({"a": fact}, Markup(), {"a": ["d"]}, lambda dispute_id: "#" + dispute_id, {"a"})
    problems = Problems()
    html = str(citer.render(text, "page.md", 1, problems))
    markers = markers_in_place(html)
    refused = [p for p in problems.errors if p.message == MISPLACED]
    written = [at for at in range(len(text)) if text.startswith("[@a]", at) and not escaped(text, at)]
    assert len(markers) + len(refused) == len(written), (html, problems.errors)


def test_an_escaped_citation_is_the_text_it_writes():
    fact = Fact("a", "law", "A claim.", None, (), "facts.yaml", 1)
    citer = Citer({"a": fact}, Markup(), {}, lambda dispute_id: "#" + dispute_id, {"a"})
    problems = Problems()
    html = str(citer.render("Written \\[@a] and cited [@a], escaped \\[@ too.", "page.md", 1, problems))
    assert not problems.errors
    assert html.startswith("<p>Written [@a] and cited <a class=\"fn\"") and html.count('class="fn"') == 1
    assert "escaped [@ too." in html


def test_a_note_cited_from_more_places_than_letters_names_each_place_once():
    fact = Fact("a", "law", "A claim.", None, (), "facts.yaml", 1)
    citer = Citer({"a": fact}, Markup(), {}, lambda dispute_id: "#" + dispute_id, {"a"})
    citer.render(" ".join(["Cited [@a]."] * 30), "page.md", 1, Problems())
    [note] = citer.footnotes()
    letters = [letter for _, letter in note.backrefs]
    assert len(set(letters)) == 30 and letters[:3] == ["a", "b", "c"] and letters[25:28] == ["z", "aa", "ab"]


def shown_from(page_url: str, text: str) -> str:
    """The HTML of a claim `text`, as the page at `page_url` shows it."""
    return str(inline_html(Markup(), text, Problems(), "facts.yaml", 1, "fact 'a'", links_from(page_url)))


@pytest.mark.parametrize("text, address", [
    ("[the law](law/)", "law/"), ("[a note](sources/x/#p2)", "sources/x/#p2"), ("[home](./)", ""),
    ("![a map](assets/map.png)", "assets/map.png"), ("[a query](?q=1)", "?q=1")])
def test_a_claims_relative_link_names_a_site_address_from_the_root(text, address):
    for page in ("", "timeline/", "timeline/2/"):
        html = shown_from(page, text)
        href = re.search(r'(?:href|src)="([^"]*)"', html)[1]
        assert urljoin("https://h.example/site/" + page, href) == "https://h.example/site/" + address, (page, html)


@pytest.mark.parametrize("text", [
    "Write <me@example.org> or <mailto:me@example.org>", "[a](https://example.org/x)", "[a](/law/)", "[a](#top)",
    "Write `<a href=\"law/\">` in HTML", "Raw <img src=\"x.png\"> shown", 'say href="law/" here',
    '[say href="law/"](https://example.org/)'])
def test_what_names_no_site_address_is_shown_as_markdown_writes_it(text):
    assert shown_from("timeline/2/", text) == shown_from("", text) == Markup().inline(text)[0]


@pytest.mark.parametrize("text", [
    "[a](./javascript:alert(1))", "[a](./&#106;avascript:alert(1))", "![p](./https://evil.example/x.png)",
    "[a](.///evil.example/)", "[a](./mailto:x@evil.example)"])
def test_a_site_address_stays_one_wherever_it_is_shown(text):
    # Markdown's guard lets each through as relative, naming a file of the site; made a link from a page,
    # none may become a script, another site or a mail to send.
    for page in ("", "timeline/", "timeline/2/"):
        html = shown_from(page, text)
        address = unescape(re.search(r'(?:href|src)="([^"]*)"', html)[1])
        assert urljoin("https://h.example/site/" + page, address).startswith("https://h.example/site/"), (page, html)
