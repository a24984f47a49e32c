"""Read an article saved as a PDF: the text its pages show, in the order they draw it.

A PDF holds no paragraphs, only pieces of text drawn at places on a page.
They are read here in the order each page draws them, decoded by each font's
map to Unicode (or else by its encoding), and set back into lines by where
they stand, and into paragraphs by the space between lines, a change of
size, or the indent that opens one. The first page's text in a size larger
than the article's is its headline. Left out, as a reader does not take them
for the article: what a tagged PDF marks as the page's furniture (its
"artifacts": running heads, page numbers), lines repeated at the top or foot
of every page (the title, address and date a browser prints there), and
page numbers. The document's metadata (its "author" is whoever's copy of the
program made it, its dates those of the file) says nothing of the article,
and is not read. Only the standard library: zlib inflates the streams.
"""

from __future__ import annotations

import base64
import re
from bisect import bisect_right
import unicodedata
import zlib

from .exported import NotAnArticle, page_of_blocks
from .lazy import regex
from .quotes import LINE_END_HYPHEN
from .record import record
from .standardfonts import COURIER, standard_widths

MAX_STREAM_BYTES = 20 * 1024 * 1024   # inflated; a page's text is some kilobytes
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_NESTING = 64                      # arrays and dictionaries within one another; forms within forms
MAX_CMAP_CODES = 70_000               # codes a font's map to Unicode, or its widths, may list (all of two bytes)
MAX_OBJECTS = 100_000                 # in an object stream; an article's PDF holds hundreds
MAX_FORMS = 256                       # forms drawn on one page, within one another or not
MAX_DRAWN_BYTES = 8 * 1024 * 1024     # of content followed, in all; an article's pages draw some hundred kilobytes

_WHITE = b"\x00\t\n\x0c\r "
_REGULAR = regex(rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
_SPACE = regex(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)+")
_NUMBER = regex(rb"[+-]?(?:\d+\.?\d*|\.\d+)$")
_OBJECT = regex(rb"(?<![0-9])(\d{1,10})[\x00\t\n\x0c\r ]+(\d{1,5})[\x00\t\n\x0c\r ]+obj\b")
_LITERAL_MARK = regex(rb"[()\\]")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
            ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


class Name(str):
    """A PDF name (/Font), told apart from a keyword or an operator."""


class Operator(str):
    """A bare word of a content stream or object: `Tj`, `obj`, `true`."""


@record(frozen=True)
class Ref:
    number: int


class _Broken(Exception):
    """The file's syntax cannot be read at some place: that object, or stream, is passed over."""


class _Lexer:
    """Read PDF objects from bytes: numbers, strings, names, arrays, dictionaries, references."""

    def __init__(self, data: bytes, pos: int = 0, end: int | None = None):
        # Read no further than `end`: an object is read up to its "endobj", so that a string left open
        # does not make every object after it read on to the end of the file.
        self.data, self.pos, self.end = data, pos, len(data) if end is None else min(end, len(data))

    def token(self):
        """The next token, or None at the end: a number, bytes, a Name, an Operator, or '[', ']', '<<', '>>'."""
        data, end = self.data, self.end
        found = _SPACE.match(data, self.pos, end)
        if found:
            self.pos = found.end()
        if self.pos >= end:
            return None
        first = data[self.pos]
        if first == 0x28:   # (
            return self._literal()
        if first == 0x3C:   # <
            if data[self.pos + 1:self.pos + 2] == b"<":
                self.pos += 2
                return "<<"
            close = data.find(b">", self.pos, end)
            if close < 0:
                raise _Broken
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", data[self.pos + 1:close])
            self.pos = close + 1
            return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
        if first == 0x3E:   # >
            self.pos += 2 if data[self.pos + 1:self.pos + 2] == b">" else 1
            return ">>"
        if first in b"[]{}":
            self.pos += 1
            return chr(first)
        if first == 0x2F:   # /
            found = _REGULAR.match(data, self.pos + 1, end)
            raw = found.group() if found else b""
            self.pos += 1 + len(raw)
            return Name(re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
                        .decode("latin-1"))
        found = _REGULAR.match(data, self.pos, end)
        if not found:   # a lone ')' or the like
            self.pos += 1
            return Operator(chr(first))
        self.pos = found.end()
        word = found.group()
        if _NUMBER.match(word):
            if b"." not in word:
                return int(word)
            value = float(word)   # 400 digits are infinity, which no position or size is
            return value if abs(value) < 1e9 else 0.0
        return Operator(word.decode("latin-1"))

    def _literal(self) -> bytes:
        """A string in brackets, which may hold balanced brackets and escapes; read a run at a time."""
        data, out, depth, k = self.data, bytearray(), 0, self.pos + 1
        for found in _LITERAL_MARK.finditer(data, k, self.end):
            at = found.start()
            if at < k:   # a character an escape took
                continue
            out += data[k:at]
            mark = data[at]
            if mark == 0x5C:   # backslash
                escaped = data[at + 1] if at + 1 < self.end else None
                k = at + 2
                if escaped is None:
                    break
                if escaped in _ESCAPES:
                    out += _ESCAPES[escaped]
                elif 0x30 <= escaped <= 0x37:   # up to three octal digits
                    digits = re.match(rb"[0-7]{1,3}", data[at + 1:at + 4]).group()
                    out.append(int(digits, 8) & 0xFF)
                    k = at + 1 + len(digits)
                elif escaped == 0x0D:   # a line break escaped: nothing
                    k += 1 if data[k:k + 1] == b"\n" else 0
                elif escaped != 0x0A:
                    out.append(escaped)
            elif mark == 0x28:
                depth += 1
                out.append(mark)
                k = at + 1
            elif depth == 0:
                self.pos = at + 1
                return bytes(out)
            else:
                depth -= 1
                out.append(mark)
                k = at + 1
        out += data[k:self.end]
        self.pos = self.end
        return bytes(out)

    def object(self, token=None, depth: int = 0):
        """The next whole object; references (`12 0 R`) as Ref."""
        if depth > MAX_NESTING:
            raise _Broken
        token = self.token() if token is None else token
        if token == "[":
            items = []
            while True:
                token = self.token()
                if token in ("]", None):
                    return self._references(items)
                items.append(self.object(token, depth + 1))
        if token == "<<":
            items = []
            while True:
                token = self.token()
                if token in (">>", None):
                    items = self._references(items)
                    return {items[k]: items[k + 1] for k in range(0, len(items) - 1, 2) if isinstance(items[k], Name)}
                items.append(self.object(token, depth + 1))
        return token

    @staticmethod
    def _references(items: list) -> list:
        """`12 0 R` within an array or a dictionary, as one Ref."""
        out = []
        for item in items:
            if item == "R" and len(out) >= 2 and type(out[-1]) is int and type(out[-2]) is int:
                out[-2:] = [Ref(out[-2])]
            else:
                out.append(item)
        return out


class _Document:
    """The objects of a PDF file, found where they stand (not by its table of offsets, which is often wrong)."""

    def __init__(self, data: bytes):
        self.data = data
        self.objects: dict[int, tuple[object, bytes | None]] = {}
        self.inflated = 0
        trailers = []
        found_all = list(_OBJECT.finditer(data))
        for k, found in enumerate(found_all):
            # Read no further than its "endobj", or the next object's start where that is missing.
            following = found_all[k + 1].start() if k + 1 < len(found_all) else len(data)
            ends = data.find(b"endobj", found.end(), following)
            try:
                value, stream = self._read_object(found.end(), ends if ends >= 0 else following)
            except (_Broken, IndexError, ValueError):
                continue
            self.objects[int(found.group(1))] = (value, stream)
        for found in re.finditer(rb"trailer[\x00\t\n\x0c\r ]*<<", data):
            try:
                trailers.append(_Lexer(data, found.end() - 2).object())
            except (_Broken, IndexError, ValueError):
                continue
        # Objects kept in compressed object streams (PDF 1.5 on), and the trailer that a cross-reference stream is.
        for number, (value, stream) in list(self.objects.items()):
            if isinstance(value, dict) and stream is not None:
                if value.get("Type") == "ObjStm":
                    self._read_object_stream(value, stream)
                elif value.get("Type") == "XRef":
                    trailers.append(value)
        self.trailer = next((t for t in reversed(trailers) if isinstance(t, dict) and "Root" in t), {})
        if any(isinstance(t, dict) and "Encrypt" in t for t in trailers):
            raise NotAnArticle(1, "is an encrypted PDF (even one that opens without a password keeps its text "
                                  "scrambled in the file): print it to a new PDF, or save the article as text or HTML")

    def _read_object(self, pos: int, end: int) -> tuple[object, bytes | None]:
        lexer = _Lexer(self.data, pos, end if end >= 0 else None)
        value = lexer.object()
        if lexer.token() != "stream" or not isinstance(value, dict):
            return value, None
        start = lexer.pos
        start += 2 if self.data[start:start + 2] == b"\r\n" else 1 if self.data[start:start + 1] in b"\r\n" else 0
        length = value.get("Length")
        if type(length) is int and self.data[start + length:start + length + 20].lstrip(_WHITE).startswith(b"endstream"):
            return value, self.data[start:start + length]
        end = self.data.find(b"endstream", start)
        if end < 0:
            raise _Broken
        return value, self.data[start:end].rstrip(b"\r\n")

    def _read_object_stream(self, value: dict, stream: bytes) -> None:
        try:
            data = self.decoded(value, stream)
            count, first = value.get("N"), value.get("First")
            if type(count) is not int or type(first) is not int or not 0 <= first <= len(data):
                return
            lexer, pairs = _Lexer(data, 0, first), []
            for _ in range(min(count, MAX_OBJECTS)):   # as many as its header lists, not as it says
                number, offset = lexer.token(), lexer.token()
                if type(number) is not int or type(offset) is not int:
                    break
                pairs.append((number, offset))
            starts = sorted({first + offset for _, offset in pairs} | {len(data)})
            for number, offset in pairs:   # each read no further than where the next starts
                at = first + offset
                if number not in self.objects and 0 <= at < len(data):
                    end = starts[bisect_right(starts, at)] if at < starts[-1] else len(data)
                    self.objects[number] = (_Lexer(data, at, end).object(), None)
        except NotAnArticle:
            raise
        except (_Broken, zlib.error, IndexError, ValueError, TypeError):
            return

    def get(self, value):
        """`value`, or the object it refers to (None for one that is not there)."""
        seen = 0
        while isinstance(value, Ref) and seen < 32:
            value = self.objects.get(value.number, (None, None))[0]
            seen += 1
        return value

    def stream(self, value) -> bytes | None:
        """The decoded bytes of the stream `value` is or refers to; None for a stream that cannot be read."""
        if isinstance(value, Ref):
            found, data = self.objects.get(value.number, (None, None))
            if data is None:
                return None
            try:
                return self.decoded(found, data)
            except NotAnArticle:
                raise
            except (_Broken, zlib.error, ValueError):
                return None
        return None

    def decoded(self, dictionary: dict, data: bytes) -> bytes:
        filters = self.get(dictionary.get("Filter"))
        for name in (filters if isinstance(filters, list) else [filters] if filters else []):
            name = self.get(name)
            if name in ("FlateDecode", "Fl"):
                inflater = zlib.decompressobj()
                try:
                    data = inflater.decompress(data, MAX_STREAM_BYTES)
                except zlib.error:   # a stream cut short, as some writers leave one: what came out of it
                    data = _inflate_what_can_be(data)
                if inflater.unconsumed_tail:
                    raise NotAnArticle(1, f"holds a stream of over {MAX_STREAM_BYTES // 1048576} MB once inflated: "
                                          "no article's text does")
            elif name in ("ASCIIHexDecode", "AHx"):
                digits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">")[0])
                data = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
            elif name in ("ASCII85Decode", "A85"):
                data = base64.a85decode(re.sub(rb"\s", b"", data).removesuffix(b"~>").removeprefix(b"<~"))
            else:   # images (DCT, JBIG2...) and filters no writer uses for text today
                raise _Broken
        self.inflated += len(data)
        if self.inflated > MAX_TOTAL_BYTES:
            raise NotAnArticle(1, f"holds over {MAX_TOTAL_BYTES // 1048576} MB once inflated: no article does")
        return data

    def pages(self):
        """Each page's (contents, resources), in order, resources inherited from the page tree as PDF says."""
        root = self.get(self.trailer.get("Root"))
        tree = self.get(root.get("Pages")) if isinstance(root, dict) else None
        if not isinstance(tree, dict):   # no catalogue to be found: each page object in the file's order
            for value, _ in list(self.objects.values()):
                if isinstance(value, dict) and value.get("Type") == "Page":
                    yield value.get("Contents"), self.get(value.get("Resources")) or {}, self._box(value, _LETTER)
            return
        yield from self._walk(tree, {}, _LETTER, set(), 0)

    def _walk(self, node: dict, resources: dict, box: tuple, seen: set, depth: int):
        if id(node) in seen or depth > MAX_NESTING:
            return
        seen.add(id(node))
        resources, box = self.get(node.get("Resources")) or resources, self._box(node, box)
        kids = self.get(node.get("Kids"))
        if isinstance(kids, list):
            for kid in kids:
                kid = self.get(kid)
                if isinstance(kid, dict):
                    yield from self._walk(kid, resources, box, seen, depth + 1)
        elif node.get("Type") != "Pages":
            yield node.get("Contents"), resources, box

    def _box(self, node: dict, inherited: tuple) -> tuple:
        """The page's area, (left, bottom, right, top), as its MediaBox gives it or its parent's."""
        box = self.get(node.get("MediaBox"))
        if isinstance(box, list) and len(box) == 4 and all(isinstance(n, (int, float)) for n in box):
            left, bottom, right, top = (float(n) for n in box)
            return min(left, right), min(bottom, top), max(left, right), max(bottom, top)
        return inherited

    def contents(self, contents) -> bytes:
        """A page's content streams, joined as one."""
        parts = self.get(contents)
        parts = parts if isinstance(parts, list) else [contents]
        return b"\n".join(stream for stream in map(self.stream, parts) if stream)


def _inflate_what_can_be(data: bytes) -> bytes:
    inflater, out = zlib.decompressobj(), bytearray()
    for k in range(0, len(data), 1024):
        try:
            out += inflater.decompress(data[k:k + 1024], MAX_STREAM_BYTES - len(out))
        except zlib.error:
            break
    return bytes(out)


# Fonts

# Glyph names of the Latin fonts' encodings (Adobe's glyph list, the part articles use); accented letters
# ("eacute") are named by Unicode itself, and "uni00E9" or "u1F600" by their code.
_GLYPHS = {
    "space": " ", "exclam": "!", "quotedbl": '"', "numbersign": "#", "dollar": "$", "percent": "%",
    "ampersand": "&", "quotesingle": "'", "parenleft": "(", "parenright": ")", "asterisk": "*", "plus": "+",
    "comma": ",", "hyphen": "-", "period": ".", "slash": "/", "colon": ":", "semicolon": ";", "less": "<",
    "equal": "=", "greater": ">", "question": "?", "at": "@", "bracketleft": "[", "backslash": "\\",
    "bracketright": "]", "asciicircum": "^", "underscore": "_", "grave": "`", "braceleft": "{", "bar": "|",
    "braceright": "}", "asciitilde": "~", "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "quoteleft": "\u2018", "quoteright": "\u2019", "quotedblleft": "\u201c", "quotedblright": "\u201d",
    "quotesinglbase": "\u201a", "quotedblbase": "\u201e", "guillemotleft": "\u00ab", "guillemotright": "\u00bb",
    "guilsinglleft": "\u2039", "guilsinglright": "\u203a", "endash": "\u2013", "emdash": "\u2014",
    "bullet": "\u2022", "ellipsis": "\u2026", "dagger": "\u2020", "daggerdbl": "\u2021",
    "periodcentered": "\u00b7", "exclamdown": "\u00a1", "questiondown": "\u00bf", "cent": "\u00a2",
    "sterling": "\u00a3", "yen": "\u00a5", "Euro": "\u20ac", "currency": "\u00a4", "section": "\u00a7",
    "paragraph": "\u00b6", "copyright": "\u00a9", "registered": "\u00ae", "trademark": "\u2122",
    "degree": "\u00b0", "plusminus": "\u00b1", "multiply": "\u00d7", "divide": "\u00f7", "minus": "\u2212",
    "nbspace": "\u00a0", "ordfeminine": "\u00aa", "ordmasculine": "\u00ba", "germandbls": "\u00df",
    "ae": "\u00e6", "AE": "\u00c6", "oe": "\u0153", "OE": "\u0152", "oslash": "\u00f8", "Oslash": "\u00d8",
    "eth": "\u00f0", "Eth": "\u00d0", "thorn": "\u00fe", "Thorn": "\u00de", "lslash": "\u0142",
    "Lslash": "\u0141", "dotlessi": "\u0131", "fi": "fi", "fl": "fl", "ff": "ff", "ffi": "ffi", "ffl": "ffl",
    "onehalf": "\u00bd", "onequarter": "\u00bc", "threequarters": "\u00be", "fraction": "\u2044",
    "perthousand": "\u2030", "logicalnot": "\u00ac", "brokenbar": "\u00a6", "mu": "\u00b5",
    "dieresis": "\u00a8", "acute": "\u00b4", "cedilla": "\u00b8", "macron": "\u00af", "florin": "\u0192",
    "onesuperior": "\u00b9", "twosuperior": "\u00b2", "threesuperior": "\u00b3", "sfthyphen": "\u00ad",
}
_ACCENTS = {"acute": "ACUTE", "grave": "GRAVE", "circumflex": "CIRCUMFLEX", "dieresis": "DIAERESIS",
            "tilde": "TILDE", "ring": "RING ABOVE", "cedilla": "CEDILLA", "caron": "CARON", "macron": "MACRON",
            "breve": "BREVE", "ogonek": "OGONEK", "dotaccent": "DOT ABOVE", "hungarumlaut": "DOUBLE ACUTE",
            "commaaccent": "COMMA BELOW"}
_ACCENTED = regex(r"([A-Za-z])(" + "|".join(_ACCENTS) + r")$")
# StandardEncoding, the encoding of a Type 1 font that names none, differs from Latin-1 where it matters here.
_STANDARD = {0x27: "\u2019", 0x60: "\u2018", 0xA9: "'", 0xAA: "\u201c", 0xBA: "\u201d", 0xB1: "\u2013",
             0xD0: "\u2014", 0xBC: "\u2026", 0xB7: "\u2022", 0xAE: "fi", 0xAF: "fl", 0xAB: "\u00ab", 0xBB: "\u00bb"}


def glyph_text(name: str) -> str:
    """The text a glyph name stands for; U+FFFD for one that names no character."""
    name = name.split(".")[0]
    if "_" in name:   # a ligature: "f_f_i"
        return "".join(glyph_text(part) for part in name.split("_"))
    if name in _GLYPHS:
        return _GLYPHS[name]
    if len(name) == 1 and name.isascii() and name.isalpha():
        return name
    found = re.fullmatch(r"uni((?:[0-9A-F]{4})+)|u([0-9A-F]{4,6})", name)
    if found:
        codes = found.group(1) or found.group(2)
        step = 4 if found.group(1) else len(codes)
        try:
            return "".join(chr(int(codes[k:k + step], 16)) for k in range(0, len(codes), step))
        except ValueError:
            return "\ufffd"
    found = _ACCENTED.match(name)
    if found:
        letter, accent = found.groups()
        case = "CAPITAL" if letter.isupper() else "SMALL"
        try:
            return unicodedata.lookup(f"LATIN {case} LETTER {letter.upper()} WITH {_ACCENTS[accent]}")
        except KeyError:
            pass
    return "\ufffd"


class _Font:
    """What a font's codes stand for, and how wide each glyph is (in thousandths of the text size)."""

    def __init__(self, document: _Document, font: dict):
        get = document.get
        self.composite = get(font.get("Subtype")) == "Type0"
        self.ranges: list[tuple[int, int, int]] = []   # codespace: (bytes, first, last)
        self.unicode: dict[tuple[int, int], str] = {}   # (bytes, code) -> text
        self.widths: dict[int, float] = {}
        self.default_width = 1000.0 if self.composite else 500.0
        cmap = document.stream(font.get("ToUnicode")) if isinstance(font.get("ToUnicode"), Ref) else None
        if cmap:
            self._read_cmap(cmap)
        self.encoding: dict[int, str] = {}
        if self.composite:
            descendants = get(font.get("DescendantFonts"))
            descendant = get(descendants[0]) if isinstance(descendants, list) and descendants else None
            if isinstance(descendant, dict):
                self.default_width = _number(get(descendant.get("DW")), 1000.0)
                self._composite_widths(get(descendant.get("W")), get)
            encoding = get(font.get("Encoding"))
            # A predefined map whose codes are Unicode's own (UniGB-UCS2-H, UniJIS-UTF16-H...).
            self.utf16 = isinstance(encoding, str) and bool(re.match(r"Uni\w+-(?:UCS2|UTF16)-[HV]$", encoding))
        else:
            self.utf16 = False
            self._simple_encoding(font, get)
            first, widths = get(font.get("FirstChar")), get(font.get("Widths"))
            if type(first) is int and isinstance(widths, list):
                self.widths = {first + k: _number(get(w), 0.0) for k, w in enumerate(widths)}
            else:   # one of the standard fonts, named and not embedded, whose widths every reader knows
                name = get(font.get("BaseFont"))
                standard = standard_widths(name) if isinstance(name, str) else None
                if standard == {}:
                    self.default_width = COURIER
                elif standard:
                    self.widths = {code: standard[text] for code, text in self.encoding.items() if text in standard}
            descriptor = get(font.get("FontDescriptor"))
            if isinstance(descriptor, dict) and descriptor.get("MissingWidth"):
                self.default_width = _number(get(descriptor.get("MissingWidth")), 500.0)
        if not self.ranges:
            self.ranges = [(2, 0, 0xFFFF)] if self.composite else [(1, 0, 0xFF)]

    def _simple_encoding(self, font: dict, get) -> None:
        encoding = get(font.get("Encoding"))
        base = encoding.get("BaseEncoding") if isinstance(encoding, dict) else encoding
        base = get(base)
        if base == "MacRomanEncoding":
            table = {code: bytes([code]).decode("mac_roman") for code in range(256)}
        elif base == "WinAnsiEncoding" or (base is None and get(font.get("Subtype")) == "TrueType"):
            table = {code: bytes([code]).decode("cp1252", "replace") for code in range(256)}
        else:   # StandardEncoding, named or not
            table = {code: _STANDARD.get(code, chr(code)) for code in range(256)}
        differences = get(encoding.get("Differences")) if isinstance(encoding, dict) else None
        if isinstance(differences, list):
            code = None
            for item in differences[:MAX_CMAP_CODES]:
                if type(item) is int:
                    code = item
                elif isinstance(item, Name) and code is not None:
                    table[code % 256] = glyph_text(item)
                    code += 1
        self.encoding = table

    def _composite_widths(self, widths, get) -> None:
        if not isinstance(widths, list):
            return
        k, left = 0, MAX_CMAP_CODES   # widths to be given, in all: no more than there are codes
        while k + 1 < len(widths) and left > 0:
            first, then = get(widths[k]), get(widths[k + 1])
            if type(first) is int and isinstance(then, list):
                for n, w in enumerate(then[:left]):
                    self.widths[first + n] = _number(get(w), self.default_width)
                left -= min(len(then), left)
                k += 2
            elif k + 2 < len(widths) and type(first) is int and type(then) is int and then >= first:
                width = _number(get(widths[k + 2]), self.default_width)
                for code in range(first, min(then, first + left - 1) + 1):
                    self.widths[code] = width
                left -= min(then - first + 1, left)
                k += 3
            else:
                return

    def _read_cmap(self, data: bytes) -> None:
        lexer, operands, section, count = _Lexer(data), [], None, 0
        while True:
            try:
                token = lexer.object()
            except (_Broken, IndexError, ValueError):
                return
            if token is None or count > MAX_CMAP_CODES:
                return
            if isinstance(token, Operator) and token.startswith("begin"):
                section, operands = token, []
            elif isinstance(token, Operator) and token.startswith("end"):
                section = None
            elif section == "begincodespacerange" and isinstance(token, bytes):
                operands.append(token)
                if len(operands) == 2:
                    first, last = operands
                    if 1 <= len(first) == len(last) <= 4 and len(self.ranges) < 64:   # a code is one to four bytes
                        self.ranges.append((len(first), int.from_bytes(first, "big"), int.from_bytes(last, "big")))
                    operands = []
            elif section == "beginbfchar" and isinstance(token, bytes):
                operands.append(token)
                if len(operands) == 2:
                    source, target = operands
                    self.unicode[(len(source), int.from_bytes(source, "big"))] = _utf16(target)
                    operands, count = [], count + 1
            elif section == "beginbfrange" and isinstance(token, (bytes, list)):
                operands.append(token)
                if len(operands) == 3:
                    first, last, target = operands
                    operands = []
                    if not isinstance(first, bytes) or not isinstance(last, bytes):
                        continue
                    low, high = int.from_bytes(first, "big"), int.from_bytes(last, "big")
                    if high < low or not first:
                        continue
                    high = min(high, low + MAX_CMAP_CODES - count)
                    for n, code in enumerate(range(low, high + 1)):
                        if isinstance(target, list):
                            if n >= len(target) or not isinstance(target[n], bytes):
                                break
                            text = _utf16(target[n])
                        else:
                            text = _utf16(target)
                            text = text[:-1] + chr(min(ord(text[-1]) + n, 0x10FFFF)) if text else ""
                        self.unicode[(len(first), code)] = text
                    count += high - low + 1

    def codes(self, raw: bytes):
        """Each code in the shown bytes: (text, width, is the single byte 32)."""
        k = 0
        while k < len(raw):
            size = next((n for n, low, high in self.ranges
                         if k + n <= len(raw) and low <= int.from_bytes(raw[k:k + n], "big") <= high), None)
            size = size or self.ranges[0][0]
            code = int.from_bytes(raw[k:k + size], "big")
            k += size
            text = self.unicode.get((size, code))
            if text is None:
                if self.composite:
                    text = chr(code) if self.utf16 and code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
                else:
                    text = self.encoding.get(code & 0xFF, "\ufffd")
            yield text, self.widths.get(code, self.default_width), size == 1 and code == 32


def _utf16(data: bytes) -> str:
    if len(data) == 1:   # some writers map to one byte
        return chr(data[0])
    return data.decode("utf-16-be", "replace")


def _number(value, default: float) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


# Pages

@record
class _Piece:
    """Text drawn in one go, where it starts and ends on its page, and in what size (user space units)."""

    text: str
    x: float
    y: float
    end: float
    size: float
    order: int = 0   # drawn as the page's n-th


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_LETTER = (0.0, 0.0, 612.0, 792.0)   # a page's size where the file gives none


def _times(m, n) -> tuple:
    """The matrix product m × n, of PDF's 3×3 matrices written (a, b, c, d, e, f)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2)


_DEVICE_OF = {"g": "DeviceGray", "rg": "DeviceRGB", "k": "DeviceCMYK"}


def _whitish(values: list[float], device: str | None) -> bool:
    """Tell a fill colour no reader tells from the white page: white, or within 5% of it."""
    if device in ("DeviceCMYK", "Separation"):   # amounts of ink
        return len(values) == (4 if device == "DeviceCMYK" else 1) and all(value <= 0.05 for value in values)
    return device is not None and len(values) == (1 if device == "DeviceGray" else 3) and all(
        value >= 0.95 for value in values)


class _Painter:
    """Follow a page's content stream and keep the text it shows, as pieces in the order drawn.

    Text a reader of the page does not see is not kept: what a tagged PDF marks as an artifact, text
    drawn in white, in a size under a point, or outside the page. Text drawn invisible (render mode 3)
    is kept only on a page that shows a picture: it is the text recognised in a scan, laid over it.
    """

    def __init__(self, document: _Document):
        self.document = document
        self.fonts: dict[int, _Font] = {}
        self.pieces: list[_Piece] = []
        self.drawn = 0   # bytes of content followed, in all pages

    def page(self, data: bytes, resources: dict, box: tuple) -> list[_Piece]:
        self.pieces, self.unseen, self.pictures, self.forms, self.box = [], [], False, 0, box
        self._run(data, resources, _IDENTITY, ())
        return sorted(self.pieces + self.unseen, key=lambda piece: piece.order) if self.pictures else self.pieces

    def _font(self, resources: dict, name) -> _Font | None:
        fonts = self.document.get(resources.get("Font")) if isinstance(resources, dict) else None
        reference = fonts.get(name) if isinstance(fonts, dict) and isinstance(name, Name) else None
        key = reference.number if isinstance(reference, Ref) else id(reference)
        if key not in self.fonts:
            font = self.document.get(reference)
            self.fonts[key] = _Font(self.document, font) if isinstance(font, dict) else None
        return self.fonts[key]

    def _space(self, resources: dict, name: Name) -> str | None:
        """The device whose colours a colour space's values are, "Separation" for a spot colour's, or None for
        one whose values are no device's (an index, a pattern)."""
        if name in ("DeviceGray", "DeviceRGB", "DeviceCMYK"):
            return name
        spaces = self.document.get(resources.get("ColorSpace")) if isinstance(resources, dict) else None
        space = self.document.get(spaces.get(name)) if isinstance(spaces, dict) else None
        if isinstance(space, list) and space and space[0] == "Separation":
            return "Separation"   # a tint of one ink: none of it, 0, leaves the page white
        if isinstance(space, list) and space and space[0] in ("ICCBased", "CalGray", "CalRGB"):
            profile = self.document.get(space[1]) if space[0] == "ICCBased" and len(space) > 1 else None
            count = profile.get("N") if isinstance(profile, dict) else 1 if space[0] == "CalGray" else 3
            return {1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK"}.get(count)
        return None

    def _run(self, data: bytes, resources: dict, ctm: tuple, forms: tuple) -> None:
        self.drawn += len(data)
        if self.drawn > MAX_DRAWN_BYTES:   # followed a word at a time, they would take many minutes
            raise NotAnArticle(1, f"draws over {MAX_DRAWN_BYTES // 1048576} MB of pages: no article does; save the "
                                  "article as text or HTML")
        lexer, operands, saved, marks = _Lexer(data), [], [], []
        font, size, spacing, word_spacing, scale, leading, rise = None, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0
        white, mode, space = False, 0, "DeviceGray"
        tm = tlm = _IDENTITY
        while True:
            try:
                token = lexer.object()
            except (_Broken, IndexError, ValueError):
                return
            if token is None:
                return
            if not isinstance(token, Operator):
                operands.append(token)
                if len(operands) > 64:   # no operator takes so many: the stream is not what it seems
                    operands = operands[-8:]
                continue
            op, args, operands = str(token), operands, []
            numbers = [float(a) for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
            if op == "BI":   # an image's bytes, inline: passed over whole
                self.pictures = True
                start = data.find(b"ID", lexer.pos)
                end = _INLINE_IMAGE_END.search(data, start + 3) if start >= 0 else None
                lexer.pos = end.end() if end else len(data)
            elif op == "q":
                saved.append((ctm, font, size, spacing, word_spacing, scale, leading, rise, white, mode, space))
            elif op == "Q" and saved:
                ctm, font, size, spacing, word_spacing, scale, leading, rise, white, mode, space = saved.pop()
            elif op == "cm" and len(numbers) == 6:
                ctm = _times(tuple(numbers), ctm)
            elif op in ("BMC", "BDC"):
                marks.append(bool(args) and args[0] == "Artifact")
            elif op == "EMC" and marks:
                marks.pop()
            # The colour text is filled with: white or all but, on the white page, or not. Set in a device's
            # colours, or in a colour space and then in its values ("/DeviceRGB cs 1 1 1 sc").
            elif op in ("g", "rg", "k") and numbers:   # which sets the device's colour space too
                space = _DEVICE_OF[op]
                white = _whitish(numbers, space)
            elif op == "cs" and args and isinstance(args[0], Name):
                space, white = self._space(resources, args[0]), False   # a space starts at black, or at no colour
            elif op in ("sc", "scn"):
                white = len(numbers) == len(args) and _whitish(numbers, space)
            elif op == "Tr" and numbers:
                mode = int(numbers[0])
            elif op == "BT":
                tm = tlm = _IDENTITY
            elif op == "Tf" and len(args) == 2 and numbers:
                font, size = self._font(resources, args[0]), numbers[-1]
            elif op == "Tc" and numbers:
                spacing = numbers[0]
            elif op == "Tw" and numbers:
                word_spacing = numbers[0]
            elif op == "Tz" and numbers:
                scale = numbers[0] / 100
            elif op == "TL" and numbers:
                leading = numbers[0]
            elif op == "Ts" and numbers:
                rise = numbers[0]
            elif op in ("Td", "TD") and len(numbers) == 2:
                if op == "TD":
                    leading = -numbers[1]
                tm = tlm = _times((1.0, 0.0, 0.0, 1.0, numbers[0], numbers[1]), tlm)
            elif op == "Tm" and len(numbers) == 6:
                tm = tlm = tuple(numbers)
            elif op == "T*":
                tm = tlm = _times((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
            elif op in ("Tj", "'", '"', "TJ"):
                if op in ("'", '"'):
                    if op == '"' and len(numbers) >= 2:
                        word_spacing, spacing = numbers[0], numbers[1]
                    tm = tlm = _times((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
                shown = args[-1] if args else None
                for item in (shown if isinstance(shown, list) else [shown]):
                    if isinstance(item, (int, float)) and not isinstance(item, bool):
                        tm = _times((1.0, 0.0, 0.0, 1.0, -item / 1000 * size * scale, 0.0), tm)
                    elif isinstance(item, bytes) and font is not None:
                        tm = self._show(item, font, size, spacing, word_spacing, scale, rise, tm, ctm,
                                        dropped=any(marks) or white or abs(scale) < 0.05, invisible=mode in (3, 7))
            elif op == "Do" and args and isinstance(args[0], Name):
                self._drawn(args[0], resources, ctm, forms)

    def _show(self, raw, font, size, spacing, word_spacing, scale, rise, tm, ctm, dropped: bool, invisible: bool) -> tuple:
        start = _times(_times((1.0, 0.0, 0.0, 1.0, 0.0, rise), tm), ctm)
        text = []
        for glyph, width, is_space in font.codes(raw):
            text.append(glyph)
            advance = (width / 1000 * size + spacing + (word_spacing if is_space else 0.0)) * scale
            tm = _times((1.0, 0.0, 0.0, 1.0, advance, 0.0), tm)
        end = _times(_times((1.0, 0.0, 0.0, 1.0, 0.0, rise), tm), ctm)
        user_size = abs(size) * (start[2] ** 2 + start[3] ** 2) ** 0.5   # as the page shows it
        left, bottom, right, top = self.box
        if not dropped and user_size >= 1 and left - 1 <= start[4] <= right + 1 and bottom - 1 <= start[5] <= top + 1:
            piece = _Piece("".join(text), start[4], start[5], end[4], user_size, len(self.pieces) + len(self.unseen))
            (self.unseen if invisible else self.pieces).append(piece)   # invisible: kept aside, for a scan's text
        return tm

    def _drawn(self, name: Name, resources: dict, ctm: tuple, forms: tuple) -> None:
        """A picture, which says the page is a scan's if its text is invisible, or a form, drawn as a page is."""
        objects = self.document.get(resources.get("XObject")) if isinstance(resources, dict) else None
        reference = objects.get(name) if isinstance(objects, dict) else None
        drawn = self.document.get(reference)
        if not isinstance(drawn, dict):
            return
        if drawn.get("Subtype") == "Image":
            self.pictures = True
            return
        key = reference.number if isinstance(reference, Ref) else id(drawn)
        if drawn.get("Subtype") != "Form" or key in forms or len(forms) > 8 or self.forms >= MAX_FORMS:
            return   # a form drawn within itself, or forms past reason, draw nothing more
        self.forms += 1
        data = self.document.stream(reference)
        matrix = self.document.get(drawn.get("Matrix"))
        if isinstance(matrix, list) and len(matrix) == 6 and all(isinstance(n, (int, float)) for n in matrix):
            ctm = _times(tuple(float(n) for n in matrix), ctm)
        if data:
            self._run(data, self.document.get(drawn.get("Resources")) or resources, ctm, forms + (key,))


_INLINE_IMAGE_END = regex(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")


# Lines and paragraphs

@record
class _Line:
    text: str
    x: float
    y: float
    end: float
    size: float
    pieces: list = None


def _lines(pieces: list[_Piece]) -> list[_Line]:
    """Pieces set back into lines: a piece on the line of the one before, and not before it, goes on it.

    A page may draw a line's pieces in any order: pieces on one line whose places overlap, however far
    apart in the drawing, are one line, read from left to right. Else "He did break the law." and a
    "not" drawn last between them would read as two lines, and the first would be quotable.
    """
    lines: list[_Line] = []
    for piece in pieces:
        if not piece.text:
            continue
        line = lines[-1] if lines else None
        size = max(piece.size, line.size if line else 0.0, 1.0)
        if line and abs(piece.y - line.y) <= 0.5 * size and piece.x >= line.end - size:
            line.pieces.append(piece)
            line.end, line.size = max(line.end, piece.end), max(line.size, piece.size)
        else:
            lines.append(_Line("", piece.x, piece.y, piece.end, piece.size, [piece]))
    merged: list[_Line] = []
    near: dict[int, list[_Line]] = {}   # the lines by their height on the page, a band of 4 points each
    for line in lines:
        band = int(line.y // 4)
        reach = int(0.5 * max(line.size, 1.0) // 4) + 1
        same = next((other for k in range(band - reach, band + reach + 1) for other in near.get(k, ())
                     if abs(other.y - line.y) <= 0.5 * max(other.size, line.size, 1.0)
                     and line.x < other.end and other.x < line.end), None)
        if same:
            same.pieces += line.pieces
            same.x, same.end, same.size = min(same.x, line.x), max(same.end, line.end), max(same.size, line.size)
        else:
            merged.append(line)
            near.setdefault(band, []).append(line)
    for line in merged:
        line.text = " ".join(_line_text(line).split())
    return [line for line in merged if line.text]


def _line_text(line: _Line) -> str:
    """A line's pieces as its text, left to right: a space where a gap between two is as wide as one."""
    pieces: list[_Piece] = []
    for piece in line.pieces:   # in the order drawn, but for a piece drawn well left of the one before
        k = len(pieces)
        while k and piece.x < pieces[k - 1].x - 0.5 * max(piece.size, 1.0):
            k -= 1
        pieces.insert(k, piece)
    text, last = "", None
    for piece in pieces:
        size = max(piece.size, 1.0)
        if last is not None:
            if piece.text == last.text and abs(piece.x - last.x) < 0.2 * size:
                continue   # drawn twice, a little apart, as bold is faked
            if last.text.isspace() and piece.x <= last.x + 0.3 * (last.end - last.x):
                # A space drawn where the next piece starts takes no room: no space a reader sees (a soft
                # hyphen within a line, as Chrome prints one).
                text = text[:len(text) - len(last.text)]
            elif piece.x - last.end > 0.2 * size and not text.endswith(" ") and not piece.text.startswith(" "):
                text += " "
        text += piece.text
        last = piece
    return text


_PAGE_NUMBER = regex(r"^\W*(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\W*$", re.I)
_ENDS_SENTENCE = regex(r"[.!?\u2026:;\"\u201d\u2019\u00bb)\]\u3002\uff01\uff1f\u300d\u300f]$")
_CJK = regex(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _without_furniture(pages: list[list[_Line]], body: float, spacing: float) -> list[list[_Line]]:
    """Leave out the page numbers, and lines repeated at the top or foot of the pages (running heads, the
    title, address and date a browser prints), numbers aside ("1/3" and "2/3" are one line). Only lines
    that stand apart from the text are: in another size, or further from it than its lines are apart."""
    def edges(lines):   # each line at an edge of the page, and the line next to it toward the text
        ends = [(k, k + 1) for k in range(min(2, len(lines) - 1))]
        ends += [(k, k - 1) for k in range(max(len(lines) - 2, 1), len(lines))]
        return [(lines[k], lines[n]) for k, n in ends]

    def apart(line, neighbour):
        return abs(line.size - body) > 0.15 * body or abs(neighbour.y - line.y) > 2 * spacing

    def key(line):
        return re.sub(r"\d+", "#", line.text.lower()), round(line.y / 4)

    candidates = [[line for line, neighbour in edges(lines) if apart(line, neighbour)] for lines in pages]
    seen: dict[tuple, int] = {}
    for lines in candidates:
        for found in {key(line) for line in lines}:
            seen[found] = seen.get(found, 0) + 1
    kept = []
    for lines, edge in zip(pages, candidates):
        furniture = {id(line) for line in edge if _PAGE_NUMBER.match(line.text) or seen[key(line)] >= 2}
        # "Page 1" or "1 of 3" says what it is, wherever it stands: first or last on its page, it is no text.
        furniture.update(id(line) for line in lines[:1] + lines[-1:] if _NAMED_PAGE_NUMBER.match(line.text))
        kept.append([line for line in lines if id(line) not in furniture])
    return kept


_NAMED_PAGE_NUMBER = regex(r"^\W*(?:page\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|\d{1,4}\s*(?:/|of)\s*\d{1,4})\W*$", re.I)


def _paragraphs(lines: list[_Line], spacing: float) -> list[list[_Line]]:
    """A page's lines in paragraphs: a new one after a wider space than between its lines, at a change
    of size, after a short line that ends a sentence, or where a line is indented as a paragraph opens.

    A line higher on the page than the one before opens the next column: there a paragraph runs on
    from the column before when that ends no sentence ("op-" and "tion").
    Text set ragged-right breaks a line short where the next word would not fit ("who chairs the"
    and "Kowloon Passengers' Alliance"): a short line opens a paragraph after it only if it ends a
    sentence, or if the next line's first word would have fitted on it (a heading, a byline).
    """
    paragraphs: list[list[_Line]] = []
    right = _column_rights(lines)
    for line in lines:
        last = paragraphs[-1][-1] if paragraphs else None
        if last is None:
            paragraphs.append([line])
            continue
        step = last.y - line.y
        size = max(line.size, last.size, 1.0)
        ends = bool(_ENDS_SENTENCE.search(last.text))
        gap = right(last) - last.end   # what the line leaves of its column
        short = gap > 4 * size
        indented = line.x - last.x > 0.8 * size
        resized = abs(line.size - last.size) > 0.15 * size
        if step <= 0:   # the next column ("Albert Kwan" and "Chi-wai"), or text set apart beside this one
            opens = ends or resized or line.x <= last.x or (len(paragraphs[-1]) == 1 and not line.text[:1].islower())
        else:
            opens = (step > 1.3 * max(spacing, size) or resized
                     or (short and (ends or ((indented or not line.text[:1].islower()) and not _wrapped(gap, line))))
                     or (ends and indented and len(paragraphs[-1]) > 1))
        if opens:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


def _wrapped(gap: float, line: _Line) -> bool:
    """Tell whether the first word of `line` (and a space before it) is too wide for `gap`: the line
    before it was then broken where the text reached the column's edge. (Its width is told by the
    average width of the line's characters, with room for a word of wide letters.)"""
    word = line.text.split(" ", 1)[0]
    return gap < 1.5 * (len(word) + 1) * (line.end - line.x) / max(len(line.text), 1)


def _column_rights(lines: list[_Line]):
    """Return a function telling where the column a line stands in ends: the furthest right reached by the
    lines of its size that overlap it, and those that overlap them, side to side. A centred line (a byline,
    a subheading) is of the column it is centred in; in a page of two columns, a line of the left one is
    short beside the left one's lines only, not beside the right one's, nor beside a headline across both."""
    right: dict[int, float] = {}
    by_size: dict[float, list[_Line]] = {}
    for line in lines:
        by_size.setdefault(round(line.size, 1), []).append(line)
    for same in by_size.values():
        same.sort(key=lambda line: line.x)
        column: list[_Line] = []
        reach = 0.0
        for line in [*same, None]:
            if line is None or (column and line.x >= reach):   # a gap: the lines so far are a column
                for member in column:
                    right[id(member)] = reach
                column, reach = [], 0.0
            if line is not None:
                column.append(line)
                reach = max(reach, line.end)
    return lambda line: right.get(id(line), line.end)


def _joined(first: str, second: str) -> str:
    """Two lines of one paragraph as one text: a line broken after a hyphen or between Chinese characters
    is joined without a space; a soft hyphen at a break is no character. The hyphen is kept as printed,
    marked as one that ended a line (quotes.LINE_END_HYPHEN): "be-tween" or "well-known", a quote may
    give the word with it or without it."""
    if first.endswith("\u00ad"):
        return first[:-1] + second
    if first.endswith("-") and first[-2:-1].isalpha() and second[:1].isalpha():
        return first + LINE_END_HYPHEN[1:] + second
    if _CJK.match(first[-1:]) and _CJK.match(second[:1]):
        return first + second
    return f"{first} {second}"


def _text(paragraph: list[_Line]) -> str:
    text = paragraph[0].text
    for line in paragraph[1:]:
        text = _joined(text, line.text)
    return text


def pdf_to_page(data: bytes) -> str:
    """Return the HTML page a PDF stands for; raise NotAnArticle."""
    try:
        return _page_of(data)
    except RecursionError:
        raise NotAnArticle(1, "nests its objects too deeply to be read: no article does") from None
    except (TypeError, KeyError, AttributeError, IndexError, OverflowError, ZeroDivisionError, UnicodeError) as err:
        # A PDF written against its own rules in a way not foreseen here: said so, as a damaged file.
        raise NotAnArticle(1, f"is a PDF damaged, or written in a way this reader cannot follow ({type(err).__name__}): "
                              "save the article as text or HTML") from None


def _page_of(data: bytes) -> str:
    document = _Document(data)
    painter = _Painter(document)
    pages = []
    for contents, resources, box in document.pages():
        pages.append(_lines(painter.page(document.contents(contents), resources if isinstance(resources, dict)
                                         else {}, box)))
    if not pages:
        raise NotAnArticle(1, "holds no page that can be read: the file is damaged or cut short (a download that "
                              "stopped, perhaps); download or save the article again, or save it as text or HTML")
    every = [line for lines in pages for line in lines]
    shown = "".join(line.text for line in every)
    if not shown.strip():
        raise NotAnArticle(1, "shows no text that can be read: a scanned page is a picture of its words. Save "
                              "the article as text or HTML, or run the PDF through text recognition first")
    if shown.count("\ufffd") > len(shown) / 10:
        raise NotAnArticle(1, "draws its text in fonts that do not say which characters they hold, so it cannot "
                              "be read: save the article as text or HTML")
    body = _most_common_size(every)
    steps = sorted(last.y - line.y for lines in pages for last, line in zip(lines, lines[1:])
                   if abs(line.size - body) <= 0.15 * body and 0 < last.y - line.y < 3 * body)
    spacing = steps[len(steps) // 4] if steps else 1.2 * body   # the tighter lines: those within a paragraph
    pages = _without_furniture(pages, body, spacing)
    blocks: list[tuple[str, str, float]] = []   # (kind, text, size)
    headline = False
    for number, lines in enumerate(pages):
        for k, paragraph in enumerate(_paragraphs(lines, spacing)):
            text, size = _text(paragraph), max(line.size for line in paragraph)
            kind = "p"
            if size > 1.2 * body and number == 0 and not headline and not any(b[0] == "p" for b in blocks):
                kind, headline = "title", True
            elif size > 1.1 * body:
                kind = "h1"
            # A paragraph that runs on from the page before: that one ends no sentence, this opens none.
            if k == 0 and kind == "p" and blocks and blocks[-1][0] == "p" and abs(blocks[-1][2] - size) <= 0.15 * body \
                    and not _ENDS_SENTENCE.search(blocks[-1][1]) and not text[:1].isupper():
                blocks[-1] = ("p", _joined(blocks[-1][1], text), size)
                continue
            blocks.append((kind, text, size))
    return page_of_blocks([(kind, text) for kind, text, _ in blocks])


def _most_common_size(lines: list[_Line]) -> float:
    """The size of the article's text: the size the most characters are shown in."""
    sizes: dict[float, int] = {}
    for line in lines:
        sizes[round(line.size, 1)] = sizes.get(round(line.size, 1), 0) + len(line.text)
    return max(sizes, key=sizes.get) if sizes else 10.0
