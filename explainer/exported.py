"""Lay out an article exported as data (JSON, a feed) as the web page it stands for.

The page holds the article's metadata in its meta tags and its text in an
<article>, for seeds.html_to_blocks to read like any page: its furniture left
out, its text read as shown. The headline and the text are placed at the lines
of the exported file where they start, as near as the metadata read above them
allows, so that a line in a message points near them in the file the editor has.
"""

from __future__ import annotations

import html
import re

from .lazy import regex
from .record import record

# A text laid out in HTML blocks, or only marked up within its lines ("was <em>heartbroken</em>").
_BLOCKS = regex(r"<(?:p|br|div|h[1-6]|ul|ol|li|blockquote|figure|section|article|table|pre)\b[^>]*>", re.I)
_INLINE = regex(r"</?(?:span|a|em|strong|b|i|u|q|cite|abbr|time|mark|small|sup|sub)\b[^>]*>", re.I)
# What frames a page, not a part of one: in a text, a "</body>" would end the article there.
_FRAME = regex(r"<!doctype[^>]*>|</?(?:html|head|body|article|main)\b[^>]*>", re.I)
_SCRIPT = regex(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_TAG = regex(r"</?[A-Za-z][^<>]*>")
_SURROGATE = regex("[\ud800-\udfff]")
ADDRESS = regex(r"^(?:https?:)?//|^www\.", re.I)   # what names a place on the web, not an outlet


class NotAnArticle(ValueError):
    """An exported file that holds no single article: `message` says why, at `line`."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


@record(frozen=True)
class Exported:
    """An article as an export gives it: its text is HTML or plain text."""

    body: str
    title: str | None = None
    authors: str | None = None      # names apart by commas
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    title_line: int = 1
    body_line: int = 1
    updated: bool = False   # the date is that of a change only, not of publication


def page_of(article: Exported) -> str:
    """Return the HTML page `article` stands for."""
    outlet = article.outlet if article.outlet and not ADDRESS.match(article.outlet) else None   # "source": "https://..."
    meta = {"og:title": article.title, "author": article.authors,
            "article:published_time": article.date if not article.updated else None,
            "og:site_name": outlet, "og:url": article.url}
    head = "".join(f'<meta property="{name}" content="{html.escape(value)}">' for name, value in meta.items() if value)
    page = f"<!doctype html><html><head>{head}</head><body><article>"
    if article.title:
        page = _at_line(page, article.title_line) + f"<h1>{html.escape(article.title)}</h1>"
    if article.date and article.updated:   # read as a date of change, as a page's own is (see seeds.html_to_blocks)
        page += f'<div><time itemprop="dateModified" datetime="{html.escape(article.date)}">' \
                f"{html.escape(article.date[:10])}</time></div>"
    page = _at_line(page, article.body_line)
    body = _FRAME.sub("", article.body)
    if _BLOCKS.search(body):
        page += body
    else:   # text: its paragraphs apart by blank lines, or else by the indent that opens each, or by line breaks
        paragraphs = [join_wrapped(" ".join(line.split()) for line in p.split("\n"))
                      for p in re.split(_paragraph_break(body), body)]
        page += "".join(f"<p>{p if _INLINE.search(p) else html.escape(p)}</p>" for p in paragraphs if p)
    # A lone half of a surrogate pair, which JSON can write ("\ud800"), is no character: shown as one unknown.
    return _SURROGATE.sub("\ufffd", page + "</article></body></html>\n")


def join_wrapped(lines) -> str:
    """A paragraph's wrapped lines as one text, a space between them. A word broken over two lines after
    its hyphen is one word, as printed: "Chi-" and "wai" are "Chi-wai", and "un-" and "lawful" are
    "un-lawful", whose "lawful" no quote may take, not "un- lawful"."""
    parts: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if parts and parts[-1][-1:] == "-" and parts[-1][-2:-1].isalpha() and line[:1].islower():
            parts[-1] += line
        else:
            parts.append(line)
    return " ".join(parts)


def page_of_blocks(blocks: list[tuple[str, str]]) -> str:
    """The page of a document's paragraphs, each (kind, words), kinds "p", "h1" to "h4" and "title":
    its first Title paragraph the headline."""
    headline = next((k for k, (kind, _) in enumerate(blocks) if kind == "title"), None)
    body = "".join(f"<{_TAGS.get(kind, 'p')}>{html.escape(words)}</{_TAGS.get(kind, 'p')}>"
                   for k, (kind, words) in enumerate(blocks) if k != headline)
    if not blocks:
        raise NotAnArticle(1, "holds no text")
    return page_of(Exported(body, " ".join(blocks[headline][1].split()) if headline is not None else None))


_TAGS = {"h1": "h2", "h2": "h3", "h3": "h4", "h4": "h5", "title": "h2"}   # below the headline, h1


def _paragraph_break(text: str) -> str:
    """What parts the paragraphs of a plain text: blank lines; else, in wire copy wrapped at a width, the
    indent that opens each ("   Amnesty said..."), the lines between them one paragraph; else each line."""
    if re.search(r"\n\s*\n", text):
        return r"\n\s*\n"
    lines = [line for line in text.split("\n") if line.strip()]
    indented = [k for k, line in enumerate(lines) if line[:1] in (" ", "\t")]
    # Each indented line opens a paragraph that wraps onto the next (no list's items, each a line).
    wrapped = len(indented) >= 2 and not any(_LIST_ITEM.match(lines[k]) for k in indented) \
        and all(k + 1 < len(lines) and k + 1 not in indented for k in indented[:-1])
    return r"\n(?=[ \t])" if wrapped else r"\n"


_LIST_ITEM = regex(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s")


def plain(text: str) -> str:
    """A title or a name as text: given as HTML ("Amnesty &#8216;<em>to</em> leave&#8217;"), without its
    tags; but a text that holds no tag keeps every "<" it holds ("3 < 5 percent")."""
    if _BLOCKS.search(text) or _INLINE.search(text) or _SCRIPT.search(text):
        text = _TAG.sub("", _SCRIPT.sub("", text))
    return html.unescape(text).strip()


def several(titles: list[str]) -> str:
    """Say that a file holds several articles, naming the first few."""
    shown = ", ".join(f"“{title[:60]}”" for title in titles[:3]) + (
        f" and {len(titles) - 3} more" if len(titles) > 3 else "")
    return f"holds {len(titles)} articles ({shown}); save each as a seed of its own"


def line_where(text: str, patterns, start: int = 0) -> int:
    """The line of `text` where the first of `patterns` found after `start` is: where an export writes a part."""
    for pattern in patterns:
        found = re.compile(pattern).search(text, start)
        if found:
            return text.count("\n", 0, found.start()) + 1
    return 1


def _at_line(page: str, line: int) -> str:
    """`page` with line breaks added until what follows it starts on `line`, where it does not yet."""
    return page + "\n" * max(0, line - 1 - page.count("\n"))
