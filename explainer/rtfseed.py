"""Read an article saved as RTF, as TextEdit and WordPad save one by default.

RTF is text with control words: `\\par` ends a paragraph, `\\'e9` is a byte in
the document's code page, `\\u8220?` a Unicode character, and a group `{...}`
may be a destination that is no part of the text (the font table, a picture,
a footnote, a field's code). Only the words a reader of the document sees are
read; text formatted as hidden (`\\v`) is left out, as a page's hidden text
is. Each paragraph is placed at the line of the file where it starts.
"""

from __future__ import annotations

import codecs
import html
import re
from typing import NamedTuple

from .exported import NotAnArticle
from .lazy import regex

# A control word with its number and the one space that ends it, a control symbol (\'hh for a
# byte), a brace, or a run of text.
_TOKEN = regex(r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(\r\n|.)|([{}])|([^\\{}\r\n]+)|\r?\n|\r",
               re.S)
# Destinations whose text is not the document's: tables of colours and styles (that of fonts is read for
# its character sets), its metadata, pictures and objects, headers, footers and notes, a field's code.
_SKIPPED = frozenset("colortbl stylesheet info pict object header headerl headerr headerf footer footerl "
                     "footerr footerf footnote annotation atnid atnauthor fldinst themedata colorschememapping "
                     "latentstyles datastore xmlnstbl listtable listoverridetable rsidtbl generator pgdsctbl "
                     "filetbl revtbl bkmkstart bkmkend shp shpinst shptxt nonshppict txe xe tc".split())
_PARAGRAPH_ENDS = frozenset(("par", "sect", "page", "row"))
_CHARACTER_SETS = {"mac": "mac_roman", "pc": "cp437", "pca": "cp850"}
_CHARACTERS = {"line": " ", "tab": " ", "cell": " ", "nestcell": " ",
           "emdash": "\u2014", "endash": "\u2013", "lquote": "\u2018", "rquote": "\u2019",
           "ldblquote": "\u201c", "rdblquote": "\u201d", "bullet": "\u2022", "emspace": " ", "enspace": " ",
           "qmspace": " "}
_SYMBOLS = {"~": "\u00a0", "-": "\u00ad", "_": "\u2011", "\\": "\\", "{": "{", "}": "}"}
MAX_DEPTH = 200


def rtf_to_page(data: bytes) -> str:
    """Return the HTML page an RTF document stands for, each paragraph at the line of the file where it
    starts; raise NotAnArticle."""
    page, lines = ["<!doctype html><html><head></head><body><article>"], 1
    for at, words in rtf_to_paragraphs(data):
        page.append("\n" * max(0, at - lines) + f"<p>{html.escape(words)}</p>")
        lines = max(lines, at)
    return "".join(page) + "</article></body></html>\n"


def rtf_to_paragraphs(data: bytes) -> list[tuple[int, str]]:
    """Return the paragraphs of an RTF document, each (line of the file where it starts, words); raise
    NotAnArticle."""
    # Bytes beyond ASCII, which RTF writes as \'hh but some programs leave as they are, are read in
    # the code page of the font they are in: each stands here as the character of its value.
    text = data.decode("latin-1")
    if not text.lstrip("\ufeff\xef\xbb\xbf \t\r\n").startswith("{\\rtf"):
        raise NotAnArticle(1, "is no RTF document: it does not open with {\\rtf")
    document = "cp1252"                    # the document's code page (\ansicpg)
    fonts: dict[int, str] = {}             # each font's, where its character set names one (\fcharset)
    default_font, defining = None, None    # \deff; the font the font table is describing
    state, stack = _State(), []
    paragraphs, words, start, line = [], [], None, 1
    decoder, fallback_left = None, 0   # bytes of a character written \'hh\'hh; characters to skip

    def encoding() -> str:
        font = state.font if state.font is not None else default_font
        return fonts.get(font, document)

    def flush():
        nonlocal decoder
        if decoder:
            words.append(decoder.decode(b"", final=True))
            decoder = None

    def end_paragraph():
        nonlocal words, start
        flush()
        paragraphs.append((start or line, "".join(words)))
        words, start = [], None

    for found in _TOKEN.finditer(text):
        word, number, byte, symbol, brace, run = found.groups()
        if found.group() in ("\n", "\r\n", "\r"):
            line += 1
            continue
        if fallback_left:   # what stands in, for older readers, for the character a \u gave
            if brace:
                fallback_left = 0
            elif run:
                cut = min(fallback_left, len(run))
                run, fallback_left = run[cut:], fallback_left - cut
                if not run:
                    continue
            elif byte or symbol:
                fallback_left -= 1
                continue
        if decoder and decoder.getstate()[0] and (run or symbol in ("\\", "{", "}")):
            # The second byte of a character of two (Shift-JIS, GBK), written as the letter it is in ASCII.
            trail = run[0] if run else symbol
            words.append(decoder.decode(trail.encode("latin-1")))
            if run:
                run = run[1:]
                if not run:
                    continue
            else:
                continue
        if brace == "{":
            if len(stack) >= MAX_DEPTH:
                raise NotAnArticle(line, f"nests groups more than {MAX_DEPTH} deep")
            stack.append(state)
            continue
        if brace == "}":
            flush()
            if not stack:
                break   # the document's own group has ended: whatever follows is no part of it
            state = stack.pop()
            continue
        if symbol in ("\n", "\r", "\r\n"):   # a backslash ending a line ends a paragraph, as \par does
            line += 1
            symbol, word = None, "par"
        if symbol == "*":   # an ignorable destination: none that the text needs
            state = state._replace(skipped=True)
            continue
        if word:
            if state.fonts and number:   # within the font table: which font, in which character set
                if word == "f":
                    defining = int(number)
                elif word == "fcharset" and defining is not None and int(number) in _CHARACTER_SET_PAGES:
                    fonts[defining] = _CHARACTER_SET_PAGES[int(number)] or document
                elif word == "cpg" and defining is not None:
                    fonts[defining] = _code_page(int(number))
            elif word == "fonttbl":
                state = state._replace(skipped=True, fonts=True)
            elif word in _SKIPPED:
                state = state._replace(skipped=True)
            elif word == "ansicpg" and number:
                document = _code_page(int(number))
            elif word in _CHARACTER_SETS:
                document = _CHARACTER_SETS[word]
            elif word == "deff" and number:
                default_font = int(number)
            elif word == "f" and number:
                flush()
                state = state._replace(font=int(number))
            elif word == "v":   # hidden text
                state = state._replace(hidden=number != "0")
            elif word == "deleted":   # text deleted with changes tracked, hidden or not
                state = state._replace(deleted=number != "0")
            elif word == "plain":
                flush()
                state = state._replace(hidden=False, deleted=False, font=None)
            elif word == "uc" and number:
                state = state._replace(fallback=min(max(0, int(number)), 10))
            elif word == "u" and number:
                if not (state.skipped or state.unseen):
                    flush()
                    if start is None:
                        start = line
                    words.append(chr(int(number) % 65536))   # written as a signed 16-bit number
                fallback_left = state.fallback
            elif word in _PARAGRAPH_ENDS and not state.skipped:
                end_paragraph()
            elif word in _CHARACTERS and not (state.skipped or state.unseen):
                flush()
                words.append(_CHARACTERS[word])
            continue
        if state.skipped or state.unseen:
            continue
        if start is None:
            start = line
        if byte:
            if decoder is None:
                decoder = codecs.getincrementaldecoder(encoding())("replace")
            words.append(decoder.decode(bytes((int(byte, 16),))))
            continue
        flush()
        if symbol:
            words.append(_SYMBOLS.get(symbol, ""))
        elif run.isascii():
            words.append(run)
        else:
            words.append(run.encode("latin-1").decode(encoding(), errors="replace"))
    end_paragraph()
    paragraphs = [(at, _surrogates_joined(words).strip()) for at, words in paragraphs]
    return [(at, words) for at, words in paragraphs if words]


class _State(NamedTuple):
    """A group's state: within a destination that is no text (the font table, or another), within hidden
    or deleted text, how many characters follow each \\u character for readers that do not know it, and the font."""

    skipped: bool = False
    hidden: bool = False
    fallback: int = 1
    fonts: bool = False
    font: int | None = None
    deleted: bool = False

    @property
    def unseen(self) -> bool:
        return self.hidden or self.deleted


# The code page of each character set a font may be in (\fcharset): 0 and 1 are the document's own.
_CHARACTER_SET_PAGES = {0: None, 1: None, 2: "cp1252", 77: "mac_roman", 128: "cp932", 129: "cp949", 130: "johab",
                        134: "gb18030", 136: "big5hkscs", 161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255",
                        178: "cp1256", 186: "cp1257", 204: "cp1251", 222: "cp874", 238: "cp1250", 255: "cp437"}


def _code_page(number: int) -> str:
    if number == 10000:
        return "mac_roman"
    name = f"cp{number}"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


def _surrogates_joined(words: str) -> str:
    """A character beyond the first 65,536 is written as two \\u numbers, the halves of a pair."""
    return words.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
