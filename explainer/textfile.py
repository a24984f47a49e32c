"""Read the text files of a project: UTF-8, from inside the project, with clear errors otherwise."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from .lazy import regex
from .problems import Problems


def read_text_file(file: Path, rel: str, problems: Problems) -> str | None:
    """Read an editor's text file; report (and return None for) one that cannot be read.

    `file` is the project's root joined with `rel`. A file that is, or lies in
    a folder that is, a link to somewhere outside the project is refused, as
    seeds.py refuses a seed: a build must publish nothing from elsewhere on the machine.
    """
    # In system calls on strings, not in pathlib's: a build reads thousands of these files, each a few
    # kilobytes, and pathlib and a stat call besides took most of the time of reading one.
    path = os.fspath(file)
    away = _linked_away(path, sum(1 for part in rel.split("/") if part not in ("", ".")))
    if away:
        problems.error(rel, 1, f"{away}; copy the file into the project")
        return None
    try:
        # Not waiting to be opened: a named pipe would hold the build until something wrote into it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):   # a folder: said below
                problems.error(rel, 1, "is not a regular file (a named pipe or a device): a content file is text")
                return None
            size = status.st_size
            if size > MAX_TEXT_FILE_BYTES:   # read whole, then parsed, it would take gigabytes
                problems.error(rel, 1, f"is {size / 1048576:.1f} MB; a content file holds at most "
                                       f"{MAX_TEXT_FILE_BYTES // 1048576} MB of text: split it into files of their own")
                return None
            data = os.read(fd, size + 1)
            if len(data) > size:   # it grew since, or is no plain file (a pipe says it holds nothing): read to its end
                pieces = [data]
                while piece := os.read(fd, 1 << 20):
                    pieces.append(piece)
                data = b"".join(pieces)
        finally:
            os.close(fd)
    except OSError as err:
        problems.error(rel, 1, f"cannot be read ({err.strerror or err})")
        return None
    return decode_text(rel, data, problems)


MAX_TEXT_FILE_BYTES = 5 * 1024 * 1024   # ten thousand facts fill some three megabytes


def _linked_away(file: str, depth: int) -> str | None:
    """Say why `file`, `depth` names below the project's root, must not be read: a link, or a folder
    on the way that is one, leads out of the project or into a hidden part of it (see linked_away)."""
    # Without a link on the way down from the root, it does not: asking about each of those few names
    # costs a fraction of resolving the whole path, all the way up from the file system's root.
    # (On POSIX only: Windows has junctions, which are no links to lstat but which resolving follows.)
    below_root = [file]
    for _ in range(depth - 1):
        below_root.append(os.path.dirname(below_root[-1]))
    try:
        if os.name == "posix" and not any(stat.S_ISLNK(os.lstat(path).st_mode) for path in below_root):
            return None
    except OSError:   # gone, or cannot be looked at: resolving tells (and reading will say why)
        pass
    return linked_away(os.path.realpath(file), os.path.realpath(os.path.dirname(below_root[-1])))


def linked_away(real: str, project: str) -> str | None:
    """Say why a build must publish nothing from `real`, where a link in the project leads: outside
    the project, or into a hidden file or folder of it (.git holds the repository's credentials,
    .env a machine's secrets). None when it may."""
    path = Path(real)
    if not path.is_relative_to(project):
        return "is a link to a file outside the project"
    hidden = next((part for part in path.relative_to(project).parts if part.startswith(".")), None)
    return f"is a link into '{hidden}', a hidden part of the project" if hidden else None


# Encodings a page may name that browsers read as a larger one, as the WHATWG Encoding Standard has
# them: a page that says ISO-8859-1 and holds Windows' curly quotes shows them, and must here too.
_AS_BROWSERS_READ = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254",
                     "iso8859-11": "cp874", "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030",
                     "euc_kr": "cp949", "big5": "big5hkscs"}


def as_browsers_read(name: str) -> str:
    """The codec a browser reads text in that names its encoding `name`; raise LookupError for none."""
    encoding = codecs.lookup(name).name
    return _AS_BROWSERS_READ.get(encoding, encoding)


def decode_text(rel: str, data: bytes, problems: Problems, declared: str | None = None) -> str | None:
    """Decode UTF-8 text (or UTF-16 or UTF-32 that starts with its byte order mark), pointing at
    the line of the first bad byte; drop a byte order mark,
    which some editors put first, and make every line end with '\\n'.

    `declared` is the encoding the file itself names (a web page's <meta charset>): a page
    saved as it was served may be in windows-1252 or another legacy encoding it says it is in.
    """
    # A byte order mark says which encoding the file is in beyond doubt: Windows' Notepad saves
    # "Unicode" text as UTF-16 that starts with one. (UTF-8's is dropped below.)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normal(data[len(bom):].decode(encoding), rel, problems)
            except UnicodeDecodeError as err:
                line = data[len(bom):][: err.start].count("\n".encode(encoding)) + 1
                problems.error(rel, line, f"starts as {encoding.upper()} text but is not (bad bytes at offset "
                                          f"{err.start + len(bom)}); save it as UTF-8")
                return None
    if _utf16_without_bom(data):
        problems.error(rel, 1, "looks like UTF-16 text without a byte order mark; save it as UTF-8")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        try:
            encoding = as_browsers_read(declared) if declared else None
            if encoding and encoding not in ("utf-8", "utf-16", "utf-32"):
                return _normal(data.decode(encoding), rel, problems)
        except (LookupError, UnicodeDecodeError):   # no such encoding, or not in it either
            pass
        line = data[: err.start].count(b"\n") + 1
        problems.error(rel, line, f"is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
                                  "save it as UTF-8")
        return None
    return _normal(text, rel, problems)


# Control characters besides tabs and line breaks: a terminal's colour codes, a bell or a backspace
# pasted with a text. No browser shows them, and HTML forbids most: no reader reads them. And the
# noncharacters, code points Unicode keeps for a program's own use, never for text: HTML forbids them.
class Unseen:
    """A pattern of the characters `controls` names (a class of them, as "\\x00-\\x08") and of the
    noncharacters: U+FDD0 to U+FDEF, and the last two code points of each plane (U+FFFE, U+1FFFF...).
    A class that named those of every plane would cost a regular expression some fifteen times as
    long to search an article; one of all the code points past U+FFFF costs little, and what it
    finds is told apart here."""

    def __init__(self, controls: str):
        self._candidates = re.compile(f"[{controls}\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]")
        # The ASCII characters the class does not name. Most texts are ASCII: deleting these from their
        # bytes, and finding nothing left, tells one clean at a tenth of what the pattern's search costs.
        self._ascii_clean = bytes(code for code in range(128) if not self._candidates.match(chr(code)))

    def search(self, text: str, pos: int = 0):
        if text.isascii() and not text.encode("ascii").translate(None, self._ascii_clean):
            return None
        return next((found for found in self._candidates.finditer(text, pos) if _unseen(found.group())), None)

    def match(self, text: str):
        found = self._candidates.match(text)
        return found if found and _unseen(found.group()) else None

    def sub(self, replacement: str, text: str) -> str:
        return self._candidates.sub(lambda found: replacement if _unseen(found.group()) else found.group(), text)


def _unseen(char: str) -> bool:
    """Tell a character Unseen's class of candidates finds that it names: any of the first 65,536, and
    beyond them the noncharacters."""
    return ord(char) < 0x10000 or ord(char) & 0xFFFE == 0xFFFE


CONTROLS = Unseen("\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f")
# Those HTML allows in no page: every control but tab, line feed, form feed and carriage return, so also the
# vertical tab and the next line (U+0085), which an article's text reads as line breaks but a value of its own
# holds only written as an escape ("\v", "\N").
HTML_CONTROLS = Unseen("\x00-\x08\x0b\x0e-\x1f\x7f-\x9f")
# A numeric character reference, as Markdown passes it on to the HTML: "&#27;", "&#x1B;", and with as many
# zeros before its number as one likes ("&#x0000000000001B;"), as browsers read it.
# (Its digits read by one repeat: two, as "0*[0-9]+", would try a long run of zeros with no ";" after it
# in every way of sharing it out, a time growing as the run's square.)
_REFERENCE = regex(r"&#(?:([0-9]+)|[xX]([0-9a-fA-F]+));")


def kind_of(char: str) -> str:
    """What a character CONTROLS finds is: a 'control character' or a 'noncharacter'."""
    return "control character" if ord(char) < 0xA0 else "noncharacter"


def unseen(char: str) -> str:
    """Name a character CONTROLS finds: 'the control character U+001B', 'the noncharacter U+FDD0'."""
    return f"the {kind_of(char)} U+{ord(char):04X}"


def forbidden_reference(text: str) -> tuple[int, str] | None:
    """Find the first numeric character reference in `text` that names no character HTML allows: a
    control character (but white space), a noncharacter, half of a surrogate pair, or no character at
    all. Return (its offset, what is wrong with it), or None."""
    if "&#" not in text:
        return None
    for found in _REFERENCE.finditer(text):
        number = (found[1] if found[1] is not None else found[2]).lstrip("0")
        # Past eight digits (the zeros before it left out), a number is past any character's: not read, it
        # might be too long for int() to read at all.
        code = 0x110000 if len(number) > 8 else int(number or "0") if found[1] is not None else int(number or "0", 16)
        shown = bytes((code,)).decode("cp1252", "replace") if 0x80 <= code <= 0x9F else "\ufffd"
        written = found.group() if len(found.group()) <= 40 else found.group()[:30] + "…;"
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            why = "names no character"
        elif shown != "\ufffd":   # read by browsers as the Windows-1252 character of that byte
            return found.start(), (f"the character reference '{written}' is shown as '{shown}', which HTML "
                                   f"does not allow written so: write the character itself ('{shown}')")
        elif code in (0x0B, 0x0D) or 0x80 <= code <= 0x9F or CONTROLS.match(chr(code)):
            why = f"stands for {unseen(chr(code))}, which no reader sees and HTML does not allow"
        else:
            continue
        return found.start(), f"the character reference '{written}' {why}: delete it"
    return None


def _normal(text: str, rel: str, problems: Problems) -> str | None:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.error(rel, line, "holds a NUL byte: it is a binary file, not text")
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# UTF-32's marks first: they begin as UTF-16's do.
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]


def _utf16_without_bom(data: bytes) -> bool:
    """Tell UTF-16 text saved with no byte order mark: Latin letters in it are each beside a NUL
    byte, on the same side of every pair, which neither UTF-8 nor a one-byte encoding ever gives text."""
    head = data[:1000]
    return len(head) >= 4 and any(head[side::2].count(0) * 10 >= len(head[side::2]) * 9 for side in (0, 1))


def folder_error(folder: Path) -> str | None:
    """Say why a folder cannot be listed, or None when it can."""
    try:
        os.scandir(folder).close()
    except OSError as err:
        return err.strerror or str(err)
    return None


def folder_readable(folder: Path, rel: str, problems: Problems) -> bool:
    """Tell whether a folder of the project can be listed, reporting one that cannot: a folder
    the build may not look into lists as empty, and its files would be left out without a word."""
    why = folder_error(folder)
    if why:
        problems.error(rel, 1, f"the folder cannot be read ({why})")
    return why is None


def name_not_utf8(name: str) -> str | None:
    """Say so of a file name that is not UTF-8, as Python reads one (its bytes as lone surrogates); else None."""
    bad = next((char for char in name if "\udc80" <= char <= "\udcff"), None)
    return None if bad is None else (f"its file name is not UTF-8 (byte 0x{ord(bad) - 0xdc00:02x}), and could not be "
                                     "shown on the site; rename the file")


_DIRECTION_REFERENCE = regex(r"&#(?:0*(8234|8235|8236|8237|8238|8294|8295|8296|8297)|[xX]0*(202[a-eA-E]|206[6-9]));")


def direction_references_read(text: str) -> str:
    """`text` with each reference to a direction control ("&#x2067;") written as the control itself, so that
    what it leaves open is told, and closed or refused, as a control written so is (see schema.closed_directions)."""
    if "&#" not in text:
        return text
    return _DIRECTION_REFERENCE.sub(lambda found: chr(int(found[1]) if found[1] else int(found[2], 16)), text)
