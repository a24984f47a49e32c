"""A seed saved by a word processor (.docx, .odt, .rtf) or a mail program (.eml, .mht) is read like a page."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import add_seed, build_quoting, copy_project
from explainer import wordseed
from explainer.rtfseed import rtf_to_paragraphs
from explainer.ingest import split_articles
from explainer.memo import Files, Memo
from explainer.problems import Problems
from explainer.quotes import find_quote, fold
from explainer.seeds import read_seeds

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
STYLES = (f'<w:styles {W}><w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style></w:styles>')
ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')


CORE = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Microsoft Office User</dc:creator></cp:coreProperties>')


def _zip(parts: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _docx(paragraphs: str, styles: str = STYLES) -> bytes:
    """A Word document of these paragraphs (WordprocessingML), with the styles and metadata Word writes."""
    return _zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": styles, "docProps/core.xml": CORE,
                 "word/document.xml": f"<w:document {W}><w:body>{paragraphs}<w:sectPr/></w:body></w:document>"})


def _p(text: str, style: str | None = None) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


STORY = (_p("Amnesty International to close its Hong Kong offices", "Titel")
         + _p("By Ann Lee, The Harbour Times, 25 October 2021")
         + _p("The decision", "berschrift1")
         # A paragraph in runs, as Word writes one: bold in the middle, a hidden run, a tracked deletion
         # and insertion, a text box and a field's code.
         + '<w:p><w:r><w:t xml:space="preserve">Amnesty said the law made it </w:t></w:r>'
           '<w:r><w:rPr><w:b/></w:rPr><w:t>effectively impossible</w:t></w:r>'
           '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> and dangerous</w:t></w:r>'
           '<w:r><w:t xml:space="preserve"> to work </w:t></w:r>'
           '<w:del w:id="1" w:author="Ed"><w:r><w:delText>safely</w:delText></w:r></w:del>'
           '<w:ins w:id="2" w:author="Ed"><w:r><w:t>freely</w:t></w:r></w:ins>'
           '<w:r><w:t>.</w:t></w:r>'
           '<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>Read more: a pull quote</w:t></w:r></w:p>'
           '</w:txbxContent></w:drawing></w:r>'
           '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://x.example" </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> Its statement</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> is online.</w:t></w:r></w:p>'
         + '<w:tbl><w:tr><w:tc>' + _p("Offices: two") + '</w:tc></w:tr></w:tbl>')


def _read(tmp_path, name: str, data: bytes):
    """Read `data` as the one seed of a project: (the seeds read, the problems found)."""
    (tmp_path / "seeds").mkdir(parents=True, exist_ok=True)
    (tmp_path / "seeds" / name).write_bytes(data)
    problems = Problems()
    return read_seeds(tmp_path, problems, Memo(), Files(tmp_path)), problems


def _article(tmp_path, name: str, data: bytes):
    [seed], problems = _read(tmp_path, name, data)
    assert not problems.items, [str(p) for p in problems.items]
    [article] = split_articles(seed.text)
    return article


def _texts(article) -> list[str]:
    return [p.text for p in article.paragraphs]


def _quoted(quote: str, article) -> bool:
    return bool(find_quote(quote, [fold(p.text) for p in article.paragraphs]))


def _refused(tmp_path, name: str, data: bytes) -> tuple[int, str]:
    seeds, problems = _read(tmp_path, name, data)
    assert seeds == []
    [problem] = problems.items
    assert problem.path == f"seeds/{name}" and not problem.warning
    return problem.line, problem.message


def test_a_word_document_gives_its_headline_byline_and_paragraphs(tmp_path):
    article = _article(tmp_path, "story.docx", _docx(STORY))
    assert article.title == "Amnesty International to close its Hong Kong offices"
    assert (article.authors, article.outlet, article.date.iso) == (("Ann Lee",), "The Harbour Times", "2021-10-25")
    assert [(p.text, p.kind) for p in article.paragraphs if p.kind == "heading"] == [("The decision", "heading")]
    assert _quoted("the law made it effectively impossible to work freely", article)
    assert _quoted("Its statement is online.", article)   # a field's result, not its code
    assert _quoted("Offices: two", article)                 # a table's cell
    for unseen in ("dangerous", "safely", "a pull quote", "HYPERLINK", "Microsoft Office User"):
        assert unseen not in " ".join(p.text for p in article.paragraphs), unseen
    assert "Microsoft Office User" not in (article.authors or ())


def test_a_word_heading_is_known_by_its_outline_level_when_its_style_is_not_one(tmp_path):
    outlined = '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>Reactions</w:t></w:r></w:p>'
    article = _article(tmp_path, "story.docx", _docx(_p("Minister resigns", "Titel") + outlined + _p("He left."),
                                                    styles=f"<w:styles {W}/>"))
    assert ("Reactions", "heading") in [(p.text, p.kind) for p in article.paragraphs]


def test_an_opendocument_text_gives_its_headline_and_paragraphs(tmp_path):
    ns = ODT_NS + ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
    content = (f'<office:document-content {ns}><office:automatic-styles>'
               '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>'
               '</office:automatic-styles><office:body><office:text>'
               '<text:p text:style-name="P1">Minister resigns over report</text:p>'
               '<text:p>By Ann Lee</text:p>'
               '<text:h text:outline-level="1">What happened</text:h>'
               '<text:p>The minister<text:s text:c="2"/>resigned <text:span>on Friday</text:span>'
               '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
               '<text:note-body><text:p>A footnote aside.</text:p></text:note-body></text:note>, '
               'aides said.<text:hidden-text text:is-hidden="true" text:string-value="x">Off the record.</text:hidden-text></text:p>'
               '<text:tracked-changes><text:changed-region><text:deletion>'
               '<text:p>Deleted words.</text:p></text:deletion></text:changed-region></text:tracked-changes>'
               '<draw:frame><draw:text-box><text:p>A caption in a frame.</text:p></draw:text-box></draw:frame>'
               '<text:list><text:list-item><text:p>A point in a list.</text:p></text:list-item></text:list>'
               '</office:text></office:body></office:document-content>')
    article = _article(tmp_path, "story.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.text",
                                                    "content.xml": content}))
    assert article.title == "Minister resigns over report" and article.authors == ("Ann Lee",)
    assert ("What happened", "heading") in [(p.text, p.kind) for p in article.paragraphs]
    assert _quoted("The minister resigned on Friday, aides said.", article)
    assert _quoted("A point in a list.", article)
    text = " ".join(p.text for p in article.paragraphs)
    for unseen in ("footnote aside", "Off the record", "Deleted words", "caption in a frame"):
        assert unseen not in text, unseen


def test_an_opendocument_paragraph_or_section_hidden_by_a_field_or_a_condition_that_holds_is_no_text(tmp_path):
    content = (f'<office:document-content {ODT_NS}><office:body><office:text><text:p>Minister resigns</text:p>'
               '<text:p>By Ann Lee</text:p><text:p>The minister resigned on Friday.</text:p>'
               '<text:p>The minister took bribes.<text:hidden-paragraph text:condition="ooow:1" text:is-hidden="true"/>'
               '</text:p><text:section text:name="S" text:display="condition" text:condition="ooow:1">'
               '<text:p>The minister lied.</text:p></text:section>'
               '<text:p>Aides agreed.<text:hidden-paragraph text:condition="ooow:0" text:is-hidden="false"/></text:p>'
               '</office:text></office:body></office:document-content>')
    article = _article(tmp_path, "story.odt", _zip({"content.xml": content}))
    assert _texts(article)[-2:] == ["The minister resigned on Friday.", "Aides agreed."]


RTF = (b"{\\rtf1\\ansi\\ansicpg1252\\cocoartf2709\n"
       b"{\\fonttbl\\f0\\fswiss\\fcharset0 Helvetica;}\n{\\colortbl;\\red255\\green255\\blue255;}\n"
       b"{\\info{\\title Draft title}{\\author Office User}}\n"
       b"\\pard\\f0\\fs24 Minister resigns over report\\\n"
       b"\\par\n"
       b"By Ann Lee\\par\n"
       b"\\par\n"
       b"The minister said it was \\'93effectively impossible\\'94 to stay{\\v  and unwise}. "
       b"Caf\xe9 owners cheered \\u8220?loudly\\u8221?.\\par\n"
       b"{\\field{\\*\\fldinst HYPERLINK \"https://x.example\"}{\\fldrslt His letter}} is online. "
       b"\\uc2\\u20013 ab marks the end.\\par\n"
       b"{\\footnote A footnote aside.}\n}")


def test_an_rtf_document_gives_its_paragraphs_at_their_lines(tmp_path):
    article = _article(tmp_path, "story.rtf", RTF)
    assert article.title == "Minister resigns over report" and article.authors == ("Ann Lee",)
    assert _quoted("it was “effectively impossible” to stay.", article)
    assert _quoted("Café owners cheered “loudly”.", article)   # a raw byte, read in the declared code page
    assert _quoted("His letter is online. 中 marks the end.", article)   # \u, its fallback skipped
    text = " ".join(p.text for p in article.paragraphs)
    for unseen in ("unwise", "HYPERLINK", "footnote aside", "Helvetica", "Draft title", "Office User"):
        assert unseen not in text, unseen
    [line] = [p.line for p in article.paragraphs if p.text.startswith("The minister")]
    assert line == 9   # the line of the file where the paragraph starts


def test_an_rtf_nested_past_reason_is_refused_at_its_line(tmp_path):
    assert _refused(tmp_path, "story.rtf", b"{\\rtf1\\ansi\nwords\n" + b"{" * 5000 + b"x" + b"}" * 5000) == (
        3, "nests groups more than 200 deep")


EMAIL = (b"From: Press Office <press@example.org>\r\nTo: desk@example.com\r\n"
         b"Date: Tue, 26 Oct 2021 08:00:00 +0800\r\nSubject: Fwd: Amnesty to close Hong Kong offices\r\n"
         b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
         b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
         b"By Ann Lee\r\n\r\nAmnesty International said on Monday it would close its two offices in Hong Kon=\r\n"
         b"g, citing the national security law =E2=80=93 a decision it called painful.\r\n")


def test_an_email_gives_its_subject_as_title_but_not_its_sender_or_date(tmp_path):
    article = _article(tmp_path, "press.eml", EMAIL)
    assert article.title == "Amnesty to close Hong Kong offices"
    assert article.authors == ("Ann Lee",) and article.date is None
    assert _quoted("it would close its two offices in Hong Kong, citing the national security law - a decision",
                   article)


def test_a_plain_email_wrapped_after_a_hyphen_keeps_the_word_whole(tmp_path):
    # Mail programs wrap plain text at a width; a name broken after its hyphen is one name, as in a text seed.
    message = (b"From: desk@example.org\r\nSubject: Ferry to stop\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
               b"The decision was painful, said managing director Albert Kwan Chi-\r\nwai, adding that it was\r\n"
               b"unavoidable.\r\n\r\nThe route will close in April.\r\n")
    article = _article(tmp_path, "ferry.eml", message)
    assert _texts(article)[1:] == ["The decision was painful, said managing director Albert Kwan Chi-wai, adding that it "
                                   "was unavoidable.", "The route will close in April."]
    assert _quoted("Albert Kwan Chi-wai, adding", article)


FORWARDED = (b"From: Ann <ann@example.org>\r\nTo: desk@example.org\r\nSubject: Fwd: Amnesty to close its offices\r\n"
             b"Content-Type: text/plain; charset=utf-8\r\n\r\nFYI, the statement below.\r\n\r\n-- \r\nAnn Lee\r\n"
             b"Night editor\r\n\r\n---------- Forwarded message ---------\r\nFrom: Newsroom <news@example.com>\r\n"
             b"Date: Mon, 25 Oct 2021 at 10:00\r\nSubject: Amnesty to close its offices\r\n\r\n"
             b"Amnesty International said on Monday it would close its offices.\r\n\r\n"
             b"> The group blamed the security law.\r\n>\r\n> It was not a threat, the group said.\r\n\r\n"
             b"-- \r\nNewsroom\r\nUnsubscribe: https://example.com/u\r\n")


def test_a_forwarded_plain_email_gives_the_message_it_forwards_without_notes_signatures_or_quote_marks(tmp_path):
    article = _article(tmp_path, "forwarded.eml", FORWARDED)
    assert _texts(article) == ["Amnesty to close its offices", "Amnesty International said on Monday it would close its offices.",
                               "The group blamed the security law.", "It was not a threat, the group said."]
    assert not _quoted("the statement below", article) and not _quoted("Night editor", article)


MHTML = (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://news.example/amnesty\r\n"
         b"Subject: Amnesty to close Hong Kong offices - Harbour Times\r\nDate: Mon, 7 Nov 2022 10:00:00 -0000\r\n"
         b"MIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"----B\"\r\n\r\n"
         b"------B\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
         b"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: https://news.example/amnesty\r\n\r\n"
         b"<!DOCTYPE html><html><head><meta property=3D\"og:site_name\" content=3D\"Harbour Times\">"
         b"<meta property=3D\"article:published_time\" content=3D\"2021-10-25T09:00:00Z\">"
         b"<title>Amnesty to close Hong Kong offices - Harbour Times</title></head>\r\n"
         b"<body><nav>Home | World</nav><article><h1>Amnesty to close Hong Kong offices</h1>\r\n"
         b"<p>Amnesty said it would leave the city by the end of the year.</p></article></body></html>\r\n"
         b"------B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
         b"Content-Location: https://news.example/logo.png\r\n\r\niVBORw0KGgo=\r\n------B--\r\n")


def test_a_page_saved_as_one_file_is_read_as_the_page(tmp_path):
    article = _article(tmp_path, "saved.mhtml", MHTML)
    assert article.title == "Amnesty to close Hong Kong offices"
    assert (article.outlet, article.date.iso) == ("Harbour Times", "2021-10-25")   # the page's, not the saving's
    assert _quoted("it would leave the city by the end of the year.", article)
    assert "Home | World" not in " ".join(p.text for p in article.paragraphs)


@pytest.mark.parametrize("name, data, line, message", [
    ("story.docx", b"PK\x03\x04 not really a zip", 1, "is a damaged zip archive"),
    ("story.docx", _zip({"content.xml": "<x/>"}), 1, "holds no word/document.xml"),
    ("story.odt", _zip({"content.xml": "<office:document-content"}), 1, "content.xml is not well-formed XML"),
    ("story.docx", _zip({"word/document.xml": '<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'}), 1,
     "declares entities or a document type"),
    ("story.docx", _zip({"word/document.xml": '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d '
                                              '[<!ENTITY a "aaaa">]><d>&a;</d>'.encode("utf-16")}), 1,
     "declares entities or a document type"),   # in an encoding no pattern of bytes would find it in
    ("story.docx", _docx(""), 1, "holds no text"),
    ("story.rtf", b"Just text, named .rtf", 1, "is no RTF document"),
    ("story.eml", b"\r\n\r\nno headers here", 1, "opens with no headers"),
    ("story.eml", b"Subject: x\r\nContent-Type: image/png\r\n\r\niVBORw0KGgo=\r\n", 1, "holds no text or HTML part"),
])
def test_a_document_that_cannot_be_read_is_refused_with_why(tmp_path, name, data, line, message):
    found_line, found = _refused(tmp_path, name, data)
    assert found_line == line and message in found


def test_a_document_that_unpacks_to_too_much_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(wordseed, "MAX_XML_BYTES", 10_000)
    line, message = _refused(tmp_path, "story.docx", _docx(_p("word " * 5_000)))
    assert "unpacks to more than" in message


def test_the_file_word_keeps_beside_an_open_document_is_no_seed(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "~$story.docx").write_bytes(b"\x0aAnn Lee" + b"\x00" * 40)   # its owner's name
    article = _article(tmp_path, "story.docx", _docx(STORY))
    assert article.title == "Amnesty International to close its Hong Kong offices"


def test_a_word_document_under_a_text_name_says_what_name_to_give_it(tmp_path):
    line, message = _refused(tmp_path, "story.txt", _docx(STORY))
    assert message == "is a Word, OpenDocument or other zipped document under the name of a .txt file: " \
                      "name it .docx or .odt, if it is one"


def test_a_quote_of_a_word_document_is_verified_and_a_changed_one_refused(tmp_path):
    project = copy_project(tmp_path / "site")
    add_seed(project, "harbour.docx", _docx(STORY), "harbour")
    built = build_quoting(project, "harbour", "the law made it effectively impossible to work freely")
    assert built.returncode == 0, built.stderr
    page = (project / "dist" / "sources" / "harbour" / "index.html").read_text(encoding="utf-8")
    assert "Ann Lee" in page and "Harbour Times" in page and "harbour.docx" in page
    refused = build_quoting(project, "harbour", "the law made it effectively impossible to work safely")
    assert refused.returncode == 1
    assert "quote not found in source 'harbour'" in refused.stderr


def test_a_saved_page_in_the_encoding_its_own_meta_names_and_an_email_read_as_browsers_read_labels(tmp_path):
    # Chrome names no charset in the part's header; the page names it in a <meta>.
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Café</title></head><body><article>"
            "<h1>Caf\u00e9 society in \u9999\u6e2f</h1><p>The caf\u00e9 district was quiet, \u201cthey said\u201d.</p>"
            "</article></body></html>").encode("utf-8")
    saved = (b"From: <Saved by Blink>\r\nSubject: Cafe\r\nMIME-Version: 1.0\r\n"
             b"Content-Type: multipart/related; type=\"text/html\"; boundary=\"B\"\r\n\r\n--B\r\n"
             b"Content-Type: text/html\r\nContent-Transfer-Encoding: binary\r\n\r\n" + page + b"\r\n--B--\r\n")
    article = _article(tmp_path, "saved.mhtml", saved)
    assert article.title == "Caf\u00e9 society in \u9999\u6e2f"
    assert _quoted("The caf\u00e9 district was quiet, \u201cthey said\u201d.", article)
    # "ISO-8859-1" holding Windows' curly quotes and dash, as mail programs label them.
    email = (b"Subject: Amnesty\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
             b"Content-Transfer-Encoding: 8bit\r\n\r\nBy Ann Lee\r\n\r\n\x93It was effectively impossible\x94 "
             b"\x96 he said.\r\n")
    article = _article(tmp_path / "mail", "press.eml", email)
    assert _quoted("\u201cIt was effectively impossible\u201d \u2013 he said.", article)


def test_rtf_bytes_are_read_in_their_fonts_character_set_and_a_deletion_is_left_out(tmp_path):
    # As TextEdit writes Chinese under a Western code page: the font says GBK (\fcharset134).
    rtf = (b"{\\rtf1\\ansi\\ansicpg1252{\\fonttbl\\f0\\fswiss\\fcharset0 Helvetica;\\f1\\fnil\\fcharset134 PingFangSC;"
           b"\\f2\\fnil\\fcharset128 MS Mincho;}\n"
           b"\\f0 Protest in {\\f1 \\'cf\\'e3\\'b8\\'db} today, caf\\'e9 owners said.\\par\n"
           # Shift-JIS, whose second bytes are written as the ASCII letters they are (\'83C), or as \\.
           b"{\\f2 \\'83C\\'83G\\'83X \\'95\\\\} was printed.\\par\n"
           b"It was {\\deleted safely }impossible.\\par\n}")
    article = _article(tmp_path, "story.rtf", rtf)
    assert _quoted("Protest in \u9999\u6e2f today, caf\u00e9 owners said.", article)
    assert _texts(article)[-2] == "\u30a4\u30a8\u30b9 \u8868 was printed."
    assert _quoted("It was impossible.", article) and not _quoted("It was safely impossible", article)


def test_word_text_hidden_by_its_style_is_left_out_and_an_equation_read(tmp_path):
    styles = (f'<w:styles {W}><w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/>'
              '<w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="character" w:styleId="Secret2">'
              '<w:basedOn w:val="Secret"/></w:style></w:styles>')
    math = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    paragraph = (f'<w:p><w:r><w:t xml:space="preserve">He left </w:t></w:r>'
                 '<w:r><w:rPr><w:rStyle w:val="Secret2"/></w:rPr><w:t xml:space="preserve">in disgrace </w:t></w:r>'
                 f'<w:r><w:t xml:space="preserve">on Friday; growth was </w:t></w:r><m:oMath {math}><m:r><m:t>5%</m:t>'
                 '</m:r></m:oMath><w:r><w:t xml:space="preserve"> this year.</w:t></w:r></w:p>')
    article = _article(tmp_path, "story.docx", _docx(_p("Minister resigns", "Titel") + paragraph, styles=styles))
    assert _quoted("He left on Friday; growth was 5% this year.", article)
    assert not _quoted("in disgrace", article)


def test_opendocument_text_hidden_by_its_style_or_section_is_left_out(tmp_path):
    content = (f'<office:document-content {ODT_NS}><office:automatic-styles>'
               '<style:style style:name="T1" style:family="text"><style:text-properties text:display="none"/>'
               '</style:style></office:automatic-styles><office:body><office:text>'
               '<text:p>He left <text:span text:style-name="T1">in disgrace </text:span>on Friday.</text:p>'
               '<text:section text:name="S" text:display="none"><text:p>A hidden section.</text:p></text:section>'
               + "<text:span>" * 3000 + "Deep words." + "</text:span>" * 3000 +
               '</office:text></office:body></office:document-content>')
    content = content.replace("<text:span>" * 3000, "<text:p>" + "<text:span>" * 3000, 1).replace(
        "</text:span>" * 3000, "</text:span>" * 3000 + "</text:p>", 1)
    article = _article(tmp_path, "story.odt", _zip({"content.xml": content}))
    assert _quoted("He left on Friday.", article) and _quoted("Deep words.", article)   # spans 3,000 deep
    assert not _quoted("in disgrace", article) and not _quoted("hidden section", article)


def _damaged(data: bytes, at: int, value: bytes) -> bytes:
    return data[:at] + value + data[at + len(value):]


@pytest.mark.parametrize("damage", [
    lambda data: _damaged(data, data.find(b"word/document.xml") + len("word/document.xml") + 5, b"\xff" * 40),
    lambda data: _damaged(data, data.rfind(b"PK\x01\x02") + 6, b"\x7c"),       # needs version 12.4 to unpack
    lambda data: _damaged(data, data.rfind(b"PK\x05\x06") + 16, b"\xff\xff\x00\x00"),   # its directory elsewhere
])
def test_a_damaged_word_document_is_an_error_at_its_file_not_a_crash(tmp_path, damage):
    line, message = _refused(tmp_path, "story.docx", damage(_docx(STORY)))
    assert line == 1 and ("damaged" in message or "cannot be unpacked" in message or "is not a .docx" in message)


def test_a_word_document_of_millions_of_elements_is_refused(tmp_path):
    line, message = _refused(tmp_path, "story.docx", _docx("<w:p/>" * 300_000))
    assert message.startswith("holds more than 200,000 XML elements in word/document.xml")


def test_an_email_of_parts_nested_past_reason_is_refused(tmp_path):
    parts = b"".join(b"Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n" % (k, k) for k in range(1500))
    line, message = _refused(tmp_path, "deep.eml", b"Subject: deep\r\n" + parts + b"Content-Type: text/plain\r\n\r\nx\r\n")
    assert "nests" in message


def test_an_opendocument_style_an_editor_made_hidden_hides_its_text(tmp_path):
    styles = (f'<office:document-styles {ODT_NS}><office:styles><style:style style:name="Secret" style:family="text">'
              '<style:text-properties text:display="none"/></style:style></office:styles></office:document-styles>')
    content = (f'<office:document-content {ODT_NS}><office:body><office:text><text:p>The minister '
               '<text:span text:style-name="Secret">never </text:span>resigned<text:s text:c="²"/>in disgrace.'
               '</text:p><text:h text:outline-level="²">Odd level</text:h></office:text></office:body>'
               '</office:document-content>')
    article = _article(tmp_path, "story.odt", _zip({"content.xml": content, "styles.xml": styles}))
    assert _quoted("The minister resigned in disgrace.", article) and not _quoted("never", article)


@pytest.mark.parametrize("name, data, message", [
    ("story.eml", b"Subject: x\r\nContent-Type: text/plain; charset=base64\r\n\r\nQW1uZXN0eQ==\r\n",
     "names an encoding of its text that no program knows ('base64')"),
    ("story.odt", _zip({"content.xml": b'<?xml version="1.0" encoding="x-bogus"?><a/>'}), "is not well-formed XML"),
])
def test_an_unknown_encoding_of_a_document_is_refused(tmp_path, name, data, message):
    line, found = _refused(tmp_path, name, data)
    assert message in found


def test_a_word_outline_level_of_no_ascii_digit_is_no_heading(tmp_path):
    odd = '<w:p><w:pPr><w:outlineLvl w:val="²"/></w:pPr><w:r><w:t>Reactions</w:t></w:r></w:p>'
    article = _article(tmp_path, "story.docx", _docx(_p("Minister resigns", "Titel") + odd + _p("He left.")))
    assert ("Reactions", "text") in [(p.text, p.kind) for p in article.paragraphs]


def test_word_text_hidden_by_the_default_paragraph_style_or_in_an_equation_is_no_text(tmp_path):
    styles = (f'<w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
              '<w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body Text"/>'
              '</w:style><w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style></w:styles>')
    equation = ('<w:p><w:pPr><w:pStyle w:val="Body"/></w:pPr><w:r><w:t xml:space="preserve">Turnout was </w:t></w:r>'
                '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r><w:rPr><w:vanish/>'
                '</w:rPr><m:t>90% and</m:t></m:r></m:oMath><w:r><w:t xml:space="preserve"> low.</w:t></w:r></w:p>')
    document = (_p("Minister resigns", "Titel") + _p("By Ann Lee", "Body") + _p("The minister took bribes.")
                + _p("The minister resigned.", "Body") + equation)
    article = _article(tmp_path, "story.docx", _docx(document, styles))
    assert _texts(article)[-2:] == ["The minister resigned.", "Turnout was low."]


def test_rtf_lines_ended_by_a_backslash_and_crlf_are_counted_once():
    paragraphs = rtf_to_paragraphs(b"{\\rtf1\\ansi\r\nA\\\r\nB\\par\r\n\\par\r\nC\\par\r\n}")
    assert paragraphs == [(2, "A"), (3, "B"), (5, "C")]


def test_rtf_text_deleted_with_changes_tracked_stays_out_though_shown_and_hidden_text_though_not_deleted():
    paragraphs = rtf_to_paragraphs(b"{\\rtf1\\ansi The group {\\deleted\\v0 never }{\\v\\deleted0 truly }broke "
                                   b"{\\v1 the}{\\deleted1\\plain no} law.\\par}")
    assert paragraphs == [(1, "The group broke no law.")]


def test_a_forwarded_html_email_leaves_out_its_signature_and_the_lines_above_what_it_forwards(tmp_path):
    # As Gmail writes them.
    page = ('<div dir="ltr">FYI<br clear="all"><div><div dir="ltr" class="gmail_signature">Ann Lee, night editor</div>'
            '</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message '
            '---------<br>From: <strong>Newsroom</strong> &lt;news@example.com&gt;<br>Date: Mon, 25 Oct 2021</div><br>'
            '<p>Amnesty International said on Monday it would close its offices.</p></div></div>')
    data = (b"From: Ann <ann@example.org>\r\nSubject: Fwd: Amnesty to close\r\nContent-Type: text/html; charset=utf-8"
            b"\r\n\r\n" + page.encode())
    article = _article(tmp_path, "forwarded.eml", data)
    assert _quoted("Amnesty International said on Monday it would close its offices", article)
    assert not _quoted("night editor", article) and not _quoted("Forwarded message", article)


@pytest.mark.parametrize("page", [
    # Forwarded with no class to mark its parts: the forwarder's note, the line and headers above the
    # message, and a signature.
    "<div>FYI, this minister is a liar.</div><div>---------- Forwarded message ---------<br>From: Paper &lt;n@x&gt;"
    "<br>Subject: Figures<br></div><br><p>The minister said the figures were accurate.</p><p>-- <br>Jane, press office</p>",
    # As Outlook writes a forward: the headers alone, in bold, with no line above them; the page's lines as Windows ends them.
    "<html><head><title>Figures</title></head><body><p>FYI, this minister is a liar.</p>\r\n<div style=\"border-top:solid "
    "#E1E1E1 1pt\"><p class=\"MsoNormal\"><b>From:</b> Paper<br><b>Sent:</b> Monday<br><b>To:</b> Ann<br>"
    "<b>Subject:</b> Figures</p></div>\r\n<p>The minister said the figures were accurate.</p></body></html>",
])
def test_an_html_email_forwarding_an_article_leaves_out_the_forwarders_note_the_headers_and_a_signature(tmp_path, page):
    data = (b"From: Ann <ann@example.org>\r\nSubject: Fwd: Figures\r\nContent-Type: text/html; charset=utf-8"
            b"\r\n\r\n" + page.encode())
    article = _article(tmp_path, "forwarded.eml", data)
    assert _texts(article)[-1] == "The minister said the figures were accurate."
    assert not _quoted("this minister is a liar", article) and not _quoted("press office", article)
    assert not _quoted("Subject: Figures", article)


def test_an_html_email_that_forwards_nothing_keeps_its_words_from_and_dashes_too(tmp_path):
    page = ("<p>Amnesty said it would close its offices.</p><p>From: the ground up, it said, the work goes on.</p>"
            "<p>The group -- and its staff -- will leave.</p>")
    data = b"Subject: Amnesty\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page.encode()
    assert _texts(_article(tmp_path, "note.eml", data))[-3:] == [
        "Amnesty said it would close its offices.", "From: the ground up, it said, the work goes on.",
        "The group -- and its staff -- will leave."]


def test_a_page_saved_whole_keeps_lines_an_email_would_leave_out(tmp_path):
    # A letters page saved by the browser as one file: its "From:" lines and "-- " are the page's own.
    page = ("<article><h1>Letters</h1><p>From: A reader<br>Sent: Monday<br>Subject: The law</p><p>The law is unjust.</p>"
            "<p>-- <br>A second reader</p></article>")
    data = (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://news.example/letters\r\nSubject: Letters\r\n"
            b"Content-Type: text/html; charset=utf-8\r\n\r\n" + page.encode())
    article = _article(tmp_path, "letters.mhtml", data)
    assert _quoted("The law is unjust", article) and _quoted("A second reader", article)
    assert _quoted("A reader", article)


def _webarchive(page: bytes, encoding: str | None = "UTF-8", mime: str = "text/html", binary: bool = True) -> bytes:
    import plistlib
    resource = {"WebResourceData": page, "WebResourceMIMEType": mime, "WebResourceURL": "https://news.example/amnesty",
                "WebResourceFrameName": ""}
    if encoding:
        resource["WebResourceTextEncodingName"] = encoding
    return plistlib.dumps({"WebMainResource": resource, "WebSubresources": []},
                          fmt=plistlib.FMT_BINARY if binary else plistlib.FMT_XML)


@pytest.mark.parametrize("data", [
    _webarchive("<html><head><title>Amnesty to close – Harbour Times</title></head><body><article><h1>Amnesty to "
                "close</h1><p>By Ann Lee</p><p>Amnesty said it would close its offices.</p></article></body></html>"
                .encode()),
    # As older Safari wrote it, in XML, and a page in the encoding Safari names.
    _webarchive("<html><body><article><h1>Amnesty to close</h1><p>By Ann Lee</p><p>Amnesty said it would close its "
                "offices.</p></article></body></html>".encode("utf-16"), "UTF-16", binary=False),
])
def test_a_page_saved_by_safari_as_a_web_archive_is_read_as_the_page(tmp_path, data):
    article = _article(tmp_path, "saved.webarchive", data)
    assert (article.title, article.authors) == ("Amnesty to close", ("Ann Lee",))
    assert _texts(article) == ["Amnesty to close", "Amnesty said it would close its offices."]


@pytest.mark.parametrize("name, data, message", [
    ("saved.webarchive", b"bplist00\x00\x01garbage", "is no Safari web archive that can be read"),
    ("saved.webarchive", _webarchive(b"\x89PNG", None, "image/png"), "is a Safari web archive of no page (image/png)"),
    ("saved.html", _webarchive(b"<p>x</p>"), "is a Safari web archive or other property list document under the name "
                                             "of a .html file: name it .webarchive, if it is one"),
])
def test_a_web_archive_that_holds_no_page_is_an_error_at_the_file(tmp_path, name, data, message):
    seeds, problems = _read(tmp_path, name, data)
    assert seeds == []
    [problem] = problems.items
    assert (problem.path, problem.line, problem.warning) == (f"seeds/{name}", 1, False) and message in problem.message


@pytest.mark.parametrize("forward", [
    "---------- Forwarded message ---------\r\nFrom: Newsroom <news@example.com>\r\nTo: Ann <ann@example.org>,\r\n"
    "  Tom <tom@example.org>\r\nSubject: Amnesty\r\n",                   # a header wrapped onto a second line
    "________________________________\r\nFrom: Newsroom\r\nSent: Monday, 25 October 2021 10:00\r\nSubject: Amnesty\r\n",
    "From: Newsroom\r\nSent: Monday, 25 October 2021 10:00\r\nTo: Ann\r\nSubject: Amnesty\r\n",   # Outlook's, alone
])
def test_a_forwarded_messages_headers_are_left_out_however_written_and_a_bare_rule_is_no_signature(tmp_path, forward):
    data = (b"Subject: Fwd: Amnesty\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nFYI\r\n\r\n" + forward.encode()
            + b"\r\nAmnesty said it would close its offices.\r\n\r\n--\r\n\r\nThe group blamed the law.\r\n")
    article = _article(tmp_path, "forwarded.eml", data)
    assert _texts(article) == ["Amnesty", "Amnesty said it would close its offices.", "--", "The group blamed the law."]


def test_a_forwarded_article_that_opens_with_its_subject_has_one_headline(tmp_path):
    message = (b"From: Ed <ed@x.example>\r\nSubject: Fwd: Union votes to disband\r\nContent-Type: text/plain; "
               b"charset=utf-8\r\n\r\nSee below.\r\n\r\n---------- Forwarded message ---------\r\nFrom: News "
               b"<n@x.example>\r\nSubject: Union votes to disband\r\n\r\nUnion votes to disband\r\n\r\nBy Sam Wong\r\n\r\n"
               b"The union voted on Sunday to disband after 48 years.\r\n")
    article = _article(tmp_path, "fwd.eml", message)
    assert (article.title, article.authors) == ("Union votes to disband", ("Sam Wong",))
    assert _texts(article) == ["Union votes to disband", "The union voted on Sunday to disband after 48 years."]
