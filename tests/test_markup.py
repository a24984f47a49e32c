"""Plain paragraphs skip Markdown; the page must read exactly as if Markdown had converted it all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings, strategies as st

from explainer.markup import LostText, Markup, NestedTooDeep, Unreadable

ROOT = Path(__file__).resolve().parent.parent

PLAIN = ["Hong Kong's law took effect.", "It said “we will go” — twice!", "2021 was the year; 30 June, 11 p.m.",
         "Amnesty (AI) closed, per the report: 100% of staff.", "Ends with a marker \ue0003\ue001"]
MARKED = ["- a list item", "1. first", "2) second", "# A heading", "> quoted", "---", "===", "* star item",
          "    indented code", "\tTabbed", "A *stressed* word", "an_underscore_word", "[a link](https://x.example)",
          "[a link][ref]", "[ref]: https://x.example", "<b>raw</b>", "AT&T", "a < b", "ends with two spaces  ",
          "`code`", "back\\slash", "[evil](javascript:alert(1))", "  two-space start", "+ plus item",
          "3. third", "Word #hash", "e.g. 1. not a list"]
# Links, strong words, headings and lists the quick path writes itself, and near misses it must leave.
SIMPLE = ["## A heading", "### A [linked](../page/) heading", "#### **Strong** one", "# Ends #", "##No space", "## C# code",
          "- **Redaction Politics**, an article.", "- an item with [a link](https://a.example/x_y?q=1).", "- two\n- items",
          "- a\n* b", "- a\n  continued", "-  wide", "- 1. nested", "See [the sources](../sources/).",
          "[a](https://a.example)", "[a](https://a.example/)", "[a](//a.example/x)", "[a](mailto:x@a.example)",
          "[a]()", "[a](b c)", "[a](b \"title\")", "[a](b))", "Wow![a](b)", "[**a**](b)", "**[a](b)**", "a**b**c",
          "***a***", "** a **", "**a** and **b**", "[a](b)[c](d/)", "[a](b)(c)", "[x (y)](z/)", "[a](b&c)", "[a](b_c) d_e",
          "[a](%41/)", "## Sources\n- a", "___\n- a", "T\n===\n- a", "# T\n* a", "**a\nb**", "[a\nb](c)", "[a]\n(b)", "a\n**b**", "**\ue0001\ue001**"]

lines = st.one_of(st.sampled_from(PLAIN), st.sampled_from(MARKED), st.sampled_from(SIMPLE),
                  st.text(alphabet="ab .,1-#>*_[]()!:\t\ue000\ue001“”'é中²&<", max_size=12))
blocks = st.lists(lines, min_size=1, max_size=3).map("\n".join)
separators = st.sampled_from(["\n\n", "\n\n\n", "\n  \n", "\n\t\n"])


@st.composite
def documents(draw):
    parts = draw(st.lists(blocks, min_size=1, max_size=6))
    text = parts[0]
    for part in parts[1:]:
        text += draw(separators) + part
    return draw(st.sampled_from(["", "\n"])) + text + draw(st.sampled_from(["", "\n", "\n\n", "  ", "  \n \n\t", "\n\t\n"]))


def converted(convert, text: str):
    """What `convert(text)` gives, or the kind of error it raises for a text Markdown cannot read."""
    try:
        return convert(text)
    except Unreadable as err:
        return type(err)


@settings(max_examples=600, deadline=None)
@given(documents())
def test_fast_path_matches_markdown(text):
    fast, slow = Markup(), Markup()
    assert converted(fast.convert, text) == converted(slow._convert, text)


CITATION = re.compile(r"\[@[^\]]*\]")
BLOCK_TAG = re.compile(r"<(?:p|h\d|ul|ol|li|blockquote|pre|hr|div)\b")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(PLAIN + MARKED + SIMPLE), lines, blocks, documents()))
def test_inline_matches_markdown_or_holds_no_block(text):
    assume(converted(Markup()._convert, text) is not LostText)   # see test_marks_markdown_misreads_are_refused
    html, unsafe = Markup()._convert(text)
    inline = Markup().inline(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        assert inline == (html[3:-4], unsafe)
    else:   # a claim or a note stands inside a <p>: its block marks are text
        assert not BLOCK_TAG.search(inline[0]), inline


# Texts whose marks Python-Markdown (3.x) mixes up: it prints its own placeholder, 'klzzwxh:0000' between
# two control characters, in place of part of each.
MISREAD = ["*..**___*[a](b)_____)]*", "http://x.org/*a&amp;**b*&amp;", "_.__[_&amp; ", "[***](****:***_[a](b)]__",
           "*b***(b*****___b[a](b)/*", "**_/___[a](b)(***a.a***", "<http://x.org.[\\)]([a](b)\n)>/>!"]


@pytest.mark.parametrize("text", MISREAD)
def test_marks_markdown_misreads_are_refused(text):
    assert converted(Markup()._convert, text) is LostText
    assert converted(Markup().convert, f"Before.\n\nA *mark* {text}") is LostText
    assert converted(Markup().inline, f"A claim {text} in words") is LostText


def test_the_block_markdown_misreads_is_named_in_a_run_of_marked_up_blocks():
    bad = "Then *..**___*[a](b)_____)]* misread."
    try:
        Markup().convert(f"Some *emphasis* first.\n\n{bad}\n\nAnd *more* after.\n")
    except LostText as err:
        assert err.text == bad
    else:
        raise AssertionError("not refused")


@settings(max_examples=400, deadline=None)
@given(st.one_of(documents(), st.text(alphabet="*_[]()ab !.&;:/\\<>\n", max_size=30)))
def test_no_placeholder_of_markdown_ever_reaches_a_page(text):
    for convert in (Markup().convert, Markup().inline):
        html = converted(convert, text)
        assert html in (LostText, NestedTooDeep) or not re.search("[\x02\x03]|klzzwxh", html[0]), (text, html)


def test_block_markdown_read_inline_keeps_its_text_and_inline_marks():
    html, unsafe = Markup().inline("The law took effect\n\n# on 30 June\n\n- *in* Hong Kong\n\n1. first\n"
                                   "> [see](javascript:alert(1))\n\n    `code`\r\n\r\nEnd\n===")
    assert html == ('The law took effect\n# on 30 June\n- <em>in</em> Hong Kong\n1. first\n&gt; <a href="#">see</a>\n'
                    '    <code>code</code>\nEnd\n===')
    assert unsafe == ("javascript:alert(1)",)


def test_every_page_of_the_explainer_reads_the_same():
    pages = sorted((ROOT / "content" / "pages").glob("*.md"))
    assert pages
    for page in pages:
        body = page.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        assert Markup().convert(body) == Markup()._convert(body), page.name


def test_every_page_of_the_explainer_needs_no_markdown_pass():
    """Its headings, links, strong words and lists are written directly: a build of the site never
    imports Python-Markdown, a tenth of the build's time."""
    calls = []
    for page in sorted((ROOT / "content" / "pages").glob("*.md")):
        markup = Markup()
        convert = markup._convert
        markup._convert = lambda text: calls.append(text) or convert(text)
        body = page.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        # As a page is converted: each citation stands in its text as a numbered mark (see citations.py).
        marks = iter(range(1000))
        markup.convert(CITATION.sub(lambda _: f"\ue000{next(marks)}\ue001", body))
    assert calls == []


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(SIMPLE + PLAIN + ["- a list item", "    indented code", "1. first"]), min_size=1,
                max_size=5), st.sampled_from(["\n\n", "\n"]))
def test_headings_links_strong_words_and_lists_read_as_markdown_reads_them(blocks, separator):
    text = separator.join(blocks)
    assert Markup().convert(text) == Markup()._convert(text)


def test_plain_paragraphs_skip_markdown():
    markup = Markup()
    calls = []
    convert = markup._convert
    markup._convert = lambda text: calls.append(text) or convert(text)
    html, _ = markup.convert("One plain paragraph.\n\nA *marked* one.\n\nAnother plain one.")
    assert html == "<p>One plain paragraph.</p>\n<p>A <em>marked</em> one.</p>\n<p>Another plain one.</p>"
    assert calls == ["A *marked* one."]


def test_a_link_to_an_address_with_a_space_or_a_quote_is_percent_encoded_as_a_browser_would():
    html, unsafe = Markup().convert('[a](http://a.example/a b) [b](http://a.example/"x) <http://a.example/a|b> '
                                    "[c](https://example.org/?q=1&r=2)")
    assert 'href="http://a.example/a%20b"' in html and 'href="http://a.example/%22x"' in html
    assert 'href="http://a.example/a%7Cb"' in html and 'href="https://example.org/?q=1&amp;r=2"' in html
    assert unsafe == ()


def test_a_list_under_a_heading_or_a_rule_joins_the_list_after_it_as_markdown_joins_them():
    for text in ("## Sources\n- a\n\n- b", "___\n- a\n\n- b", "T\n===\n- a\n\n- b", "x\n# h\n- a\n\n- b"):
        assert Markup().convert(text) == Markup()._convert(text)

