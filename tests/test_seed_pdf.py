"""A seed saved as a PDF is read as the text its pages show: in lines, paragraphs and pages joined again."""

from __future__ import annotations

import subprocess
import zlib

import pytest

from conftest import add_seed, build_quoting, chromium_path, copy_project
from explainer import pdfseed
from explainer.ingest import split_articles
from explainer.memo import Files, Memo
from explainer.problems import Problems
from explainer.quotes import find_quote, fold
from explainer.seeds import read_seeds
from explainer.standardfonts import standard_widths

# Helvetica, as a PDF names it without embedding it: every glyph 500 units wide, as /Widths says.
LATIN = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 255 /Widths ["
         + b" ".join([b"500"] * 224) + b"] /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding"
         b" /Differences [128 /quoteright /eacute /uni570B] >> >>")
# A font whose codes are two bytes, each mapped to Unicode by its ToUnicode stream (object 9).
CHINESE = b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 9 0 R >>"
CHINESE_GLYPHS = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /DW 1000 >>"
CMAP = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> "
        b"endcodespacerange 2 beginbfchar <0001> <570B> <0002> <5B89> endbfchar 1 beginbfrange <0003> <0004> "
        b"[<6CD5> <3002>] endbfrange endcmap CMapName currentdict /CMap defineresource pop end end")


def text(x: float, y: float, shown: str | bytes, size: float = 12, font: str = "F1") -> bytes:
    """Content that shows `shown` at (x, y): a string, or a TJ array already written."""
    operand = shown if isinstance(shown, bytes) else b"(" + shown.encode("latin-1").replace(b"(", b"\\(").replace(
        b")", b"\\)") + b") Tj"
    return b"BT /%s %g Tf %g %g Td %s ET\n" % (font.encode(), size, x, y, operand)


def lines(x: float, y: float, rows: list[str], size: float = 12, leading: float = 14) -> bytes:
    """A paragraph's lines, one under the other, as a word processor sets them."""
    return b"".join(text(x, y - k * leading, row, size) for k, row in enumerate(rows))


def pdf(pages: list[bytes], *, compress: bool = True, object_stream: bool = False, trailer: bytes = b"",
        extra: dict[int, bytes] | None = None) -> bytes:
    """A PDF of these content streams, one a page, in fonts F1 (Latin) and F2 (Chinese); its page tree and
    fonts are kept in a compressed object stream when `object_stream`, as PDF 1.5 writers keep them."""
    kids = b" ".join(b"%d 0 R" % (20 + 2 * k) for k in range(len(pages)))
    # Resources inherited from the page tree, as PDF allows.
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 5: LATIN, 7: CHINESE, 8: CHINESE_GLYPHS,
               2: b"<< /Type /Pages /Count %d /Kids [%s] /Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> >>"
                  % (len(pages), kids)}
    objects.update(extra or {})
    streams = {9: (b"<<", CMAP)}
    for k, content in enumerate(pages):
        objects[20 + 2 * k] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>" % (21 + 2 * k)
        streams[21 + 2 * k] = (b"<<", content)
    if object_stream:
        packed = [(n, objects.pop(n)) for n in (2, 5, 7, 8)]
        index, body = [], b""
        for n, value in packed:
            index.append(b"%d %d" % (n, len(body)))
            body += value + b"\n"
        prefix = b" ".join(index) + b"\n"
        streams[30] = (b"<< /Type /ObjStm /N %d /First %d" % (len(packed), len(prefix)), prefix + body)
    out, offsets = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"), {}
    for number in sorted(set(objects) | set(streams)):
        offsets[number] = len(out)
        if number in streams:
            head, data = streams[number]
            if compress:
                data, head = zlib.compress(data), head + b" /Filter /FlateDecode"
            out += b"%d 0 obj\n%s /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (number, head, len(data), data)
        else:
            out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    start = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for number, offset in sorted(offsets.items()):
        out += b"%d 1\n%010d 00000 n \n" % (number, offset)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (max(offsets) + 1, trailer, start)
    return bytes(out)


def head_and_foot(page: int) -> bytes:
    """A running head and a page number, small and apart from the text, as each page of a paper has them."""
    return text(72, 760, "The Harbour Times | 25 October 2021", size=8) + text(300, 30, str(page), size=8)


STORY = [
    head_and_foot(1)
    + text(72, 700, "Amnesty to close its Hong Kong offices", size=20)
    + text(72, 670, "By Ann Lee")
    + text(72, 652, "25 October 2021")
    + lines(72, 620, ["Amnesty International said on Monday it would close its two offices in",
                      "Hong Kong by the end of the year, citing the city\x80s national security law."])
    # A line in pieces: a word kerned apart by a TJ array (a space), and one drawn in two parts (none).
    + text(72, 580, b"[(The decision was made) -300 (with a heavy heart,) -250 (said the) 40 (board.)] TJ")
    # Furniture a tagged PDF marks as such.
    + b"/Artifact BMC\n" + text(72, 560, "Advertisement") + b"EMC\n"
    + lines(72, 540, ["The well-", "known group had worked in the city for four", "decades and its caf\x81 staff"]),
    head_and_foot(2)
    + lines(72, 700, ["would leave with it. Its regional office will move.", ])
    + text(72, 670, b"<00010002> Tj", font="F2"),
]


def _read(tmp_path, name: str, data: bytes):
    (tmp_path / "seeds").mkdir(parents=True, exist_ok=True)
    (tmp_path / "seeds" / name).write_bytes(data)
    problems = Problems()
    return read_seeds(tmp_path, problems, Memo(), Files(tmp_path)), problems


def _article(tmp_path, data: bytes, name: str = "story.pdf"):
    [seed], problems = _read(tmp_path, name, data)
    assert not problems.items, [str(p) for p in problems.items]
    [article] = split_articles(seed.text)
    return article


def _texts(article) -> list[str]:
    """The article's paragraphs below its headline."""
    return [p.text for p in article.paragraphs if p.kind != "title"]


@pytest.mark.parametrize("object_stream", [False, True])
def test_a_pdf_gives_its_headline_byline_date_and_paragraphs_without_the_pages_furniture(tmp_path, object_stream):
    article = _article(tmp_path, pdf(STORY, object_stream=object_stream))
    assert article.title == "Amnesty to close its Hong Kong offices"
    assert (article.authors, article.date.iso) == (("Ann Lee",), "2021-10-25")
    assert _texts(article) == [
        "Amnesty International said on Monday it would close its two offices in Hong Kong by the end of the "
        "year, citing the city\u2019s national security law.",
        "The decision was made with a heavy heart, said theboard.",
        # Broken after a hyphen, a line keeps it, marked as a line's end (see test_quotes_of_a_pdf_must_be_its_words);
        # a paragraph runs on over the page's foot and the next one's head.
        "The well-\u2060known group had worked in the city for four decades and its caf\u00e9 staff would leave with it. "
        "Its regional office will move.",
        "\u570b\u5b89",
    ]
    shown = " ".join(_texts(article))
    for furniture in ("Harbour Times", "Advertisement"):
        assert furniture not in shown


def test_a_page_number_that_says_so_is_left_out_however_near_the_text_it_stands(tmp_path):
    # A one-page article whose footer, in the text's size, follows the text as closely as a paragraph would.
    first = ["The ferry company said on Thursday that the fares on its night", "route would rise."]
    page = (text(72, 720, "Ferry fares to rise", size=20) + lines(72, 690, first)
            + text(72, 652, "Commuters were angry.") + text(72, 628, "Page 1 of 1"))
    assert _texts(_article(tmp_path, pdf([page]))) == [" ".join(first), "Commuters were angry."]
    kept = text(72, 720, "Ferry fares to rise", size=20) + text(72, 690, "The count rose to 12 of 40.")
    assert _texts(_article(tmp_path / "other", pdf([kept]))) == ["The count rose to 12 of 40."]


def test_a_chinese_font_mapped_to_unicode_by_ranges_is_read(tmp_path):
    page = (text(72, 700, "Headline in the large size", size=20)
            + text(72, 650, b"<0001000200030004> Tj", font="F2") + text(72, 630, "The text goes on here."))
    assert _texts(_article(tmp_path, pdf([page]))) == ["\u570b\u5b89\u6cd5\u3002", "The text goes on here."]


def test_a_quote_of_a_pdf_is_verified_on_its_source_page_and_a_changed_one_refused(tmp_path):
    project = copy_project(tmp_path / "site")
    add_seed(project, "harbour.pdf", pdf(STORY), "harbour")
    built = build_quoting(project, "harbour", "it would close its two offices in Hong Kong by the end of the year")
    assert built.returncode == 0, built.stderr
    page = (project / "dist" / "sources" / "harbour" / "index.html").read_text(encoding="utf-8")
    assert "Ann Lee" in page and "harbour.pdf" in page and "25 October 2021" in page
    refused = build_quoting(project, "harbour", "it would close its three offices in Hong Kong")
    assert refused.returncode == 1
    assert "quote not found in source 'harbour'" in refused.stderr


def test_a_pdf_printed_by_chromium_is_read_word_for_word(tmp_path):
    paragraphs = [f"Paragraph {k} says the office in Hong Kong will close because of the national security law, "
                  f"and that its staff will leave by the end of the year; it runs on over several lines, number {k}."
                  for k in range(1, 40)]
    page = tmp_path / "story.html"
    page.write_text('<!doctype html><meta charset="utf-8"><title>Report</title><style>p{text-indent:2em;margin:0}'
                    "</style><h1>A report on the closure</h1><p>By Ann Lee</p>"
                    + "".join(f"<p>{p}</p>" for p in paragraphs)
                    + "<p>A \u201cwell-known\u201d para&shy;graph, hyphen&shy;ated softly.</p>", encoding="utf-8")
    printed = tmp_path / "story.pdf"
    subprocess.run([chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={printed}", page.as_uri()], capture_output=True, timeout=120, check=True)
    article = _article(tmp_path / "project", printed.read_bytes())
    assert article.title == "A report on the closure" and article.authors == ("Ann Lee",)
    # Two pages and more: each paragraph whole, those broken over a page joined again.
    assert _texts(article) == paragraphs + ["A \u201cwell-known\u201d paragraph, hyphenated softly."]


def _refused(tmp_path, data: bytes) -> str:
    seeds, problems = _read(tmp_path, "story.pdf", data)
    assert seeds == []
    [problem] = problems.items
    assert (problem.path, problem.line, problem.warning) == ("seeds/story.pdf", 1, False)
    return problem.message


@pytest.mark.parametrize("data, message", [
    (pdf(STORY, trailer=b"/Encrypt 40 0 R"), "is an encrypted PDF"),
    # A scanned page: a picture, and no text.
    (pdf([b"q 612 0 0 792 0 0 cm /Im1 Do Q"]), "shows no text that can be read"),
    # No page at all: a damaged file, or one cut short, as a download that stopped leaves it.
    (b"%PDF-1.4\nnothing here at all\n%%EOF\n", "holds no page that can be read: the file is damaged or cut short"),
    (pdf(STORY)[:pdf(STORY).index(b"20 0 obj")], "holds no page that can be read: the file is damaged or cut short"),
    # Glyphs by number with no map to Unicode: what they are cannot be told.
    (pdf([text(72, 700, b"<0101010201030104> Tj", font="F3")],
         extra={2: b"<< /Type /Pages /Count 1 /Kids [20 0 R] /Resources << /Font << /F3 40 0 R >> >> >>",
                40: b"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [8 0 R] >>"}),
     "fonts that do not say which characters they hold"),
])
def test_a_pdf_that_cannot_be_read_is_refused_with_why(tmp_path, data, message):
    assert message in _refused(tmp_path, data)


def test_a_pdf_stream_that_inflates_to_too_much_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfseed, "MAX_STREAM_BYTES", 10_000)
    assert "MB once inflated" in _refused(tmp_path, pdf([text(72, 700, "word " * 5_000)]))


def test_a_damaged_pdf_is_read_as_far_as_it_can_be(tmp_path):
    data = pdf([text(72, 700, "The first paragraph stands."), text(72, 700, "So does the second page.")])
    # The second page's stream cut short: what came out of it is kept, the rest of the file read.
    cut = data.replace(b"endstream", b"", 1)
    assert "The first paragraph stands." in " ".join(_texts(_article(tmp_path, cut)))


def test_quotes_of_a_pdf_must_be_its_words(tmp_path):
    article = _article(tmp_path, pdf(STORY))
    folded = [fold(p.text) for p in article.paragraphs]
    assert find_quote("citing the city\u2019s national security law", folded)
    assert not find_quote("Advertisement", folded)
    assert not find_quote("made with a heavy heart, said the board", folded)   # the page shows "theboard"


def test_a_word_broken_after_a_hyphen_at_a_lines_end_may_be_quoted_with_it_or_without(tmp_path):
    # The page does not say whether the hyphen is the word's own ("well-known", "Chi-wai") or only the
    # line's ("be-tween"): either is the word, and neither half of it is a word of the article.
    page = (text(72, 720, "Ferry fares to rise", size=20)
            + lines(72, 690, ["Managing director Albert Kwan Chi-", "wai said the night service had run be-",
                              "tween Central and Tsim Sha Tsui since 1958."]))
    [paragraph] = _texts(_article(tmp_path, pdf([page])))
    assert paragraph.replace("\u2060", "") == ("Managing director Albert Kwan Chi-wai said the night service had run "
                                               "be-tween Central and Tsim Sha Tsui since 1958.")
    folded = [fold(paragraph)]
    # Either way, the footnote shows the words as printed: the span is the paragraph's own.
    for quote, span in (("Albert Kwan Chi-wai said", "Albert Kwan Chi-\u2060wai said"),
                        ("run between Central", "run be-\u2060tween Central"),
                        ("run be-tween Central", "run be-\u2060tween Central"),
                        ("Albert Kwan Chiwai", "Albert Kwan Chi-\u2060wai")):
        [match] = find_quote(quote, folded)
        assert paragraph[match.start:match.end] == span
    for quote in ("Chi", "wai said", "tween Central", "run be Central"):
        assert not find_quote(quote, folded), quote


def test_only_a_hyphen_between_letters_at_a_lines_end_may_be_left_out_and_never_after_a_negation():
    # A web page keeps a minus or a dash from a line break with a word joiner after it: "−5" is no "5".
    folded = [fold("Overnight it was \u2212\u20605 degrees, and the score was 3\u2013\u20601.")]
    assert not find_quote("Overnight it was 5 degrees", folded) and not find_quote("the score was 31", folded)
    # "no-" and "one" at a PDF line's end: "noone" is no word a quote may not leave out, "no" is.
    folded = [fold("The operator said that no-\u2060one was hurt when the ferry hit the pier.")]
    assert find_quote("that no-one was hurt", folded)
    assert not find_quote("The operator said that … was hurt when the ferry hit the pier", folded)
    assert not find_quote("that noone was hurt", folded)


def test_a_line_drawn_out_of_order_is_read_left_to_right(tmp_path):
    # "not" drawn last, between the words it stands between: read in drawing order, "He did break the law."
    # would be a line of its own, and quotable.
    page = (text(72, 720, "Minister cleared", size=20) + text(72, 700, "He did") + text(138, 700, "break the law.")
            + text(114, 700, "not"))
    article = _article(tmp_path, pdf([page]))
    assert _texts(article) == ["He did not break the law."]
    assert not find_quote("He did break the law", [fold(p.text) for p in article.paragraphs])


def test_a_line_set_ragged_right_short_of_a_long_word_runs_on_in_its_paragraph(tmp_path):
    # Text set ragged-right: a line breaks short wherever the next word would not fit. Only a line that
    # ends a sentence, or stands short of a word that would have fitted (a heading), ends its paragraph.
    page = (text(72, 720, "Ferry fares to rise", size=20)
            + lines(72, 690, ["Wong Siu-fan, who chairs the committee of the",
                              "Kowloon Passengers' Alliance, said fares had risen three",
                              "times in four years, and the fares were set in",
                              "December 2019. Commuters would pay more.",
                              "Background",
                              "The company did not reply."]))
    assert _texts(_article(tmp_path, pdf([page]))) == [
        "Wong Siu-fan, who chairs the committee of the Kowloon Passengers' Alliance, said fares had risen three "
        "times in four years, and the fares were set in December 2019. Commuters would pay more.",
        "Background",
        "The company did not reply."]


def test_centred_lines_are_short_beside_the_column_they_are_centred_in(tmp_path):
    # A byline, a date and a subheading centred over text of their size, no further apart than its lines.
    body = ["The ferry company said on Thursday that it had lost money on the", "night route for six years."]
    page = (text(72, 720, "Ferry fares to rise", size=20)
            + text(255, 690, "By Ann Lee") + text(240, 676, "25 October 2021")
            + lines(72, 662, body) + text(246, 634, "The reaction")
            + lines(72, 620, ["Commuter groups criticised the move on Friday."]))
    article = _article(tmp_path, pdf([page]))
    assert (article.authors, article.date.iso) == (("Ann Lee",), "2021-10-25")
    assert _texts(article) == [" ".join(body), "The reaction", "Commuter groups criticised the move on Friday."]


def test_a_paragraph_runs_on_into_the_next_column_and_each_column_has_its_own_edge(tmp_path):
    left = ["The ferry company said on Thursday", "it had lost money on the route. It",   # a sentence ends mid-paragraph
            "would now have to raise fares, and", "the only other op-"]
    right = ["tion had been taken away, it said.", "", "Commuter groups criticised the", "move on Friday."]
    page = (text(72, 720, "Ferry fares to rise", size=20) + lines(72, 690, left)
            + b"".join(text(300, 690 - 14 * k, row) for k, row in enumerate(right) if row))
    assert _texts(_article(tmp_path, pdf([page]))) == [
        "The ferry company said on Thursday it had lost money on the route. It would now have to raise fares, "
        "and the only other op-\u2060tion had been taken away, it said.",
        "Commuter groups criticised the move on Friday."]


def test_a_standard_font_named_without_its_widths_is_measured_by_the_widths_every_reader_knows(tmp_path):
    # Helvetica, named and not embedded, with no /Widths: "It lost money for" is 85.37 points wide at 12 points
    # (Adobe's metrics), so "service." drawn 3.3 points (a space) after it is a word of its own.
    helvetica = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    page = (text(72, 720, "Ferry fares to rise", size=20) + text(72, 700, "The night service had lost money for")
            + text(72, 686, "years, the company said.") + text(72, 672, "It lost money for") + text(72 + 88.70, 672, "service."))
    [first, second] = _texts(_article(tmp_path, pdf([page], extra={5: helvetica})))
    assert first == "The night service had lost money for years, the company said."
    assert second == "It lost money for service."


def test_the_standard_fonts_are_known_by_the_names_pdf_writers_give_them():
    assert standard_widths("ABCDEF+Arial,Bold") == standard_widths("Helvetica-BoldOblique") == standard_widths("Helvetica-Bold")
    assert standard_widths("TimesNewRomanPS-ItalicMT") == standard_widths("Times-Italic") != standard_widths("Times-Roman")
    assert standard_widths("Times-Roman")["W"] == 944 and standard_widths("Helvetica")["\u2014"] == 1000
    assert standard_widths("CourierNew,Bold") == {}   # every glyph COURIER wide
    assert standard_widths("Verdana") is None
    assert standard_widths("ArialNarrow-Bold") is None and standard_widths("Helvetica-Condensed") is None


SEEN = text(72, 720, "Minister cleared", size=20) + text(72, 700, "The minister said the plan works.")


@pytest.mark.parametrize("unseen", [
    b"BT 3 Tr /F1 12 Tf 72 680 Td (The minister never said it.) Tj ET\n",    # drawn invisible
    text(-5000, 680, "The minister never said it."),                          # outside the page
    text(72, 680, "The minister never said it.", size=0.1),                   # too small to see
    b"1 1 1 rg " + text(72, 680, "The minister never said it."),              # white on the white page
    # White set through a colour space, or all but white, or squeezed to no width.
    b"/DeviceGray cs 1 sc " + text(72, 680, "The minister never said it."),
    b"/DeviceRGB cs 1 1 1 scn " + text(72, 680, "The minister never said it."),
    b"/CS0 cs 1 1 1 scn " + text(72, 680, "The minister never said it."),   # a profile's RGB
    b"0.98 0.98 0.98 rg " + text(72, 680, "The minister never said it."),
    b"0 0 0 0 k " + text(72, 680, "The minister never said it."),
    b"BT 0 Tz /F1 12 Tf 72 680 Td (The minister never said it.) Tj ET\n",
    b"1 0 0 rg 1 1 1 sc " + text(72, 680, "The minister never said it."),   # 'rg' set the space 'sc' fills in
    b"/CS1 cs 0 scn " + text(72, 680, "The minister never said it."),      # no ink of the spot colour
])
def test_text_a_pdf_does_not_show_is_no_text_of_it(tmp_path, unseen):
    assert _texts(_article(tmp_path, pdf([SEEN + unseen], extra=COLOUR_SPACES))) == ["The minister said the plan works."]


# A colour space of an RGB profile, and a spot colour's, whose value is a tint of its ink.
COLOUR_SPACES = {
    2: b"<< /Type /Pages /Count 1 /Kids [20 0 R] /Resources << /Font << /F1 5 0 R >> /ColorSpace << /CS0 [/ICCBased 40 0 R] "
       b"/CS1 [/Separation /Spot /DeviceCMYK 41 0 R] >> >> >>",
    40: b"<< /N 3 /Length 1 >>\nstream\n\x00\nendstream",
    41: b"<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0 1 1 0] /N 1 >>"}


@pytest.mark.parametrize("colour", [b"0.5 g", b"/CS1 cs 1 scn", b"/DeviceRGB cs 1 1 1 scn 0 g", b"1 g /DeviceRGB cs",
                                    b"/DeviceRGB cs 0.2 0.4 0.9 sc", b"1 1 1 RG"])   # the last: the colour of strokes
def test_text_in_a_colour_a_reader_sees_is_text_of_a_pdf(tmp_path, colour):
    page = SEEN + colour + b" " + text(72, 680, "The minister said it again.")
    assert _texts(_article(tmp_path, pdf([page], extra=COLOUR_SPACES))) == [
        "The minister said the plan works. The minister said it again."]


def test_invisible_text_over_a_picture_is_a_scans_recognised_text(tmp_path):
    # As text recognition leaves it: the page a picture, its words laid over it, invisible.
    scan = (b"q 612 0 0 792 0 0 cm /Im1 Do Q\nBT 3 Tr /F1 20 Tf 72 720 Td (Minister cleared) Tj ET\n"
            b"BT 3 Tr /F1 12 Tf 72 700 Td (The minister said the plan works.) Tj ET\n")
    image = {2: b"<< /Type /Pages /Count 1 /Kids [20 0 R] /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 40 0 R >> >> >>",
             40: b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
                 b"/Length 1 >>\nstream\n\x00\nendstream"}
    assert _texts(_article(tmp_path, pdf([scan], extra=image))) == ["The minister said the plan works."]


FONT_F3 = b"<< /Type /Pages /Count 1 /Kids [20 0 R] /Resources << /Font << /F1 5 0 R /F3 40 0 R >> >> >>"


@pytest.mark.parametrize("extra, shown", [
    # A font whose descendant is no list, and one whose differences are no list.
    ({2: FONT_F3, 40: b"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts << /A 1 >> >>"},
     b"<0041> Tj"),
    ({2: FONT_F3, 40: b"<< /Type /Font /Subtype /Type1 /Encoding << /Differences 5 >> >>"}, b"(A) Tj"),
    # A map to Unicode whose codes are of no bytes, and one whose range runs backwards over four billion codes.
    ({2: FONT_F3, 40: b"<< /Type /Font /Subtype /Type1 /ToUnicode 41 0 R >>",
      41: b"<< /Length 62 >>\nstream\nbegincmap 1 begincodespacerange <> <> endcodespacerange endcmap\nendstream"},
     b"(A) Tj"),
    ({2: FONT_F3, 40: b"<< /Type /Font /Subtype /Type1 /ToUnicode 41 0 R >>",
      41: b"<< /Length 137 >>\nstream\nbegincmap 1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfrange "
          b"<FFFFFFFF> <00> <0041> <00000000> <FFFFFFFF> <0041> endbfrange endcmap\nendstream"}, b"(A) Tj"),
])
def test_a_pdf_font_written_against_the_rules_costs_its_text_only(tmp_path, extra, shown):
    page = SEEN + b"BT [1] 12 Tf ET /F3 12 Tf BT 72 600 Td " + shown + b" ET [1] Do\n"
    article = _article(tmp_path, pdf([page], extra=extra))
    assert _texts(article)[0] == "The minister said the plan works."


def test_objects_left_open_are_read_one_by_one_not_each_to_the_end_of_the_file(tmp_path):
    # Thousands of strings never closed: each object is read to its end, not to the file's.
    assert "holds no page that can be read" in _refused(tmp_path, b"%PDF-1.4\n" + b"1 0 obj (" * 20_000)


def test_a_pdf_that_draws_more_than_any_article_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfseed, "MAX_DRAWN_BYTES", 10_000)
    assert "draws over" in _refused(tmp_path, pdf([text(72, 700 - k, "A line of the page.") for k in range(300)]))
