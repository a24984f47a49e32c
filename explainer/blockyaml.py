"""Read the plain block YAML editors write, or decline it for libyaml to read.

Fact files, sources.yaml and front matter are lists and entries of one-line
values: `- id: x`, `quote: "..."`, `date: 2021-06-30`. libyaml parses them in
C but hands every value to Python as a node with two marks, which is most of
what reading ten thousand facts costs. This reader takes such files a line at
a time, at a fraction of the cost, and gives the very values and lines
`yamlfile.load_yaml` would. Anything else (a value over several lines, a
quoted text with a backslash, a flow list, an anchor, a tab, a key written
twice, an error of any kind) is declined, and libyaml reads the file and says
what is wrong with it, as before.
"""

from __future__ import annotations

from datetime import date

from .lazy import regex
from .lined import MAX_DEPTH, MAX_VALUES, LinedDict, LinedList

DECLINED = object()


class _Declined(Exception):
    pass


# A line: its indentation, a '- ' opening a list item, a 'key: ' opening an entry's field, the rest.
_LINE = regex(r"( *)(?:(-)(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?(.*)")
# What YAML reads as a line break besides '\n' (\r, NEL, the separators), a tab, a byte order mark,
# and the characters libyaml refuses: files holding any of them go to libyaml. (Listed as they are,
# not as the complement of what is allowed: a class spanning most of Unicode takes 5 ms to compile.)
_OTHER_CHARACTERS = regex("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# A text in double quotes whose only escapes are \" \\ and \/, and each of those escapes.
# (Written as runs between escapes: a group repeated per character would keep a frame per character, some
# hundred bytes each, for a long value.)
_DOUBLE_QUOTED = regex(r'"([^"\\]*(?:\\["\\/][^"\\]*)*)"')
_ESCAPED = regex(r"\\(.)")
# Characters that start something other than a plain value: a list, an entry, an anchor, a tag...
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# The plain words YAML 1.1 reads as true, false and nothing, as PyYAML's resolvers have them (not 'y'
# and 'n', which the YAML 1.1 type pages list and the resolvers leave as text).
_WORDS = {**dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
          **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
          **dict.fromkeys(("null", "Null", "NULL", "~"), None)}
# The first characters of a plain value that YAML may read as a number, a date or one of its own
# signs ('<<', '='): a value starting otherwise, and no word above, is text.
_NUMERIC_FIRST = frozenset("0123456789+.<=~")
# What YAML 1.1 reads as a whole number, a number or a time (https://yaml.org/type/int.html, float.html
# and timestamp.html), as PyYAML's resolvers have it: any other value is text. ('-' starts a list.)
_NUMBER_OR_TIME = regex(
    r"[-+]?(?:0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)"
    r"|[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?")
_DATE = regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE_NUMBER = regex(r"0|[1-9][0-9]*")


def read_block_yaml(text: str):
    """Return what `yamlfile.load_yaml(text)` returns, or DECLINED for a text this reader leaves to it."""
    if _OTHER_CHARACTERS.search(text):
        return DECLINED
    raw, lines = text.split("\n"), []
    for number, line in enumerate(raw, 1):
        stripped = line.lstrip(" ")
        if stripped and stripped[0] != "#":
            match = _LINE.match(line)
            indent, dash, key, rest = match.groups()
            lines.append((number, len(indent), len(indent) if dash else -1, key, match.start(3), rest))
    if not lines:
        return None
    if 2 * len(lines) > MAX_VALUES:
        return DECLINED
    reader = _Reader(lines, raw)
    try:
        value = reader.block(lines[0][1], 0)
    except _Declined:
        return DECLINED
    return value if reader.at == len(lines) else DECLINED


class _Reader:
    """Read the lines (number, indent, column of its '-' or -1, key or None, column of the key, rest)
    that hold something, of the `raw` lines of the text."""

    def __init__(self, lines: list[tuple], raw: list[str]):
        self.lines, self.raw, self.at = lines, raw, 0

    def block(self, indent: int, depth: int):
        """Read the list or entry whose first line is the next one, at `indent`."""
        _, at_indent, dash, key, _, _ = self.lines[self.at]
        if at_indent != indent:
            raise _Declined
        if dash >= 0:
            return self.sequence(indent, depth)
        if key:
            return self.mapping(indent, depth, False)
        raise _Declined

    def sequence(self, indent: int, depth: int) -> LinedList:
        if depth >= MAX_DEPTH:   # within as many lists and entries as libyaml's reading refuses
            raise _Declined
        lines = self.lines
        result = LinedList()
        result.line = lines[self.at][0]
        result.item_lines = item_lines = []
        while self.at < len(lines):
            number, at_indent, dash, key, column, rest = lines[self.at]
            if at_indent != indent or dash < 0:   # the list has ended; whoever holds it checks what follows
                break
            item_lines.append(number)
            if key:
                result.append(self.mapping(column, depth + 1, True))
                continue
            if not rest:   # '-' alone, its value on the lines below
                raise _Declined
            result.append(_FLOW[rest[0]](rest, number) if rest[0] in _FLOW else _scalar(rest))
            self.at += 1
        return result

    def mapping(self, indent: int, depth: int, on_dash_line: bool) -> LinedDict:
        if depth >= MAX_DEPTH:
            raise _Declined
        lines = self.lines
        result = LinedDict()
        result.line = lines[self.at][0]
        result.key_lines = key_lines = {}
        while self.at < len(lines):
            number, at_indent, dash, key, column, rest = lines[self.at]
            if on_dash_line:
                on_dash_line = False
            elif at_indent < indent:
                break
            elif at_indent > indent or dash >= 0 or not key:   # further in: a value carried on, or a slip
                raise _Declined
            if key in result or key in _WORDS:   # a key YAML reads as true, false or nothing: libyaml's to say
                raise _Declined
            key_lines[key] = number
            self.at += 1
            if rest:
                first = rest[0]
                result[key] = self.text_below(indent, rest) if first in ">|" else \
                    _FLOW[first](rest, number) if first in _FLOW else _scalar(rest)
            elif self.at < len(lines) and (lines[self.at][1] > indent or (lines[self.at][1] == indent
                                                                          and lines[self.at][2] >= 0)):
                # Below the key, further in, or a list at the key's own indent ("citations:" then "- source:").
                result[key] = self.block(lines[self.at][1], depth + 1)
            else:
                result[key] = None
        return result

    def text_below(self, indent: int, style: str) -> str:
        """Read a folded ('>') or literal ('|') text on the lines below its key, at `indent`: lines of
        one indentation further in, with no blank line, comment or trailing space among them."""
        if style not in (">", ">-", "|", "|-"):   # '>2', '>+', a comment after it: libyaml's to read
            raise _Declined
        raw, after = self.raw, self.lines[self.at - 1][0]   # the key's line number: the index of the next
        end = after
        # A line of spaces alone, however few, is an empty line of the text, not its end (and then declined).
        while end < len(raw) and (not raw[end].strip(" ") or len(raw[end]) - len(raw[end].lstrip(" ")) > indent):
            end += 1
        while end > after and not raw[end - 1]:   # blank lines after the text, before what follows it
            end -= 1
        text_lines = raw[after:end]
        if not text_lines:
            raise _Declined
        margin = len(text_lines[0]) - len(text_lines[0].lstrip(" "))
        for line in text_lines:   # so that every one is also among self.lines: none is blank or a comment
            if not line or line[-1] == " " or len(line) - len(line.lstrip(" ")) != margin or line[margin] == "#":
                raise _Declined
        if style in (">", "|") and end == len(raw):   # kept line break at the very end of the file
            raise _Declined
        self.at += len(text_lines)
        text = (" " if style[0] == ">" else "\n").join(line[margin:] for line in text_lines)
        return text if style[-1] == "-" else text + "\n"


# A one-line entry in braces ('{id: law, title: The law}') or list in brackets ('[law, closure]'):
# a field's key, and a plain value within them, which holds none of YAML's signs for a list, an
# entry, a comment or a quote.
_FLOW_KEY = regex(r" *([A-Za-z_][A-Za-z0-9_-]*): +")
_FLOW_PLAIN = regex(r"[^-?:,\[\]{}#&*!|>'\"%@` ][^:,\[\]{}#'\"]*")
MAX_FLOW_FIELDS = 100


def _flow_list(text: str, number: int) -> LinedList:
    """Read a list written in brackets on line `number`, its items plain or quoted, or decline it."""
    result = LinedList()
    result.line = number
    at = 1
    while True:
        while text[at:at + 1] == " ":
            at += 1
        if len(result) == MAX_FLOW_FIELDS:
            raise _Declined
        value, at = _flow_value(text, at)
        result.append(value)
        closed, at = _after_value(text, at, "]")
        if closed:
            break
    _comment_only(text[at + 1:])
    result.item_lines = [number] * len(result)
    return result


def _flow_value(text: str, at: int) -> tuple:
    """Read the quoted or plain value at `at` within braces or brackets; return it and where it ends."""
    if text[at:at + 1] in ('"', "'"):
        return _quoted(text, at)
    plain = _FLOW_PLAIN.match(text, at)
    if not plain or text[plain.end():plain.end() + 1] not in (",", "}", "]"):
        raise _Declined
    return _plain(plain.group().rstrip(" ")), plain.end()


def _after_value(text: str, at: int, closing: str) -> tuple[bool, int]:
    """Past the spaces after a value in braces or brackets: return whether `closing` ends them, and
    where it stands or where the next value starts, past its ','. Anything else is declined."""
    while text[at:at + 1] == " ":
        at += 1
    if text[at:at + 1] == closing:
        return True, at
    if text[at:at + 1] != ",":
        raise _Declined
    return False, at + 1


def _flow_entry(text: str, number: int) -> LinedDict:
    """Read an entry written in braces on line `number`, its values plain or quoted, or decline it."""
    result = LinedDict()
    result.line = number
    result.key_lines = key_lines = {}
    at = 1
    while True:
        found = _FLOW_KEY.match(text, at)
        if not found or len(result) == MAX_FLOW_FIELDS:
            raise _Declined
        key, at = found.group(1), found.end()
        if key in result or key in _WORDS:
            raise _Declined
        key_lines[key], (result[key], at) = number, _flow_value(text, at)
        closed, at = _after_value(text, at, "}")
        if closed:
            break
    _comment_only(text[at + 1:])
    return result


_FLOW = {"{": _flow_entry, "[": _flow_list}


def _quoted(text: str, at: int) -> tuple[str, int]:
    """Read the text in double or single quotes at `at`; return it and where it ends."""
    if text[at] == '"':
        quoted = _DOUBLE_QUOTED.match(text, at)
        if not quoted:   # not closed on its line, or an escape other than these
            raise _Declined
        inner = quoted.group(1)
        return (_ESCAPED.sub(r"\1", inner) if "\\" in inner else inner), quoted.end()
    end = text.find("'", at + 1)
    while end >= 0 and text[end + 1:end + 2] == "'":
        end = text.find("'", end + 2)
    if end < 0:
        raise _Declined
    return text[at + 1:end].replace("''", "'"), end + 1


def _scalar(text: str):
    """Read a one-line value: a quoted text, or a plain one of the type YAML's resolvers give it."""
    first = text[0]
    if first in ('"', "'"):
        value, end = _quoted(text, 0)
        _comment_only(text[end:])
        return value
    if first in _INDICATORS:
        raise _Declined
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment]
    text = text.rstrip(" ")
    if ": " in text or text.endswith(":"):
        raise _Declined
    return _plain(text)


def _plain(text: str):
    """A plain value of the type YAML's resolvers give it: true, false, nothing, a day, a whole number
    or text; or declined, for libyaml to read."""
    first = text[0]
    if text in _WORDS:
        return _WORDS[text]
    if first not in _NUMERIC_FIRST or text not in ("<<", "=") and not _NUMBER_OR_TIME.fullmatch(text):
        return text
    # Of the values YAML reads as numbers and dates, the ones fact files hold: a day and a whole number.
    # Any other (1.5, 0x1F, 1_000, 190:20:30, a time of day) is libyaml's to read.
    if _DATE.fullmatch(text):
        try:
            return date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:   # 2019-02-30: the text it is, as libyaml's reading leaves it
            return text
    if _WHOLE_NUMBER.fullmatch(text) and len(text) < 100:   # (Python reads no more than 4,300 digits)
        return int(text)
    raise _Declined


def _comment_only(rest: str) -> None:
    """After a quoted text, only spaces and a comment may follow on its line."""
    stripped = rest.lstrip(" ")
    if stripped and (stripped[0] != "#" or stripped == rest):
        raise _Declined
