"""Check YAML entries against the fields they may have, collecting every problem."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from .dates import parse_iso
from .lazy import regex
from .lined import LinedDict, line_of
from .markup import unescaped_find
from .problems import Problems
from .quotes import DIRECTION_CONTROLS
from .record import record
from .textfile import HTML_CONTROLS, direction_references_read, forbidden_reference, kind_of, unseen

ID = regex(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")   # \Z: "$" would let a final newline through
# Characters of an id: it names a page's folder (sources/ID/), and a system's names are at most 255 bytes.
MAX_ID = 100


@record(frozen=True)
class Field:
    """A field an entry may hold: its name, its kind and whether it must be there."""

    name: str
    kind: str          # text, exact, id, date, int, url, language, bool, list:text, list:entry, list:id
    required: bool = False


def no_citations(entry, values: dict, names: tuple[str, ...], rel: str, problems: Problems) -> bool:
    """Report each of the `names` fields whose text holds a citation, which only a page's text and the
    site's summary turn into a footnote: anywhere else '[@id]' would be printed as it is."""
    cited = [name for name in names if isinstance(values.get(name), str) and unescaped_find(values[name], "[@") != -1]
    for name in cited:
        problems.error(rel, line_of(entry, name), f"field '{name}' cannot cite a fact: only a page's text and the "
                                                  "site's summary turn '[@id]' into a footnote")
    return not cited


def describe(value) -> str:
    """Name the type of a YAML value as an editor would."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"a date ({value})"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an entry with fields"
    return type(value).__name__


_EXPECTED = {
    "text": "a text", "exact": "a text", "id": "an id (lowercase letters, digits and hyphens)",
    "date": "a date (YYYY, YYYY-MM or YYYY-MM-DD)", "int": "a whole number", "url": "an http(s) URL", "language": "a language tag such as en or zh-Hant",
    "list:text": "a list of texts", "list:entry": "a list of entries", "list:id": "a list of ids",
}


def check_entry(entry, fields: list[Field], path: str, what: str, problems: Problems, line: int = 0) -> dict | None:
    """Return the entry's checked values, or None after reporting what is wrong.

    `line` is where the entry stands in its list, for an entry that is a plain value (which has no line).
    """
    if not isinstance(entry, LinedDict):
        problems.error(path, line or line_of(entry), f"expected {what} with fields (name: value), got {describe(entry)}")
        return None
    ok = _known_keys(entry, fields, path, what, problems)
    values = {}
    for field in fields:
        value = entry.get(field.name)
        if value is None or value == "":
            if field.required:
                label = f"{what} '{entry['id']}'" if isinstance(entry.get("id"), str) and field.name != "id" else what
                state = "is empty" if field.name in entry else "is missing"
                problems.error(path, line_of(entry, field.name), f"field '{field.name}' {state} in {label}")
                ok = False
            values[field.name] = None
            continue
        value, message = _convert(value, field.kind)
        if message:
            problems.error(path, line_of(entry, field.name), f"field '{field.name}': {message}")
            ok = False
        values[field.name] = value
    return values if ok else None


def _known_keys(entry: dict, fields: list[Field], path: str, what: str, problems: Problems) -> bool:
    """Report each key of `entry` that names none of `fields`; return whether there was none."""
    names = [f.name for f in fields]
    if entry.keys() <= set(names):   # the usual case, told at once
        return True
    for key in entry:
        if key not in names:
            problems.error(path, line_of(entry, key),
                           f"unknown field '{key}' in {what} (expected one of: {', '.join(names)})")
    return False


MAX_QUOTE = 2000   # characters: some ten sentences, more than any footnote shows
MAX_TEXT = 10_000  # characters of any other text an editor writes in a field: a long paragraph is 2,000
URL = regex(r"^https?://[^\s<>\"]+\Z")
# A BCP 47 language tag as pages' lang attributes take it: "en", "zh-Hant", "pt-BR".
LANGUAGE_TAG = regex(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
# Unicode's invisible direction controls: embeddings and overrides, closed by U+202C, and isolates,
# closed by U+2069. One left open reverses or reorders whatever a page prints after the value.
_DIRECTION = regex(f"[{DIRECTION_CONTROLS}]")
_ISOLATES = frozenset("\u2066\u2067\u2068")
_POP_EMBEDDING, _POP_ISOLATE = "\u202c", "\u2069"


def without_direction_controls(text: str) -> str:
    """Return an article's paragraph without direction controls: a footnote shows a slice of it, and a
    slice may hold an override and not its end, which would turn the quote beside it around. (The
    browser's own ordering of right-to-left text needs none of them.)"""
    return text if text.isascii() or not _DIRECTION.search(text) else _DIRECTION.sub("", text)


def closed_directions(text: str) -> str:
    """Return `text` with each direction control it leaves open closed at its end.

    A title printed in the page's <title> before the site's name, or a name in
    the middle of a citation line, would otherwise turn the rest of the line
    around (a right-to-left override is a way to make text read what it does
    not say). Right-to-left text that closes what it opens is left as it is.
    """
    if text.isascii() or not _DIRECTION.search(text):   # every control is past ASCII, which is told at once
        return text
    opened: list[str] = []
    for mark in _DIRECTION.findall(text):
        if mark == _POP_ISOLATE:   # closes the last isolate, and every embedding opened within it
            if _ISOLATES.intersection(opened):
                while opened.pop() not in _ISOLATES:
                    pass
        elif mark == _POP_EMBEDDING:   # closes the last embedding, but never across an isolate
            if opened and opened[-1] not in _ISOLATES:
                opened.pop()
        else:
            opened.append(mark)
    return text + "".join(_POP_ISOLATE if mark in _ISOLATES else _POP_EMBEDDING for mark in reversed(opened))


# What reorders an address as it is shown, or hides where it breaks: the direction controls and marks, a
# zero-width space, a word joiner, a byte order mark. (Not the joiners that Persian and emoji need: U+200C, U+200D.)
_MISLEADING = frozenset(DIRECTION_CONTROLS + "\u200e\u200f\u061c\u200b\u2060\ufeff")


def misleading_url(url: str) -> str | None:
    """Say what would make an address read as another on the page, or None: an invisible character (a
    direction control turns it around), or a name and password before its host, which a reader takes for
    the host ("https://www.scmp.com@other.example/")."""
    invisible = next((char for char in url if char in _MISLEADING), None)
    if invisible:
        return f"'{url}' holds an invisible character (U+{ord(invisible):04X}), which would show the address as another"
    if "@" in urlsplit(url).netloc:
        return f"'{url}' holds a user name or password before its host, which readers would take for the host"
    return None


def _host_or_port_problem(url: str) -> str | None:
    """Say what keeps an address from naming a host, and a port from 1 to 65535 if any, or None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:   # 'https://[oops]/'
        return f"'{url}' is no address a browser could follow"
    try:
        port = parts.port
    except ValueError:   # not a number, or past 65535
        port = 0
    if not host:
        return f"'{url}' names no host: write it as https://host/path"
    return "has a port that is no number from 1 to 65535" if port == 0 else None


def _convert(value, kind: str):
    """Return (value, None) converted to `kind`, or (None, message)."""
    # Each kind returns as soon as the value fits; one that does not falls through to "expected ..., got ...".
    if kind in ("text", "exact"):   # an exact text is compared with a source's: nothing is added to it
        if kind == "exact" and isinstance(value, str) and len(value) > MAX_QUOTE:
            return None, (f"a quote of {len(value)} characters, more than {MAX_QUOTE}: a footnote quotes a passage, "
                          "not the article; quote the sentences that support the fact")
        control = HTML_CONTROLS.search(value) if isinstance(value, str) else None
        if control:   # YAML refuses them as they are, but writes them for an escape: "\e", "\x1b", "\u001b"
            written = " (written as an escape)" if kind_of(control.group()) == "control character" else ""
            return None, f"holds {unseen(control.group())}{written}, which no reader sees: delete it"
        reference = forbidden_reference(value) if isinstance(value, str) else None
        if reference:   # Markdown passes "&#27;" on to the page as it is
            return None, reference[1]
        if isinstance(value, str) and len(value) > MAX_TEXT:
            return None, (f"a text of {len(value):,} characters, more than {MAX_TEXT:,}: a claim, a title or a note "
                          "is a sentence or a few, not an article")
        if isinstance(value, str) and value.strip():
            return closed_directions(direction_references_read(value.strip())) if kind == "text" else value.strip(), None
        if isinstance(value, str):
            return None, "expected a text, got only white space"
    elif kind == "id":
        if isinstance(value, str) and len(value) > MAX_ID:
            return None, f"an id of {len(value)} characters, more than {MAX_ID}: an id names, it does not describe"
        if isinstance(value, str) and ID.match(value):
            return value, None
        if isinstance(value, str):
            return None, f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens (no spaces, '/' or '.')"
    elif kind == "url":
        if isinstance(value, str) and URL.match(value) and not HTML_CONTROLS.search(value):
            wrong = _host_or_port_problem(value) or (misleading_url(value) and misleading_url(value) + ": write it without")
            return (None, wrong) if wrong else (value, None)
    elif kind == "language":
        if isinstance(value, str) and LANGUAGE_TAG.match(value.strip()):
            return value.strip(), None
    elif kind == "date":
        try:
            return parse_iso(value), None
        except ValueError as err:
            return None, str(err)
    elif kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, "expected true or false, got " + describe(value)
    elif kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
    elif kind.startswith("list:"):
        if isinstance(value, list):
            return _convert_list(value, kind)
    else:
        raise AssertionError(f"unknown field kind {kind}")
    return None, _expected(value, kind)


def _convert_list(items: list, kind: str):
    """Convert a list of `kind` ('list:text', ...) item by item; entries are kept as they are."""
    item_kind = kind.split(":", 1)[1]
    if item_kind == "entry":
        return items, None
    converted = []
    for item in items:
        value, message = _convert(item, item_kind)
        if message:
            return None, f"{_expected(items, kind).split(',')[0]}; one item: {message}"
        converted.append(value)
    return tuple(converted), None


def _expected(value, kind: str) -> str:
    """Say what a field of `kind` should hold and what `value` is instead."""
    if kind in _WORDS and isinstance(value, (bool, int, float, datetime.date)):
        # YAML reads "12:30" as the number 750, "no" as false, "010" as 8: what the editor wrote is lost.
        return (f"expected {_EXPECTED[kind]}, got a value YAML reads as {describe(value)}: put it in double quotes "
                "to keep it as written")
    return f"expected {_EXPECTED.get(kind, kind)}, got {describe(value)}"


_WORDS = frozenset(("text", "exact", "id", "language"))   # kinds that a value in quotes may be
