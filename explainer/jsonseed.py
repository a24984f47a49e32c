"""Read an article saved as JSON: schema.org's NewsArticle, or a news API's or a CMS's export of one.

The article is laid out as the web page it stands for, its metadata in the
page's meta tags and its text in an <article>, for seeds.html_to_blocks to read
like any page: its furniture left out, its text read as shown. The headline
and the text are placed at the lines of the JSON file where their values
start, as near as the metadata read above them allows, so that a line in a
message points near the value in the file the editor has.
"""

from __future__ import annotations

import html
import json
import re

# The keys each part of an article goes by, in the exports met most: schema.org's NewsArticle
# (headline, articleBody), the Guardian's content API (webTitle, fields.bodyText), NewsAPI
# (publishedAt, source.name, content), WordPress (title.rendered, content.rendered), JSON Feed
# (content_html), and the plain names of a CMS's own.
_TEXT = ("articleBody", "bodyText", "body", "content_html", "content_text", "content", "text", "html",
         "article_body", "story")
_TITLE = ("headline", "title", "webTitle")
_AUTHORS = ("author", "authors", "byline", "creator", "dc:creator", "writer")
_DATE = ("datePublished", "publishedAt", "published_at", "published", "date_published", "webPublicationDate",
         "firstPublicationDate", "pubDate", "publication_date", "date")
_URL = ("url", "webUrl", "canonical_url", "link", "permalink", "mainEntityOfPage")
_OUTLET = ("publisher", "source", "site_name", "siteName", "sitename", "outlet", "publication")
# Containers an article is wrapped in: the Guardian's {"response": {"content": ...}}, a list's "articles".
_WRAPPERS = ("@graph", "response", "content", "results", "articles", "items", "data", "article", "posts", "entries")
_HTML = re.compile(r"<(?:p|br|div|h[1-6]|ul|ol|li|blockquote|figure|section|article|span|a|em|strong|b|i)\b[^>]*>", re.I)
MOST_LEVELS = 20   # an export nests its article a few levels deep; past this, nothing is looked for


class NotAnArticle(ValueError):
    """A JSON file that holds no single article: `message` says why, at `line`."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def json_to_page(text: str) -> str:
    """Return the HTML page a JSON export of one article stands for; raise NotAnArticle."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise NotAnArticle(err.lineno, f"is not valid JSON: {err.msg} (column {err.colno})") from None
    except RecursionError:
        raise NotAnArticle(1, f"nests its values more than {MOST_LEVELS} levels deep: no article export does") from None
    found = []
    _find_articles(data, found, 0)
    if not found:
        raise NotAnArticle(1, "holds no article: a JSON seed is one article, its text under one of the keys "
                              + ", ".join(f'"{key}"' for key in _TEXT[:4]) + " or \"text\"")
    if len(found) > 1:
        titles = [_first_text(item, _TITLE) or "untitled" for item in found]
        raise NotAnArticle(1, f"holds {len(found)} articles ({_listed(titles)}); save each as a seed of its own")
    return _page(found[0], text)


def _find_articles(value, found: list, depth: int) -> None:
    """Collect the entries that hold an article's text, looking through lists and known wrappers."""
    if depth > MOST_LEVELS:
        return
    if isinstance(value, list):
        for item in value:
            _find_articles(item, found, depth + 1)
        return
    if not isinstance(value, dict):
        return
    entry = _flattened(value)
    if _article_text(entry) is not None:
        found.append(entry)
        return
    for key in _WRAPPERS:
        if isinstance(value.get(key), (dict, list)):
            _find_articles(value[key], found, depth + 1)


def _flattened(entry: dict) -> dict:
    """An entry with the fields an API nests under "fields" (the Guardian's) beside its own."""
    fields = entry.get("fields")
    return {**entry, **fields} if isinstance(fields, dict) else entry


def _article_text(entry: dict) -> str | None:
    for key in _TEXT:
        value = _rendered(entry.get(key))
        if isinstance(value, str) and value.strip():
            return value
    return None


def _rendered(value):
    """WordPress gives its texts as {"rendered": "..."}."""
    return value.get("rendered") if isinstance(value, dict) and isinstance(value.get("rendered"), str) else value


def _first_text(entry: dict, keys) -> str | None:
    for key in keys:
        value = _rendered(entry.get(key))
        if isinstance(value, dict):   # {"name": "Reuters"}, {"@id": "https://..."}
            value = value.get("name") or value.get("@id")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return html.unescape(_TAGS.sub("", value)).strip()
    return None


_TAGS = re.compile(r"<[^>]*>")
_ADDRESS = re.compile(r"^(?:https?:)?//|^www\.", re.I)


def _authors(entry: dict) -> str | None:
    for key in _AUTHORS:
        value = entry.get(key)
        names = value if isinstance(value, list) else [value]
        names = [name.get("name") if isinstance(name, dict) else name for name in names]
        names = [name.strip() for name in names if isinstance(name, str) and name.strip()]
        if names:
            return ", ".join(names)
    return None


def _listed(titles: list[str]) -> str:
    shown = [f"“{title[:60]}”" for title in titles[:3]]
    return ", ".join(shown) + (f" and {len(titles) - 3} more" if len(titles) > 3 else "")


def _page(entry: dict, text: str) -> str:
    title, body = _first_text(entry, _TITLE), _article_text(entry)
    meta = {"og:title": title, "author": _authors(entry), "article:published_time": _first_text(entry, _DATE),
            "og:site_name": _first_text(entry, _OUTLET), "og:url": _first_text(entry, _URL)}
    if meta["og:site_name"] and _ADDRESS.match(meta["og:site_name"]):   # "source": "https://...": no outlet's name
        meta["og:site_name"] = None
    head = "".join(f'<meta property="{name}" content="{html.escape(value)}">' for name, value in meta.items() if value)
    page = f"<!doctype html><html><head>{head}</head><body><article>"
    if title:
        page = _at_line(page, _line_of_key(text, _TITLE)) + f"<h1>{html.escape(title)}</h1>"
    page = _at_line(page, _line_of_key(text, _TEXT))
    if _HTML.search(body):
        page += body
    else:   # text: its paragraphs apart by blank lines, or by line breaks where it has none
        paragraphs = re.split(r"\n\s*\n" if re.search(r"\n\s*\n", body) else r"\n", body)
        page += "".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs if p.strip())
    return page + "</article></body></html>\n"


def _line_of_key(text: str, keys) -> int:
    """The line of the JSON file where the first of `keys` that it holds is written."""
    for key in keys:
        found = re.search(rf'"{re.escape(key)}"\s*:', text)
        if found:
            return text.count("\n", 0, found.start()) + 1
    return 1


def _at_line(page: str, line: int) -> str:
    """`page` with line breaks added until what follows it starts on `line`, where it does not yet."""
    return page + "\n" * max(0, line - 1 - page.count("\n"))
