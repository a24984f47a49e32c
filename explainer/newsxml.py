"""Read a story as news agencies deliver it in XML: NITF, or NewsML-G2 (which may hold NITF).

Both are IPTC's standards: AP, Reuters, AFP and most newsroom systems hand
stories over in one of them. The story is laid out as the page it stands for
(see exported.py): its headline, byline, date and outlet from the metadata the
format gives them, its text from the body a reader is shown. Left out: the
notes to editors (NITF's <note>, which no reader sees), the pictures' captions
and the story's other items (pictures, graphics), as a page leaves out its
furniture.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree

from .exported import Exported, NotAnArticle, line_where, page_of, plain, several
from .lazy import regex

# NITF's elements of the body, as the HTML elements a page shows them with; any other is read as words
# within its paragraph (<person>, <org>, <location>, <chron>, <num>, <money>, <em>, <q>, <a>...).
_NITF_BLOCKS = {"p": "p", "hl2": "h2", "block": "div", "bq": "blockquote", "ul": "ul", "ol": "ol", "li": "li",
                "dl": "dl", "dt": "dt", "dd": "dd", "pre": "pre", "table": "table", "tr": "tr", "td": "td",
                "th": "th", "tbody": "tbody", "thead": "thead", "tfoot": "tfoot", "credit": "p", "tagline": "p",
                "br": "br"}
# What no reader of the story sees, or not as its text: notes to editors, footnotes' marks, pictures.
_NITF_UNSHOWN = {"note", "fn", "media", "nitf-table-metadata", "caption", "object.title"}
# A date as NITF and NewsML write it: "20211025T083000Z", "2021-10-25T08:30:00+08:00", "20211025".
_COMPACT_DATE = regex(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2}):?(\d{2})?)?")
_OFFSET = regex(r"^([+-]\d{2}):?(\d{2})")
_BY = regex(r"^\s*(?:by|par|von|por)\s+", re.I)


def is_news_xml(root) -> bool:
    """Tell whether a parsed XML file is NITF or NewsML-G2."""
    return _local(root.tag) in ("nitf", "newsItem", "newsMessage")


def news_xml_to_page(text: str, root) -> str:
    """Return the HTML page the story of an NITF or NewsML-G2 file stands for; raise NotAnArticle."""
    kind = _local(root.tag)
    if kind == "nitf":
        return page_of(_nitf_story(text, root))
    items = [root] if kind == "newsItem" else [item for item in root.iter() if _local(item.tag) == "newsItem"]
    stories = [item for item in items if _story_body(item) is not None]
    if not stories:
        raise NotAnArticle(1, "holds no story: none of its news items has a text (NITF, XHTML or plain text)")
    if len(stories) > 1:
        raise NotAnArticle(1, several([_words(_first(_first(item, "contentMeta"), "headline")) or "untitled"
                                                for item in stories]))
    return page_of(_newsml_story(text, stories[0]))


def _nitf_story(text: str, nitf, outer: dict | None = None) -> Exported:
    """The story of an NITF document; `outer` holds what a NewsML item around it already says."""
    outer = outer or {}
    head, body = _first(nitf, "head"), _first(nitf, "body")
    content = _first(body, "body.content")
    if content is None or not "".join(content.itertext()).strip():
        raise NotAnArticle(line_where(text, [r"<body\.content\b", r"<body\b"]), "holds no story: its <body.content> is empty")
    body_head = _first(body, "body.head")
    hedline = _first(body_head, "hedline")
    headline = _words(_first(hedline, "hl1")) or _words(_first(head, "title")) or outer.get("title")
    standfirst = [_words(element) for element in _all(hedline, "hl2")]
    abstract = _first(body_head, "abstract")
    parts = [f"<p>{html.escape(words)}</p>" for words in standfirst if words]
    if abstract is not None:
        parts.append(_html_of(abstract, _NITF_BLOCKS))
    parts.append(_html_of(content, _NITF_BLOCKS))
    end = _first(body, "body.end")
    if end is not None:   # the credits: "(Reporting by Ann Lee; Editing by Tom Ng)"
        parts.append(_html_of(end, _NITF_BLOCKS))
    docdata, pubdata = _first(head, "docdata"), _first(head, "pubdata")
    dates = [_attribute(_first(docdata, "date.issue"), "norm"), _attribute(pubdata, "date.publication"),
             _attribute(_first(_first(body_head, "dateline"), "story.date"), "norm"), outer.get("date")]
    outlets = [_attribute(pubdata, "name"), _words(_first(body_head, "distributor")),
               _attribute(_first(docdata, "doc.copyright"), "holder"), outer.get("outlet")]
    return Exported("".join(parts), headline, _nitf_byline(body) or outer.get("authors"),
                    next(filter(None, map(_iso, dates)), None), _attribute(pubdata, "ex-ref") or outer.get("url"),
                    next(filter(None, outlets), None),
                    line_where(text, [r"<(?:\w+:)?hl1\b", r"<(?:\w+:)?title\b"]),
                    line_where(text, [r"<(?:\w+:)?body\.content\b"]))


def _nitf_byline(body) -> str | None:
    """The authors an NITF byline names: its <person>s, or else its words without "By" and a title."""
    bylines = _all(_first(body, "body.head"), "byline")
    names = [_words(person) for byline in bylines for person in _all(byline, "person")]
    if not names:
        for byline in bylines:
            words = "".join(part for child in [byline] for part in _texts_without(child, {"byttl"}))
            names.append(_BY.sub("", plain(words)).strip(" ,"))
    names = [name for name in names if name]
    return ", ".join(names) or None


def _newsml_story(text: str, item) -> Exported:
    """The story of a NewsML-G2 news item: its metadata, and the text of its content set."""
    meta, item_meta = _first(item, "contentMeta"), _first(item, "itemMeta")
    creators = [_words(_first(creator, "name")) or creator.get("literal") for creator in _all(meta, "creator")]
    byline = _words(_first(meta, "by"))
    provider = _first(item_meta, "provider")
    outer = {
        "title": _words(_first(meta, "headline")),
        "authors": ", ".join(filter(None, creators)) or (_BY.sub("", byline) if byline else None),
        "date": _words(_first(meta, "contentCreated")) or _words(_first(item_meta, "firstCreated")),
        # The date of this version only: the story may have been first sent before it.
        "updated": _words(_first(item_meta, "versionCreated")),
        # The provider by name, or by its code: qcode="nprov:AFP".
        "outlet": _words(_first(meta, "creditline")) or (provider.get("literal") or (provider.get("qcode") or "")
                                                           .rpartition(":")[2] or None if provider is not None else None),
        "url": next((link.get("href") for link in _all(item_meta, "link")
                     if link.get("rel", "").endswith("canonical") and link.get("href")), None),
    }
    body = _story_body(item)
    if _local(body.tag) == "nitf":
        return _nitf_story(text, body, outer)
    if _local(body.tag) == "inlineData":   # plain text
        words = body.text or ""
    else:   # XHTML: its <body>, or whatever the inline XML holds
        page = next((element for element in body.iter() if _local(element.tag) == "body"), body)
        words = (page.text or "") + "".join(_without_namespaces(child) for child in page)
    opened = re.search(r"<(?:\w+:)?inline(?:XML|Data)\b", text)
    after = opened.start() if opened else 0
    date = _iso(outer["date"]) or _iso(outer["updated"])
    return Exported(words, outer["title"], outer["authors"], date, outer["url"], outer["outlet"],
                    line_where(text, [r"<(?:\w+:)?headline\b"]),
                    line_where(text, [r"<(?:\w+:)?body\b", r"<(?:\w+:)?inline(?:XML|Data)\b"], after)
                    if _local(body.tag) != "inlineData" else line_where(text, [r"<(?:\w+:)?inlineData\b"]),
                    updated=not _iso(outer["date"]) and bool(date))


def _story_body(item):
    """A news item's text, as the element that holds it: an <nitf>, an XHTML page, or plain text."""
    for content in _all(_first(item, "contentSet"), "inlineXML") + _all(_first(item, "contentSet"), "inlineData"):
        kind = (content.get("contenttype") or "").lower()
        if _local(content.tag) == "inlineData":
            if kind.startswith("text/plain") and (content.text or "").strip():
                return content
            continue
        nitf = next((element for element in content.iter() if _local(element.tag) == "nitf"), None)
        if nitf is not None:
            return nitf
        if "".join(content.itertext()).strip():
            return content
    return None


def _html_of(element, blocks: dict[str, str]) -> str:
    """An NITF element's content as HTML: its blocks as the HTML blocks they are, the rest as words."""
    out = [html.escape(element.text or "")]
    for child in element:
        name = _local(child.tag)
        if name not in _NITF_UNSHOWN:
            tag = blocks.get(name)
            inner = _html_of(child, blocks)
            out.append(f"<{tag}>{inner}</{tag}>" if tag and tag != "br" else "<br>" if tag else inner)
        out.append(html.escape(child.tail or ""))
    return "".join(out)


def _texts_without(element, left_out: set[str]):
    """An element's text, but for the children named in `left_out`."""
    yield element.text or ""
    for child in element:
        if _local(child.tag) not in left_out:
            yield from _texts_without(child, left_out)
        yield child.tail or ""


def _without_namespaces(element) -> str:
    return re.sub(r'\s?xmlns(?::\w+)?="[^"]*"|(?<=</)\w+:|(?<=<)\w+:', "",
                  ElementTree.tostring(element, encoding="unicode"))


def _iso(value: str | None) -> str | None:
    """A date in the form a page's meta tag gives it ("2021-10-25T08:30:00Z"), from NITF's or NewsML's."""
    found = _COMPACT_DATE.match(value.strip()) if value else None
    if not found:
        return None
    year, month, day, hours, minutes, seconds = found.groups()
    rest = value.strip()[found.end():]
    if not hours:
        return f"{year}-{month}-{day}"
    offset = _OFFSET.match(rest)
    zone = "Z" if rest[:1] in ("Z", "z") else f"{offset[1]}:{offset[2]}" if offset else ""
    return f"{year}-{month}-{day}T{hours}:{minutes}:{seconds or '00'}{zone}"


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _all(element, name: str) -> list:
    return [child for child in element if _local(child.tag) == name] if element is not None else []


def _first(element, name: str):
    found = _all(element, name)
    return found[0] if found else None


def _attribute(element, name: str) -> str | None:
    return element.get(name) if element is not None else None


def _words(element) -> str | None:
    if element is None:
        return None
    return plain("".join(element.itertext())) or None
