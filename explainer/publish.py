"""What hosts, search engines and data users read: sitemap, robots, JSON-LD, open data."""

from __future__ import annotations

import csv
import io
import json
from html import escape

from .memo import Memo
from .records import Content, Run, Settings, Source

DATA_FILES = ("data/facts.json", "data/facts.csv", "data/sources.json")


def extra_files(content: Content, pages, date: str, memo: Memo) -> dict[str, bytes]:
    """Return the files that sit beside the pages; each fact's and source's part is made once."""
    return dict(each_extra_file(content, pages, date, memo))


def each_extra_file(content: Content, pages, date: str, memo: Memo):
    """Yield (path, bytes) for each file beside the pages, one at a time: the open data of a large
    site runs to tens of megabytes a file, and need not be held all at once."""
    yield from each_data_file(content, date, memo)
    if content.settings.site_url:
        yield "sitemap.xml", sitemap(content.settings, pages, date).encode()


def each_data_file(content: Content, date: str, memo: Memo):
    """Yield (path, bytes) for each file beside the pages but the sitemap, which needs the pages."""
    settings = content.settings
    yield ".nojekyll", b""   # GitHub Pages would otherwise run Jekyll and hide files starting with '_'
    yield "robots.txt", robots(settings).encode()
    yield "data/facts.json", memo.value(("facts.json", settings, content.fact_runs, content.source_runs, date),
                                        lambda: b"".join(facts_json(content, date, memo)), slot="facts.json")
    yield "data/facts.csv", memo.value(("facts.csv", content.fact_runs), lambda: b"".join(facts_csv(content, memo)),
                                       slot="facts.csv")
    yield "data/sources.json", memo.value(("sources.json", content.source_runs, date),
                                          lambda: b"".join(sources_json(content, date, memo)), slot="sources.json")


def each_data_file_in_pieces(content: Content, date: str, memo: Memo):
    """Yield (path, list of bytes) for the same files, unjoined: a single build writes the pieces
    one after another, and so never holds a second copy of tens of megabytes."""
    yield ".nojekyll", [b""]
    yield "robots.txt", [robots(content.settings).encode()]
    yield "data/facts.json", facts_json(content, date, memo)
    yield "data/facts.csv", facts_csv(content, memo)
    yield "data/sources.json", sources_json(content, date, memo)


def robots(settings: Settings) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if settings.site_url:
        lines.append(f"Sitemap: {settings.site_url}/sitemap.xml")
    return "\n".join(lines) + "\n"


def sitemap(settings: Settings, pages, date: str) -> str:
    """List every page but the 404 page by its absolute URL."""
    urls = sorted(settings.site_url + "/" + p.url for p in pages if p.key != "404")
    lastmod = f"<lastmod>{date}</lastmod>" if date else ""
    entries = "".join(f"<url><loc>{escape(u, quote=False)}</loc>{lastmod}</url>\n" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n")


def source_record(source: Source) -> dict:
    """Describe a source for open data."""
    return {
        "id": source.id, "title": source.title, "authors": list(source.authors), "outlet": source.outlet,
        "date": source.date.iso if source.date else None, "date_is_update": source.date_is_update,
        "url": source.url, "language": source.language,
        "seed": source.seed, "seed_sha256": source.seed_sha256, "via": source.via,
        "notes": [{"paragraph": note.paragraph, "note": note.text} for note in source.notes],
    }


def facts_json(content: Content, date: str, memo: Memo) -> list[bytes]:
    """Every fact with its verified quotes, one fact to a line, then the sources' metadata: the
    file's pieces, to be joined or written one after another."""
    settings = content.settings
    head = {"title": settings.title, "licence": settings.licence, "licence_url": settings.licence_url,
            "content_date": date}
    facts = _in_runs(memo, "facts.json rows", content.fact_runs,
                     lambda group: ",\n".join(_line(_fact_record(f)) for f in group).encode(), b",\n")
    sources = _in_runs(memo, "source.json", content.source_runs, lambda s: _line(source_record(s)).encode(), b",\n")
    return _document(head, {"facts": facts, "sources": sources})


def _in_runs(memo: Memo, name: str, runs: tuple[Run, ...], make, separator: bytes) -> list[bytes]:
    """Return make(item) for each item of the runs, joined by `separator` (empty ones left out) a run
    at a time: a rebuild looks up each run, and remakes only the items of a run that changed."""
    return [memo.value((name, run), lambda: separator.join(
        filter(None, [memo.value((name, item), lambda: make(item)) for item in run.items]))) for run in runs]


def sources_json(content: Content, date: str, memo: Memo) -> list[bytes]:
    """Every source's metadata and clean paragraphs, one source to a line, in pieces."""
    head = {"licence_note": "Article texts belong to their outlets; they are reproduced for verification.",
            "content_date": date}
    sources = _in_runs(memo, "source-text.json", content.source_runs, lambda s: _line(
        dict(source_record(s), paragraphs=[p.text for p in s.paragraphs])).encode(), b",\n")
    return _document(head, {"sources": sources})


def _fact_record(fact) -> dict:
    return {
        "id": fact.id, "topic": fact.topic, "date": fact.date.iso if fact.date else None, "claim": fact.claim,
        "outlets": len(fact.outlets),
        "citations": [{"source": q.source.id, "quote": q.text, "passage": q.passage, "paragraph": q.paragraph,
                       "source_page": f"sources/{q.source.id}/#{q.anchor}", "corrections": list(q.corrections)}
                      for q in fact.quotes],
    }


# One encoder for every record: json.dumps would make one per call.
_line = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_compact = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _document(head: dict, lists: dict[str, list[bytes]]) -> list[bytes]:
    """Return the pieces of a JSON object whose lists hold one record to a line, so diffs and
    greps stay readable.

    `lists` holds runs of records in UTF-8, each a line or several joined by ",\n"; empty runs are left out.
    """
    fields = [[(json.dumps(key, ensure_ascii=False) + ": " + json.dumps(value, ensure_ascii=False)).encode()]
              for key, value in sorted(head.items())]
    for key, runs in lists.items():
        fields.append([json.dumps(key).encode() + b": [\n", *_separated(runs), b"\n]"])
    pieces = [b"{\n"]
    for i, field in enumerate(fields):
        if i:
            pieces.append(b",\n")
        pieces += field
    pieces.append(b"\n}\n")
    return pieces


def _separated(runs):
    """Yield the runs that are not empty, with ',\n' between them."""
    first = True
    for run in runs:
        if run:
            if not first:
                yield b",\n"
            yield run
            first = False


def facts_csv(content: Content, memo: Memo) -> list[bytes]:
    """One row per citation, so a spreadsheet shows each quote beside its fact; in pieces."""
    header = _csv_rows([["fact_id", "topic", "date", "claim", "outlets", "source_id", "source_outlet",
                         "source_authors", "source_date", "source_date_is_update", "source_url", "paragraph", "quote", "corrections"]])
    source_cells = {}
    rows = _in_runs(memo, "facts.csv rows", content.fact_runs,
                    lambda group: _csv_rows([row for f in group for row in _fact_rows(f, source_cells)]).encode(), b"")
    return [header.encode(), *rows]


def _fact_rows(fact, source_cells: dict) -> list[list]:
    """A row per quote; `source_cells` keeps each source's cells, the same in every row that cites it."""
    head = [fact.id, fact.topic, fact.date.iso if fact.date else "", _cell(fact.claim), len(fact.outlets)]
    rows = []
    for q in fact.quotes:
        s = q.source
        cells = source_cells.get(s.id)
        if cells is None:
            cells = source_cells[s.id] = [s.id, _cell(s.outlet or ""), _cell("; ".join(s.authors)),
                                          s.date.iso if s.date else "", "true" if s.date_is_update else "false",
                                          _cell(s.url or "")]
        rows.append([*head, *cells, q.paragraph, _cell(q.passage), _cell(" | ".join(q.corrections))])
    return rows


def _cell(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: text that opens like one ("=HYPERLINK(...)",
    "+1", "-x", "@SUM") gets a leading apostrophe, which spreadsheets read as "this is text"."""
    return "'" + text if text[:1] in _FORMULA_START else text


_FORMULA_START = frozenset("=+-@\t\r")


def _csv_rows(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def page_jsonld(settings: Settings, page, date: str) -> str:
    """Return schema.org JSON-LD for a page: the WebSite and the page as an Article."""
    # Descriptions are left to the page's meta tags; JSON-LD adds what they cannot say.
    site = {"@type": "WebSite", "name": settings.title, "inLanguage": settings.language,
            "publisher": {"@type": "Organization", "name": settings.publisher}}
    article = {"@type": "Article", "headline": page.title, "inLanguage": settings.language,
               "citation": [_cited(s) for s in cited_sources(page)]}
    if date:
        article["dateModified"] = date
    if settings.licence_url:
        article["license"] = settings.licence_url
    if settings.site_url:
        site["url"] = settings.site_url + "/"
        article["url"] = settings.site_url + "/" + page.url
        article["mainEntityOfPage"] = article["url"]
    graph = {"@context": "https://schema.org", "@graph": [site, article]}
    # '<' escaped so no text can close the script element early.
    return _compact(graph).replace("<", "\\u003c")


def cited_sources(page) -> list[Source]:
    """Return the distinct sources a page's footnotes quote, in order of first use."""
    seen: dict[str, Source] = {}
    for note in page.footnotes:
        for quote in note.quotes:
            seen.setdefault(quote.source.id, quote.source)
    return list(seen.values())


def _cited(source: Source) -> dict:
    work = {"@type": "NewsArticle", "headline": source.title}
    if source.outlet:
        work["publisher"] = source.outlet
    if source.url:
        work["url"] = source.url
    return work
