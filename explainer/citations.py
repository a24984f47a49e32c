"""Number the citations of a page and turn `[@fact-id]` into footnote markers."""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from urllib.parse import urlsplit
from typing import Callable

from markupsafe import Markup as HTML

from .lazy import regex
from .markup import (MAX_BRACKETS, PLACEHOLDER, Markup, NestedTooDeep, Unreadable, brackets, escaped, find_citations,
                     too_many_brackets, unescaped_find, without_code)
from .problems import Problems
from .record import record
from .records import Fact, Quote


@record(frozen=True)
class Footnote:
    """A numbered note at the foot of a page: the quotes behind one fact or account."""

    number: int
    key: str
    quotes: tuple[Quote, ...]
    fact: Fact | None
    refs: int                   # how many markers point at it

    @property
    def backrefs(self) -> list[tuple[str, str]]:
        """Return (marker id, letter) for each marker pointing here."""
        return [(marker_id(self.number, i), _letters(i)) for i in range(self.refs)]


def _letters(i: int) -> str:
    """Name the i-th place a note is cited from: a to z, then aa, ab... as spreadsheets name columns."""
    name = ""
    i += 1
    while i:
        i, left = divmod(i - 1, 26)
        name = "abcdefghijklmnopqrstuvwxyz"[left] + name
    return name


def marker_id(number: int, i: int) -> str:
    return f"ref-{number}" if i == 0 else f"ref-{number}-{i + 1}"


class Citer:
    """Give each cited fact of one page its footnote number, in order of first use."""

    def __init__(self, facts: dict[str, Fact], markup: Markup, disputed: dict[str, list[str]],
                 dispute_link: Callable[[str], str], known_ids: set[str] | None,
                 link: Callable[[str], str] | None = None):
        self.facts, self.markup, self.disputed = facts, markup, disputed
        self.dispute_link = dispute_link   # dispute id -> link to it from this page
        self.link = link   # site address -> link to it from this page (see inline_html)
        self.known_ids = known_ids   # None: some facts could not be read, so any id may exist
        self._order: dict[str, list] = {}
        self.cited: list[str] = []
        self.attempted = 0   # references written, found or not

    def cite(self, key: str, quotes: tuple[Quote, ...], fact: Fact | None, marker: bool = True) -> str:
        """Register `key` as a footnote and return the HTML of a marker pointing at it."""
        if key not in self._order:
            self._order[key] = [len(self._order) + 1, quotes, fact, 0]
        entry = self._order[key]
        if not marker:
            return ""
        entry[3] += 1
        number = entry[0]
        return (f'<a class="fn" id="{marker_id(number, entry[3] - 1)}" href="#fn-{number}" '
                f'aria-label="Source note {number}">[{number}]</a>')

    def cite_fact(self, fact: Fact) -> str:
        """Return the marker for a fact, with a link to any dispute it touches."""
        self.cited.append(fact.id)
        marker = self.cite(fact.id, fact.quotes, fact)
        for dispute_id in self.disputed.get(fact.id, ()):
            marker += (f' <a class="disputed" href="{self.dispute_link(dispute_id)}" '
                       f'title="The sources differ on this point">sources differ</a>')
        return marker

    def claim_html(self, fact: Fact, problems: Problems) -> HTML:   # its unsafe links are reported by Planner.report
        return inline_html(self.markup, fact.claim, problems, fact.path, fact.claim_line or fact.line, f"fact '{fact.id}'",
                           self.link)

    def render(self, text: str, path: str, first_line: int, problems: Problems, inline: bool = False,
               from_root: bool = False) -> HTML:
        """Render Markdown with `[@id]` markers; report unknown ids and malformed or misplaced references.
        A text shown on pages at several depths (the site's summary) has its relative links `from_root`
        (see linked_from_root); a page's text, from the page."""
        if "\ue000" in text or "\ue001" in text:
            text = _without_reserved(text, path, first_line, problems)
        pieces, markers, lines, last = [], [], [], 0
        for start, end, ids in find_citations(text):
            self.attempted += 1
            line = first_line + text.count("\n", 0, start)
            pieces.append(text[last:start])
            last = end
            if ids is None:
                problems.error(path, line, f"malformed citation '{text[start:end]}': write [@fact-id]"
                                           + _odd_character(text[start + 2:end - 1]))
                continue
            html = []
            for fact_id in ids:
                fact = self.facts.get(fact_id)
                if fact is None:
                    if self.known_ids is not None and fact_id not in self.known_ids:
                        problems.error(path, line, f"cites unknown fact '{fact_id}'")
                    continue
                html.append(self.cite_fact(fact))
            pieces.append(f"\ue000{len(markers)}\ue001")
            markers.append("".join(html))
            lines.append(line)
        pieces.append(text[last:])
        source = "".join(pieces)
        at = unescaped_find(source, "[@")
        if at != -1:
            self.attempted += 1
            line = first_line + source.count("\n", 0, at)
            problems.error(path, line, "a citation '[@' is never closed with ']'")
        footnote = _FOOTNOTE.search(without_code(source)) if "[^" in source else None   # code shows "[^a-z]" as it is
        if footnote and not escaped(source, footnote.start()):   # else published as it is written
            problems.error(path, first_line + source.count("\n", 0, footnote.start()),
                           f"'{footnote.group()}' is a Markdown footnote, which this site does not make: a note "
                           "here cites a fact, as [@fact-id]")
        if brackets(source) > MAX_BRACKETS:
            at = -1
            for _ in range(MAX_BRACKETS + 1):   # the one past the limit: in the run of them, not at a link before
                at = source.find("[", at + 1)
            problems.error(path, first_line + source.count("\n", 0, at), too_many_brackets(source))
            return HTML("")
        try:
            html, unsafe = (self.markup.inline if inline else self.markup.convert)(source)
        except NestedTooDeep as err:   # reported at the line that goes deepest, by its indent and its markers
            lines = source.split("\n")
            deepest = max(range(len(lines)), key=lambda k: _NESTING.match(lines[k]).end())
            problems.error(path, first_line + deepest, str(err))
            return HTML("")
        except Unreadable as err:   # reported where the block Markdown misreads starts
            problems.error(path, first_line + source.count("\n", 0, err.at), str(err))
            return HTML("")
        if from_root and self.link is not None:
            html = linked_from_root(html, self.link)
        for url in unsafe:
            # Markdown turned tabs to spaces: any run of white space in the url may be another in the text.
            found = re.search(r"\s+".join(map(re.escape, url.split())), source)
            line = first_line + source.count("\n", 0, found.start()) if found else first_line
            problems.error(path, line, unsafe_link_message(url))
        return HTML(_place(html, markers, lines, path, problems) if markers else html)

    def footnotes(self) -> list[Footnote]:
        return [Footnote(n, key, quotes, fact, refs) for key, (n, quotes, fact, refs) in self._order.items()]


_FOOTNOTE = regex(r"\[\^[^\]\s]+\]")   # "[^1]", and its text's "[^1]:"

# What opens a line of a list or a quote, nested: indents, and markers ("- - > 1. ") one after another.
_NESTING = regex(r"(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*")


# The placeholders that stand for markers while Markdown converts a page are made of these characters
# (Unicode's private use area): in the text itself, they would be read as markers.
_RESERVED = regex("[\ue000\ue001]")
_LINK_IMAGE_OR_CODE = regex("<(?:a |img |code>)")   # one search costs less than three `in` tests


def _without_reserved(text: str, path: str, first_line: int, problems: Problems) -> str:
    """Report the characters of placeholders found in the text, once a line, and drop them."""
    reported = set()
    for match in _RESERVED.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        if line not in reported:
            reported.add(line)
            problems.error(path, line, f"the private-use character U+{ord(match.group()):04X} is not allowed "
                                       "in the text: delete it")
    return _RESERVED.sub("", text)


def _place(html: str, markers: list[str], lines: list[int], path: str, problems: Problems) -> str:
    """Put each marker where Markdown left its placeholder, and report the citations it left where a
    marker cannot go: a marker is a link, so in an attribute (a link's address or title, an image's alt
    text) it would break the tag, and in a link's text or in code it would break the page."""
    # Only links, images and code can hold a placeholder out of place, and only a link definition can
    # drop one unseen (then fewer are found): ordinary prose has none of them.
    if not _LINK_IMAGE_OR_CODE.search(html):
        swapped, found = PLACEHOLDER.subn(lambda match: markers[int(match.group(1))], html)
        if found == len(markers):
            return swapped
    placed, misplaced = set(), set()

    def swap(match: re.Match) -> str:
        i = int(match.group(1))
        if _out_of_place(html, match.start()):
            misplaced.add(i)
            return ""
        placed.add(i)
        return markers[i]

    html = PLACEHOLDER.sub(swap, html)
    # A placeholder Markdown dropped, split or spelt as entities stood in a link definition, a link's
    # address or an e-mail address.
    if misplaced or len(placed) < len(markers):
        for i, line in enumerate(lines):
            if i in misplaced or i not in placed:
                problems.error(path, line, "a citation cannot stand inside a link, an image or code; "
                                           "put it after the link")
        html = _RESERVED.sub("", html)   # what is left of a split one
    return html


def _out_of_place(html: str, at: int) -> bool:
    # Markdown writes '<' only to open a tag (in text it is '&lt;'), so the last '<' or '>' before a
    # placeholder tells an attribute from text, and the last opening or closing tag an element's inside.
    return (html.rfind("<", 0, at) > html.rfind(">", 0, at)
            or html.rfind("<a ", 0, at) > html.rfind("</a>", 0, at)
            or html.rfind("<code>", 0, at) > html.rfind("</code>", 0, at))


def inline_html(markup: Markup, text: str, problems: Problems, path: str, line: int, owner: str,
                link: Callable[[str], str] | None = None) -> HTML:
    """Return one line of an editor's inline Markdown (a claim, a note) as HTML. A text Markdown cannot
    read is reported as `owner`'s, at `path:line`, and shown as it is written meanwhile.

    A claim or a note has no page of its own, and is shown on pages at several depths (timeline/,
    timeline/2/): its relative links and pictures name site addresses, from the site's root, and
    `link` makes each the link from the page showing it.
    """
    try:
        html = markup.inline(text)[0]
    except Unreadable as err:
        problems.error(path, line, f"{owner}: {err}")
        return HTML.escape(text)
    return HTML(linked_from_root(html, link) if link is not None else html)


def linked_from_root(html: str, link: Callable[[str], str]) -> str:
    """Return Markdown's `html` with each address of a link or a picture that names a page or a file of
    the site, read from the site's root, made `link(address)`: the link to it from the page shown."""
    if "<a " not in html and "<img " not in html:
        return html
    return _LINK_OR_PICTURE.sub(lambda tag: _ADDRESS.sub(
        lambda found: found[1] + _from_root(found[2], link) + '"', tag.group()), html)


# Markdown writes a '<' of the text as '&lt;': '<a ' opens a link, and a '>' in an attribute is '&gt;'.
_LINK_OR_PICTURE = regex(r"<(?:a|img)\s[^>]*>")
_ADDRESS = regex(r'(\s(?:href|src)=")([^"]*)"')
# What names no address of the site: a scheme, the host's root ('/'), another host ('//'), this page ('#').
_ELSEWHERE = regex(r"[A-Za-z][A-Za-z0-9+.-]*:|/|#")


def _from_root(address: str, link: Callable[[str], str]) -> str:
    # Read as a browser reads it: Markdown writes an e-mail address in character references.
    if _ELSEWHERE.match(unescape(address)):
        return address
    made = link(address.removeprefix("./"))
    # A site address stays one: './javascript:x' names a file of the site, where 'javascript:x' would run
    # and '//host/' lead to another site.
    return "./" + made if _ELSEWHERE.match(unescape(made)) else made


def unsafe_link_message(url: str) -> str:
    try:   # an address of another site, as http(s) or '//', is refused only as a picture's (see converter._LinkGuard)
        parts = urlsplit(url.strip())
        picture = parts.scheme.lower() in ("http", "https", "") and bool(parts.netloc)
    except ValueError:   # no address a browser could follow
        picture = False
    if picture:
        return (f"the picture at '{url}' is on another site, and the site's security policy loads its own only: "
                "copy it into assets/ and show it from there")
    return f"link to '{url}' is not allowed: use http, https, mailto or a relative link"


def _odd_character(ids: str) -> str:
    """Name the first character an id may not hold: one that looks like a letter of an id, or shows as
    nothing, would leave the editor looking at a citation that reads as right."""
    odd = next((c for c in ids if not ((c.isascii() and c.isalnum() and not c.isupper()) or c in "-@; ")), None)
    if odd is None:
        return ""
    return f" (it holds U+{ord(odd):04X} {unicodedata.name(odd, 'an unnamed character')}, which no id holds)"
