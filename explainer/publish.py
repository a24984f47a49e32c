"""What hosts, search engines and data users read: sitemap, robots, JSON-LD, open data."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape as xml_escape

from .records import Content, Settings, Source

DATA_FILES = ("data/facts.json", "data/facts.csv", "data/sources.json")


def extra_files(content: Content, pages, date: str) -> dict[str, bytes]:
    """Return the files that sit beside the pages."""
    settings = content.settings
    files = {
        ".nojekyll": b"",   # GitHub Pages would otherwise run Jekyll and hide files starting with '_'
        "robots.txt": robots(settings).encode(),
        "data/facts.json": _json(facts_data(content, date)),
        "data/facts.csv": facts_csv(content).encode("utf-8"),
        "data/sources.json": _json(sources_data(content, date)),
    }
    if settings.site_url:
        files["sitemap.xml"] = sitemap(settings, pages, date).encode()
    return files


def robots(settings: Settings) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if settings.site_url:
        lines.append(f"Sitemap: {settings.site_url}/sitemap.xml")
    return "\n".join(lines) + "\n"


def sitemap(settings: Settings, pages, date: str) -> str:
    """List every page but the 404 page by its absolute URL."""
    urls = sorted(settings.site_url + "/" + p.url for p in pages if p.key != "404")
    lastmod = f"<lastmod>{date}</lastmod>" if date else ""
    entries = "".join(f"<url><loc>{xml_escape(u)}</loc>{lastmod}</url>\n" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n")


def source_record(source: Source) -> dict:
    """Describe a source for open data."""
    return {
        "id": source.id, "title": source.title, "authors": list(source.authors), "outlet": source.outlet,
        "date": source.date.iso if source.date else None, "url": source.url, "language": source.language,
        "seed": source.seed, "seed_sha256": source.seed_sha256, "via": source.via,
    }


def facts_data(content: Content, date: str) -> dict:
    return {
        "title": content.settings.title, "licence": content.settings.licence,
        "licence_url": content.settings.licence_url, "content_date": date,
        "facts": [{
            "id": f.id, "topic": f.topic, "date": f.date.iso if f.date else None, "claim": f.claim,
            "outlets": len(f.outlets),
            "citations": [{"source": q.source.id, "quote": q.text, "passage": q.passage, "paragraph": q.paragraph,
                           "source_page": f"sources/{q.source.id}/#{q.anchor}"} for q in f.quotes],
        } for f in content.facts],
        "sources": [source_record(s) for s in content.sources],
    }


def sources_data(content: Content, date: str) -> dict:
    return {
        "licence_note": "Article texts belong to their outlets; they are reproduced for verification.",
        "content_date": date,
        "sources": [dict(source_record(s), paragraphs=[p.text for p in s.paragraphs]) for s in content.sources],
    }


def facts_csv(content: Content) -> str:
    """One row per citation, so a spreadsheet shows each quote beside its fact."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["fact_id", "topic", "date", "claim", "outlets", "source_id", "source_outlet",
                     "source_authors", "source_date", "source_url", "paragraph", "quote"])
    for fact in content.facts:
        for q in fact.quotes:
            s = q.source
            writer.writerow([fact.id, fact.topic, fact.date.iso if fact.date else "", fact.claim, len(fact.outlets),
                             s.id, s.outlet or "", "; ".join(s.authors), s.date.iso if s.date else "", s.url or "",
                             q.paragraph, q.passage])
    return out.getvalue()


def page_jsonld(settings: Settings, page, date: str) -> str:
    """Return schema.org JSON-LD for a page: the WebSite and the page as an Article."""
    site = {"@type": "WebSite", "name": settings.title, "description": settings.description,
            "inLanguage": settings.language, "publisher": {"@type": "Organization", "name": settings.publisher}}
    article = {"@type": "Article", "headline": page.title, "description": page.description,
               "inLanguage": settings.language, "isPartOf": {"@type": "WebSite", "name": settings.title},
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
    return json.dumps(graph, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def cited_sources(page) -> list[Source]:
    """Return the distinct sources a page's footnotes quote, in order of first use."""
    seen: dict[str, Source] = {}
    for note in page.footnotes:
        for quote in note.quotes:
            seen.setdefault(quote.source.id, quote.source)
    return list(seen.values())


def _cited(source: Source) -> dict:
    work = {"@type": "NewsArticle", "headline": source.title}
    if source.authors:
        work["author"] = [{"@type": "Person", "name": a} for a in source.authors]
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": source.outlet}
    if source.date:
        work["datePublished"] = source.date.iso
    if source.url:
        work["url"] = source.url
    return work


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
