"""A seed exported as data (JSON from a news API or CMS, or a feed of one item) is read like the page it stands for."""

from __future__ import annotations

import json

import pytest

from conftest import add_seed, build_quoting, cite_new_fact, copy_project, run_build
from explainer.ingest import split_articles
from explainer.memo import Files, Memo
from explainer.problems import Problems
from explainer.quotes import find_quote, fold
from explainer.seeds import read_seeds

NEWS_ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Amnesty International to close its Hong Kong offices",
    "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Tom Ng"}],
    "datePublished": "2021-10-25T09:30:00+08:00",
    "publisher": {"@type": "Organization", "name": "Harbour Times"},
    "url": "https://example.com/amnesty-hk",
    "articleBody": "Amnesty International said on Monday it would close its two offices in Hong Kong.\n\n"
                   "The group said the national security law had made it impossible to work freely.",
}


def _read(tmp_path, text: str, name: str = "article.json"):
    """Read `text` as the one seed of a project: (the seeds read, the problems found)."""
    (tmp_path / "seeds").mkdir(exist_ok=True)
    (tmp_path / "seeds" / name).write_text(text, encoding="utf-8")
    problems = Problems()
    return read_seeds(tmp_path, problems, Memo(), Files(tmp_path)), problems


def _quoted(quote: str, article) -> bool:
    return bool(find_quote(quote, [fold(p.text) for p in article.paragraphs]))


def _article(tmp_path, data):
    [seed], problems = _read(tmp_path, json.dumps(data, indent=1))
    assert not problems.items
    [article] = split_articles(seed.text)
    return article


def test_a_schema_org_news_article_gives_its_metadata_and_paragraphs(tmp_path):
    article = _article(tmp_path, NEWS_ARTICLE)
    assert (article.title, article.authors, article.outlet, article.date.iso, article.url) == (
        "Amnesty International to close its Hong Kong offices", ("Ann Lee", "Tom Ng"), "Harbour Times",
        "2021-10-25", "https://example.com/amnesty-hk")
    assert [p.text for p in article.paragraphs] == [
        "Amnesty International to close its Hong Kong offices",
        "Amnesty International said on Monday it would close its two offices in Hong Kong.",
        "The group said the national security law had made it impossible to work freely."]


def test_an_api_export_with_its_text_as_html_loses_the_markup_and_the_furniture(tmp_path):
    guardian = {"response": {"status": "ok", "content": {
        "webTitle": "Amnesty to quit Hong Kong over security law",
        "webUrl": "https://www.theguardian.com/world/2021/oct/25/amnesty",
        "webPublicationDate": "2021-10-25T04:12:31Z",
        "fields": {"byline": "Helen Davidson", "body": (
            "<p>Amnesty International will close its offices in Hong Kong.</p>"
            "<figure><img src='x.jpg'><figcaption>The office in 2019. Photo: Getty</figcaption></figure>"
            "<p>The rights group said the law had made it <em>impossible</em> to operate.</p>"
            "<script>alert(1)</script>")}}}}
    article = _article(tmp_path, guardian)
    assert (article.title, article.authors, article.date.iso) == (
        "Amnesty to quit Hong Kong over security law", ("Helen Davidson",), "2021-10-25")
    assert [p.text for p in article.paragraphs] == [
        "Amnesty to quit Hong Kong over security law",
        "Amnesty International will close its offices in Hong Kong.",
        "The rights group said the law had made it impossible to operate."]


def test_control_characters_an_export_escapes_are_left_out_of_its_text_and_metadata(tmp_path):
    [seed], problems = _read(tmp_path, json.dumps({"headline": "A \x1b[31mred\x1b[0m title", "author": "Ann\x07 Lee",
                                                   "articleBody": "Amnesty \x1b[2J said \x00it would close."}))
    [article] = split_articles(seed.text)
    assert (article.title, article.authors) == ("A [31mred[0m title", ("Ann Lee",))
    assert [p.text for p in article.paragraphs][1:] == ["Amnesty [2J said it would close."]
    assert [str(p) for p in problems.items] == ["seeds/article.json:1: warning: holds control characters (the first "
                                                "is U+001B), which no reader sees: they are left out of its text"]


@pytest.mark.parametrize("date", [1635120000, 1635120000000, "2021-10-25T00:00:00Z"])
def test_a_date_given_as_seconds_or_milliseconds_since_1970_is_read(tmp_path, date):
    article = _article(tmp_path, {"title": "Amnesty to close", "publishedAt": date, "text": "Amnesty will close."})
    assert article.date.iso == "2021-10-25"


def test_a_title_that_holds_no_tag_keeps_every_angle_bracket_and_a_quote_of_it_verifies(tmp_path):
    article = _article(tmp_path, {"headline": "Turnout fell to 3 < 5 percent, while arrests > 40 rose",
                                  "publisher": "<script>alert(1)</script>Harbour <em>Times</em>", "text": "Body."})
    assert (article.title, article.outlet) == ("Turnout fell to 3 < 5 percent, while arrests > 40 rose", "Harbour Times")
    assert _quoted("Turnout fell to 3 < 5 percent", article) and not _quoted("Turnout fell to 3 40 rose", article)


def test_a_text_marked_up_within_its_lines_keeps_its_paragraphs_and_a_stray_end_of_page_ends_nothing(tmp_path):
    article = _article(tmp_path, {"title": "T", "articleBody": "Amnesty will close its offices.\n\n"
                                  "The group said it was <em>heartbroken</em>.</body></article>\n\nStaff will leave."})
    assert [p.text for p in article.paragraphs] == [
        "T", "Amnesty will close its offices.", "The group said it was heartbroken.", "Staff will leave."]
    assert not _quoted("offices. The group said", article)


def test_a_lone_half_of_a_surrogate_pair_is_shown_as_an_unknown_character_not_a_crash(tmp_path):
    [seed], problems = _read(tmp_path, '{"headline": "S\\ud800x", "articleBody": "Body \\udc00 here."}')
    [article] = split_articles(seed.text)
    assert [p.text for p in article.paragraphs] == ["S\ufffdx", "Body \ufffd here."]


@pytest.mark.parametrize("data, metadata", [
    # the metadata of the entry around the one that holds the text
    ({"title": "Amnesty to close", "content": {"body": "Amnesty will close."}}, ("Amnesty to close", None)),
    # an address where the outlet's name is looked for names no one: the next key does
    ({"title": "T", "publisher": "https://example.org", "source": {"name": "Harbour Times"}, "text": "Body."},
     ("T", "Harbour Times")),
    # a JSON Feed's own title names its site
    ({"version": "https://jsonfeed.org/version/1.1", "title": "Harbour Times",
      "items": [{"id": "1", "title": "T", "content_text": "Body."}]}, ("T", "Harbour Times")),
    # schema.org entries of other kinds than articles are not articles, whatever text they hold
    ({"@graph": [{"@type": "NewsArticle", "headline": "T", "articleBody": "Body."},
                 {"@type": "Comment", "text": "A reader's comment."}]}, ("T", None)),
])
def test_where_an_export_gives_an_articles_metadata(tmp_path, data, metadata):
    article = _article(tmp_path, data)
    assert (article.title, article.outlet) == metadata


def test_wordpress_rendered_fields_and_a_text_of_one_paragraph_a_line(tmp_path):
    post = {"date": "2021-10-25T10:00:00", "link": "https://hkfp.example/2021/10/25/amnesty/",
            "title": {"rendered": "Amnesty &#8216;to leave&#8217; Hong Kong"},
            "content": {"rendered": "Amnesty International said it would close.\nIts staff were told on Monday."}}
    article = _article(tmp_path, post)
    assert article.title == "Amnesty \u2018to leave\u2019 Hong Kong"
    assert [p.text for p in article.paragraphs][1:] == [
        "Amnesty International said it would close.", "Its staff were told on Monday."]


def test_a_wordpress_post_fetched_with_what_it_embeds_names_its_author(tmp_path):
    # WordPress's REST API gives the author as a number, and the author's entry under "_embedded".
    post = {"date": "2021-10-25T10:00:00", "author": 7, "title": {"rendered": "Amnesty to leave"},
            "content": {"rendered": "<p>Amnesty International said it would close.</p>"},
            "_embedded": {"author": [{"id": 7, "name": "Wendy Lau"}], "wp:term": [[{"name": "News"}]]}}
    article = _article(tmp_path, post)
    assert article.authors == ("Wendy Lau",)


@pytest.mark.parametrize("text, line, message", [
    ('{"title": "x",\n "body": "a",\n oops}\n', 3, "is not valid JSON: Expecting property name"),
    ('{"title": "A title", "summary": "No text."}', 1, "holds no article"),
    (json.dumps({"articles": [{"title": "One", "content": "First."}, {"title": "Two", "content": None}]}), 1,
     "holds 2 articles (“One”, “Two”)"),   # every item of a list counts, with a text or not
    (json.dumps({"articles": [{"title": "One", "content": "First."}, {"title": "Two", "content": "Second."}]}), 1,
     "holds 2 articles (“One”, “Two”); save each as a seed of its own"),
    ("[" * 100_000 + "]" * 100_000, 1, "nests its values"),
    ('{"text": "x", "n": ' + "9" * 5000 + "}", 1, "is not valid JSON: Exceeds the limit (4300 digits)"),
])
def test_a_json_seed_that_is_no_single_article_is_an_error_at_its_line(tmp_path, text, line, message):
    seeds, problems = _read(tmp_path, text)
    assert seeds == []
    [problem] = problems.items
    assert (problem.path, problem.line, problem.warning) == ("seeds/article.json", line, False)
    assert message in problem.message


def test_a_quote_of_a_json_seed_is_verified_and_its_source_page_shows_who_wrote_it(tmp_path):
    project = copy_project(tmp_path / "site")
    add_seed(project, "harbour.json", json.dumps(NEWS_ARTICLE, indent=2).encode("utf-8"), "harbour")
    built = build_quoting(project, "harbour", "it would close its two offices in Hong Kong")
    assert built.returncode == 0, built.stderr
    page = (project / "dist" / "sources" / "harbour" / "index.html").read_text(encoding="utf-8")
    assert "Ann Lee, Tom Ng" in page and "Harbour Times" in page and "25 October 2021" in page
    # A word changed: refused, with the passage the seed holds.
    refused = build_quoting(project, "harbour", "it would close its three offices in Hong Kong")
    assert refused.returncode == 1
    assert "quote not found in source 'harbour'" in refused.stderr
    assert "it would close its two offices in Hong Kong" in refused.stderr


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Hong Kong Free Press</title>
<item>
<title>Amnesty International to close its Hong Kong offices</title>
<link>https://hongkongfp.com/2021/10/25/amnesty/</link>
<dc:creator><![CDATA[Tom Grundy]]></dc:creator>
<pubDate>Mon, 25 Oct 2021 04:00:00 +0000</pubDate>
<description><![CDATA[Amnesty will close.]]></description>
<content:encoded><![CDATA[<p>Amnesty International will close its two offices in Hong Kong.</p>
<p>The group said the law made it <em>impossible</em> to work.</p><script>alert(1)</script>]]></content:encoded>
</item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Times</title>
  <entry>
    <title>Amnesty to close</title>
    <link rel="alternate" href="https://example.org/amnesty"/>
    <published>2021-10-25T09:00:00+08:00</published>
    <author><name>Ann Lee</name></author>
    <author><name>Tom Ng</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Amnesty will close its two offices.</p>
    <p>Staff were told on Monday.</p></div></content>
  </entry>
</feed>
"""


@pytest.mark.parametrize("name, feed, metadata, texts", [
    ("hkfp.xml", RSS, ("Amnesty International to close its Hong Kong offices", ("Tom Grundy",), "Hong Kong Free Press",
                       "2021-10-25", "https://hongkongfp.com/2021/10/25/amnesty/"),
     ["Amnesty International will close its two offices in Hong Kong.",
      "The group said the law made it impossible to work."]),
    ("harbour.atom", ATOM, ("Amnesty to close", ("Ann Lee", "Tom Ng"), "Harbour Times", "2021-10-25",
                            "https://example.org/amnesty"),
     ["Amnesty will close its two offices.", "Staff were told on Monday."]),
])
def test_a_feed_of_one_item_gives_its_metadata_and_its_full_text(tmp_path, name, feed, metadata, texts):
    [seed], problems = _read(tmp_path, feed, name)
    assert not problems.items
    [article] = split_articles(seed.text)
    assert (article.title, article.authors, article.outlet, article.date.iso, article.url) == metadata
    assert [p.text for p in article.paragraphs] == [metadata[0], *texts]


def test_a_feed_in_a_declared_legacy_encoding_is_read_in_it(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "feed.rss").write_bytes(
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Le Monde</title><item>'
        "<title>Amnesty quitte Hong Kong</title><description>L'ONG fermera ses bureaux à Hong Kong."
        "</description></item></channel></rss>".encode("latin-1"))
    [seed] = read_seeds(tmp_path, Problems(), Memo(), Files(tmp_path))
    [article] = split_articles(seed.text)
    assert [p.text for p in article.paragraphs] == ["Amnesty quitte Hong Kong", "L'ONG fermera ses bureaux à Hong Kong."]


def test_a_feed_item_with_tags_left_unescaped_keeps_its_words_and_its_line(tmp_path):
    feed = ("<rss>\n<channel>\n<title>Harbour Times</title>\n<link>https://example.org/</link>\n"
            "<description>News of the harbour</description>\n<language>en</language>\n"
            "<item>\n<title>Amnesty to close</title>\n"
            "<description>Amnesty <b>will close</b> its offices, it said.</description>\n</item></channel></rss>\n")
    [seed], problems = _read(tmp_path, feed, "feed.xml")
    [article] = split_articles(seed.text)
    assert [p.text for p in article.paragraphs] == ["Amnesty to close", "Amnesty will close its offices, it said."]
    assert article.paragraphs[0].line == 8   # where the item's title is written


ENTITIES = "".join(f'<!ENTITY e{k} "{f"&e{k - 1};" * 10}">' for k in range(1, 10))


@pytest.mark.parametrize("text, line, message", [
    ("<rss><channel><item><title>x</title>\n<description>oops</descriptio>\n</item></channel></rss>\n", 2,
     "is not well-formed XML: mismatched tag"),
    ("<urlset><url><loc>https://example.org/</loc></url></urlset>\n", 1,
     "is XML, but no RSS or Atom feed, nor an NITF or NewsML-G2 story (its root element is <urlset>)"),
    ("<rss><channel><item><title>One</title><description>First.</description></item>"
     "<item><title>Two</title><description>Second.</description></item></channel></rss>", 1,
     "holds 2 articles (“One”, “Two”); save each as a seed of its own"),
    ("<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>No text</title></entry></feed>", 1, "holds no article"),
    # Every item counts, with a text or not: which is the one meant?
    ("<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>One</title><content>First.</content></entry>"
     "<entry><title>Two</title></entry></feed>", 1, "holds 2 articles (“One”, “Two”)"),
    # A billion laughs, one entity used a thousand times, and an entity that would read a file of the
    # machine: no feed needs to declare one.
    (f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e0 "ha">{ENTITIES}]>\n<rss><channel><item><title>&e9;</title>'
     "<description>&e9;</description></item></channel></rss>", 2, "declares an entity (<!ENTITY ...>)"),
    (f'<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY big "{"words " * 50}">]>\n<rss><channel><item><title>t</title>'
     f"<description>{'&big;' * 1000}</description></item></channel></rss>", 3, "declares an entity (<!ENTITY ...>)"),
    ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     "<rss><channel><item><title>t</title><description>a &x; b</description></item></channel></rss>", 2,
     "declares an entity (<!ENTITY ...>)"),
    ("<rss><channel><item><title>t</title><description>a &x; b</description></item></channel></rss>", 1,
     "is not well-formed XML: undefined entity"),
])
def test_a_feed_that_is_no_single_article_is_an_error_at_its_line(tmp_path, text, line, message):
    seeds, problems = _read(tmp_path, text, "feed.xml")
    assert seeds == []
    [problem] = problems.items
    assert (problem.path, problem.line, problem.warning) == ("seeds/feed.xml", line, False)
    assert message in problem.message


def test_a_graph_names_the_author_and_publisher_an_article_refers_to(tmp_path):
    # As Yoast's SEO plugin writes a page's linked data: each name given once, referred to by its id.
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "headline": "Amnesty to leave Hong Kong", "author": [{"@id": "#person-1"}],
         "publisher": {"@id": "#organization"}, "datePublished": "2021-10-25",
         "mainEntityOfPage": {"@id": "https://news.example/amnesty"},
         "articleBody": "Amnesty said it would leave the city."},
        {"@type": "Organization", "@id": "#organization", "name": "Harbour Times"},
        {"@type": "Person", "@id": "#person-1", "name": "Pat Graph"}]}
    article = _article(tmp_path, graph)
    assert (article.authors, article.outlet, article.url) == (("Pat Graph",), "Harbour Times", "https://news.example/amnesty")
    # An id that names no entry names no one: it is no outlet's name.
    graph["@graph"][0]["publisher"] = {"@id": "_:b1"}
    assert _article(tmp_path, graph).outlet is None


# A story as the Associated Press delivers it, and one as Reuters does (NewsML-G2 holding XHTML).
NITF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">
<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/" version="-//IPTC//DTD NITF 3.6//EN">
  <head>
    <title>Amnesty closing HK offices</title>
    <docdata>
      <doc-id id-string="AP-12345"/>
      <date.issue norm="20211025T083000Z"/>
      <doc.copyright holder="The Associated Press" year="2021"/>
    </docdata>
    <pubdata type="web" name="Associated Press" ex-ref="https://apnews.com/article/amnesty-hong-kong"/>
  </head>
  <body>
    <body.head>
      <hedline>
        <hl1>Amnesty International to close Hong Kong offices</hl1>
        <hl2>Rights group cites national security law</hl2>
      </hedline>
      <byline>By <person>Zen Soo</person>, <byttl>Associated Press</byttl></byline>
      <dateline><location>HONG KONG</location> (AP) —</dateline>
    </body.head>
    <body.content>
      <p>Amnesty International said Monday it will close its two offices in <location>Hong Kong</location> by the end of the year.</p>
      <note noteclass="editorsnote"><p>Editors: this story was not threatened.</p></note>
      <p>The group said the <em>national security law</em> made it impossible to work freely.</p>
      <media media-type="image"><media-reference source="x.jpg"/><media-caption>Protesters in 2019.</media-caption></media>
      <block><p>"This decision was made with a heavy heart," said Anjhula Mya Singh Bais.</p></block>
    </body.content>
    <body.end><tagline>(Reporting by Zen Soo; Editing by Tom Ng)</tagline></body.end>
  </body>
</nitf>
"""

NEWSML = """<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
  <header><sent>2021-10-25T09:00:00Z</sent></header>
  <itemSet>
    <newsItem guid="urn:newsml:reuters.com:20211025:nL1N2RL04Q" standard="NewsML-G2" standardversion="2.29">
      <itemMeta>
        <itemClass qcode="ninat:text"/>
        <provider literal="Reuters"/>
        <versionCreated>2021-10-26T02:00:00Z</versionCreated>
        <firstCreated>2021-10-25T08:30:00Z</firstCreated>
      </itemMeta>
      <contentMeta>
        <contentCreated>2021-10-25T08:30:00+08:00</contentCreated>
        <creator><name>Jessie Pang</name></creator>
        <headline>Amnesty International to shut Hong Kong offices</headline>
        <creditline>Reuters</creditline>
      </contentMeta>
      <contentSet>
        <inlineXML contenttype="application/xhtml+xml">
          <html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>
            <p>HONG KONG, Oct 25 (Reuters) - Amnesty International will close its two offices in Hong Kong.</p>
            <p>The rights group said the national security law made it impossible to work.</p>
          </body></html>
        </inlineXML>
      </contentSet>
    </newsItem>
    <newsItem guid="pic">
      <itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
      <contentSet><remoteContent href="x.jpg"/></contentSet>
    </newsItem>
  </itemSet>
</newsMessage>
"""


@pytest.mark.parametrize("name, story, metadata, texts", [
    ("ap-story.nitf", NITF, ("Amnesty International to close Hong Kong offices", ("Zen Soo",), "Associated Press",
                             "2021-10-25", "https://apnews.com/article/amnesty-hong-kong"),
     ["Rights group cites national security law",
      "Amnesty International said Monday it will close its two offices in Hong Kong by the end of the year.",
      "The group said the national security law made it impossible to work freely.",
      '"This decision was made with a heavy heart," said Anjhula Mya Singh Bais.']),
    ("reuters.xml", NEWSML, ("Amnesty International to shut Hong Kong offices", ("Jessie Pang",), "Reuters",
                             "2021-10-25", None),
     ["HONG KONG, Oct 25 (Reuters) - Amnesty International will close its two offices in Hong Kong.",
      "The rights group said the national security law made it impossible to work."]),
])
def test_a_news_agencys_story_gives_its_metadata_and_the_text_a_reader_is_shown(tmp_path, name, story, metadata, texts):
    [seed], problems = _read(tmp_path, story, name)
    assert not problems.items
    [article] = split_articles(seed.text)
    assert (article.title, article.authors, article.outlet, article.date.iso, article.url) == metadata
    assert [p.text for p in article.paragraphs] == [metadata[0], *texts]
    # A note to editors and a picture's caption are no words of the story.
    assert not _quoted("this story was not threatened", article) and not _quoted("Protesters in 2019", article)


def test_a_news_item_holding_nitf_or_plain_text_is_read_and_its_metadata_fills_what_the_nitf_leaves_out(tmp_path):
    inner = NITF.split("?>", 1)[1].split("\n", 2)[2].replace('<pubdata type="web" name="Associated Press" '
                                                               'ex-ref="https://apnews.com/article/amnesty-hong-kong"/>', "")
    inner = inner.replace('<doc.copyright holder="The Associated Press" year="2021"/>', "")
    item = ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentMeta><creditline>AP</creditline>'
            f'</contentMeta><contentSet><inlineXML contenttype="application/nitf+xml">{inner}</inlineXML></contentSet></newsItem>')
    [seed], problems = _read(tmp_path, item, "ap.xml")
    [article] = split_articles(seed.text)
    assert (article.title, article.authors, article.outlet) == (
        "Amnesty International to close Hong Kong offices", ("Zen Soo",), "AP")
    item = ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentMeta><headline>Amnesty to close</headline>'
            '<contentCreated>20211025T083000+0800</contentCreated><by>By Ann Lee</by></contentMeta><contentSet>'
            '<inlineData contenttype="text/plain">Amnesty will close its offices.\n\nStaff were told on Monday.'
            '</inlineData></contentSet></newsItem>')
    [seed], problems = _read(tmp_path, item, "ap.xml")
    [article] = split_articles(seed.text)
    assert (article.title, article.authors, article.date.iso) == ("Amnesty to close", ("Ann Lee",), "2021-10-25")
    assert [p.text for p in article.paragraphs][1:] == ["Amnesty will close its offices.", "Staff were told on Monday."]


@pytest.mark.parametrize("text, message", [
    (NEWSML.replace("</itemSet>", NEWSML.split("<itemSet>")[1].split("</itemSet>")[0].replace(
        "to shut Hong Kong offices", "says staff safe") + "</itemSet>"),
     "holds 2 articles (“Amnesty International to shut Hong Kong offices”, “Amnesty International says staff safe”)"),
    ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentSet><remoteContent href="x.jpg"/></contentSet>'
     "</newsItem>", "holds no story"),
    ("<nitf><head><title>t</title></head><body><body.content>  </body.content></body></nitf>", "holds no story"),
])
def test_a_news_agency_file_that_is_no_single_story_is_an_error(tmp_path, text, message):
    seeds, problems = _read(tmp_path, text, "story.xml")
    assert seeds == []
    [problem] = problems.items
    assert (problem.path, problem.warning) == ("seeds/story.xml", False) and message in problem.message


def test_a_fact_quoting_a_news_agencys_story_is_published_with_its_outlet(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "seeds/ap-story.nitf").write_text(NITF, encoding="utf-8")
    cite_new_fact(project, "ap-heavy-heart", "ap-story", "This decision was made with a heavy heart")
    facts = project / "content/facts/law.yaml"
    result = run_build(project, "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out/sources/ap-story/index.html").read_text()
    assert "Associated Press" in html and "Zen Soo" in html and "this story was not threatened" not in html
    facts.write_text(facts.read_text().replace("made with a heavy heart", "made with a light heart"))
    result = run_build(project, "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "content/facts/law.yaml:" in result.stderr


@pytest.mark.parametrize("name, text", [
    ("deep.atom", "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>t</title><content type='xhtml'>"
                  + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</content></entry></feed>"),
    ("deep.nitf", "<nitf><body><body.content>" + "<block>" * 100_000 + "<p>x</p>" + "</block>" * 100_000
                  + "</body.content></body></nitf>"),
])
def test_xml_nested_past_reason_is_an_error_not_a_crash(tmp_path, name, text):
    seeds, problems = _read(tmp_path, text, name)
    assert seeds == []
    [problem] = problems.items
    assert (problem.path, problem.line) == (f"seeds/{name}", 1) and "nests its elements too deeply" in problem.message


def test_a_news_item_dated_only_by_its_version_is_dated_as_changed_then(tmp_path):
    # The version's date is when this version was sent: the story may have gone out before it.
    item = ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta><versionCreated>2021-10-27T02:00:00Z'
            '</versionCreated></itemMeta><contentMeta><headline>Amnesty to close</headline></contentMeta><contentSet>'
            '<inlineData contenttype="text/plain">Amnesty will close its offices.</inlineData></contentSet></newsItem>')
    [seed], problems = _read(tmp_path, item, "story.xml")
    [article] = split_articles(seed.text)
    assert (article.date.iso, article.date_is_update) == ("2021-10-27", True)
    assert [p.text for p in article.paragraphs] == ["Amnesty to close", "Amnesty will close its offices."]


def test_wire_copy_wrapped_at_a_width_is_read_by_the_indent_that_opens_each_paragraph(tmp_path):
    # As AFP and AP deliver plain text: each paragraph indented, its lines broken at a width.
    item = ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta><provider qcode="nprov:AFP"/></itemMeta>'
            "<contentMeta><headline>Amnesty to close</headline></contentMeta><contentSet>"
            '<inlineData contenttype="text/plain">   Amnesty said Monday it would close its two Hong\n'
            "Kong offices by the end of the year.\n   Officials did not comment on the\ndecision.\n</inlineData>"
            "</contentSet></newsItem>")
    [seed], problems = _read(tmp_path, item, "story.xml")
    [article] = split_articles(seed.text)
    assert article.outlet == "AFP"   # the provider, by its code
    assert [p.text for p in article.paragraphs] == [
        "Amnesty to close", "Amnesty said Monday it would close its two Hong Kong offices by the end of the year.",
        "Officials did not comment on the decision."]


def test_a_plain_text_of_a_line_a_paragraph_with_an_indented_list_is_no_wire_copy(tmp_path):
    post = {"title": "Amnesty to close", "body": "The group gave reasons:\n  - the security law\n  - threats to staff\n"
                                                  "The group blamed the government.\nOfficials did not comment."}
    article = _article(tmp_path, post)
    assert [p.text for p in article.paragraphs][1:] == [
        "The group gave reasons:", "- the security law", "- threats to staff", "The group blamed the government.",
        "Officials did not comment."]
