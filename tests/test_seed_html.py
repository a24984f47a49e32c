"""An HTML seed's paragraphs are the text a browser shows of the article, and no more."""

from __future__ import annotations

import time
import warnings

import pytest

from explainer.ingest import is_boilerplate, split_articles
from explainer.memo import Files, Memo
from explainer.problems import Problems
from explainer.quotes import find_quote, fold
from explainer.seeds import read_seeds
from explainer.sources import build_sources


def _seeds(tmp_path, files: dict[str, str], problems: Problems | None = None):
    (tmp_path / "seeds").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (tmp_path / "seeds" / name).write_text(text, encoding="utf-8")
    return read_seeds(tmp_path, problems or Problems(), Memo(), Files(tmp_path))


def _article(tmp_path, body: str, head: str = "", name: str = "page.html"):
    """Read a page of `body` as the one seed of a project; return the one article it holds."""
    [seed] = _seeds(tmp_path, {name: f"<html><head>{head}</head><body>{body}</body></html>"})
    [article] = split_articles(seed.text, plain=name.endswith(".txt"))
    return article


def _texts(article) -> list[str]:
    return [p.text for p in article.paragraphs]


def _quoted(quote: str, article) -> bool:
    """Tell whether the build accepts `quote` as words of the article (see verify.py)."""
    return bool(find_quote(quote, [fold(p.text) for p in article.paragraphs]))


def test_text_of_an_html_seed_is_never_read_as_markdown(tmp_path):
    article = _article(tmp_path, (
        "<article><h1>Gesetz tritt in Kraft</h1>"
        "<p>30. Juni 2020 trat das Gesetz in Kraft, sagte die Regierung.</p>"
        "<p>&gt;50 people were arrested on the first day, police said.</p>"
        "<p>3) The third point is that the law is vague.</p>"
        "<p>- 5 degrees was the low, a forecaster said.</p>"
        "<p>Score: 5*3*2 = 30 and the tool_name is _private_ here.</p>"
        "<p>The group said `nothing` more, see [the report](https://example.org).</p>"
        "<p># 1 priority, the minister said, is order.</p>"
        "<p>\\o/ was all the activist wrote, &amp;amp; nothing more.</p>"
        "<h2>C# and F#</h2>"
        "<p>**Not bold** in the page.</p>"
        "<p>===</p></article>"))
    assert _texts(article) == [
        "Gesetz tritt in Kraft",
        "30. Juni 2020 trat das Gesetz in Kraft, sagte die Regierung.",
        ">50 people were arrested on the first day, police said.",
        "3) The third point is that the law is vague.",
        "- 5 degrees was the low, a forecaster said.",
        "Score: 5*3*2 = 30 and the tool_name is _private_ here.",
        "The group said `nothing` more, see [the report](https://example.org).",
        "# 1 priority, the minister said, is order.",
        "\\o/ was all the activist wrote, &amp; nothing more.",
        "C# and F#",
        "**Not bold** in the page.",   # no heading of the "===" under it, which a rule of marks is: furniture
    ]
    assert [p.kind for p in article.paragraphs][-2:] == ["heading", "text"]
    assert "===" in [p.text for p in article.dropped]
    assert _quoted(">50 people were arrested on the first day", article)


def test_a_markdown_seed_is_still_read_as_markdown(tmp_path):
    [seed] = _seeds(tmp_path, {"post.md": "# Law in force\n\n> 50 people were arrested, police said.\n\n"
                                          "- 5 degrees was the low.\n"})
    [article] = split_articles(seed.text)
    assert _texts(article) == ["Law in force", "50 people were arrested, police said.", "5 degrees was the low."]


def test_struck_text_is_not_what_the_source_says(tmp_path):
    article = _article(tmp_path, (
        "<article><h1>Reactions</h1><p>The decision was <del>welcomed</del> criticised by pro-Beijing figures.</p>"
        "<p>Police said the office was <s>closed</s> open, and <strike>two</strike> three staff stayed.</p>"
        "</article>"))
    assert _texts(article)[1:] == ["The decision was criticised by pro-Beijing figures.",
                                   "Police said the office was open, and three staff stayed."]
    assert not _quoted("The decision was welcomed", article)
    assert _quoted("The decision was criticised", article)
    [seed] = _seeds(tmp_path / "md", {"post.md": "# Reactions\n\nThe decision was <del>welcomed</del> criticised, "
                                          "<s>two</s> three <span>said</span>.\n"})
    assert _texts(split_articles(seed.text)[0])[1:] == ["The decision was criticised, three said."]


WORDPRESS_POST = (
    '<header id="masthead" class="site-header"><a href="/">Harbour Times</a></header>'
    '<div class="page-header"><h1 class="entry-title">Rights groups fold under security law</h1>'
    '<p class="byline">By Jane Doe</p></div>'
    '<div id="post-4411" class="post-4411 post type-post status-publish format-standard hentry category-news '
    'category-social-issues tag-amnesty tag-hong-kong tag-newsletter">'
    '<div class="entry-content links-underlined"><p>Amnesty International said on Monday it would leave the city.</p>'
    '<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li><a>Twitter</a></li></ul></div>'
    '<div class="social-share"><a>Facebook</a></div><div class="tags-links"><a>Amnesty</a></div>'
    '<div class="related-links"><p>Union disbands</p></div>'
    "<p>The group said its staff could no longer work freely.</p></div></div>")


def test_a_wordpress_post_named_by_its_tags_and_categories_is_kept_and_its_share_bars_are_not(tmp_path):
    article = _article(tmp_path, WORDPRESS_POST)
    assert (article.title, article.authors) == ("Rights groups fold under security law", ("Jane Doe",))
    assert _texts(article) == ["Rights groups fold under security law",
                               "Amnesty International said on Monday it would leave the city.",
                               "The group said its staff could no longer work freely."]


def test_an_article_left_with_only_its_headline_is_reported(tmp_path):
    problems = Problems()
    seeds = _seeds(tmp_path, {"wp.html": (
        '<html><body><div class="page-header"><h1>Rights groups fold</h1></div>'
        '<div class="share-tools"><p>The group said it would leave the city.</p></div></body></html>')}, problems)
    sources, _ = build_sources(seeds, {}, "en", problems, Memo())
    assert sources == []
    assert [(p.path, p.message) for p in problems.errors] == [
        ("seeds/wp.html", "only the headline is left once page furniture is removed: no article text")]


def test_two_paragraphs_of_a_quotation_or_a_list_item_stay_apart(tmp_path):
    article = _article(tmp_path, (
        "<article><h1>Headline here</h1>"
        "<blockquote><p>The group will stay.</p><p>Nobody will leave, she said.</p></blockquote>"
        "<ul><li><p>Item one is false.</p><p>True things follow.</p></li><li>A plain item</li>"
        "<li>A point:<ul><li>Under it</li></ul></li></ul></article>"))
    assert _texts(article) == ["Headline here", "The group will stay.", "Nobody will leave, she said.",
                               "Item one is false.", "True things follow.", "A plain item", "A point:", "Under it"]
    assert not _quoted("The group will stay. Nobody will leave", article)
    assert not _quoted("Item one is false. True things follow", article)


def test_superscript_and_subscript_digits_are_written_raised_and_lowered(tmp_path):
    article = _article(tmp_path, (
        "<article><h1>Figures</h1><p>The figure was 10<sup>6</sup>. It fell to 10<sup>-3</sup> of it.</p>"
        "<p>CO<sub>2</sub> levels rose, the 1<sup>st</sup> rise, Numbers<sup>[1]</sup> said.</p></article>"))
    assert _texts(article)[1:] == ["The figure was 10\u2076. It fell to 10\u207b\u00b3 of it.",
                                   "CO\u2082 levels rose, the 1st rise, Numbers[1] said."]
    assert not _quoted("The figure was 106", article)
    assert not _quoted("The figure was 10", article)
    assert _quoted("The figure was 10\u2076", article)


def test_a_byline_of_elements_laid_out_apart_names_its_author_alone(tmp_path):
    article = _article(tmp_path, (
        '<main><h1>Amnesty International to quit Hong Kong</h1>'
        '<div class="byline-block"><span>By Grace Tsoi</span><span>BBC Chinese, Hong Kong</span></div>'
        "<p>Amnesty International says it will close its two offices in Hong Kong.</p></main>"),
        head='<meta property="og:site_name" content="BBC News">')
    assert article.authors == ("Grace Tsoi",)
    assert _texts(article) == ["Amnesty International to quit Hong Kong",
                               "Amnesty International says it will close its two offices in Hong Kong."]


def test_a_byline_broken_by_a_line_break_names_its_author_alone(tmp_path):
    article = _article(tmp_path, (
        '<article><h1>Amnesty to leave</h1><p class="byline">By Grace Tsoi<br>BBC Chinese, Hong Kong</p>'
        "<p>The group said it would leave.</p></article>"))
    assert (article.authors, article.outlet) == (("Grace Tsoi",), "BBC Chinese")
    assert _texts(article) == ["Amnesty to leave", "The group said it would leave."]


@pytest.mark.parametrize("second, outlet", [("BBC Chinese", "BBC Chinese"), ("BBC News", "BBC News"),
                                            ("Taipei correspondent", None)])
def test_a_paragraph_opening_with_by_broken_by_a_line_break_names_its_author_alone(tmp_path, second, outlet):
    # No class names it a byline: its "By" does. Joined, the second line became part of the name
    # ("By Grace Tsoi BBC Chinese", on the source page and in every footnote), or the whole byline text.
    article = _article(tmp_path, (
        f"<article><h1>Amnesty to leave</h1><p>By Grace Tsoi<br>{second}</p>"
        "<p>The group said it would leave.</p><p>It was founded here in 1990.<br>By then the city had changed.</p>"
        "</article>"))
    assert (article.authors, article.outlet) == (("Grace Tsoi",), outlet)   # the second line names the outlet
    assert _texts(article)[-2:] == ["The group said it would leave.",
                                    "It was founded here in 1990. By then the city had changed."]


@pytest.mark.parametrize("headline", ["Amnesty to shut Hong Kong offices\n\n", ""])
def test_a_wire_storys_reporting_credit_is_neither_title_nor_text(headline):
    [article] = split_articles(
        f"{headline}HONG KONG, Oct 25 (Reuters) - Amnesty International said on Monday it would close its "
        "two offices in Hong Kong.\n\n(Reporting by Jessie Pang; Editing by Michael Perry)\n\n"
        "Our Standards: The Thomson Reuters Trust Principles.\n", plain=True)
    assert article.title == headline.strip()
    assert [p.text for p in article.paragraphs if p.kind == "text"] == [
        "HONG KONG, Oct 25 (Reuters) - Amnesty International said on Monday it would close its two offices "
        "in Hong Kong."]
    assert "(Reporting by Jessie Pang; Editing by Michael Perry)" in [p.text for p in article.dropped]


@pytest.mark.parametrize("text", ["Media caption, Watch: what is the security law?", "You may also be interested in:",
                                  "(Writing by Anne Marie Roantree; Editing by Robert Birsel)",
                                  "(Additional reporting by Jessie Pang)"])
def test_bbc_and_wire_furniture_is_dropped(text):
    assert is_boilerplate(text)


@pytest.mark.parametrize("text", ["You may also be interested in the report the group published in 2020.",
                                  "(Reporting from the border, she said, was impossible.)",
                                  "Media captions were added later, the agency said."])
def test_sentences_like_that_furniture_stay_text(text):
    assert not is_boilerplate(text)


@pytest.mark.parametrize("body", [
    "<p>The minister <![CDATA[never]]> resigned in disgrace.</p>",
    "<p>The minister <noembed>never</noembed> resigned in disgrace.</p>",
    "<noframes><p>The minister never resigned in disgrace.</p></noframes><p>The minister resigned in disgrace.</p>",
    "<dialog><p>The minister never resigned in disgrace.</p></dialog><p>The minister resigned in disgrace.</p>",
])
def test_text_a_browser_never_shows_cannot_be_quoted(tmp_path, body):
    # CDATA outside SVG is a comment to a browser; a <dialog> is shown only once opened.
    article = _article(tmp_path, f"<article><h1>Minister resigns</h1>{body}</article>")
    assert not _quoted("The minister never resigned in disgrace", article)
    assert not any("never" in text for text in _texts(article))


def test_an_open_dialog_and_svg_cdata_are_text_a_reader_sees(tmp_path):
    article = _article(tmp_path, "<article><h1>Minister resigns</h1><dialog open><p>Vote counted today.</p></dialog>"
                                 "<p>Chart: <svg><text><![CDATA[Turnout 52%]]></text></svg></p></article>")
    assert _quoted("Vote counted today", article)
    assert _quoted("Turnout 52%", article)


@pytest.mark.parametrize("comments", [("<!-- ad slot --!>", "<!-- end -->"), ("<!-->", "<!--->")])
def test_a_comment_ends_where_a_browser_ends_it(tmp_path, comments):
    opened, other = comments
    article = _article(tmp_path, f"<article><h1>Minister resigns</h1>{opened}<p>The minister resigned on Friday.</p>"
                                 f"{other}<p>The council met on Tuesday.</p></article>")
    assert _texts(article)[1:] == ["The minister resigned on Friday.", "The council met on Tuesday."]


def test_rows_and_items_are_paragraphs_no_quote_runs_across(tmp_path):
    article = _article(tmp_path, (
        "<article><h1>Where the camps stand</h1><p>Where the camps stand on the bill:</p>"
        "<table><tr><th>camp</th><th>position</th></tr><tr><td>pan-democrats</td><td>oppose</td></tr>"
        "<tr><td>government</td><td>supports</td></tr></table>"
        "<ul><li>the defendant was acquitted</li><li>subversion charges were dropped</li></ul></article>"))
    assert _texts(article)[1:] == ["Where the camps stand on the bill:", "camp position", "pan-democrats oppose",
                                   "government supports", "the defendant was acquitted", "subversion charges were dropped"]
    assert not _quoted("pan-democrats oppose government", article)
    assert not _quoted("the defendant was acquitted subversion", article)


def test_a_paragraph_ends_where_a_browser_closes_it(tmp_path):
    # Older CMSs leave <p> open; a browser closes it at the next <p> or block.
    article = _article(tmp_path, (
        "<article><h1>Detainees</h1><p>Asked whether they would be charged, the police declined to say whether "
        "they had been released<p>Charges are expected against all of them next week, a lawyer said."
        "<p>The mayor said the vote was<div>unanimous</div>and the session ended.</article>"))
    assert _texts(article)[1:] == [
        "Asked whether they would be charged, the police declined to say whether they had been released",
        "Charges are expected against all of them next week, a lawyer said.",
        "The mayor said the vote was", "unanimous", "and the session ended."]
    assert not _quoted("had been released Charges are expected", article)
    assert not _quoted("The mayor said the vote was unanimous", article)


def _markdown_article(tmp_path, text: str):
    [seed] = _seeds(tmp_path, {"story.md": text})
    [article] = split_articles(seed.text)
    return article


def test_html_in_markdown_code_is_text_a_reader_sees(tmp_path):
    article = _markdown_article(tmp_path, (
        "# Editors' guide\n\nBy Jane Doe\n\nDevelopers often paste a `<script>` tag into pages, the guide says.\n\n"
        "Editors mark `<!--` hidden notes, it adds.\n\nThe middle paragraph stays.\n\n"
        "A marker `-->` closes such notes.\n\n```\n<style>\n```\n\nThe council met on Tuesday.\n"))
    texts = _texts(article)
    assert "Developers often paste a <script> tag into pages, the guide says." in texts
    assert "The middle paragraph stays." in texts and "The council met on Tuesday." in texts
    assert not _quoted("hidden notes, it adds. A marker", article)


@pytest.mark.parametrize("hidden", ["<![CDATA[never]]>", "<dialog>never</dialog>", "<noembed>never</noembed>",
                                    "<!-- never --!>", "<s>never</s>", "<span popover>never</span>",
                                    "<meter>never</meter>", '<span style="color:#0000">never</span>'])
def test_html_a_browser_hides_in_markdown_cannot_be_quoted(tmp_path, hidden):
    article = _markdown_article(tmp_path, f"# Minister resigns\n\nBy Jane Doe\n\nThe minister {hidden} resigned in disgrace.\n")
    assert not _quoted("The minister never resigned", article)
    assert _quoted("The minister resigned in disgrace", article)


def test_markdown_shows_escaped_tags_footnotes_and_no_image_text(tmp_path):
    article = _markdown_article(tmp_path, (
        "# Minister resigns\n\nBy Jane Doe\n\nThe tag \\<s>never\\</s> is shown as text here.\n\n"
        "![The minister resigned in disgrace][pic]\n\nThe minister quit.[^1]\n\n"
        "[^1]: Officials confirmed it on Friday.\n\n[pic]: https://example.org/a.png\n"))
    assert _texts(article)[1:] == ["The tag <s>never</s> is shown as text here.", "The minister quit.",
                                   "Officials confirmed it on Friday."]
    assert not _quoted("The minister resigned in disgrace", article)


def test_a_markdown_heading_ends_at_its_line(tmp_path):
    article = _markdown_article(tmp_path, "# Minister resigns\n\nBy Jane Doe\n\n## The minister\n"
                                          "resigned in disgrace on Friday.\nText goes on.\n# Later\nmore.\n")
    assert [(p.text, p.kind) for p in article.paragraphs][1:] == [
        ("The minister", "heading"), ("resigned in disgrace on Friday. Text goes on.", "text"),
        ("Later", "heading"), ("more.", "text")]
    assert not _quoted("The minister resigned in disgrace", article)


@pytest.mark.parametrize("name, data, kind, fix", [
    ("story.txt", b"{\\rtf1\\ansi\\f0\\pard\nA headline\\par\nThe minister resigned.\\par\n}", "an RTF",
     "name it .rtf"),
    ("story.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF", "name it .pdf"),
    ("story.txt", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a Word, OpenDocument or other zipped",
     "name it .docx or .odt, if it is one"),
])
def test_a_document_that_is_no_text_is_named_for_what_it_is(tmp_path, name, data, kind, fix):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / name).write_bytes(data)
    problems = Problems()
    assert read_seeds(tmp_path, problems, Memo(), Files(tmp_path)) == []
    [problem] = problems.errors
    assert (problem.path, problem.line) == (f"seeds/{name}", 1)
    suffix = name.rpartition(".")[2]
    assert problem.message == f"is {kind} document under the name of a .{suffix} file: {fix}"


def test_a_date_in_a_list_or_table_of_a_web_page_is_its_date(tmp_path):
    article = _article(tmp_path, "<article><h1>Minister resigns</h1><dl><dt>Published</dt><dd>25 October 2021</dd></dl>"
                                 "<p>The minister resigned.</p></article>")
    assert article.date.iso == "2021-10-25"
    assert "25 October 2021" not in _texts(article) and "The minister resigned." in _texts(article)


@pytest.mark.parametrize("text", [
    "He didn`t run.\n<!-- draft: he was arrested -->\nIt`s over.\n",        # backticks typed for apostrophes
    "He said <!-- don`t cut: he was arrested --> it was over.\n\nA `code` span.\n",
    "An escaped \\` tick, <!-- he was arrested --> and `one`.\n",
])
def test_a_backtick_that_opens_no_code_span_keeps_no_hidden_html(tmp_path, text):
    article = _markdown_article(tmp_path, "# Minister resigns\n\nBy Jane Doe\n\n" + text)
    assert not _quoted("he was arrested", article)


def test_many_backticks_and_tags_are_read_in_a_moment(tmp_path):
    # Every tag looked through every code span, and every run of backticks through the rest of its line.
    line = "".join("`" * k + " <b>x</b> " for k in range(1, 2000)) + "\n\n" + "`a` <b>b</b> " * 20000
    started = time.process_time()
    article = _markdown_article(tmp_path, "# Minister resigns\n\nBy Jane Doe\n\n" + line + "\n\nThe end.\n")
    assert time.process_time() - started < 10 and _texts(article)[-1] == "The end."


def test_a_hash_line_in_fenced_code_is_no_heading(tmp_path):
    article = _markdown_article(tmp_path, "# Minister resigns\n\nBy Jane Doe\n\n```\n# a comment\nx = 1\n```\n\nThe end.\n")
    assert [p.kind for p in article.paragraphs] == ["title", "text", "text"]


def test_a_page_that_opens_as_xml_is_read_without_a_library_warning(tmp_path):
    # Beautiful Soup warns on stderr of XML read as HTML: twelve lines of its code among the build's messages.
    feed = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
            '<title>Amnesty to close</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
            "<p>Amnesty International will close its two offices in Hong Kong.</p></div></content></entry></feed>\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        [seed] = _seeds(tmp_path, {"feed.html": feed})
    [article] = split_articles(seed.text)
    assert _texts(article)[-1] == "Amnesty International will close its two offices in Hong Kong."


def test_control_characters_of_a_seed_are_left_out_of_its_text_and_said_so(tmp_path):
    # A terminal's colour codes pasted with the text: no browser shows them, and HTML forbids them.
    problems = Problems()
    [seed] = _seeds(tmp_path, {"esc.txt": "A \x1b[31mred\x1b[0m title\n\nBy Jane Doe\n\n"
                                          "The text \x1b[2J holds\x07 escapes\x0chere today.\n"}, problems)
    [article] = split_articles(seed.text)
    assert _texts(article) == ["A [31mred[0m title", "The text [2J holds escapes here today."]
    assert not _quoted("The text holds escapes", article)   # not what a reader sees
    [warning] = [str(p) for p in problems.items]
    assert warning == ("seeds/esc.txt:1: warning: holds control characters (the first is U+001B), which no "
                       "reader sees: they are left out of its text")


def test_a_seed_whose_file_name_holds_a_control_character_is_refused(tmp_path):
    problems = Problems()
    assert _seeds(tmp_path, {"bell\x07.txt": "A title\n\nThe text.\n"}, problems) == []
    assert [str(p) for p in problems.items] == [
        "seeds/bell\\u0007.txt:1: has a control character in its file name; rename the file"]


def test_a_drawings_tooltip_and_a_lists_options_are_no_text_of_the_article(tmp_path):
    article = _article(tmp_path, (
        "<article><h1>Amnesty to leave</h1><svg><title>Offices by year</title><desc>A bar chart</desc>"
        "<text>Offices open in 2021</text></svg><p>Choose a year <select><option>2020</option><option>2021"
        "</option></select> to see the offices.</p></article>"))
    assert _texts(article) == ["Amnesty to leave", "Offices open in 2021", "Choose a year to see the offices."]


HIDING_SHEET = ("<style><!-- .hidden { display: none } #gone, [data-off] { visibility: hidden !important }"
                "@media (max-width: 600px) { .wide-only { display:none } } p::before { display: none }"
                "@media print { .screen-only { display: none } } @media not print { .not-on-paper { display: none } }"
                ".a\\:b { display: none } --></style><style media='not print'>.ink { display: none }</style>"
                "<style media='only print'>.paper { display: none }</style>"
                "<style>.fill { -webkit-text-fill-color: transparent } .seen-fill { -webkit-text-fill-color: #222 }</style>")


@pytest.mark.parametrize("hidden", [
    '<span class="hidden">never</span>', '<span id="gone">never</span>', '<span data-off="">never</span>',
    '<span class="not-on-paper">never</span>', '<span class="ink">never</span>', '<span class="a:b">never</span>',
    '<span style="display:/**/none">never</span>', '<span style="display:n\\6f ne">never</span>',
    '<span style="opacity: 0">never</span>', '<span style="font-size:0px">never</span>',
    '<span style="visibility:collapse">never</span>',
    "<title>never</title>", '<svg><text display="none">never</text></svg>',
    "<svg><defs><text>never</text></defs></svg>", "<canvas>never</canvas>", "<video>never</video>",
    # A popover until it is opened; the words a gauge, a progress bar or an object show only where they cannot be drawn.
    "<span popover>never</span>", '<span popover="manual">never</span>', '<meter value="0.3">never</meter>',
    "<progress>never</progress>", '<span class="fill">never</span>',
])
def test_what_a_page_styles_out_of_sight_cannot_be_quoted(tmp_path, hidden):
    article = _article(tmp_path, f"<article><h1>Minister resigns</h1><p>The minister {hidden} resigned in disgrace.</p>"
                                 "</article>", head=HIDING_SHEET)
    assert not _quoted("The minister never resigned", article)
    assert _quoted("The minister resigned in disgrace", article)


@pytest.mark.parametrize("shown", ['<span class="screen-only">never</span>', '<span style="opacity:0.5">never</span>',
                                   '<span class="seen-fill">never</span>', "<object>never</object>",
                                   '<span class="wide-only">never</span>',   # hidden on a phone, shown at a desk
                                   '<span class="paper">never</span>', '<span display="none">never</span>',
                                   '<span style="font-size:0.9em">never</span>', '<span class="hiddenish">never</span>'])
def test_what_a_page_styles_but_shows_is_text(tmp_path, shown):
    article = _article(tmp_path, f"<article><h1>Minister resigns</h1><p>The minister {shown} resigned in disgrace.</p>"
                                 "</article>", head=HIDING_SHEET)
    assert _quoted("The minister never resigned in disgrace", article)


@pytest.mark.parametrize("hidden", ["<svg><title>never</title></svg>", "<svg><desc>never</desc></svg>",
                                    "<select><option>never</option></select>", "<video>never</video>",
                                    '<span style="display:/**/none">never</span>',
                                    '<style>.x, p.y { display: none }</style><span class="a x">never</span>',
                                    '<style>#z { visibility: hidden }</style><span id=z>never</span>'])
def test_what_a_page_would_not_show_of_markdown_cannot_be_quoted(tmp_path, hidden):
    article = _markdown_article(tmp_path, f"# Minister resigns\n\nBy Jane Doe\n\nThe minister {hidden} resigned in disgrace.\n")
    assert not _quoted("The minister never resigned", article)
    assert _quoted("The minister resigned in disgrace", article)


def test_the_noncharacters_of_a_seed_are_left_out_as_its_control_characters_are(tmp_path):
    # Code points Unicode keeps for a program's own use: HTML forbids them, and no reader sees one.
    problems = Problems()
    [seed] = _seeds(tmp_path, {"odd.txt": "A title\n\nBy Jane Doe\n\nThe text\ufdd0 holds\U0001ffff odd points.\n"},
                    problems)
    [article] = split_articles(seed.text)
    assert _texts(article)[-1] == "The text holds odd points."
    [warning] = [str(p) for p in problems.items]
    assert warning == ("seeds/odd.txt:5: warning: holds noncharacters (the first is U+FDD0), which no "
                       "reader sees: they are left out of its text")


def test_a_heading_of_one_word_that_names_what_readers_do_is_kept(tmp_path):
    article = _article(tmp_path, "<article><h1>Amnesty to leave</h1><p>Amnesty will close its offices.</p><h2>Views</h2>"
                                 "<p>Critics said so.</p><h2>Responses</h2><p>Officials said so.</p>"
                                 '<div class="signature-story"><p>The story in full.</p></div></article>')
    assert _texts(article)[2:] == ["Views", "Critics said so.", "Responses", "Officials said so.", "The story in full."]


def test_buttons_and_counts_of_what_readers_did_are_no_words_of_the_article(tmp_path):
    # As a Medium or Substack page saved whole lays them out around the story.
    article = _article(tmp_path, (
        "<article><h1>Amnesty to leave</h1><div><button>Follow</button></div><div><button aria-label=\"claps\">312"
        "</button><button>Listen</button><button>Share</button></div><p>Amnesty will close its offices.</p>"
        "<div class=\"post-footer\"><div>12 likes</div><div>3 Share</div><div>Comments</div></div></article>"))
    assert _texts(article) == ["Amnesty to leave", "Amnesty will close its offices."]


@pytest.mark.parametrize("mark", [
    '<sup><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup>',                     # a Google Docs export
    '<sup class="reference"><a href="#cite_note-4">[4]</a></sup>',              # Wikipedia
    '<sup class="noprint"><a href="/wiki/Wikipedia:Citation_needed">[citation needed]</a></sup>',
    '<sup><a href="#fn2">2</a></sup>',
])
def test_a_notes_mark_is_no_word_of_the_sentence_it_stands_in(tmp_path, mark):
    article = _article(tmp_path, f"<article><h1>Amnesty to leave</h1><p>Amnesty will close its offices{mark} "
                                 "by the end of the year.</p><p>[1] Announced on Monday.</p></article>")
    assert _quoted("Amnesty will close its offices by the end of the year", article)
    assert _texts(article)[2] == "[1] Announced on Monday."   # the note itself is the page's text


def test_a_superscript_that_is_no_notes_mark_is_kept(tmp_path):
    article = _article(tmp_path, "<article><h1>Amnesty to leave</h1><p>It cost 10<sup>6</sup> dollars on the 1<sup>st</sup>"
                                 " day, <sup><a href=\"https://example.org/\">see</a></sup> there, and grew 10<sup><a "
                                 "href=\"#n\">6</a></sup> times.</p></article>")
    assert _texts(article)[1] == "It cost 10\u2076 dollars on the 1st day, see there, and grew 10\u2076 times."


CASCADE = ("<style>.wide { display: none } @media (min-width: 600px) { .wide { display: block } }"
           "p.lead { display: none } p.lead.open { display: block } article .story { display: none }"
           ".story.shown { display: inline } .x { display: none } #gone { display: none } .kept { display: inline }"
           ".firm { display: none !important } .firm.open { display: block } .late { display: inline }"
           ".late { display: none } .faint { visibility: hidden } .faint.open { display: block }</style>")


@pytest.mark.parametrize("element, shown", [
    ('<span class="wide">never</span>', True),                  # mobile first: shown on a wide screen
    ('<span class="story shown">never</span>', True),           # a rule that weighs more shows it again
    ('<span class="x" style="display: inline">never</span>', True),   # as a page saved after its script ran
    ('<span class="story">never</span>', False),
    ('<span id="gone" class="kept">never</span>', False),       # an id weighs more than a class
    ('<span class="firm open">never</span>', False),            # !important weighs more than any other
    ('<span class="late">never</span>', False),                 # the later of two rules as specific
    ('<span class="faint open">never</span>', False),           # shown is not visible: another property
])
def test_what_a_page_hides_is_told_by_its_cascade(tmp_path, element, shown):
    article = _article(tmp_path, f"<article><h1>Minister resigns</h1><p>The minister {element} resigned.</p>"
                                 '<p class="lead open">The lead is open.</p><p class="lead">The lead is closed.</p>'
                                 "</article>", head=CASCADE)
    assert _quoted("The minister never resigned", article) is shown
    assert _quoted("The minister resigned", article) is not shown
    assert _quoted("The lead is open", article) and not _quoted("The lead is closed", article)


def test_a_newsletter_laid_out_in_tables_is_read_paragraph_by_paragraph(tmp_path):
    # As most emails are laid out: a table of rows, each of headings and paragraphs. A table of data keeps
    # its rows as paragraphs.
    article = _article(tmp_path, (
        '<table width="100%"><tr><td align="center"><table width="600"><tr><td>'
        "<p>View this email in your browser</p><h1>Amnesty to close its Hong Kong offices</h1><p>By Ann Lee</p>"
        "<p>Amnesty said on Monday it would close its offices.</p><p>The group blamed the security law.</p>"
        "</td></tr><tr><td><p>Unsubscribe | Update your preferences</p><p>You are receiving this email because you "
        "signed up.</p></td></tr></table></td></tr></table>"
        "<table><tr><th>Year</th><th>Groups</th></tr><tr><td>2021</td><td>23</td></tr></table>"))
    assert (article.title, article.authors) == ("Amnesty to close its Hong Kong offices", ("Ann Lee",))
    assert _texts(article) == ["Amnesty to close its Hong Kong offices", "Amnesty said on Monday it would close its offices.",
                               "The group blamed the security law.", "Year Groups", "2021 23"]


@pytest.mark.parametrize("selector", ['p[title="a b"]', 'p[data-x="a.b"]', 'p[data-y="#top"]', "div:has(> p.x)",
                                      "p[ title ]"])
def test_a_rule_that_selects_by_an_attribute_or_what_an_element_holds_hides_it(tmp_path, selector):
    # The spaces, dots and hashes within brackets are not the selector's own.
    article = _article(tmp_path, '<article><h1>Minister resigns</h1><div><p class="x" title="a b" data-x="a.b" '
                                 'data-y="#top">The minister never resigned.</p></div><p>The minister resigned.</p>'
                                 "</article>", head=f"<style>{selector} {{ display: none }}</style>")
    assert _texts(article) == ["Minister resigns", "The minister resigned."]


@pytest.mark.parametrize("name, text", [
    ("deep.html", "<html><head><style>" + "@media screen {" * 5000 + ".n { display: none }" + "}" * 5000
                  + "</style></head><body><p>Text.</p></body></html>"),
    ("deep.md", "# Title\n\n<style>" + "@media screen {" * 5000 + ".n { display: none }" + "}" * 5000
                + "</style>\n\nText.\n"),
])
def test_a_style_sheet_nested_past_reason_is_an_error_not_a_crash(tmp_path, name, text):
    problems = Problems()
    assert _seeds(tmp_path, {name: text}, problems) == []
    assert [str(p) for p in problems.items] == [
        f"seeds/{name}:1: holds a style sheet nested more than 32 blocks deep; no page's is: save the article's own page"]


def test_a_page_dated_only_by_its_last_change_is_dated_as_changed_then(tmp_path):
    article = _article(tmp_path, '<article><h1>Amnesty to leave</h1><p class="meta">Updated: <time '
                                 'datetime="2021-10-26T09:00">26 October 2021</time></p><p>Amnesty will close.</p></article>')
    assert (article.date.iso, article.date_is_update) == ("2021-10-26", True)


@pytest.mark.parametrize("hidden, head", [
    # Text for screen readers only, clipped to nothing, as frameworks hide it from sight.
    ('<span class="only-sr">not</span>', "<style>.only-sr{position:absolute;width:1px;height:1px;overflow:hidden;"
                                         "clip:rect(0,0,0,0)}</style>"),
    ('<span class="clipped">not</span>', "<style>.clipped{position:absolute;clip:rect(1px, 1px, 1px, 1px)}</style>"),
    ('<span class="inset">not</span>', "<style>.inset{clip-path:inset(50%)}</style>"),
    ('<span class="sr-only">not</span>', ""),                  # its style sheet linked, and not at hand
    ('<span class="visually-hidden">not</span>', ""),
    ('<span class="screen-reader-text">not</span>', ""),       # WordPress's
])
def test_text_for_screen_readers_only_is_no_text_a_reader_sees(tmp_path, hidden, head):
    article = _article(tmp_path, f"<article><h1>Minister resigns</h1><p>Officials said the group was {hidden} a threat."
                                 "</p></article>", head=head)
    assert _quoted("Officials said the group was a threat", article)
    assert not _quoted("Officials said the group was not a threat", article)


def test_a_clip_that_leaves_an_area_shows_its_text(tmp_path):
    article = _article(tmp_path, '<article><h1>Minister resigns</h1><p>Officials said the group was <span class="c">not'
                                 "</span> a threat.</p></article>", head="<style>.c{clip:rect(0, 200px, 40px, 0)}</style>")
    assert _quoted("Officials said the group was not a threat", article)


def test_captions_and_menus_the_page_names_outside_figure_and_nav_are_furniture(tmp_path):
    article = _article(tmp_path, (
        '<article><h1>Amnesty to leave</h1><div class="wp-caption"><img src="a.jpg"><p class="wp-caption-text">'
        "Police arrested five protesters outside the office.</p></div><p>Amnesty will close its offices.</p>"
        '<div role="navigation"><a href="/next">Next: Police arrest five</a></div>'
        '<h2>History<span class="mw-editsection">[edit]</span></h2><p>It opened in 1982.</p>'
        '<div class="navbox">Amnesty International · Human rights</div><div id="catlinks">Categories: Rights</div>'
        "</article>"))
    assert _texts(article) == ["Amnesty to leave", "Amnesty will close its offices.", "History", "It opened in 1982."]
    assert "Image caption: Police arrested five protesters outside the office." in [p.text for p in article.dropped]


def test_a_quotation_within_a_line_keeps_the_marks_a_browser_draws_around_it(tmp_path):
    article = _article(tmp_path, "<article><h1>Amnesty to leave</h1><p>The board said <q>we will leave</q> by December."
                                 "</p></article>")
    assert _quoted("The board said \u201cwe will leave\u201d by December", article)
    assert not _quoted("The board said we will leave by December", article)


def test_a_notes_mark_that_is_not_raised_is_left_out_where_the_page_names_it_one(tmp_path):
    # As Substack writes it: a link to the note, in the line.
    article = _article(tmp_path, '<article><h1>Amnesty to leave</h1><p>It was effectively impossible<a class="footnote-anchor" '
                                 'href="#footnote-1" id="footnote-anchor-1">1</a> for the group to work.</p>'
                                 '<p>Chapter <a href="#part-2">2</a> tells the rest.</p></article>')
    assert _quoted("It was effectively impossible for the group to work", article)
    assert _texts(article)[2] == "Chapter 2 tells the rest."   # a link, not a note's


@pytest.mark.parametrize("style, shown", [
    ("display:none !important; display:inline", False),   # the important one stands
    ("clip-path: inset(50% 0 0 0)", True),                 # half of it clipped, half shown
    ("clip: rect(., 1px, 1px, 1px)", True),                # no value a browser reads: nothing clipped
    # Off the screen, moved out of its box, transparent, of no size, scaled or clipped to nothing, too small to read.
    ("position:absolute;left:-9999px", False), ("position: fixed; top: -100vw", False),
    ("text-indent:-9999px", False), ("transform: translateX(-10000px)", False),
    ("color:transparent", False), ("color: rgb(0 0 0 / 0%)", False), ("color: rgba(0, 0, 0, 0.6)", True),
    ("color:transparent; -webkit-background-clip:text; background-image:linear-gradient(red,blue)", True),
    # Transparent in hex digits or in CSS's newer functions, or in the colour of its fill alone; filtered out.
    ("color:#0000", False), ("color: #FFF0", False), ("color: #ffffff00", False), ("color: oklch(50% 0.1 200 / 0)", False),
    ("color: #000", True), ("color: #000000", True), ("color: #00000080", True), ("color: oklch(50% 0.1 200)", True),
    ("-webkit-text-fill-color: transparent", False), ("color: transparent; -webkit-text-fill-color: #333", True),
    ("-webkit-text-fill-color:transparent; background-clip:text; background-image:linear-gradient(red,blue)", True),
    ("filter: opacity(0)", False), ("filter: opacity(0%)", False), ("filter: opacity(.01)", False),
    ("filter: opacity(0.6)", True), ("filter: opacity()", True), ("filter: blur(1px)", True),
    ("color: transparent; -webkit-text-fill-color: initial", False), ("color: transparent; -webkit-text-fill-color: inherit", False),
    ("width:0;height:0;overflow:hidden", False), ("width:1px;height:1px;overflow:hidden;position:absolute", False),
    ("max-height:0;overflow:hidden", False), ("height:0;padding-bottom:56%;overflow:hidden", True),
    ("transform:scale(0)", False), ("scale:0", False), ("transform:scale(0.9)", True),
    ("clip-path:circle(0)", False), ("clip-path:circle(40%)", True),
    ("font-size:0.0001px", False), ("opacity:0.01", False), ("opacity:0.4", True),
    # What pages write to show, and centre, what they style.
    ("color: rgb(0, 0, 0)", True), ("color: hsl(0, 0%, 0%)", True), ("position:absolute;left:50%;transform:translateX(-50%)", True),
    ("text-indent:-50%", True), ("clip-path: circle()", True), ("clip-path: ellipse(at center)", True),
])
def test_an_elements_own_style_hides_it_as_a_browser_would(tmp_path, style, shown):
    article = _article(tmp_path, f'<article><h1>Minister resigns</h1><p>The group was <span style="{style}">not</span> '
                                 "a threat.</p></article>")
    assert _quoted("The group was not a threat", article) is shown


def test_a_container_named_as_a_caption_or_a_box_within_the_article_is_the_articles(tmp_path):
    article = _article(tmp_path, '<article><h1>Amnesty to leave</h1><div class="caption"><p>Amnesty will close its offices.'
                                 '</p><p>Staff were told.</p></div><div role="complementary"><p>The law took effect in '
                                 "2020.</p></div><p>Read the <a class=\"footnote\" href=\"#notes\">end</a> notes.</p>"
                                 "</article>")
    assert _texts(article) == ["Amnesty to leave", "Amnesty will close its offices.", "Staff were told.",
                               "The law took effect in 2020.", "Read the end notes."]


@pytest.mark.parametrize("element, shown", [
    ('<span class="d-none">not </span>', False), ('<span class="hidden">not </span>', False),
    ('<span class="invisible">not </span>', False), ('<span class="is-hidden">not </span>', False),
    # Shown on a wider screen: a reader at a desk sees it.
    ('<span class="d-none d-md-inline">not </span>', True), ('<span class="hidden md:inline">not </span>', True),
    ('<span class="off">not </span>', False),   # WebAIM's rule for text only screen readers read
    ('<span class="gradient">not </span>', True),
])
def test_text_a_frameworks_class_or_a_pages_rules_hide_cannot_be_quoted(tmp_path, element, shown):
    sheet = ("<style>.off { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden }"
             ".gradient { background: linear-gradient(red, blue); background-clip: text; color: transparent }</style>")
    article = _article(tmp_path, f"<article><h1>Union disbands</h1><p>The group did {element}break the law in 2020.</p>"
                                 "</article>", head=sheet)
    assert _quoted("The group did not break the law in 2020", article) is shown
    assert _quoted("The group did break the law in 2020", article) is not shown


@pytest.mark.parametrize("head, body, title", [
    # The headline a reader sees stands before the one written for a link's card.
    ('<meta property="og:title" content="Union disbands">', "<article><h1>Union votes to disband after 48 years</h1>",
     "Union votes to disband after 48 years"),
    # With no headline in the article, the card's, without the site's name after it.
    ('<meta property="og:title" content="Union disbands after 48 years | Gamma Wire">'
     '<meta property="og:site_name" content="Gamma Wire">', "<article>", "Union disbands after 48 years"),
    # Kept whole where no part of it is the site's name; before a section's name in the main part.
    ('<meta property="og:title" content="Explainer | Why Amnesty is leaving Hong Kong">'
     '<meta property="og:site_name" content="Gamma Wire">', "<article>", "Explainer | Why Amnesty is leaving Hong Kong"),
    ('<meta property="og:title" content="Union disbands after thirty years">',
     '<main><h1 class="section">Hong Kong</h1></main><article>', "Union disbands after thirty years"),
])
def test_a_pages_title_is_the_headline_its_reader_sees(tmp_path, head, body, title):
    article = _article(tmp_path, body + "<p>By Ann Lee</p><p>The union voted on Sunday to disband.</p></article>", head=head)
    assert article.title == title
    assert [p.text for p in article.paragraphs if p.kind == "title"] == [title]


def test_an_xhtml_page_is_read_as_the_page_it_is(tmp_path):
    page = ('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
            '<meta name="author" content="Ann Lee"/></head><body><article><h1>Amnesty leaves</h1>'
            "<p>Amnesty said it would <em>close</em> its offices.</p></article></body></html>\n")
    [seed] = _seeds(tmp_path, {"page.xhtml": page})
    [article] = split_articles(seed.text)
    assert (article.title, article.authors) == ("Amnesty leaves", ("Ann Lee",))
    assert _texts(article) == ["Amnesty leaves", "Amnesty said it would close its offices."]
