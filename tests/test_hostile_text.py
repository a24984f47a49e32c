"""Whatever text a seed or an editor supplies, nothing in it can run in a reader's browser."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from hypothesis import assume, given, settings, strategies as st

from conftest import html_pages, run_build, timeline_page
from explainer.ingest import split_articles
from explainer.quotes import clean_text, find_quote, fold, negated_start, normalise, widen_to_word

HOSTILE_SEED = """Hostile headline <script>alert(1)</script>

By Mallory Evil

<https://evil.example/article>

A paragraph with <script>alert("seed")</script> inside it and <img src=x onerror=alert(2)> too.

A [link](javascript:alert(3)) and <a href="javascript:alert(4)">another</a> and <!-- a comment --> here.

A <style>body{display:none}</style> block and an <iframe src="https://evil.example"></iframe>.
"""

DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


def assert_inert(site):
    checked = 0
    for page in html_pages(site):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in doc.find_all("script"):
            assert script.get("type") == "application/ld+json" or (script.get("src", "").startswith(
                ("assets/", "../assets/", "../../assets/", "/assets/")) and not script.string), (page, script)
        for tag in doc.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (page, tag)
                if name in ("href", "src", "action", "formaction"):
                    assert not DANGEROUS_URL.match(value) or value.startswith("data:,"), (page, tag)
        for tag in ("iframe", "object", "embed", "style", "img", "form", "base"):
            assert doc.find(tag) is None, (page, tag)
        checked += 1
    return checked


def test_hostile_seed_is_shown_as_text(project):
    (project / "seeds/hostile.txt").write_text(HOSTILE_SEED)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "no entry in content/sources.yaml" in result.stderr      # a new seed builds, with a warning
    assert assert_inert(project / "dist") >= 14
    page = (project / "dist/sources/hostile/index.html").read_text()
    doc = BeautifulSoup(page, "html.parser")
    text = doc.find("div", class_="article").get_text(" ")
    assert '<script>alert("seed")</script>' in text and "<img src=x onerror=alert(2)>" in text
    assert "<!-- a comment -->" in text


def test_hostile_markdown_in_claims_and_pages_cannot_inject(project):
    law = project / "content/facts/law.yaml"
    law.write_text(law.read_text().replace(
        "claim: Hong Kong's National Security Law took effect on 30 June 2020.",
        "claim: 'The law <script>alert(1)</script> <b onclick=\"x()\">took</b> effect on 30 June 2020.'", 1))
    page = project / "content/pages/law.md"
    page.write_text(page.read_text() + '\n<div onmouseover="alert(1)">raw</div> <img src=x onerror=alert(1)>\n'
                    "[ok](https://example.org) [@nsl-in-force]\n")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert_inert(project / "dist")
    shown = timeline_page(project / "dist", "nsl-in-force").read_text()     # where the claim is shown, escaped
    assert "The law &lt;script&gt;alert(1)&lt;/script&gt;" in shown
    html = (project / "dist/law/index.html").read_text()
    doc = BeautifulSoup(html, "html.parser")
    external = doc.find("a", href="https://example.org")
    assert external["rel"] == ["noopener", "noreferrer"]


def test_a_relative_link_that_spells_a_script_stays_a_file_of_the_site(project):
    # The summary and claims read their links from the site's root: './javascript:alert(1)' names a file
    # there, as Markdown's guard reads it, and is never written out as the script it spells.
    settings = project / "content/site.yaml"
    settings.write_text(settings.read_text().replace("[@closure-reason-nsl].",
                                                     "[@closure-reason-nsl] [a](./javascript:alert(1)).", 1))
    law = project / "content/facts/law.yaml"
    law.write_text(law.read_text().replace("claim: Hong Kong's National Security Law took effect on 30 June 2020.",
                                           "claim: 'The law [took](./javascript:alert(2)) effect on 30 June 2020.'", 1))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert assert_inert(project / "dist") > 10
    assert 'href="./javascript:alert(1)"' in (project / "dist/index.html").read_text()


RLO, PDF = "\u202e", "\u202c"   # right-to-left override; pop directional formatting


def test_a_direction_override_left_open_is_closed_where_its_value_ends(project):
    page = project / "content/pages/law.md"
    page.write_text(page.read_text().replace("title: The law", f"title: The law {RLO}weivrevo", 1))
    entries = project / "content/sources.yaml"
    entries.write_text(entries.read_text().replace("outlet: Hong Kong Free Press", f"outlet: Hong Kong {RLO}sserP", 1))
    (project / "seeds/turned.txt").write_text(f"A headline {RLO}denrut\n\nBy Ann Lee\n\nA paragraph of the article.\n")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    doc = BeautifulSoup((project / "dist/law/index.html").read_text(encoding="utf-8"), "html.parser")
    # The site's name after the page's title in the browser's tab reads as written.
    assert doc.title.string == f"The law {RLO}weivrevo{PDF} · Why Amnesty left Hong Kong"
    outlets = {cite.get_text() for cite in doc.select(".citations cite")}
    assert f"Hong Kong {RLO}sserP{PDF}" in outlets
    source = BeautifulSoup((project / "dist/sources/turned/index.html").read_text(encoding="utf-8"), "html.parser")
    assert source.title.string.startswith(f"A headline {RLO}denrut{PDF} · ")   # as a seed names itself
    # What is compared with a source is kept exactly: every quote still verified, and the real
    # site's text is unchanged wherever no control was added.
    assert "Why Amnesty left Hong Kong" in (project / "dist/index.html").read_text(encoding="utf-8")


def test_a_direction_override_in_an_article_never_reaches_a_slice_of_it(project):
    # A footnote shows a slice of a paragraph: one holding an override and not its end turned the quote beside
    # it around ("resigned in string .disgrace today").
    (project / "seeds/turned.txt").write_text(f"A headline\n\nBy Ann Lee\n\nThe minister said the vote was over "
                                              f"and {RLO}gnirts resigned in disgrace today.\n")
    law = project / "content/facts/law.yaml"
    law.write_text(law.read_text() + "\n- id: turned-fact\n  topic: law\n  claim: The minister resigned.\n"
                                     "  citations:\n    - source: turned\n      quote: resigned in disgrace today\n")
    page = project / "content/pages/law.md"
    page.write_text(page.read_text() + "\nThe minister resigned [@turned-fact].\n")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    for path in ("law/index.html", "sources/turned/index.html"):
        html = (project / "dist" / path).read_text(encoding="utf-8")
        assert "gnirts" in html and "resigned in disgrace today" in html and RLO not in html, path


def test_direction_controls_that_close_what_they_open_are_left_as_written():
    from explainer.schema import closed_directions

    rle, lri, pdi = "\u202b", "\u2067", "\u2069"
    assert closed_directions("plain") == "plain"
    assert closed_directions(f"a {rle}b{PDF} c") == f"a {rle}b{PDF} c"
    assert closed_directions(f"a {lri}b{RLO}c{pdi} d") == f"a {lri}b{RLO}c{pdi} d"   # the isolate closes both
    assert closed_directions(f"a {RLO}b") == f"a {RLO}b{PDF}"
    assert closed_directions(f"a {lri}b{RLO}c") == f"a {lri}b{RLO}c{PDF}{pdi}"
    assert closed_directions(f"a{PDF}{pdi}") == f"a{PDF}{pdi}"   # a stray closer opens nothing


# As a browser reads them, each of these is a javascript: or data: link.
UNSAFE_URLS = ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,x",
               "vbscript:msgbox", "&#x6A;avascript&#x3A;alert(1)", "&#106;avascript:alert(1)",
               "javascript&colon;alert(1)", "java&#9;script:alert(1)", "jav&#x0A;ascript:alert(1)", "http://[oops")


def test_javascript_links_in_pages_are_refused_at_their_line(project):
    page = project / "content/pages/law.md"
    original = page.read_text()
    line = original.count("\n") + 2
    for url in UNSAFE_URLS:
        page.write_text(original + f"\n[x](<{url}>) [@nsl-in-force]\n")
        result = run_build(project, "check")
        assert result.returncode == 1, url
        assert f"content/pages/law.md:{line}: link to '" in result.stderr, (url, result.stderr)
        assert "is not allowed: use http, https, mailto or a relative link" in result.stderr, url
    page.write_text(original)


def test_javascript_links_in_claims_and_dispute_notes_are_refused(project):
    law = project / "content/facts/law.yaml"
    text = law.read_text()
    line = text.splitlines().index("  claim: Hong Kong's National Security Law took effect on 30 June 2020.") + 1
    for url in UNSAFE_URLS[5:]:
        law.write_text(text.replace("claim: Hong Kong's National Security Law took effect on 30 June 2020.",
                                    f"claim: 'The law took [effect](<{url}>) on 30 June 2020.'", 1))
        result = run_build(project, "check")
        assert result.returncode == 1, url
        assert f"content/facts/law.yaml:{line}: fact 'nsl-in-force': link to '{url}' is not allowed" \
            in result.stderr, (url, result.stderr)
    law.write_text(text)
    disputes = project / "content/disputes.yaml"
    text = disputes.read_text()
    disputes.write_text(text.replace("  note: ", "  note: See [this](javascript:alert(1)). ", 1))
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("  note: "))
    result = run_build(project, "check")
    assert result.returncode == 1, result.stderr
    assert f"content/disputes.yaml:{line}: dispute 'regional-office-location': link to 'javascript:alert(1)' is not " \
           "allowed" in result.stderr, result.stderr


def test_a_link_to_another_host_without_a_scheme_is_an_outside_link(project):
    page = project / "content/pages/law.md"
    # A browser takes a backslash for a slash: '/\\example.org/' is another site too.
    page.write_text(page.read_text() + "\n[elsewhere](//example.org/x) [@nsl-in-force] [there](/\\\\example.net/y)\n")
    assert run_build(project).returncode == 0
    doc = BeautifulSoup((project / "dist/law/index.html").read_text(), "html.parser")
    assert doc.find("a", href="//example.org/x")["rel"] == ["noopener", "noreferrer"]
    # Written with the slash a browser reads it as: a backslash is no character of a valid URL.
    assert doc.find("a", href="//example.net/y")["rel"] == ["noopener", "noreferrer"]


def test_the_real_site_is_inert_and_locked_down(site):
    assert_inert(site)
    for page in html_pages(site):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        csp = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        policy = dict((d.split()[0], d.split()[1:]) for d in csp.split(";") if d.strip())
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"] and "'unsafe-inline'" not in policy.get("script-src", [])
        assert doc.find("meta", attrs={"name": "referrer"})
        for link in doc.find_all("a", href=re.compile(r"^https?://")):
            assert link.get("rel") == ["noopener", "noreferrer"] or "license" in link.get("rel", []), link


# Property-based tests: ingestion never raises, quoting is exact, normalising is stable.

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_ingestion_never_raises_on_any_text(text):
    for article in split_articles(text):
        for paragraph in article.paragraphs:
            assert paragraph.text == paragraph.text.strip() and "\n" not in paragraph.text


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=300), st.integers(0, 300), st.integers(1, 80))
def test_any_passage_of_whole_words_of_a_paragraph_verifies(raw, start, length):
    paragraph = clean_text(raw)
    if not paragraph:
        return
    start = start % len(paragraph)
    end = min(start + length, len(paragraph))
    start, end = widen_to_word(paragraph, start, end)   # a quote may not begin or end inside a word
    passage = paragraph[start:end].strip()
    if not passage or "..." in passage or "…" in passage:
        return    # an ellipsis in a quote means a gap, by design
    at = paragraph.index(passage, start)
    if negated_start(paragraph, ((at, at + len(passage)),)):
        return    # by design: "是罪犯" ("is a criminal") is no quote of "不是罪犯" ("is not a criminal")
    assert find_quote(passage, [fold(paragraph)])


WORDS = st.lists(st.sampled_from("the law was imposed by Beijing on Hong Kong in June 2020 amid protests".split()),
                 min_size=6, max_size=30)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.data())
def test_a_changed_word_does_not_verify(words, data):
    paragraph = " ".join(words)
    start = data.draw(st.integers(0, len(words) - 3))
    end = data.draw(st.integers(start + 2, len(words)))
    # Digits grouped by a space are one number ("1 200"): a quote may not end between two of them.
    assume(not any(0 < cut < len(words) and words[cut - 1].isdigit() and words[cut].isdigit() for cut in (start, end)))
    quoted = words[start:end]
    at = data.draw(st.integers(0, len(quoted) - 1))
    changed = quoted[:at] + [quoted[at] + "x"] + quoted[at + 1:]
    assert find_quote(" ".join(quoted), [fold(paragraph)])
    assert not find_quote(" ".join(changed), [fold(paragraph)])


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_normalising_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_folding_keeps_offsets(text):
    clean = clean_text(text)
    assert len(fold(clean)) == len(clean)


def test_a_direction_control_left_open_in_a_page_or_an_address_is_refused(project):
    # Left open, each would turn around the text after it: a note's mark, the claims beside it, the address shown.
    page = project / "content/pages/law.md"
    page.write_text(page.read_text() + f"\nA sentence {RLO}gnp.exe of the page [@nsl-in-force].\n\n"
                    "Another &#x202E;gnp.exe written as a reference,\nover two lines [@nsl-in-force].\n\n"
                    "Arabic text in an isolate &#x2067;\u0644\u0627 \u0644\u0644\u0642\u0627\u0646\u0648\u0646\n"
                    "&#x2069; closed on the next line of its paragraph [@nsl-in-force].\n")
    entries = project / "content/sources.yaml"
    entries.write_text(entries.read_text().replace("      outlet: Redaction Politics\n",
                                                   f'      outlet: Redaction Politics\n      url: "https://a.example/{RLO}x"\n', 1))
    result = run_build(project)
    assert result.returncode == 1
    lines = page.read_text().split("\n")
    first = lines.index(f"A sentence {RLO}gnp.exe of the page [@nsl-in-force].") + 1
    # Only the first open one stops the page; it is named at its paragraph's first line.
    assert f"content/pages/law.md:{first}: opens an invisible direction control" in result.stderr
    assert "content/sources.yaml:" in result.stderr and "holds an invisible character (U+202E)" in result.stderr
    page.write_text("\n".join(lines[:first - 1] + lines[first + 1:]))
    entries.write_text(entries.read_text().replace(f'      url: "https://a.example/{RLO}x"\n', ""))
    second = page.read_text().split("\n").index("Another &#x202E;gnp.exe written as a reference,") + 1
    result = run_build(project, "check")
    assert f"content/pages/law.md:{second}: opens an invisible direction control" in result.stderr
    assert result.stderr.count("opens an invisible direction control") == 1   # the isolate closed in its paragraph


def test_a_direction_control_written_as_a_reference_in_a_claim_is_closed_where_the_claim_ends(project):
    facts = project / "content/facts/law.yaml"
    facts.write_text(facts.read_text().replace("claim: ", "claim: Hong Kong &#x202E;gnp.exe ", 1))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    timeline = "".join(p.read_text(encoding="utf-8") for p in (project / "dist/timeline").rglob("index.html"))
    shown = timeline[timeline.index("Hong Kong \u202egnp.exe"):]
    assert "\u202c" in shown[:shown.index("</")]   # closed before the claim's element ends


def test_a_seeds_address_that_would_read_as_another_is_not_shown(project):
    (project / "seeds/spoof.html").write_text(
        '<html><head><link rel="canonical" href="https://www.scmp.com@other.example/news"></head><body><article>'
        "<h1>Union disbands</h1><p>By Ann Lee</p><p>The union said it would disband this week.</p></article></body></html>")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "seeds/spoof.html:" in result.stderr and "holds a user name or password before its host" in result.stderr
    assert "other.example" not in (project / "dist/sources/spoof/index.html").read_text(encoding="utf-8")


def test_an_address_with_the_joiners_persian_writes_is_no_misleading_one(project):
    entries = project / "content/sources.yaml"
    entries.write_text(entries.read_text().replace("      outlet: Redaction Politics\n",
                                                   '      outlet: Redaction Politics\n      url: "https://fa.wikipedia.org/'
                                                   'wiki/\u0646\u06cc\u0645\u200c\u0641\u0627\u0635\u0644\u0647"\n', 1))
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
