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

from yaml import SafeLoader, ScalarNode
from yaml.constructor import SafeConstructor

from .lazy import regex
from .lined import MAX_DEPTH, MAX_VALUES, LinedDict, LinedList

DECLINED = object()
# The implicit types a plain value may have, by its first character ('' for an empty one): YAML's
# rules, as its safe loaders (libyaml's and Python's alike) apply them.
IMPLICIT = {first: tuple(resolvers) for first, resolvers in SafeLoader.yaml_implicit_resolvers.items()}


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
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_CONSTRUCT = {"tag:yaml.org,2002:" + kind: getattr(SafeConstructor, "construct_yaml_" + kind)
              for kind in ("bool", "int", "float", "timestamp")}
_constructor = SafeConstructor()
_KEYS: dict[str, bool] = {}   # whether each key met is text (not 'true', 'null'...)


def read_block_yaml(text: str):
    """Return what `yamlfile.load_yaml(text)` returns, or DECLINED for a text this reader leaves to it."""
    if _OTHER_CHARACTERS.search(text):
        return DECLINED
    lines = []
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        if stripped and stripped[0] != "#":
            match = _LINE.match(line)
            indent, dash, key, rest = match.groups()
            lines.append((number, len(indent), len(indent) if dash else -1, key, match.start(3), rest))
    if not lines:
        return None
    if 2 * len(lines) > MAX_VALUES:
        return DECLINED
    reader = _Reader(lines)
    try:
        value = reader.block(lines[0][1], 0)
    except _Declined:
        return DECLINED
    return value if reader.at == len(lines) else DECLINED


class _Reader:
    """Read the lines (number, indent, column of its '-' or -1, key or None, column of the key, rest)."""

    def __init__(self, lines: list[tuple]):
        self.lines, self.at = lines, 0

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
            result.append(_scalar(rest))
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
            if key in result or not _is_text_key(key):
                raise _Declined
            key_lines[key] = number
            self.at += 1
            if rest:
                result[key] = _scalar(rest)
            elif self.at < len(lines) and (lines[self.at][1] > indent or (lines[self.at][1] == indent
                                                                          and lines[self.at][2] >= 0)):
                # Below the key, further in, or a list at the key's own indent ("citations:" then "- source:").
                result[key] = self.block(lines[self.at][1], depth + 1)
            else:
                result[key] = None
        return result


def _is_text_key(key: str) -> bool:
    """Tell whether YAML reads `key` as text ('on', 'null' and 'True' are not)."""
    known = _KEYS.get(key)
    if known is None:
        known = not any(pattern.match(key) for _, pattern in IMPLICIT.get(key[:1], ()))
        if len(_KEYS) < 1000:   # the names of fields, not whatever keys a hostile file makes up
            _KEYS[key] = known
    return known


def _scalar(text: str):
    """Read a one-line value: a quoted text, or a plain one of the type YAML's resolvers give it."""
    first = text[0]
    if first == '"':
        quoted = _DOUBLE_QUOTED.match(text)
        if not quoted:   # not closed on its line, or an escape other than these
            raise _Declined
        _comment_only(text[quoted.end():])
        inner = quoted.group(1)
        return _ESCAPED.sub(r"\1", inner) if "\\" in inner else inner
    if first == "'":
        end = text.find("'", 1)
        while end >= 0 and text[end + 1:end + 2] == "'":
            end = text.find("'", end + 2)
        if end < 0:
            raise _Declined
        _comment_only(text[end + 1:])
        return text[1:end].replace("''", "'")
    if first in _INDICATORS:
        raise _Declined
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment]
    text = text.rstrip(" ")
    if ": " in text or text.endswith(":"):
        raise _Declined
    for tag, pattern in IMPLICIT.get(first, ()):
        if pattern.match(text):
            if tag == _NULL:
                return None
            construct = _CONSTRUCT.get(tag)
            if construct is None:   # '=' and '<<' are YAML's own
                raise _Declined
            try:
                return construct(_constructor, ScalarNode(tag, text))
            except ValueError:
                if tag == _TIMESTAMP:   # 2019-02-30: the text it is, as libyaml's reading leaves it
                    return text
                raise _Declined from None
            except Exception:   # libyaml's reading says what is wrong
                raise _Declined from None
    return text


def _comment_only(rest: str) -> None:
    """After a quoted text, only spaces and a comment may follow on its line."""
    stripped = rest.lstrip(" ")
    if stripped and (stripped[0] != "#" or stripped == rest):
        raise _Declined
