"""Read an article saved by a word processor: Word's .docx or OpenDocument's .odt.

Both are zip archives of XML. The document's paragraphs become the paragraphs
of a page (exported.page_of_blocks), its headings headings, and a paragraph in the
Title style the headline, for seeds.html_to_blocks to read like any page. What
the document holds but a reader of it does not see is left out, as a page's
hidden text is: text deleted with changes tracked, text formatted as hidden,
comments, text boxes, notes, headers and footers. The archive's metadata (its
"author" is whoever's copy of Word saved it, its dates those of the file) says
nothing about the article, and is not read.
"""

from __future__ import annotations

import io
import re
import zipfile
import xml.etree.ElementTree as ElementTree
from xml.parsers import expat

from .exported import NotAnArticle, page_of_blocks
from .lazy import regex

MAX_XML_BYTES = 50 * 1024 * 1024   # a long article's document.xml is a few hundred kilobytes
MAX_ELEMENTS = 200_000             # and some ten thousand elements

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"


def docx_to_page(data: bytes) -> str:
    """Return the HTML page a Word document stands for; raise NotAnArticle."""
    parts = _archive(data, ".docx", "word/document.xml")
    body = _xml(parts, "word/document.xml").find(f"{W}body")
    styles = _xml(parts, "word/styles.xml") if "word/styles.xml" in parts.namelist() else None
    kinds, hidden = (_docx_styles(styles), _docx_hidden_styles(styles)) if styles is not None else ({}, set())
    default = _docx_default_style(styles) if styles is not None else None
    blocks = []
    for paragraph in _docx_paragraphs(body):
        words = _docx_words(paragraph, hidden, default)
        if words.strip():
            blocks.append((_docx_kind(paragraph, kinds), words))
    return page_of_blocks(blocks)


def odt_to_page(data: bytes) -> str:
    """Return the HTML page an OpenDocument text stands for; raise NotAnArticle."""
    parts = _archive(data, ".odt", "content.xml")
    content = _xml(parts, "content.xml")
    text = content.find(f"{OFFICE}body/{OFFICE}text")
    # Styles a paragraph names may be the document's own ("P1"), made from a named one ("Title"), which
    # styles.xml holds with the styles an editor made.
    styled = [content] + ([_xml(parts, "styles.xml")] if "styles.xml" in parts.namelist() else [])
    styles = [style for part in styled for style in part.iter(f"{STYLE}style")]
    parents = {style.get(f"{STYLE}name"): style.get(f"{STYLE}parent-style-name") for style in styles}
    hidden = _odt_hidden_styles(styles, parents)
    blocks = []
    for paragraph in _odt_paragraphs(text, hidden):
        words = _odt_words(paragraph, hidden)
        if words.strip():
            blocks.append((_odt_kind(paragraph, parents), words))
    return page_of_blocks(blocks)


def _archive(data: bytes, kind: str, main: str) -> zipfile.ZipFile:
    try:
        parts = zipfile.ZipFile(io.BytesIO(data))
        parts.getinfo(main)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, NotImplementedError, OSError) as err:
        what = "holds no " + main if isinstance(err, KeyError) else "is a damaged zip archive"
        raise NotAnArticle(1, f"is not a {kind} document as a word processor saves one: it {what}; "
                              "open it and save it again, or save the article as text or HTML") from None
    return parts


def _xml(parts: zipfile.ZipFile, name: str):
    """The root element of the archive's part `name`, read within limits: no part of a document
    declares entities, and a few kilobytes must not unpack to gigabytes."""
    try:
        with parts.open(name) as part:
            data = part.read(MAX_XML_BYTES + 1)
    except Exception as err:   # a damaged archive fails in each decompressor's way: zlib.error, LZMAError...
        raise NotAnArticle(1, f"cannot be unpacked ({name}: {type(err).__name__}: {err})") from None
    if len(data) > MAX_XML_BYTES:
        raise NotAnArticle(1, f"unpacks to more than {MAX_XML_BYTES // 1048576} MB of text ({name}); "
                              "a seed must be one article")
    try:
        _probe(data)
        return ElementTree.fromstring(data)
    except (ElementTree.ParseError, expat.ExpatError, LookupError, ValueError) as err:   # LookupError: encoding="x-bogus"
        raise NotAnArticle(1, f"is damaged: {name} is not well-formed XML ({str(err).split(':')[0]})") from None
    except _Declared:
        raise NotAnArticle(1, f"declares entities or a document type in {name}, which no word processor writes") \
            from None
    except _TooMany:
        raise NotAnArticle(1, f"holds more than {MAX_ELEMENTS:,} XML elements in {name}: no article's document "
                              "does, and read they would take gigabytes") from None


class _Declared(Exception):
    pass


class _TooMany(Exception):
    pass


def _probe(data: bytes) -> None:
    """Raise _Declared if the XML declares a document type: one entity used a thousand times makes a
    part a thousand times its size. Asked of the parser itself, as the XML may be in any encoding.
    Raise _TooMany if it holds more elements than MAX_ELEMENTS."""
    def declared(*_):
        raise _Declared

    count = 0

    def counted(*_):   # a few kilobytes of <a/> unpack to millions of elements, each a Python object
        nonlocal count
        count += 1
        if count > MAX_ELEMENTS:
            raise _TooMany

    probe = expat.ParserCreate()
    probe.StartDoctypeDeclHandler = probe.EntityDeclHandler = declared
    probe.StartElementHandler = counted
    probe.Parse(data, True)


_HEADING = regex(r"heading ?(\d)$", re.I)


# Word

def _docx_styles(styles) -> dict[str, str]:
    """Each paragraph style's id to its kind. Ids are the names translated ("berschrift1" in German
    Word), but the built-in names are stored in English ("heading 1", "Title")."""
    kinds = {}
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name")
        kind = _kind_of_name(name.get(f"{W}val", "") if name is not None else "")
        if kind:
            kinds[style.get(f"{W}styleId")] = kind
    return kinds


def _docx_default_style(styles) -> str | None:
    """The id of the style of a paragraph that names none: the default paragraph style, which may hide it too."""
    return next((style.get(f"{W}styleId") for style in styles.iter(f"{W}style")
                 if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true", "on")), None)


def _docx_hidden_styles(styles) -> set[str]:
    """The ids of the styles that hide what they style (Format > Font > Hidden), or are made from one."""
    based_on, hidden = {}, set()
    for style in styles.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId")
        parent = style.find(f"{W}basedOn")
        based_on[style_id] = parent.get(f"{W}val") if parent is not None else None
        if _vanishes(style.find(f"{W}rPr")):
            hidden.add(style_id)
    return {style_id for style_id in based_on if _in_chain(style_id, based_on, hidden)}


def _in_chain(style: str | None, parents: dict, wanted: set) -> bool:
    """Tell whether `style`, or a style it is made from, is among `wanted`."""
    seen = set()
    while style and style not in seen:
        if style in wanted:
            return True
        seen.add(style)
        style = parents.get(style)
    return False


def _vanishes(properties) -> bool:
    """Tell run properties (<w:rPr>) that hide the text."""
    hidden = properties.find(f"{W}vanish") if properties is not None else None
    return hidden is not None and hidden.get(f"{W}val", "true") not in ("false", "0", "off")


def _kind_of_name(name: str) -> str | None:
    heading = _HEADING.match(name.strip())
    if heading:
        return f"h{min(int(heading[1]), 4)}"
    return "title" if name.strip().lower() == "title" else None


# What holds no words a reader of the document sees in its text: text boxes (drawn beside it), a
# deletion's and a move's old place, a field's code, the other choice of content for an older Word.
_DOCX_SKIPPED = {f"{W}{name}" for name in ("txbxContent", "del", "moveFrom", "instrText", "delInstrText",
                                           "footnoteReference", "endnoteReference", "commentReference")} | {
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}


def _docx_paragraphs(body):
    """The paragraphs of the document's text, in order: those of its body, its lists and tables,
    none within a text box."""
    if body is None:
        return
    pending = [body]
    while pending:
        element = pending.pop()
        if element.tag == f"{W}p":
            yield element
        elif element.tag not in _DOCX_SKIPPED:
            pending.extend(reversed(element))


def _docx_words(paragraph, hidden_styles: set[str], default_style: str | None = None) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    if (style.get(f"{W}val") if style is not None else default_style) in hidden_styles:
        return ""
    words = []
    pending = [paragraph]
    while pending:
        element = pending.pop()
        tag = element.tag
        if tag in _DOCX_SKIPPED or tag == f"{W}pPr":
            continue
        if tag in (f"{W}r", f"{MATH}r") and _docx_hidden(element, hidden_styles):   # a run of text, or of an equation
            continue
        if tag in (f"{W}t", f"{MATH}t"):   # the words of the text, and of an equation
            words.append(element.text or "")
        elif tag in (f"{W}tab", f"{W}ptab", f"{W}br", f"{W}cr"):
            words.append(" ")
        elif tag == f"{W}noBreakHyphen":
            words.append("\u2011")
        elif tag == f"{W}softHyphen":
            words.append("\u00ad")
        elif tag == f"{W}sym":   # a character of a symbol font, by its code
            code = element.get(f"{W}char", "")
            words.append(_symbol(code))
        else:
            pending.extend(reversed(element))
    return "".join(words)


def _docx_hidden(run, hidden_styles: set[str]) -> bool:
    properties = run.find(f"{W}rPr")
    if properties is None:
        return False
    style = properties.find(f"{W}rStyle")
    return _vanishes(properties) or (style is not None and style.get(f"{W}val") in hidden_styles)


def _docx_kind(paragraph, styles: dict[str, str]) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    kind = styles.get(style.get(f"{W}val")) if style is not None else None
    if kind:
        return kind
    outline = paragraph.find(f"{W}pPr/{W}outlineLvl")
    level = _number(outline.get(f"{W}val", "")) if outline is not None else None
    return f"h{min(level + 1, 4)}" if level is not None and level < 9 else "p"


def _number(text: str) -> int | None:
    """A whole number written in ASCII digits ("²" is a digit to Python, but no number to int())."""
    return int(text) if text.isascii() and text.isdigit() else None


def _symbol(code: str) -> str:
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:   # Word writes a symbol font's characters in the private use area
        return ""   # a glyph of that font, with no meaning in text
    return chr(value) if 0x20 <= value < 0xD800 or 0xE000 <= value <= 0x10FFFF else ""


# OpenDocument

# Notes (their citation and body), a change's old text, drawn frames and shapes, annotations, and
# text the document hides.
_ODT_SKIPPED = {f"{TEXT}{name}" for name in ("note", "tracked-changes", "hidden-text", "hidden-paragraph",
                                             "soft-page-break", "bookmark-ref", "sequence-decls")} | {
    "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}frame",
    "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}custom-shape",
    f"{OFFICE}annotation"}


def _odt_paragraphs(text, hidden: set[str]):
    if text is None:
        return
    pending = [text]
    while pending:
        element = pending.pop()
        if _odt_hidden(element, hidden):
            continue
        if element.tag in (f"{TEXT}p", f"{TEXT}h"):
            yield element
        elif element.tag not in _ODT_SKIPPED:
            pending.extend(reversed(element))


def _odt_hidden(element, hidden: set[str]) -> bool:
    """Tell an element the document hides: a hidden section, or one hidden by a condition that always holds,
    one of a style that hides its text, or a paragraph a "hidden paragraph" field in it hides."""
    display = element.get(f"{TEXT}display")
    return display == "none" or element.get(f"{TEXT}style-name") in hidden or (
        display == "condition" and element.get(f"{TEXT}condition", "").strip().lower() in _ALWAYS) or (
        element.tag in (f"{TEXT}p", f"{TEXT}h") and any(
            field.get(f"{TEXT}is-hidden") == "true" for field in element.iter(f"{TEXT}hidden-paragraph")))


_ALWAYS = frozenset(("ooow:1", "ooow:true", "1", "true"))   # a condition written as a constant that holds


def _odt_hidden_styles(styles: list, parents: dict) -> set[str]:
    """The names of the styles that hide their text (Format > Character > Hidden), or are made from one."""
    hiding = {style.get(f"{STYLE}name") for style in styles
              if any(properties.get(f"{TEXT}display") == "none"
                     for properties in style.iter(f"{STYLE}text-properties"))}
    return {name for name in parents if _in_chain(name, parents, hiding)}


def _odt_words(paragraph, hidden: set[str]) -> str:
    """A paragraph's words. Its runs of spaces are written as <text:s text:c="3"/>, and what stands
    between its tags counts as written, spaces and all. Read without calling itself: spans may nest
    thousands deep."""
    words = []
    pending = [paragraph]   # elements to read, and the texts that follow them (their tails)
    while pending:
        element = pending.pop()
        if isinstance(element, str):
            words.append(element)
        elif element.tag in _ODT_SKIPPED or _odt_hidden(element, hidden) or (
                element is not paragraph and element.tag in (f"{TEXT}p", f"{TEXT}h")):
            pass   # left out; a paragraph within (as in a frame) is read on its own, if at all
        elif element.tag == f"{TEXT}s":
            count = element.get(f"{TEXT}c", "1")
            words.append(" " * min(_number(count) or 1, 100))
        elif element.tag in (f"{TEXT}tab", f"{TEXT}line-break"):
            words.append(" ")
        else:
            words.append(element.text or "")
            for child in reversed(element):
                pending += [child.tail or "", child]
    return "".join(words)


def _odt_kind(paragraph, parents: dict[str, str | None]) -> str:
    if paragraph.tag == f"{TEXT}h":
        level = paragraph.get(f"{TEXT}outline-level", "1")
        return f"h{min(_number(level) or 1, 4)}"
    style, seen = paragraph.get(f"{TEXT}style-name"), set()
    while style and style not in seen:   # a style made from one made from "Title"
        if style.lower() == "title":
            return "title"
        seen.add(style)
        style = parents.get(style)
    return "p"
