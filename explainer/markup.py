"""Render editors' Markdown to HTML that cannot carry raw HTML or unsafe links."""

from __future__ import annotations

import re

from .lazy import regex
from .memo import Memo

_CITATION = regex(r"\[@([^\]\n]*)\]")
_REF = regex(r"^@?([a-z0-9]+(?:-[a-z0-9]+)*)\Z")
PLACEHOLDER = regex("\ue000(\\d+)\ue001")
# Text Markdown would pass through unchanged: no inline markup, no entity, no line starting a block
# (a heading, quote, list, rule or code) and no line break. Most prose is such text, and writing it
# directly is a hundred times faster than a Markdown pass, with the same output (tests/test_markup.py).
# (One class repeated: a single pass at C speed, where a table would go character by character
# through a dict as soon as the text holds one curly quote.)
_PLAIN_CHARACTERS = regex(r"[\w ,.;:()?!%$/@'\"\-\n\u2018-\u201d\u2013\u2014\u2026\ue000\ue001]*")
_BLOCK_START = frozenset("#>=+- \t")
_ORDERED_ITEM = regex(r"\d+[.)](?:\s|$)")
_BLANK_LINES = regex(r"(\n(?:[ \t]*\n)+)")
_PARAGRAPH_BREAK = regex(r"[\r\n][ \t\f\v\r\n]*[\r\n]")   # as Markdown reads them: '\r' ends a line too
# A link reference definition ('[id]: url') can serve a link anywhere in the text.
_DEFINITION = regex(r"^ {0,3}\[[^\]]*\]:", re.M)


class Markup:
    """One reusable Markdown converter for the whole build."""

    def __init__(self, memo: Memo | None = None) -> None:
        # Made when first needed (see converter.py): most prose needs no Markdown pass at all.
        self._md = self._paragraph_md = None
        # Conversions are remembered like any build step, and forgotten once the text is gone.
        self.memo = Memo() if memo is None else memo

    def convert(self, text: str) -> tuple[str, tuple[str, ...]]:
        """Return (html, unsafe urls) for a block of Markdown."""
        return self.memo.value((False, text), lambda: self._blocks(text))

    def _blocks(self, text: str) -> tuple[str, tuple[str, ...]]:
        """Convert paragraph by paragraph: plain ones directly, runs of the others through Markdown.

        Blocks separated by blank lines are independent in Markdown once they start at the margin
        and no reference definition links one to another, so the pieces join into what one pass
        over the whole text would give.
        """
        body = text.lstrip("\n")
        if _DEFINITION.search(text) or body[:1] in (" ", "\t"):   # (white space first: a quirk of Markdown's)
            return self._narrowed(text, 0)
        # [block, blank lines, block, ...]: a run of marked-up blocks keeps its own blank lines,
        # which matter inside code.
        parts = _BLANK_LINES.split(_without_blank_end(body))
        html, unsafe, run, run_at, at = [], [], "", 0, len(text) - len(body)
        for i in range(0, len(parts), 2):
            block = parts[i]
            simple = simple_block(block, parts[i - 2] if i else "", parts[i + 2] if i + 2 < len(parts) else "")
            if simple is not None:
                if run:
                    self._add(html, unsafe, run, run_at)
                    run = ""
                html.append(simple)
            else:
                run_at = run_at if run else at
                run += (parts[i - 1] if run else "") + block
            at += len(block) + (len(parts[i + 1]) if i + 1 < len(parts) else 0)
        if run:
            self._add(html, unsafe, run, run_at)
        return "\n".join(html), tuple(unsafe)

    def _narrowed(self, text: str, at: int) -> tuple[str, tuple[str, ...]]:
        """Convert `text`, which stands at offset `at` of what `convert` was given. A text Markdown
        misreads is told by the offset of the block that it misreads on its own, if one does: a run
        of blocks may be a page long."""
        try:
            return self._convert(text)
        except LostText as err:
            err.at = at
            parts = _BLANK_LINES.split(text)   # [block, blank lines, block, ...]
            if len(parts) > 1:
                for k in range(0, len(parts), 2):
                    try:
                        self._convert(parts[k])
                    except LostText as block:
                        block.at = at
                        raise block from None
                    at += len(parts[k]) + (len(parts[k + 1]) if k + 1 < len(parts) else 0)
            raise

    def _add(self, html: list[str], unsafe: list[str], text: str, at: int) -> None:
        converted, urls = self._narrowed(text, at)
        if converted:
            html.append(converted)
        unsafe.extend(urls)

    def _convert(self, text: str) -> tuple[str, tuple[str, ...]]:
        if self._md is None:
            from .converter import make_markdown
            self._md = make_markdown()
        self._md.reset()
        self._md.unsafe_urls = []
        html = _converted(self._md, text)
        return html, tuple(self._md.unsafe_urls)

    def inline(self, text: str) -> tuple[str, tuple[str, ...]]:
        """Return (html, unsafe urls) for one line of inline Markdown, without a <p>."""
        return self.memo.value((True, text), lambda: self._inline(text))

    def _inline(self, text: str) -> tuple[str, tuple[str, ...]]:
        if "\n" not in text and is_plain(text):
            return text, ()
        html, unsafe = self.convert(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4], unsafe
        if not html:
            return html, unsafe
        # Blocks: a heading, a list, a quote, a second paragraph. A claim or a note is one sentence shown
        # inside a <p>, where HTML allows no block, so it is read as inline Markdown only, marks as text.
        return self._paragraph(text)

    def _paragraph(self, text: str) -> tuple[str, tuple[str, ...]]:
        """Return (html, unsafe urls) for `text` read as one paragraph of inline Markdown, without the <p>."""
        if self._paragraph_md is None:
            from .converter import make_paragraph_markdown
            self._paragraph_md = make_paragraph_markdown()
        md = self._paragraph_md
        md.reset()
        md.unsafe_urls = []
        # Only blank lines part paragraphs now: without them, the text is one.
        html = _converted(md, _PARAGRAPH_BREAK.sub("\n", text))
        if html.startswith("<p>") and html.endswith("</p>"):
            html = html[3:-4]
        return html, tuple(md.unsafe_urls)


class Unreadable(ValueError):
    """Markdown that Python-Markdown cannot turn into HTML; `text` is the part of it that fails, and
    `at` where that part starts in what `Markup.convert` was given (0 where it is not known)."""

    def __init__(self, message: str, text: str = ""):
        super().__init__(message)
        self.text, self.at = text, 0


class NestedTooDeep(Unreadable):
    """Markdown of lists within lists (or quotes within quotes) deeper than Python-Markdown can follow."""


class LostText(Unreadable):
    """Markdown whose marks Python-Markdown mixes up, losing part of the text."""


# Python-Markdown sets pieces of a text aside while it reads the rest, each behind a placeholder between
# these two characters ('\x02klzzwxh:0000\x03'); marks it mixes up can leave one behind in their stead.
_PLACEHOLDER_ENDS = ("\x02", "\x03")
LOST_TEXT = ("Markdown cannot read this text: its marks for emphasis or links ('*', '_', '[') overlap or are "
             "left open, and Python-Markdown would show a placeholder ('klzzwxh') in place of part of it; close "
             "each mark where it opened, or write a mark meant as a character as \\*, \\_ or \\[")


_OPEN_BRACKET = regex(r"(?<!\\)\[")
_DEEP_QUOTE = regex(r"^(?:[ \t]*>){100}", re.M)   # a hundred levels of quote on a line
_TOO_DEEP = "lists or quotes are nested too deeply to be read (hundreds of levels); nest them a few levels at most"
# More '[' than a page's links and notes come near: Python-Markdown looks for the ']' of each one
# from where it stands, which for thousands that open nothing takes time growing as their square.
MAX_BRACKETS = 2000


def brackets(text: str) -> int:
    """Count the '[' that may open a link: not those escaped as '\\['."""
    return text.count("[") - text.count("\\[")


def too_many_brackets(text: str) -> str:
    """Say why a text of more than MAX_BRACKETS '[' is refused (it is shown with no link at all)."""
    return (f"holds {brackets(text)} '[' in one text, more than {MAX_BRACKETS}: Markdown looks for the end of "
            "each, and would take minutes; escape those that open no link as '\\['")


def _converted(md, text: str) -> str:
    if brackets(text) > MAX_BRACKETS:   # refused where the text is checked; shown meanwhile, quickly, unlinked
        text = _OPEN_BRACKET.sub(r"\\[", text)
    # Python-Markdown reads each level of a list by calling itself, and stops reading quotes as quotes past
    # some hundreds of levels (the rest is shown as '> > >'): either is far past any page's need.
    if ">" in text and _DEEP_QUOTE.search(text):
        raise NestedTooDeep(_TOO_DEEP, text)
    try:
        html = md.convert(text)
    except RecursionError:
        raise NestedTooDeep(_TOO_DEEP, text) from None
    # (A text holding either character itself is refused where it is read, as any control character is.)
    if any(end in html and end not in text for end in _PLACEHOLDER_ENDS):
        raise LostText(LOST_TEXT, text)
    return html


def _without_blank_end(text: str) -> str:
    """Drop the blank lines that end `text`, keeping any spaces that end its last line.

    What the pattern r"(?:\n[ \t]*)+$" would drop, without trying it at every line break.
    """
    cut = text.find("\n", len(text.rstrip(" \t\n")))
    return text if cut == -1 else text[:cut]


def is_plain(text: str) -> bool:
    """Tell whether Markdown would turn `text` into one paragraph of the very same characters."""
    if "_" in text or not _PLAIN_CHARACTERS.fullmatch(text):   # '_' is a word character, and emphasis
        return False
    for line in text.split("\n"):
        if not line or line[0] in _BLOCK_START or line[-1] == " " or _ORDERED_ITEM.match(line):
            return False
    return True


def simple_block(block: str, before: str, after: str) -> str | None:
    """The HTML Markdown makes of `block`, between the blocks `before` and `after`, when it is a plain
    paragraph, or a paragraph, a heading or a list of one-line items whose text is plain but for links
    and strong words (see simple_inline); else None, for Markdown to convert it."""
    if is_plain(block):
        return f"<p>{block}</p>"
    first = block[:1]
    if first == "#":
        heading = _HEADING.fullmatch(block)
        text = simple_inline(heading.group(2)) if heading else None
        return None if text is None else f"<h{len(heading.group(1))}>{text}</h{len(heading.group(1))}>"
    lines = block.split("\n")
    if block[:2] == "- ":
        # A list beside another, or followed by a block indented under its last item, is one list
        # with it in Markdown, its items loose: Markdown's to convert, with them. (A list may end the
        # block before, under a heading or a rule that Markdown splits off it.)
        if any(line[:1] in _LIST_NEIGHBOURS for line in (*before.split("\n"), after[:1])):
            return None
        items = [simple_inline(line[2:]) if line[:2] == "- " and _simple_line(line[2:]) else None for line in lines]
        return None if None in items else "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>"
    if not all(_simple_line(line) for line in lines):
        return None
    text = simple_inline(block)
    return None if text is None else f"<p>{text}</p>"


def simple_inline(text: str) -> str | None:
    """The HTML Markdown makes of `text` when it is plain (see is_plain) but for links to pages of the
    site or to web addresses ('[the sources](../sources/)') and strong words ('**Reuters**'); else None."""
    html, at = [], 0
    for mark in _INLINE_MARK.finditer(text):
        label, url, strong = mark.groups()
        if not _plain_run(text[at:mark.start()]) or not _plain_run(label if strong is None else strong):
            return None
        html.append(text[at:mark.start()])
        if strong is not None:
            html.append(f"<strong>{strong}</strong>")
        elif _SAFE_URL.fullmatch(url):
            # As converter._LinkGuard marks a link to another site.
            rel = ' rel="noopener noreferrer"' if url.startswith(("http://", "https://")) else ""
            html.append(f'<a href="{url}"{rel}>{label}</a>')
        else:
            return None
        at = mark.end()
    if not _plain_run(text[at:]):
        return None
    html.append(text[at:])
    return "".join(html)


def _plain_run(text: str) -> bool:
    return "_" not in text and _PLAIN_CHARACTERS.fullmatch(text) is not None


def _simple_line(line: str) -> bool:
    """Tell whether a line of a paragraph starts nothing else in Markdown and ends no line with a break."""
    return bool(line) and line[0] not in _BLOCK_START and line[-1] != " " and not _ORDERED_ITEM.match(line)


_HEADING = regex(r"(#{1,6}) +([^#\n]*[^#\s])")
_LIST_NEIGHBOURS = frozenset(" \t-*+0123456789")
# A link ('[words](address)', not an image's '![') or strong words ('**words**').
_INLINE_MARK = regex(r"(?<!!)\[([^\[\]\n]+)\]\(([^()\s]*)\)|\*\*([^*\s](?:[^*\n]*[^*\s])?)\*\*")
# An address of the site ('../sources/', 'data/facts.json#x') or of a web page, of characters that need
# no escaping in HTML nor percent-encoding by a browser.
_SAFE_URL = regex(r"(?:https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*/|(?!/))[A-Za-z0-9./#?=%~+_-]*")


def escaped(text: str, at: int) -> bool:
    """Tell whether the character at `at` is escaped by a backslash (by an odd number of them)."""
    before = at
    while before and text[before - 1] == "\\":
        before -= 1
    return (at - before) % 2 == 1


def unescaped_find(text: str, what: str) -> int:
    """Return where `what` first occurs in `text` not escaped by a backslash, or -1."""
    at = text.find(what)
    while at != -1 and escaped(text, at):
        at = text.find(what, at + 1)
    return at


def find_citations(text: str):
    """Yield (start, end, [fact ids] or None for a malformed reference) for each [@...]."""
    for match in _CITATION.finditer(text):
        if escaped(text, match.start()):   # '\[@id]' is Markdown's way to write the text "[@id]"
            continue
        ids = [_REF.match(part.strip()) for part in match.group(1).split(";")]
        yield match.start(), match.end(), [m.group(1) for m in ids] if all(ids) else None


# Code in Markdown: a fenced block, or a span between backticks.
_CODE = regex(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)|(`+)(?!`).+?(?<!`)\2(?!`)", re.M | re.S)


def without_code(text: str) -> str:
    """`text` with its code blanked out, line for line: what is written there is shown, not read as Markdown."""
    if "`" not in text and "~~~" not in text:
        return text
    return _CODE.sub(lambda code: re.sub(r"[^\n]", " ", code.group()), text)
