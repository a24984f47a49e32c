"""Seeds become clean sources: the right metadata, the article's words, no page furniture."""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT
from explainer.ingest import (_PUNCTUATION, _STOPWORDS, guess_language, is_boilerplate, script_language,
                              split_articles, strip_markdown, word_counts)
from explainer.memo import Files, Memo
from explainer.pipeline import gather
from explainer.problems import Problems
from explainer.quotes import find_quote, fold
from explainer.seeds import read_seeds


@pytest.fixture(scope="module")
def sources():
    problems = Problems()
    content = gather(ROOT, problems)
    assert not problems.errors, problems.errors
    return {s.id: s for s in content.sources}


def text_of(source) -> str:
    return "\n".join(p.text for p in source.paragraphs)


def test_each_article_of_each_seed_becomes_a_source(sources):
    assert sorted(sources) == ["hkfp", "redaction-politics", "scmp", "unattributed-report"]
    assert sources["hkfp"].seed == sources["scmp"].seed == "002_c0fd5b8f8fdcc794.txt"


def test_seed_hash_is_recorded_from_the_file(sources):
    for source in sources.values():
        data = (ROOT / "seeds" / source.seed).read_bytes()
        assert source.seed_sha256 == hashlib.sha256(data).hexdigest()


def test_metadata_read_from_the_text(sources):
    hkfp, scmp = sources["hkfp"], sources["scmp"]
    assert hkfp.authors == ("Tom Grundy",)
    assert hkfp.url.startswith("https://hongkongfp.com/2021/10/25/")
    assert hkfp.date.iso == "2021-10-25"
    assert scmp.authors == ("Laura Westbrook",)
    assert scmp.url == ("https://scmp.com/news/hong-kong/politics/article/3153587/"
                        "national-security-law-amnesty-international-close-its-2")
    assert scmp.title.startswith("Amnesty International to close its 2 Hong Kong offices")
    assert sources["redaction-politics"].authors == ("James Moules",)
    assert sources["unattributed-report"].date.iso == "2021-10-25"
    assert all(s.language == "en" for s in sources.values())


def test_editors_entries_name_what_the_text_cannot(sources):
    assert sources["scmp"].outlet == "South China Morning Post"       # the page misspells it
    assert sources["redaction-politics"].outlet == "Redaction Politics"
    assert sources["unattributed-report"].outlet is None
    assert sources["hkfp"].via and sources["scmp"].via


@pytest.mark.parametrize("furniture", [
    "Leave a Reply", "WordPress.com", "Patreon", "Subscribe to stay updated", "Featured Image",
    "Search module is not installed", "Sommaire", "Connecting to %s", "keep up with our video content",
])
def test_boilerplate_is_dropped(sources, furniture):
    assert all(furniture not in text_of(s) for s in sources.values())


def test_markdown_syntax_is_removed(sources):
    for source in sources.values():
        text = text_of(source)
        assert "**" not in text and "](" not in text and "*“" not in text and "<http" not in text


def test_paragraph_broken_mid_sentence_is_joined(sources):
    joined = [p for p in sources["hkfp"].paragraphs if "who had worked for 40 years" in p.text]
    assert len(joined) == 1
    assert joined[0].text.endswith("“to protect human rights in and from Hong Kong.”")


def test_articles_keep_their_own_paragraphs(sources):
    assert "Kyle Ward" not in text_of(sources["hkfp"])
    assert "Kyle Ward" in text_of(sources["scmp"])
    assert "Human Rights Watch also left the city" in text_of(sources["hkfp"])


def test_a_seed_without_byline_is_one_article():
    articles = split_articles("A headline\n\n12.03.2022\n\nThe first paragraph.\n\nThe second.\n")
    assert len(articles) == 1
    assert articles[0].title == "A headline"
    assert articles[0].date.iso == "2022-03-12"
    assert [p.text for p in articles[0].paragraphs] == ["A headline", "The first paragraph.", "The second."]


def test_two_bylines_make_two_articles():
    text = ("# Page\n\n**First story**\n\nby Ann Lee (Daily One)\n\nOne.\n\n"
            "## Second story\n\nBy Bo Chan and Cy Dee\n\n<https://two.example/x>\n\nTwo.\n")
    first, second = split_articles(text)
    assert (first.title, first.authors, first.outlet) == ("First story", ("Ann Lee",), "Daily One")
    assert (second.title, second.authors, second.url) == ("Second story", ("Bo Chan", "Cy Dee"), "https://two.example/x")
    assert [p.text for p in second.paragraphs] == ["Second story", "Two."]


def test_a_title_above_a_dateline_and_byline_heads_its_article():
    text = ("Group to close its offices\n\n25 October 2021\n\nBy Jane Doe (Example News)\n\n"
            "The group said on Monday it would close its two offices.\n\nIt cited the law.\n")
    [article] = split_articles(text)
    assert (article.title, article.authors, article.outlet) == ("Group to close its offices", ("Jane Doe",),
                                                                "Example News")
    assert article.date.iso == "2021-10-25"
    assert [p.text for p in article.paragraphs] == ["Group to close its offices",
                                                    "The group said on Monday it would close its two offices.",
                                                    "It cited the law."]


def test_the_last_line_of_an_article_is_not_taken_for_the_next_ones_title():
    text = ("First headline\n\nBy Ann Lee (Paper A)\n\nOne paragraph.\n\nHe said: \u201cWe will leave\u201d\n\n"
            "26 October 2021\n\nBy Bob Roe (Paper B)\n\nTwo paragraph.\n")
    first, second = split_articles(text)
    assert [p.text for p in first.paragraphs][-1] == "He said: \u201cWe will leave\u201d"
    assert (second.title, second.date.iso) == ("", "2021-10-26")


def test_a_sentence_that_starts_with_by_is_no_byline():
    text = ("Group to close\n\nBy Jane Doe (Example News)\n\nThe group said it would close.\n\n"
            "By the end of October, the local section will have stopped all work.\n\nBy 2021, it had left.\n\n"
            "By Friday - the court said - it was gone.\n\nWritten by hand, the note was short.\n")
    [article] = split_articles(text)
    assert article.authors == ("Jane Doe",)
    assert [p.text for p in article.paragraphs][-4:] == [
        "By the end of October, the local section will have stopped all work.", "By 2021, it had left.",
        "By Friday - the court said - it was gone.", "Written by hand, the note was short."]


def test_strip_markdown_keeps_words():
    assert strip_markdown("**Bold** and *it* [link](https://x.y/(a)) \\(esc\\)") == "Bold and it link (esc)"


def _guess_from_joined_text(texts):
    """The language guess as first written: one count over all the texts joined."""
    words = " ".join(texts).lower().translate(_PUNCTUATION).split()
    if len(words) < 8:
        return None
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in stop) for lang, stop in _STOPWORDS.items()}
    lang, best = max(sorted(scores.items()), key=lambda item: item[1])
    return lang if best >= max(2, len(words) // 25) else None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("the and le de é—«»“”’'.,-/\t\n\u00a0\u2028\x1cÜΣς"))) | st.text())
def test_words_are_counted_alike_in_any_script(text):
    """ASCII text is split by a translation table, the rest by a pattern: the same words either way."""
    words = text.lower().translate(_PUNCTUATION).split()
    assert word_counts(text) == (len(words), *(sum(words.count(w) for w in _STOPWORDS[lang]) for lang in sorted(_STOPWORDS)))


@pytest.mark.parametrize("texts", [
    [], [""], ["The cat and the dog said that it was in the house."],
    ["Le chat et la souris sont dans la maison pour que tout le monde le voie."],
    ["Der Hund und die Katze", "sind nicht mit dem Ball auf den Tisch."],
    ["que que que que", "el los le la"],                                   # a tie: the first language wins
    ["ΟΔΟΣ ΣΑΣ", "The «end» of the—road, and to the", "Σ the and of to in"],  # final sigma at a boundary
    ["El perro y los gatos del barrio, por la calle con una pelota para ellos."] * 3,
])
def test_language_from_paragraph_counts_is_the_language_of_the_joined_text(texts):
    assert guess_language([word_counts(t) for t in texts]) == _guess_from_joined_text(texts)


def test_markdown_export_with_front_matter():
    text = ("---\ntitle: \"Rights group leaves\"\nauthor: [Ann Lee, Bo Chan]\ndate: 2021-10-26\n"
            "url: https://news.example/rights\npublisher: Example News\n---\n\nThe group said it would go.\n\n"
            "It gave the law as its reason.\n")
    [article] = split_articles(text)
    assert article.title == "Rights group leaves" and article.authors == ("Ann Lee", "Bo Chan")
    assert article.date.iso == "2021-10-26" and article.url == "https://news.example/rights"
    assert article.outlet == "Example News"
    assert [p.text for p in article.paragraphs] == ["Rights group leaves", "The group said it would go.",
                                                    "It gave the law as its reason."]
    assert article.paragraphs[1].line == 9     # lines count from the top of the file


@pytest.mark.parametrize("front", [
    "title: Rights group leaves\nauthor: Ann Lee\ndate: 2021-10-26\n...",   # closed as YAML ends a document
    "title: Rights group leaves\nauthor:\n  name: Ann Lee\npubDate: \"Tue, 26 Oct 2021 09:00:00 +0800\"\n---",
    "title: Rights group leaves\nauthors:\n  - name: Ann Lee\npublishedAt: 2021-10-26T01:00:00Z\n---",
])
def test_front_matter_in_other_exporters_shapes_is_read_as_metadata(front):
    [article] = split_articles(f"---\n{front}\n\nThe group said it would go.\n")
    assert (article.title, article.authors, article.date.iso) == ("Rights group leaves", ("Ann Lee",), "2021-10-26")
    assert [p.text for p in article.paragraphs] == ["Rights group leaves", "The group said it would go."]


@pytest.mark.parametrize("key", ["canonical_url", "canonicalURL"])
def test_a_markdown_exports_canonical_address_is_its_address(key):
    # As Ghost and Medium exports, and Hugo front matter, name the article's address of record.
    [article] = split_articles(f"---\ntitle: Rights group leaves\n{key}: https://news.example/rights\n---\n\n"
                               "The group said it would go.\n")
    assert article.url == "https://news.example/rights"


def test_html_article_reads_its_metadata_and_drops_the_page_around_it(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/page.html").write_text(
        '<html><head><title>Site | Story</title><meta property="og:title" content="Group leaves the city">'
        '<meta name="author" content="Ann Lee"><meta property="article:published_time" content="2021-10-25T08:00:00Z">'
        '<meta property="og:site_name" content="Example News"><link rel="canonical" href="https://news.example/a">'
        '<script>track()</script></head><body><nav>Home | World</nav><article><h1>Group leaves the city</h1>'
        '<p>The group said on Monday it would <b>close</b> its office.</p><p>Subscribe to our newsletter</p>'
        '</article><footer>(c) Example</footer></body></html>')
    problems = Problems()
    [seed] = read_seeds(tmp_path, problems, Memo(), Files(tmp_path))
    [article] = split_articles(seed.text)
    assert (article.title, article.authors, article.outlet) == ("Group leaves the city", ("Ann Lee",), "Example News")
    assert article.date.iso == "2021-10-25" and article.url == "https://news.example/a"
    texts = [p.text for p in article.paragraphs]
    assert texts == ["Group leaves the city", "The group said on Monday it would close its office."]


def test_an_html_article_is_titled_by_its_headline_and_a_title_keeps_its_words_apart(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/a.html").write_text(
        "<html><head><title>A <b>bold</b> move | Example</title></head><body><article><h1>Group <em>leaves</em> "
        "the city</h1><p>By Joe Bloggs</p><p>Some text long enough to be the article itself.</p></article></body></html>")
    (tmp_path / "seeds/b.html").write_text(
        "<html><head><title>A <b>bold</b> move | Example</title></head><body><p>Text with no headline at all, "
        "long enough to be an article.</p></body></html>")
    found = {seed.name: split_articles(seed.text)[0]
             for seed in read_seeds(tmp_path, Problems(), Memo(), Files(tmp_path))}
    assert found["a.html"].title == "Group leaves the city"
    assert found["b.html"].title == "A bold move"   # its words apart, and the site's name off


@pytest.mark.parametrize("head, body, title", [
    ("<title>Amnesty to close - Harbour Times</title>",
     '<div class="main"><h1>Amnesty to close Hong Kong offices</h1></div>'
     '<div class="sidebar"><article class="teaser"><h4>Union disbands</h4></article></div>',
     "Amnesty to close Hong Kong offices"),
    ("<title>Amnesty pulls out of Hong Kong :: The Standard</title>", "", "Amnesty pulls out of Hong Kong"),
    ("<title>Amnesty pulls out | Hong Kong Free Press HKFP</title>", "", "Amnesty pulls out"),
    ('<title>Amnesty pulls out - Harbour Times</title><meta property="og:site_name" content="Harbour Times">', "",
     "Amnesty pulls out"),
    ("<title>Hong Kong - a city in fear</title>", "", "Hong Kong - a city in fear"),   # no site of that name
    ("<title>News | Amnesty to leave Hong Kong | The Standard</title>", "", "Amnesty to leave Hong Kong"),
    ("<title>Home » News » Amnesty to leave Hong Kong</title>", "", "Amnesty to leave Hong Kong"),
    ('<title>Amnesty \u2013 the end of an era - Harbour Times</title><meta property="og:site_name" '
     'content="Harbour Times">', "", "Amnesty \u2013 the end of an era"),
])
def test_an_html_article_is_titled_without_its_sites_name(tmp_path, head, body, title):
    _, article = _seed_article(tmp_path, f"<html><head>{head}</head><body>{body}"
                                         "<p>The group said on Monday it would close its offices.</p></body></html>")
    assert article.title == title


def test_links_and_emphasis_in_an_html_paragraph_add_no_spaces(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/a.html").write_text(
        "<html><body><article><h1>Head</h1><p><a href='/t'>Amnesty International</a>'s board said the law made "
        "its work &ldquo;<em>effectively impossible</em>&rdquo;, according to a <a href='/s'>statement</a>.</p>"
        "<p>One line<br>and the next<!-- a comment --></p></article></body></html>")
    [seed] = read_seeds(tmp_path, Problems(), Memo(), Files(tmp_path))
    [article] = split_articles(seed.text)
    assert [p.text for p in article.paragraphs][1:] == [
        "Amnesty International's board said the law made its work \u201ceffectively impossible\u201d, "
        "according to a statement.", "One line and the next"]


@pytest.mark.parametrize("text", [
    '"We hope others will follow us on the path of defending human rights," a departing staff member said.',
    "Copyright laws were also used against activists, according to lawyers.",
    "Support us or not, the group said, it will continue its work.",
    "He said the photo: was fake and the image showed nothing.",
])
def test_sentences_that_only_look_like_page_furniture_are_kept(text):
    assert not is_boilerplate(text)


@pytest.mark.parametrize("text", [
    "Follow us on Twitter", "Copyright \u00a9 2021 Example News", "Support us", "Read more",
    "Additional reporting from Finbarr Bermingham", "Reporting by Jessie Pang; Editing by Tom Hogue",
    "Our Standards: The Thomson Reuters Trust Principles.", "Lire aussi : la loi sur la s\u00e9curit\u00e9",
    "Article r\u00e9serv\u00e9 aux abonn\u00e9s", "\u76f8\u95dc\u65b0\u805e\uff1a\u9999\u6e2f",
    "The Amnesty International logo at an event in 2019. Photo: Getty Images",
])
def test_page_furniture_is_dropped(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize("text", [
    "Advertisement boards lined the street on Nathan Road.",   # eight words
    "Advertisement boards near the office were covered with government posters.",
    "Subscribe to the view of the authorities, and you are safe, one staff member said bitterly.",
    "Read more about the law\u2019s Article 43 in the government\u2019s gazette, the group urged supporters.",
    "Share this view, and the law will not trouble you, officials told the group.",
])
def test_a_sentence_that_opens_like_a_call_to_the_reader_is_the_articles(text):
    assert not is_boilerplate(text)


@pytest.mark.parametrize("text", ["Advertisement", "Read more: Union disbands", "Subscribe to our newsletter.",
                                  "Share this article", "Listen to this article", "Please donate today!",
                                  "Posted in Hong Kong, Politics",
                                  "Subscribe to our newsletter to get the latest news from Hong Kong.",
                                  "Please donate today to support our independent journalism in Hong Kong."])
def test_a_call_to_the_reader_is_dropped(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize("dateline", ["*October 25, 2021*", "October 25, 2021 12:41 PM GMT+8", "Mon 25 Oct 2021 09.41 BST",
                                      "Publi\u00e9 le 25 octobre 2021 \u00e0 11h02", "2021\u5e7410\u670825\u65e5",
                                      "Published 25 October 2021"])
def test_a_dateline_in_any_common_shape_dates_the_article_and_is_not_text(dateline):
    [article] = split_articles(f"A headline here\n\n{dateline}\n\nBy Jane Doe\n\nThe text of the article.\n")
    assert article.date.iso == "2021-10-25"
    assert [p.text for p in article.paragraphs] == ["A headline here", "The text of the article."]


def test_a_sentence_that_opens_with_a_date_stays_text():
    [article] = split_articles("A headline\n\nBy Jane Doe\n\nMay 4, 2021, the group said it would close.\n")
    assert [p.text for p in article.paragraphs][-1] == "May 4, 2021, the group said it would close."


def _seed_article(tmp_path, text: str, name: str = "page.html"):
    """Read `text` as the one seed of a project, and return it and the one article it holds."""
    (tmp_path / "seeds").mkdir(exist_ok=True)
    (tmp_path / "seeds" / name).write_text(text)
    [seed] = read_seeds(tmp_path, Problems(), Memo(), Files(tmp_path))
    [article] = split_articles(seed.text)
    return seed, article


def test_an_html_page_without_an_article_element_keeps_only_the_article(tmp_path):
    seed, article = _seed_article(tmp_path, """<!doctype html>
<html><head><title>Amnesty to leave | Daily Example</title></head>
<body>
<header><div class="logo">Daily Example</div><ul><li>Home</li><li>Log in</li></ul></header>
<div class="cookie-banner"><p>This site uses cookies. Continue browsing to accept them.</p></div>
<h1>Amnesty to leave Hong Kong</h1>
<p class="byline">By Sarah Lee in Hong Kong</p>
<div class="story-text">Amnesty said it would close its offices.<br><br>It cited the <a href="/l">law</a>'s reach.</div>
<div class="related-links"><h3>You may also like</h3><ul><li><a href="/x">Other story</a></li></ul></div>
<div class="newsletter-signup"><p>Get our newsletter every morning.</p></div>
<footer><p>About us</p></footer>
</body></html>
""")
    assert (article.title, article.authors) == ("Amnesty to leave Hong Kong", ("Sarah Lee",))
    assert [p.text for p in article.paragraphs] == ["Amnesty to leave Hong Kong", "Amnesty said it would close its offices.",
                                                    "It cited the law's reach."]
    assert seed.text.splitlines()[5] == "# Amnesty to leave Hong Kong"   # on its line of the file: line 6


def test_an_html_article_reads_its_linked_data_and_keeps_its_headline_above_a_standfirst(tmp_path):
    _, article = _seed_article(tmp_path, (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Amnesty to leave", '
        '"author": [{"@type": "Person", "name": "Tom Ng"}], "datePublished": "2021-10-25T09:41:00+08:00", '
        '"publisher": {"@type": "Organization", "name": "Example Post"}}</script></head><body><article>'
        "<h1>Amnesty to leave</h1><p>The group blames the security law</p><p>Text of the article.</p>"
        "</article></body></html>"))
    assert (article.title, article.authors, article.outlet, article.date.iso) == (
        "Amnesty to leave", ("Tom Ng",), "Example Post", "2021-10-25")
    assert [p.kind for p in article.paragraphs] == ["title", "text", "text"]


@pytest.mark.parametrize("text, language", [
    ("\u570b\u969b\u7279\u8d66\u7d44\u7e54\u5ba3\u5e03\u5c07\u95dc\u9589\u9999\u6e2f\u8fa6\u4e8b\u8655\u3002", "zh"),
    ("\u30a2\u30e0\u30cd\u30b9\u30c6\u30a3\u306f\u9999\u6e2f\u306e\u4e8b\u52d9\u6240\u3092\u9589\u9396\u3059\u308b\u3002", "ja"),
    ("Amnesty will close its offices.", None),
])
def test_a_text_written_without_spaces_is_told_by_its_script(text, language):
    assert script_language(text) == language


def test_a_date_in_a_byline_div_dates_the_article_and_leaves_the_byline_a_byline(tmp_path):
    _, article = _seed_article(tmp_path, (
        '<html><body><article><h1>Amnesty to leave</h1><div class="byline">By <a href="/t">Tom Ng</a> '
        '<time datetime="2021-10-25">25 Oct 2021</time></div><p>Text of the article.</p></article></body></html>'))
    assert (article.authors, article.date.iso) == (("Tom Ng",), "2021-10-25")
    assert [p.text for p in article.paragraphs] == ["Amnesty to leave", "Text of the article."]


@pytest.mark.parametrize("dates", [
    '<time class="entry-date published" datetime="2021-10-25T12:30:12+08:00">12:30, 25 October 2021</time>'
    '<time class="updated" datetime="2021-10-26T09:00:00+08:00">09:00, 26 October 2021</time>',
    '<span class="updated">Updated: <time datetime="2021-10-26T09:00">26 October 2021</time></span>'
    '<span>Published: <time datetime="2021-10-25T12:30">25 October 2021</time></span>',
    '<time itemprop="dateModified" datetime="2021-10-26">26 Oct 2021</time>',
])
def test_an_html_article_is_dated_when_it_was_published_not_when_it_was_changed(tmp_path, dates):
    _, article = _seed_article(tmp_path, (
        '<html><head><meta property="article:published_time" content="2021-10-25T04:30:12+00:00"></head><body>'
        f'<article><h1>Amnesty to leave</h1><div class="meta">{dates}</div><p>Text of the article.</p></article>'
        '</body></html>'))
    assert article.date.iso == "2021-10-25"
    assert [p.text for p in article.paragraphs] == ["Amnesty to leave", "Text of the article."]


def test_a_time_marked_as_published_and_updated_is_the_publication_date(tmp_path):
    # WordPress marks a post never changed so; its text gives the local day, the page's meta the UTC one.
    _, article = _seed_article(tmp_path, (
        '<html><head><meta property="article:published_time" content="2021-10-24T17:30:00+00:00"></head><body>'
        '<article><h1>Amnesty to leave</h1><div class="meta"><time class="entry-date published updated" '
        'datetime="2021-10-25T01:30:00+08:00">25 October 2021</time></div><p>Text of the article.</p></article>'
        '</body></html>'))
    assert article.date.iso == "2021-10-25"


@pytest.mark.parametrize("lines, date, update", [
    ("Updated 26 October 2021\n\nPublished 25 October 2021", "2021-10-25", False),
    ("Published 25 October 2021\n\nLast updated 26 October 2021", "2021-10-25", False),
    ("25 October 2021\n\nModified 26 October 2021", "2021-10-25", False),
    # The only date it gives: better than none, but said to be the date of a change (see test_publish.py).
    ("Updated 26 October 2021", "2021-10-26", True),
])
def test_a_text_article_is_dated_by_its_first_date_of_publication(lines, date, update):
    [article] = split_articles(f"A headline here\n\nBy Jane Doe\n\n{lines}\n\nThe text of the article.\n")
    assert article.date.iso == date and article.date_is_update is update
    assert [p.text for p in article.paragraphs] == ["A headline here", "The text of the article."]


@pytest.mark.parametrize("byline, authors, outlet", [
    ("By Zen Soo, Associated Press", ("Zen Soo",), "Associated Press"),
    ("By Jessie Yeung, CNN", ("Jessie Yeung",), "CNN"),
    ("By ZEN SOO and KANIS LEUNG Associated Press", ("ZEN SOO", "KANIS LEUNG"), "Associated Press"),
    ("By Ann Lee, South China Morning Post", ("Ann Lee",), "South China Morning Post"),
    ("By Zen Soo in Hong Kong and Helen Davidson in Taipei", ("Zen Soo", "Helen Davidson"), None),
    ("By Ann Lee, Sarah Post", ("Ann Lee", "Sarah Post"), None),   # a surname, not the Post
    ("By Sarah Lee and Eyal Press", ("Sarah Lee", "Eyal Press"), None),
    ("By Ann Lee, Hong Kong Free Press", ("Ann Lee",), "Hong Kong Free Press"),
    ("By Ann Lee, Bloomberg", ("Ann Lee",), "Bloomberg"),
    ("By Ann Lee (Reuters)", ("Ann Lee",), "Reuters"),
    # The outlet set apart by a bar, a bullet or a dash; a place set apart is credited to no one.
    ("By Ann Lee | Reuters", ("Ann Lee",), "Reuters"),
    ("By Ann Lee and Tom Ng | The Guardian", ("Ann Lee", "Tom Ng"), "The Guardian"),
    ("By Ann Lee • BBC News", ("Ann Lee",), "BBC News"),
    ("By Ann Lee - AFP", ("Ann Lee",), "AFP"),
    ("By Ann Lee | Hong Kong", ("Ann Lee",), None),
    ("By Mary Chan | Harbour Times", ("Mary Chan",), "Harbour Times"),   # a paper's name, set apart
    ("By Ann Lee | Sarah Post", ("Ann Lee",), None),                     # not a surname that is one
    ("By Ann Lee | Book Review", ("Ann Lee",), None),                    # a section, not a paper
    ("By Ann Lee | Reuters | June 2, 2021", ("Ann Lee",), "Reuters"),
    ("By Ann Lee (South China Morning Post - SCMP)", ("Ann Lee",), "South China Morning Post - SCMP"),
    ("By Ann Lee, The Guardian", ("Ann Lee",), "The Guardian"),
    ("Written by Ann Lee", ("Ann Lee",), None),
    ("Words by Ann Lee, Reuters", ("Ann Lee",), "Reuters"),
    ("von Anna Müller, dpa", ("Anna Müller",), "dpa"),   # agencies that write their names in lower case
    ("Von Anna Müller und Jan Roth, dpa", ("Anna Müller", "Jan Roth"), "dpa"),
    ("By Ann Lee and Efe Kaya", ("Ann Lee", "Efe Kaya"), None),   # a first name, as well as an agency's (EFE)
    ("By Ann Lee - The Hague", ("Ann Lee",), None),               # a place
])
def test_a_byline_tells_its_authors_from_their_outlet(byline, authors, outlet):
    [article] = split_articles(f"Amnesty to close its offices\n\n{byline}\n\nThe group said it would close.\n")
    assert (article.authors, article.outlet) == (authors, outlet)
    assert [p.text for p in article.paragraphs] == ["Amnesty to close its offices", "The group said it would close."]


def test_a_line_under_a_byline_that_starts_with_the_is_text_unless_it_names_an_outlet():
    [article] = split_articles("Court rules on the case\n\nBy Ann Lee\n\nThe Hague\n\nThe court ruled on Monday.\n")
    assert (article.authors, article.outlet) == (("Ann Lee",), None)
    assert [p.text for p in article.paragraphs][1:] == ["The Hague", "The court ruled on Monday."]
    [article] = split_articles("Court rules on the case\n\nBy Ann Lee\n\nThe Guardian\n\nThe court ruled on Monday.\n")
    assert (article.authors, article.outlet) == (("Ann Lee",), "The Guardian")
    assert [p.text for p in article.paragraphs][1:] == ["The court ruled on Monday."]


def test_a_headline_and_a_standfirst_above_the_byline_are_the_articles_own():
    [article] = split_articles("Amnesty to close its offices\n\nThe group says the law made its work impossible.\n\n"
                               "By Tom Grundy | Hong Kong Free Press\n\nAmnesty said on Monday it would close.\n\n"
                               "By The Numbers\n\nTwo offices will close.\n")
    assert (article.title, article.authors, article.outlet) == (
        "Amnesty to close its offices", ("Tom Grundy",), "Hong Kong Free Press")
    assert [p.text for p in article.paragraphs][1:] == [
        "The group says the law made its work impossible.", "Amnesty said on Monday it would close.",
        "By The Numbers", "Two offices will close."]   # a subheading: no one's name starts with "The"


def test_plain_text_with_a_paragraph_per_line_is_read_a_paragraph_per_line():
    text = ("Amnesty to close Hong Kong offices\nBy Ann Lee\n25 October 2021\n"
            "Amnesty International said on Monday it would close its two offices in Hong Kong.\n"
            "The group said the national security law had made it impossible to work freely.\n"
            "Share this article\nThe regional office will close by the end of the year.\n")
    [article] = split_articles(text, plain=True)
    assert (article.title, article.authors, article.date.iso) == (
        "Amnesty to close Hong Kong offices", ("Ann Lee",), "2021-10-25")
    assert [(p.line, p.text) for p in article.paragraphs[1:]] == [
        (4, "Amnesty International said on Monday it would close its two offices in Hong Kong."),
        (5, "The group said the national security law had made it impossible to work freely."),
        (7, "The regional office will close by the end of the year.")]
    assert [p.text for p in article.dropped] == ["By Ann Lee", "25 October 2021", "Share this article"]
    [undated] = split_articles("A headline\nBy Ann Lee\nThe office will close.\nIts staff will leave.\n", plain=True)
    assert [(p.line, p.text) for p in undated.paragraphs] == [
        (1, "A headline"), (3, "The office will close."), (4, "Its staff will leave.")]


def test_plain_text_of_long_lines_under_a_long_headline_is_read_a_paragraph_per_line():
    # A line of 150 characters was never wrapped: the headline above such lines may be as long as headlines are.
    first = "Amnesty International said on Monday it would close its two offices in Hong Kong by the end of the year, " \
            "citing the city's national security law."
    text = ("Amnesty International to close both of its Hong Kong offices by year end\nBy Ann Lee\n25 October 2021\n"
            f"{first}\nThe group said the law had made it impossible to work freely.\n")
    [article] = split_articles(text, plain=True)
    assert (article.title, article.authors, article.date.iso) == (
        "Amnesty International to close both of its Hong Kong offices by year end", ("Ann Lee",), "2021-10-25")
    assert [p.text for p in article.paragraphs[1:]] == [
        first, "The group said the law had made it impossible to work freely."]


def test_plain_text_wrapped_at_a_width_stays_one_paragraph():
    text = ("A headline\n\nBy Ann Lee\n\nAmnesty International said on Monday that it would close its two\n"
            "offices in Hong Kong. The chair of its board, Anjhula Mya Singh\nBais, said the law was to blame.\n")
    [article] = split_articles(text, plain=True)
    assert [p.text for p in article.paragraphs][1:] == [
        "Amnesty International said on Monday that it would close its two offices in Hong Kong. "
        "The chair of its board, Anjhula Mya Singh Bais, said the law was to blame."]


@pytest.mark.parametrize("byline", [
    "By Ann Lee\n25 October 2021",                              # no blank line between: one paragraph to Markdown
    "*By Ann Lee*  \n25 October 2021",                          # a hard line break: two spaces
    "_By Ann Lee, Harbour Daily_\\\n_25 October 2021_",       # or a backslash
])
def test_a_markdown_byline_over_its_date_with_no_blank_line_between_is_read_as_both(byline):
    [article] = split_articles(f"# Amnesty to close its offices\n\n{byline}\n\nAmnesty said on Monday it would close.\n")
    assert (article.authors, article.date.iso) == (("Ann Lee",), "2021-10-25")
    assert article.outlet == ("Harbour Daily" if "Daily" in byline else None)
    assert [p.text for p in article.paragraphs[1:]] == ["Amnesty said on Monday it would close."]


@pytest.mark.parametrize("sentence", [
    "By the end of the year the group\nwill close.",
    "By Monday Amnesty International and Human Rights Watch\nhad both condemned the closure.",   # reads as names
    "By Christmas Day\nthe staff had gone."])
def test_a_paragraph_opening_with_by_is_no_byline_for_having_a_short_line_under_it(sentence):
    text = f"# A headline\n\nAmnesty said it would leave.\n\n{sentence}\n\nThe office will close.\n"
    for plain in (False, True):
        [article] = split_articles(text, plain=plain)
        assert [p.text for p in article.paragraphs[1:]] == [
            "Amnesty said it would leave.", " ".join(sentence.split("\n")), "The office will close."]


def test_a_markdown_article_is_read_as_markdown_means_it():
    text = ("---\ntitle: Hong Kong: Amnesty to leave\nauthor: Ann Lee\n---\n\n"
            "Amnesty to close Hong Kong offices\n==================================\n\n"
            "> \"This decision, made with a heavy heart,\" said the chair.\n\nKey dates:\n\n"
            "* 30 June 2020: the law takes effect\n* 25 October 2021: Amnesty announces\n  the closure\n\n"
            "| Office | Closes |\n|---|---|\n| Section | 31 October |\n\n"
            "Amnesty &amp; its staff will leave; it had 30&nbsp;staff.\n\n"
            "It used `code` and [a reference link][1] here.\n\n[1]: https://example.com/ref\n\n---\n\n"
            "Sub heading\n-----------\n\nLast paragraph.\n")
    [article] = split_articles(text)
    assert (article.title, article.authors, article.date) == ("Hong Kong: Amnesty to leave", ("Ann Lee",), None)
    assert [(p.kind, p.text) for p in article.paragraphs] == [
        ("title", "Amnesty to close Hong Kong offices"),   # the page's headline; the front matter's is its title
        ("text", '"This decision, made with a heavy heart," said the chair.'), ("text", "Key dates:"),
        ("text", "30 June 2020: the law takes effect"), ("text", "25 October 2021: Amnesty announces the closure"),
        ("text", "Office Closes"), ("text", "Section 31 October"),
        ("text", "Amnesty & its staff will leave; it had 30 staff."), ("text", "It used code and a reference link here."),
        ("heading", "Sub heading"), ("text", "Last paragraph.")]


def test_a_subheading_that_starts_with_by_does_not_start_an_article_and_drop_rules_come_first():
    text = ("A headline\n\nBy Ann Lee\n\nAmnesty said it would close its offices.\n\nBy the Numbers\n\n"
            "At least 35 groups have disbanded.\n\nBy Reuters Staff\n\nMore text.\n")
    [article] = split_articles(text, [re.compile("^By Reuters Staff$")])
    assert article.authors == ("Ann Lee",)
    assert [p.text for p in article.paragraphs][1:] == [
        "Amnesty said it would close its offices.", "By the Numbers", "At least 35 groups have disbanded.", "More text."]
    assert len(split_articles(text)) == 2   # without the rule, a second article by Reuters Staff


def test_several_html_articles_are_one_story_beside_each_other_and_teasers_elsewhere(tmp_path):
    _, article = _seed_article(tmp_path, (
        '<html><body><div class="trending"><h2>Trending</h2><article class="card"><h3>Typhoon hits Taiwan</h3>'
        "<p>Thousands evacuated.</p></article></div><article><h1>Amnesty quits Hong Kong</h1><p>By Ann Lee</p>"
        "<p>Amnesty International said on Monday it would close its Hong Kong offices.</p></article></body></html>"))
    assert [p.text for p in article.paragraphs] == [
        "Amnesty quits Hong Kong", "Amnesty International said on Monday it would close its Hong Kong offices."]
    _, live = _seed_article(tmp_path, (
        "<html><body><main><h1>Hong Kong live</h1><div class=\"live-blog\">"
        '<article><time datetime="2021-10-25T12:00Z">12.00 BST</time><p>The government rejected the criticism.</p></article>'
        '<article><time datetime="2021-10-25T09:00Z">09.00 BST</time><p>Amnesty will close its offices.</p></article>'
        "</div></main></body></html>"))
    assert [p.text for p in live.paragraphs] == [
        "Hong Kong live", "The government rejected the criticism.", "Amnesty will close its offices."]


def test_html_text_is_read_wherever_it_stands_and_never_glued(tmp_path):
    _, article = _seed_article(tmp_path, (
        "<html><body><main><h1>Amnesty quits</h1><div class=\"story-body\">HONG KONG (Wire) &mdash; Amnesty said "
        "it would close its offices.<p>It blamed the law.</p><section>The section closes this month.</section>"
        "<dl><dt>Founded</dt><dd>1982</dd></dl><h5>Editor's note</h5><pre>A statement</pre>"
        "<table><tr><th>Year</th><th>Groups</th></tr><tr><td>2021</td><td>23</td></tr></table>"
        "<ul><li><p>Section office</p>closes on 31 October</li></ul>"
        "<blockquote><p>\u201cIt is difficult.\u201d</p><cite>Bais</cite></blockquote>"
        "<div class=\"paywall\"><p>The text behind the paywall.</p></div></div></main></body></html>"))
    assert [p.text for p in article.paragraphs] == [
        "Amnesty quits", "HONG KONG (Wire) \u2014 Amnesty said it would close its offices.", "It blamed the law.",
        "The section closes this month.", "Founded", "1982", "Editor's note", "A statement", "Year Groups", "2021 23",
        # Apart, as a browser shows a block and the text after it: no quote may run across them.
        "Section office", "closes on 31 October", "\u201cIt is difficult.\u201d", "Bais", "The text behind the paywall."]


def test_captions_and_the_outlets_name_are_page_furniture(tmp_path):
    _, article = _seed_article(tmp_path, (
        '<html><head><meta property="og:site_name" content="BBC News"></head><body><article><h1>Amnesty to leave</h1>'
        '<div data-component="byline-block"><p>By Grace Tsoi</p><p>BBC News</p></div><figure><img src="a.jpg">'
        '<figcaption>The office, which "will close" this year</figcaption></figure><p>Amnesty will close its offices.</p>'
        '<div data-component="links-block"><p>Related Topics</p><ul><li>China</li></ul></div>'
        "<p>More on this story</p></article></body></html>"))
    assert [p.text for p in article.paragraphs] == ["Amnesty to leave", "Amnesty will close its offices."]
    assert [p.text for p in article.dropped] == [
        "By Grace Tsoi", "BBC News", 'Image caption: The office, which "will close" this year', "More on this story"]


@pytest.mark.parametrize("text", ["Story continues below advertisement", "Continue reading the main story",
                                  "Most read", "Listen to this article", "Image caption, Amnesty's office",
                                  "Getty Images", "AFP via Getty Images", "Copy link", "Related Topics",
                                  "Posted in Hong Kong, Politics & Protest",
                                  "Support HKFP | Policies & Ethics | Error/typo? | Contact Us",
                                  "RELATED: Civil Human Rights Front disbands", "Like this:", "Like Loading..."])
def test_more_page_furniture_is_dropped(text):
    assert is_boilerplate(text)


def test_an_html_page_in_the_encoding_it_declares_is_read(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/old.html").write_bytes(
        '<html><head><meta charset="windows-1252"></head><body><article><h1>Amnesty\u2019s exit</h1>'
        "<p>The caf\u00e9 closed \u2013 and so did the office.</p></article></body></html>".encode("cp1252"))
    (tmp_path / "seeds/bad.html").write_bytes('<meta charset="utf-8"><p>caf\u00e9</p>'.encode("latin-1"))
    problems = Problems()
    [seed] = read_seeds(tmp_path, problems, Memo(), Files(tmp_path))
    assert [p.text for p in split_articles(seed.text)[0].paragraphs] == [
        "Amnesty\u2019s exit", "The caf\u00e9 closed \u2013 and so did the office."]
    assert [str(p) for p in problems.items] == [
        "seeds/bad.html:1: is not UTF-8 text (byte 0xe9 at offset 28); save it as UTF-8"]


@pytest.mark.parametrize("charset", ["iso-8859-1", "ISO_8859-1", "latin1", "us-ascii"])
def test_a_page_that_names_latin_1_is_read_as_browsers_read_it(tmp_path, charset):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/old.html").write_bytes(
        f'<html><head><meta charset="{charset}"></head><body><article><h1>The group\u2019s exit</h1>'
        "<p>It was \u201ceffectively impossible\u201d for the caf\u00e9 crowd.</p></article></body></html>".encode("cp1252"))
    [seed] = read_seeds(tmp_path, Problems(), Memo(), Files(tmp_path))
    assert [p.text for p in split_articles(seed.text)[0].paragraphs] == [
        "The group\u2019s exit", "It was \u201ceffectively impossible\u201d for the caf\u00e9 crowd."]


def test_what_a_reader_of_a_markdown_seed_does_not_see_is_not_its_text(tmp_path):
    _, article = _seed_article(tmp_path, (
        "# Amnesty to leave\n\nBy Ann Lee\n\n<!-- An editor's note claims\nthe law was repealed -->\n\n"
        "<script>var claim = 'the law was repealed';</script>\n\n<div style=\"display: none\">The law was repealed.</div>\n\n"
        "See [the report](https://example.org/r \"The law was repealed\") and <em>more</em> words.\n"), "post.md")
    assert [(p.line, p.text) for p in article.paragraphs] == [
        (1, "Amnesty to leave"), (12, "See the report and more words.")]


def test_what_a_reader_of_an_html_seed_does_not_see_is_not_its_text(tmp_path):
    _, article = _seed_article(tmp_path, (
        "<html><body><article><h1>Amnesty to leave</h1><p>The group will close its offices.</p>"
        '<p hidden>The law was repealed.</p><div style="display:none"><p>The law was repealed.</p></div>'
        '<p aria-hidden="true">Shown, if not read aloud.</p></article></body></html>'))
    assert [p.text for p in article.paragraphs] == ["Amnesty to leave", "The group will close its offices.",
                                                    "Shown, if not read aloud."]


def test_an_html_seed_nested_beyond_any_page_is_refused_at_once(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/deep.html").write_text("<article>" + "<div>" * 20000 + "text" + "</div>" * 20000 + "</article>")
    problems = Problems()
    assert read_seeds(tmp_path, problems, Memo(), Files(tmp_path)) == []
    assert [str(p) for p in problems.items] == ["seeds/deep.html:1: is an HTML page nested more than 512 elements "
                                                "deep; a news article is never so deep: save the article's own page"]


def test_a_web_page_saved_as_text_is_read_as_the_page_it_is(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/saved.txt").write_text(
        "<!-- saved from url=(0030)https://news.example/amnesty -->\n<!DOCTYPE html>\n<html><head>"
        '<meta name="author" content="Ann Lee"></head><body><nav>Home | World | Asia</nav><article>'
        "<h1>Amnesty leaves</h1><p>Amnesty said it would <em>close</em> its offices.</p></article></body></html>\n")
    (tmp_path / "seeds/notes.txt").write_text("A headline\n\n<b>Bold</b> words in a text seed stay as they are.\n")   # text, not a page
    # A piece of a page, as a content system exports an article's body: its tags are no words of it either.
    (tmp_path / "seeds/body.txt").write_text("<h1>Amnesty leaves</h1>\n<p>By Ann Lee</p>\n"
                                             "<p>Amnesty said it would <em>close</em> its offices.</p>\n")
    (tmp_path / "seeds/tagged.txt").write_text("<p> is how a page opens a paragraph, the guide says.\n")   # never closed
    found = {seed.name: split_articles(seed.text, plain=True)[0]
             for seed in read_seeds(tmp_path, Problems(), Memo(), Files(tmp_path))}
    for name in ("saved.txt", "body.txt"):
        assert found[name].authors == ("Ann Lee",)
        assert [p.text for p in found[name].paragraphs] == ["Amnesty leaves", "Amnesty said it would close its offices."]
    assert [p.text for p in found["tagged.txt"].paragraphs] == ["<p> is how a page opens a paragraph, the guide says."]
    assert [p.text for p in found["notes.txt"].paragraphs][1] == "<b>Bold</b> words in a text seed stay as they are."


def test_a_markdown_export_with_toml_front_matter_reads_it_as_metadata():
    text = ('+++\ntitle = "Rights group leaves"\nauthors = ["Ann Lee"]\ndate = 2021-10-26T08:00:00+08:00\n'
            'url = "https://news.example/rights"\npublisher = "Example News"\n+++\n\nThe group said it would go.\n')
    [article] = split_articles(text)
    assert (article.title, article.authors, article.date.iso) == ("Rights group leaves", ("Ann Lee",), "2021-10-26")
    assert (article.url, article.outlet) == ("https://news.example/rights", "Example News")
    assert [(p.line, p.text) for p in article.paragraphs] == [(1, "Rights group leaves"), (9, "The group said it would go.")]


@pytest.mark.parametrize("depth", [5000, 50000])
def test_toml_front_matter_that_cannot_be_read_stays_text_and_never_crashes(depth):
    text = "+++\na = " + "[" * depth + "]" * depth + "\n+++\n\nA headline\n\nThe group said it would go.\n"
    [article] = split_articles(text)
    assert [p.text for p in article.paragraphs][-1] == "The group said it would go."


def test_brackets_by_the_ten_thousand_are_read_in_a_moment():
    # Each '[' was tried as the start of a link, up to the first ']': time grew with the square of their number.
    started = time.process_time()
    [article] = split_articles("A headline\n\n" + "[" * 50000 + "]" * 50000 + " " + "![" * 20000 + "\n\nThe end.\n")
    assert time.process_time() - started < 3 and article.paragraphs[-1].text == "The end."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_seed_in_utf16_or_utf32_with_its_byte_order_mark_is_read(tmp_path, encoding):
    (tmp_path / "seeds").mkdir()
    text = "Amnesty\u2019s exit\r\n\r\nBy Ren\u00e9e Li\r\n\r\nThe caf\u00e9 closed \u2013 so did the office.\r\n"
    bom = {"utf-16-be": "\ufeff"}.get(encoding, "")   # Python writes the others' mark itself
    (tmp_path / "seeds/notepad.txt").write_bytes((bom + text).encode(encoding))
    problems = Problems()
    [seed] = read_seeds(tmp_path, problems, Memo(), Files(tmp_path))
    [article] = split_articles(seed.text, plain=True)
    assert not problems.items and article.authors == ("Ren\u00e9e Li",)
    assert [p.text for p in article.paragraphs] == ["Amnesty\u2019s exit", "The caf\u00e9 closed \u2013 so did the office."]


def test_an_author_meta_tag_that_holds_an_address_or_a_byline_gives_the_names(tmp_path):
    _, article = _seed_article(tmp_path, (
        '<html><head><meta property="article:author" content="https://www.facebook.com/example.reporter">'
        '<meta name="byl" content="By Grace Ho and Tim Li"></head><body><article><h1>Amnesty to leave</h1>'
        "<p>Text of the article.</p></article></body></html>"))
    assert article.authors == ("Grace Ho", "Tim Li")
    _, only_address = _seed_article(tmp_path, (
        '<html><head><meta property="article:author" content="https://news.example/authors/ann-lee"></head>'
        "<body><article><h1>Amnesty to leave</h1><p>Text of the article.</p></article></body></html>"))
    assert only_address.authors == ()


@pytest.mark.parametrize("byline, names", [
    ("By Kenji Wong | October 25, 2021", ("Kenji Wong",)),
    ("By Grace Ho and Tim Li \u00b7 Updated 25 Oct 2021, 3:10 pm", ("Grace Ho", "Tim Li")),
    ("By Helen Park, Asia Correspondent Monday 25 October 2021 10:32 BST", ("Helen Park",)),
    ("By Li Sun, 25 October 2021", ("Li Sun",)),
    # The time before the date, as the Associated Press prints it.
    ("By GRACE HO and TIM LI Updated 10:00 AM GMT, October 25, 2021", ("GRACE HO", "TIM LI")),
    ("By Kenji Wong | Reuters | 9:15 PM EDT, October 25, 2021", ("Kenji Wong",)),
])
def test_a_byline_with_its_date_on_the_same_line_gives_both_and_is_not_text(byline, names):
    [article] = split_articles(f"A headline here\n\n{byline}\n\nThe text of the article.\n")
    assert (article.authors, article.date.iso) == (names, "2021-10-25")
    assert [p.text for p in article.paragraphs] == ["A headline here", "The text of the article."]


@pytest.mark.parametrize("sentence", ["By October 25, 2021, the office will close.",
                                      "By Christmas, 25 December 2021, it was gone."])
def test_a_sentence_that_starts_with_by_and_holds_a_date_stays_text(sentence):
    [article] = split_articles(f"A headline\n\nThe office will close, the group said.\n\n{sentence}\n\nStaff knew.\n")
    assert article.authors == ()
    assert [p.text for p in article.paragraphs] == [
        "A headline", "The office will close, the group said.", sentence, "Staff knew."]


def test_page_furniture_named_with_a_prefix_is_left_out_but_a_frame_around_the_article_is_not(tmp_path):
    _, article = _seed_article(tmp_path, (
        '<html><body><div class="layout has-sidebar"><h1>Amnesty to leave</h1><div class="article-body">'
        "<p>Amnesty will close its offices.</p></div><div class=\"article-tags\"><a href=\"/t\">Hong Kong</a> "
        '<a href="/h">Human rights</a></div><div class="sd-sharing-enabled"><ul><li>Twitter</li></ul></div>'
        '<div class="c-related"><h3>More</h3><p>Union disbands</p></div></div></body></html>'))
    assert [p.text for p in article.paragraphs] == ["Amnesty to leave", "Amnesty will close its offices."]


def test_a_story_body_that_says_it_has_no_ads_is_kept_and_teasers_of_related_posts_are_not(tmp_path):
    _, article = _seed_article(tmp_path, (
        "<html><body><main><header><h1>Amnesty to leave</h1></header><div class=\"story-body no-ads\">"
        "<p>Amnesty will close its offices.</p><p>Staff were told on Monday.</p></div>"
        '<div class="related-posts"><article><h3>More</h3><p>Union disbands</p></article></div></main></body></html>'))
    assert [p.text for p in article.paragraphs] == [
        "Amnesty to leave", "Amnesty will close its offices.", "Staff were told on Monday."]


@pytest.mark.parametrize("dateline, agency", [
    ("HONG KONG (Reuters) - Amnesty", "Reuters"), ("HONG KONG, Oct 25 (AP) \u2014 Amnesty", "AP"),
    ("HONG KONG - Amnesty", None), ("Hong Kong (in brief) - Amnesty", None),
    ("BREAKING (Update 2) - Amnesty", None), ("OK, so here (Amnesty) - Amnesty", None),
])
def test_a_wire_storys_dateline_names_its_agency_as_the_outlet(dateline, agency):
    [article] = split_articles(f"A headline\n\n{dateline} International said it would close its offices.\n\n"
                               "Reporting by Jessie Pang; Editing by Robert Birsel\n", plain=True)
    assert article.outlet == agency
    assert [p.text for p in article.paragraphs][1].startswith(dateline)   # the dateline stays: it may be quoted


def test_paragraphs_apart_by_two_line_breaks_inside_one_html_paragraph_stay_apart(tmp_path):
    _, article = _seed_article(tmp_path, (
        "<html><body><article><h1>Amnesty to leave</h1><p><a href='/a'>Amnesty</a>'s offices will close.<br><br>\n"
        "The group blamed the law.<br/> <br/>Staff were told on Monday.</p><p>One line<br>and the next</p>"
        "<p>Roses are red.<br>\nViolets are blue.<br><br>\nA second verse.</p></article></body></html>"))
    assert [p.text for p in article.paragraphs] == [
        "Amnesty to leave", "Amnesty's offices will close.", "The group blamed the law.", "Staff were told on Monday.",
        "One line and the next", "Roses are red. Violets are blue.", "A second verse."]


@pytest.mark.parametrize("byline, authors", [
    ("By Martin Luther King, Jr.", ("Martin Luther King, Jr",)),
    ("By Ann Lee, Sammy Davis, Jr., and Tom Ng", ("Ann Lee", "Sammy Davis, Jr.", "Tom Ng")),
    ("By John Smith, III and Ann Lee", ("John Smith, III", "Ann Lee")),
    ("By Ann Lee, Iris Wong", ("Ann Lee", "Iris Wong")),
])
def test_a_comma_before_a_suffix_of_a_name_separates_no_one(byline, authors):
    [article] = split_articles(f"Minister resigns\n\n{byline}\n\nThe minister resigned on Friday, aides said.\n")
    assert article.authors == authors


@pytest.mark.parametrize("dateline, agency", [
    ("HONG KONG, Oct 25 (Reuters) - Amnesty said it would close.", "Reuters"),
    ("BEIJING/HONG KONG, Oct 25 (Reuters) - Amnesty said it would close.", "Reuters"),
    ("Hong Kong (AFP) – Amnesty said it would close.", "AFP"),
])
def test_a_wire_dateline_under_a_reading_time_names_the_agency(dateline, agency):
    [article] = split_articles(f"Amnesty to close\n\nBy Jessie Pang and Sarah Wu\n\n3 MIN READ\n\n{dateline}\n")
    assert article.outlet == agency
    assert [p.text for p in article.paragraphs] == ["Amnesty to close", dateline]   # the reading time is furniture


@pytest.mark.parametrize("first", ["The minister (Reuters) - said it.",
                                   "Amnesty International (AI) – The group said it would close."])
def test_a_sentence_with_words_in_brackets_before_a_dash_names_no_outlet(first):
    [article] = split_articles(f"Amnesty to close\n\nBy Ann Lee\n\n{first}\n")
    assert article.outlet is None


@pytest.mark.parametrize("header, plain", [
    ("Author: Ann Lee\nDate: 25 October 2021\nSource: Hong Kong Free Press\nURL: https://hongkongfp.com/x", False),
    ("Author: Ann Lee\nDate: 25 October 2021\nSource: Hong Kong Free Press\nURL: https://hongkongfp.com/x", True),
    ("**Byline:** Ann Lee\n**Published:** 25 October 2021\n**Publication:** Hong Kong Free Press\n"
     "**Link:** <https://hongkongfp.com/x>", False),
    ("Authors: Ann Lee\n\nPublication date: 25 October 2021\n\nSource: https://hongkongfp.com/x\n\n"
     "Outlet: Hong Kong Free Press", True),
])
def test_labelled_lines_above_the_text_are_its_metadata_not_its_words(header, plain):
    # As a text export, or an article pasted into an email, labels what it is.
    [article] = split_articles(f"Amnesty to close its offices\n\n{header}\n\nThe group said it would close.\n", plain=plain)
    assert (article.authors, article.date.iso, article.outlet, article.url) == (
        ("Ann Lee",), "2021-10-25", "Hong Kong Free Press", "https://hongkongfp.com/x")
    assert [p.text for p in article.paragraphs] == ["Amnesty to close its offices", "The group said it would close."]


def test_labels_a_note_taking_app_adds_leave_the_block_metadata():
    # As Notion exports a clipped article: labels of its own beside the article's.
    [article] = split_articles("# Amnesty to quit Hong Kong\n\nAuthor: Peter Wong\nCreated: October 25, 2021 3:00 PM\n"
                               "Tags: rights, law\nURL: https://example.org/x\n\nThe rights group said it would close.\n")
    assert (article.authors, article.date, article.url) == (("Peter Wong",), None, "https://example.org/x")
    assert [p.text for p in article.paragraphs] == ["Amnesty to quit Hong Kong", "The rights group said it would close."]


def test_a_labelled_title_is_the_headline_and_a_labelled_update_no_publication():
    [article] = split_articles("Title: Amnesty to close its offices\nBy: Ann Lee and Tom Ng\nUpdated: 26 Oct 2021\n\n"
                               "The group said it would close.\n")
    assert (article.title, article.authors, article.date.iso, article.date_is_update) == (
        "Amnesty to close its offices", ("Ann Lee", "Tom Ng"), "2021-10-26", True)
    assert [(p.text, p.kind) for p in article.paragraphs] == [
        ("Amnesty to close its offices", "title"), ("The group said it would close.", "text")]


def test_a_chinese_reporters_line_names_the_author():
    [article] = split_articles("國際特赦組織關閉香港辦事處\n\n記者：陳大文\n\n日期：2021年10月25日\n\n"
                               "國際特赦組織周一表示，將於年底前關閉其在香港的兩個辦事處。\n")
    assert (article.authors, article.date.iso) == (("陳大文",), "2021-10-25")
    assert [p.text for p in article.paragraphs] == ["國際特赦組織關閉香港辦事處", "國際特赦組織周一表示，將於年底前關閉其在香港的兩個辦事處。"]


@pytest.mark.parametrize("line", [
    "Source: the group said it would leave by the end of the year",   # a sentence, not an outlet's name
    "Date: to be announced",
    "Author: unknown",
    "Note: Amnesty Said So",                                            # no label of what an article is
    "Author: Ann Lee\nThe group said it would leave by the end of the year.",   # one line of it is text
])
def test_a_labelled_line_that_says_something_else_is_text(line):
    [article] = split_articles(f"Amnesty to close its offices\n\n{line}\n\nThe group said it would close.\n")
    assert not article.authors and article.outlet is None and article.date is None
    assert [p.text for p in article.paragraphs][1] == " ".join(line.split("\n"))


def test_labels_below_the_first_paragraph_are_the_articles_words():
    # "Source: Reuters" under the text credits a figure or a picture, not the article.
    text = "Amnesty to close its offices\n\nThe group said it would close.\n\nSource: Reuters\n\nAuthor: Ann Lee\n"
    [article] = split_articles(text)
    assert not article.authors and article.outlet is None
    assert [p.text for p in article.paragraphs][2:] == ["Source: Reuters", "Author: Ann Lee"]


def test_a_name_and_role_under_the_headline_is_a_byline_but_not_in_the_text():
    [article] = split_articles("Amnesty to close its offices\n\nJane Doe, Staff Reporter\n\n"
                               "The group said it would close.\n\nCarrie Lam, Chief Executive\n")
    assert article.authors == ("Jane Doe",)
    assert [p.text for p in article.paragraphs] == ["Amnesty to close its offices", "The group said it would close.",
                                                    "Carrie Lam, Chief Executive"]


@pytest.mark.parametrize("credits, authors", [
    ("(Reporting by Jessie Pang and Sarah Wu; Editing by Tom Ng)", ("Jessie Pang", "Sarah Wu")),
    ("Reporting by Jessie Pang; Writing by Ann Lee; Editing by Tom Ng", ("Jessie Pang", "Ann Lee")),
    ("(Additional reporting by Jessie Pang; Editing by Tom Ng)", ()),
    ("(Reporting by Jessie Pang in Hong Kong; Editing by Tom Ng)", ("Jessie Pang",)),   # where she wrote from
])
def test_a_wire_storys_credits_name_its_authors_when_no_byline_does(credits, authors):
    text = f"Amnesty to close its offices\n\nThe group said it would close.\n\n{credits}\n"
    [article] = split_articles(text)
    assert article.authors == authors
    assert [p.text for p in article.paragraphs] == ["Amnesty to close its offices", "The group said it would close."]
    [article] = split_articles(text.replace("\n\nThe group", "\n\nBy Iris Wong\n\nThe group"))
    assert article.authors == ("Iris Wong",)   # the byline's, where there is one


@pytest.mark.parametrize("text, paragraphs", [
    # A standfirst without its full stop, under a headline: both the article's.
    ("Amnesty to leave Hong Kong\n\nThe rights group blames the security law\n\nBy Mary Wong\n\n"
     "Amnesty said it would close its offices.\n",
     ["Amnesty to leave Hong Kong", "The rights group blames the security law", "Amnesty said it would close its offices."]),
    # The site's name above a headline is no headline: the headline is no standfirst.
    ("Hong Kong Free Press\n\nAmnesty to leave\n\nBy Mary Wong\n\nAmnesty said it would close its offices.\n",
     ["Amnesty to leave", "Amnesty said it would close its offices."]),
    ("Hong Kong Free Press\n\nAmnesty to close its offices in the city\n\nBy Mary Wong\n\nAmnesty said so.\n",
     ["Amnesty to close its offices in the city", "Amnesty said so."]),
    ("The Guardian\n\nAmnesty to close its offices in the city\n\nBy Mary Wong\n\nAmnesty said so.\n",
     ["Amnesty to close its offices in the city", "Amnesty said so."]),
])
def test_a_headline_above_a_standfirst_that_has_no_full_stop_is_the_articles(text, paragraphs):
    for plain in (False, True):
        [article] = split_articles(text, plain=plain)
        assert (article.title, [p.text for p in article.paragraphs]) == (paragraphs[0], paragraphs)


def test_a_paragraph_of_dots_is_no_rule_and_keeps_the_paragraphs_around_it_apart():
    # Were it left out, "the government would not respond" would read as one sentence of the article.
    [article] = split_articles("Amnesty to close\n\nThe minister said the government\n\n...\n\n"
                               "would not respond to the report.\n")
    assert [p.text for p in article.paragraphs][1:] == ["The minister said the government", "...",
                                                        "would not respond to the report."]


def test_a_lead_that_opens_with_a_label_of_an_apps_is_text():
    [article] = split_articles("Amnesty to close\n\nStatus: The extradition bill was withdrawn, the government said.\n\n"
                               "More text.\n")
    assert [p.text for p in article.paragraphs][1] == "Status: The extradition bill was withdrawn, the government said."


def test_a_word_broken_over_two_lines_after_its_hyphen_is_one_word():
    # Joined with a space, "lawful" would be a word of its own: a quote could take it from "un-lawful".
    [article] = split_articles("A headline\n\nThe court called the ban un-\nlawful and void in its ruling,\n"
                               "a well-\nknown judge said. The union said so -\nand left.\n", plain=True)
    text = article.paragraphs[-1].text
    assert text == ("The court called the ban un-lawful and void in its ruling, a well-known judge said. "
                    "The union said so - and left.")
    assert not find_quote("lawful and void", [fold(text)])


@pytest.mark.parametrize("byline, authors, outlet", [
    ("By Ann Lee, Financial Times", ("Ann Lee",), "Financial Times"),
    ("By Ann Lee, Al Jazeera", ("Ann Lee",), "Al Jazeera"),
    ("By Ann Lee | Bangkok Post", ("Ann Lee",), "Bangkok Post"),
    ("By Ann Lee, Washington Post", ("Ann Lee",), "Washington Post"),
    ("By Ann Lee, Sarah Post", ("Ann Lee", "Sarah Post"), None),   # a surname as well: two authors
])
def test_an_outlet_named_after_the_author_on_a_byline_is_no_second_author(byline, authors, outlet):
    [article] = split_articles(f"Headline of the story\n\n{byline}\n\nThe body of the article goes on here.\n", plain=True)
    assert (article.authors, article.outlet) == (authors, outlet)
