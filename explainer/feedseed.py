"""Read an article saved as a news feed of one item: RSS 2.0, RSS 1.0 or Atom; or, by newsxml.py, as a
news agency's NITF or NewsML-G2."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from .exported import Exported, NotAnArticle, line_where, page_of, plain, several
from .lazy import regex
from .newsxml import is_news_xml, news_xml_to_page

# An item's parts by the local names feeds give them, the fullest text first: RSS's content:encoded
# and Atom's content before the description or summary, which may be the first lines only.
_TEXT = ("encoded", "content", "description", "summary")
_DATE = ("pubDate", "published", "date", "issued", "updated")
_AUTHORS = ("creator", "author")
# "jane@example.org (Jane Doe)", as RSS 2.0 gives an author: the name in brackets.
_EMAIL_AND_NAME = regex(r"^\S+@\S+\s*\((.+)\)$")
_ENTITY = regex(r"<!ENTITY\b")


def feed_to_page(text: str) -> str:
    """Return the HTML page the one item of a feed stands for; raise NotAnArticle."""
    declared = _ENTITY.search(text)
    if declared:   # one entity used a thousand times makes a seed a thousand times its size, within expat's limits
        raise NotAnArticle(text.count("\n", 0, declared.start()) + 1,
                           "declares an entity (<!ENTITY ...>), which no feed needs: delete the declaration")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as err:
        line, column = err.position
        reason = str(err).split(":")[0]
        raise NotAnArticle(line, f"is not well-formed XML: {reason} (column {column + 1})") from None
    kind = _local(root.tag)
    if kind == "rss":
        channel = _child(root, "channel")
        items, outlet = (_children(channel, "item"), _text(_child(channel, "title"))) if channel is not None else ([], None)
    elif kind == "RDF":   # RSS 1.0: the items stand beside the channel
        items, outlet = _children(root, "item"), _text(_child(_child(root, "channel"), "title"))
    elif kind == "feed":
        items, outlet = _children(root, "entry"), _text(_child(root, "title"))
    elif kind in ("item", "entry"):
        items, outlet = [root], None
    elif is_news_xml(root):
        return news_xml_to_page(text, root)
    else:
        raise NotAnArticle(1, f"is XML, but no RSS or Atom feed, nor an NITF or NewsML-G2 story "
                              f"(its root element is <{kind}>)")
    articles = [item for item in items if _body(item)]
    if not articles:
        raise NotAnArticle(1, "holds no article: none of its items has a text (content, description or summary)")
    if len(items) > 1:   # each item counts, with a text or not: which one is meant?
        raise NotAnArticle(1, several([_text(_child(item, "title")) or "untitled" for item in items]))
    item = articles[0]
    opened = re.search(rf"<(?:\w+:)?{_local(item.tag)}\b", text)   # where the one item opens
    after = opened.start() if opened else 0
    return page_of(Exported(_body(item), _text(_child(item, "title")), _authors(item),
                            next(filter(None, (_text(_child(item, name)) for name in _DATE)), None), _link(item), outlet,
                            line_where(text, [r"<(?:\w+:)?title\b"], after),
                            line_where(text, [rf"<(?:\w+:)?{name}\b" for name in _TEXT], after)))


def _local(tag: str) -> str:
    """A tag's name without its namespace: '{http://www.w3.org/2005/Atom}entry' is 'entry'."""
    return tag.rpartition("}")[2]


def _children(element, name: str) -> list:
    """The children of `element` of the local name `name`, in order; none of no element."""
    return [child for child in element if _local(child.tag) == name] if element is not None else []


def _child(element, name: str):
    """The first child of `element` of the local name `name`, or None."""
    found = _children(element, name)
    return found[0] if found else None


def _text(element) -> str | None:
    """An element's words, as text (a title may be given as escaped HTML); None for none."""
    if element is None:
        return None
    words = plain("".join(element.itertext()))
    return words or None


def _body(item) -> str | None:
    """The item's fullest text, as HTML or plain text."""
    for name in _TEXT:
        element = _child(item, name)
        if element is None:
            continue
        # HTML escaped as text (RSS, Atom's type="html"), plain text, or markup itself: Atom's XHTML in a
        # <div>, or the tags a feed left unescaped ("Lead <b>bold</b> words").
        inner = "".join(ElementTree.tostring(child, encoding="unicode") for child in element)
        body = (element.text or "") + _NAMESPACES.sub("", inner)
        if body.strip():
            return body
    return None


_NAMESPACES = regex(r'\s?xmlns(?::\w+)?="[^"]*"|(?<=</)\w+:|(?<=<)\w+:')


def _authors(item) -> str | None:
    """The authors' names, apart by commas, of the first kind of author element the item has."""
    names = []
    for name in _AUTHORS:
        for element in _children(item, name):
            given = _child(element, "name")   # Atom: <author><name>Ann Lee</name></author>
            words = _text(given if given is not None else element)
            if words:
                named = _EMAIL_AND_NAME.match(words)
                if named:
                    names.append(named[1].strip())
                elif "@" not in words:   # an address alone names no one
                    names.append(words)
        if names:
            return ", ".join(names)
    return None


def _link(item) -> str | None:
    """The address of the article: Atom's link to it (rel="alternate"), or RSS's <link>."""
    for link in _children(item, "link"):
        if link.get("href") and link.get("rel", "alternate") == "alternate":   # Atom
            return link.get("href").strip()
        if link.text and link.text.strip():   # RSS
            return link.text.strip()
    return None
