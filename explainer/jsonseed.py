"""Read an article saved as JSON: schema.org's NewsArticle, or a news API's or a CMS's export of one."""

from __future__ import annotations

import datetime
import json

from .exported import ADDRESS, Exported, NotAnArticle, line_where, page_of, plain, several

# The keys each part of an article goes by, in the exports met most: schema.org's NewsArticle
# (headline, articleBody), the Guardian's content API (webTitle, fields.body), NewsAPI
# (publishedAt, source.name, content), WordPress (title.rendered, content.rendered), JSON Feed
# (content_html), and the plain names of a CMS's own.
_TEXT = ("articleBody", "body", "bodyText", "content_html", "content_text", "content", "text", "html",
         "article_body", "story")
_TITLE = ("headline", "title", "webTitle")
_AUTHORS = ("author", "authors", "byline", "creator", "dc:creator", "writer")
_DATE = ("datePublished", "publishedAt", "published_at", "published", "date_published", "webPublicationDate",
         "firstPublicationDate", "pubDate", "publication_date", "date")
_URL = ("url", "webUrl", "canonical_url", "link", "permalink", "mainEntityOfPage")
_OUTLET = ("publisher", "source", "site_name", "siteName", "sitename", "outlet", "publication")
# Containers an article is wrapped in: the Guardian's {"response": {"content": ...}}, a list's "articles".
_WRAPPERS = ("@graph", "response", "content", "results", "articles", "items", "data", "article", "posts", "entries")
MOST_LEVELS = 20   # an export nests its article a few levels deep; past this, nothing is looked for
# schema.org's kinds of article; an entry of another kind (a Comment, a WebPage) is no article, whatever it holds.
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                  "OpinionNewsArticle", "BackgroundNewsArticle", "Report", "LiveBlogPosting", "SocialMediaPosting"}


def json_to_page(text: str) -> str:
    """Return the HTML page a JSON export of one article stands for; raise NotAnArticle."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise NotAnArticle(err.lineno, f"is not valid JSON: {err.msg} (column {err.colno})") from None
    except RecursionError:
        raise NotAnArticle(1, "nests its values too deeply to be read: no article export does") from None
    except ValueError as err:   # a number of more than 4,300 digits, which Python declines to read
        raise NotAnArticle(1, f"is not valid JSON: {err}") from None
    found, others = [], []
    _find_articles(data, found, others, 0, {})
    if not found:
        raise NotAnArticle(1, "holds no article: a JSON seed is one article, its text under one of the keys "
                              + ", ".join(f'"{key}"' for key in _TEXT[:4]) + " or \"text\"")
    if len(found) + len(others) > 1:   # each item of a list counts, with a text or not: which one is meant?
        raise NotAnArticle(1, several([_first_text(item, _TITLE) or "untitled" for item in found + others]))
    entry = _with_references_resolved(found[0], _named_entries(data, {}, 0))
    if isinstance(data, dict) and str(data.get("version", "")).startswith("https://jsonfeed.org"):
        entry = {"publication": data.get("title"), **entry}   # a JSON Feed's title names its site
    return page_of(Exported(_article_text(entry), _first_text(entry, _TITLE), _authors(entry), _date(entry),
                            _first_text(entry, _URL, address=True), _first_text(entry, _OUTLET, keep=_named),
                            line_where(text, [rf'"{key}"\s*:' for key in _TITLE]),
                            line_where(text, [rf'"{key}"\s*:' for key in _TEXT])))


def _find_articles(value, found: list, others: list, depth: int, around: dict) -> None:
    """Collect the entries that hold an article's text, looking through lists and known wrappers, and
    into `others` the entries beside them in a list that hold none. An entry wrapped in another takes the
    metadata of the one around it that it does not give itself ({"title": ..., "content": {"body": ...}})."""
    if depth > MOST_LEVELS:
        return
    if isinstance(value, list):
        before = len(found)
        items = [item for item in value if isinstance(item, dict) and _an_article_kind(item)]
        for item in items:
            _find_articles(item, found, others, depth + 1, {})
        if len(found) > before:   # a list of articles: those of its items with no text are articles too
            others += [item for item in items if _article_text(_flattened(item)) is None and _first_text(item, _TITLE)]
        return
    if not isinstance(value, dict) or not _an_article_kind(value):
        return
    entry = {**around, **_flattened(value)}
    if _article_text(entry) is not None:
        found.append(entry)
        return
    for key in _WRAPPERS:
        if isinstance(value.get(key), (dict, list)):
            inherited = {k: v for k, v in entry.items() if k not in _WRAPPERS}
            _find_articles(value[key], found, others, depth + 1, inherited)


def _named_entries(value, named: dict, depth: int) -> dict:
    """Every entry of the export that has an "@id" and a "name", by its id: a @graph names the author and
    the publisher once, and an article refers to them ({"author": {"@id": "#person-1"}})."""
    if depth > MOST_LEVELS:
        return named
    if isinstance(value, dict):
        if isinstance(value.get("@id"), str) and "name" in value:
            named.setdefault(value["@id"], value)
        for item in value.values():
            if isinstance(item, (dict, list)):
                _named_entries(item, named, depth + 1)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                _named_entries(item, named, depth + 1)
    return named


def _with_references_resolved(entry: dict, named: dict) -> dict:
    """The entry with its authors and publisher given by reference replaced by the entries named."""
    def resolved(value):
        if isinstance(value, list):
            return [resolved(item) for item in value]
        if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
            return named.get(value["@id"], value)
        return value
    return {key: resolved(value) if key in _AUTHORS or key in _OUTLET else value for key, value in entry.items()}


def _an_article_kind(entry: dict) -> bool:
    """Tell an entry that is an article, or may be one: of a kind of article, or of no stated kind."""
    kinds = entry.get("@type")
    return kinds is None or bool(set(kinds if isinstance(kinds, list) else [kinds]) & _ARTICLE_TYPES) \
        or "@graph" in entry


def _flattened(entry: dict) -> dict:
    """An entry with the fields an API nests under "fields" (the Guardian's) beside its own."""
    fields = entry.get("fields")
    return {**entry, **fields} if isinstance(fields, dict) else entry


def _article_text(entry: dict) -> str | None:
    """The entry's text, under the first of the keys of _TEXT that holds one."""
    for key in _TEXT:
        value = _rendered(entry.get(key))
        if isinstance(value, str) and value.strip():
            return value
    return None


def _rendered(value):
    """WordPress gives its texts as {"rendered": "..."}."""
    return value.get("rendered") if isinstance(value, dict) and isinstance(value.get("rendered"), str) else value


def _first_text(entry: dict, keys, keep=lambda text: True, address: bool = False) -> str | None:
    """The first of `keys` that the entry gives a text for that it `keep`s, as text: a name of an entry
    (or, for an `address`, its id: {"@id": "https://..."}), a number too. An id names no one ("#org")."""
    for key in keys:
        value = _rendered(entry.get(key))
        if isinstance(value, dict):   # {"name": "Reuters"}, {"@id": "https://..."}
            value = value.get("name") or (value.get("@id") if address else None)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip() and keep(plain(value)):
            return plain(value)
    return None


def _named(outlet: str) -> bool:
    """Tell an outlet's name from its address ("publisher": "https://..."), which names no one."""
    return not ADDRESS.match(outlet)


def _date(entry: dict) -> str | None:
    """The date of publication: a text, or a number of seconds (or milliseconds) since 1970, as APIs give it."""
    for key in _DATE:
        value = entry.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1e14:
            seconds = value / 1000 if value > 1e11 else value   # past 1e11 seconds is the year 5138: milliseconds
            return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).isoformat()
        if value is not None:
            return _first_text(entry, (key,))
    return None


def _authors(entry: dict) -> str | None:
    """The authors' names, apart by commas: given as a text, a list, or entries with a "name"; or, where
    WordPress gives the author as a number, as the entries it embeds ("_embedded": {"author": [...]})."""
    embedded = entry.get("_embedded")
    for value in [*map(entry.get, _AUTHORS), embedded.get("author") if isinstance(embedded, dict) else None]:
        names = value if isinstance(value, list) else [value]
        names = [name.get("name") if isinstance(name, dict) else name for name in names]
        names = [plain(name) for name in names if isinstance(name, str) and plain(name)]
        if names:
            return ", ".join(names)
    return None
