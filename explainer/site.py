"""Plan the site: every page's address, body, footnotes and what it depends on."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from itertools import chain
from typing import NamedTuple
from urllib.parse import quote as urlquote, urlsplit

from markupsafe import Markup as HTML

from .citations import Citer, Footnote, inline_html, unsafe_link_message
from .graphic import in_date_order, label_lines, timeline_svg
from .lazy import regex
from .markup import MAX_BRACKETS, Markup, Unreadable, brackets, find_citations, too_many_brackets, without_code
from .memo import Memo, Ref
from .problems import NOT_CITED, Problems
from .record import field, record
from .records import Content, Fact, PageSource, Quote, Run, Source

# Generated pages: (key, address, title, navigation order).
TIMELINE = ("timeline", "timeline/", "Timeline", 5)
DIFFERENCES = ("differences", "differences/", "Where the sources differ", 6)
# Long lists are split into pages, so that every page, footnotes and all, stays light on a phone.
EVENTS_PER_PAGE = 10
DISPUTES_PER_PAGE = 3


def part_url(base: str, part: int) -> str:
    """Return the address of part `part` (from 1) of a generated list: 'timeline/', 'timeline/2/'."""
    return base if part == 1 else f"{base}{part}/"


def chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]
SOURCES = ("sources", "sources/", "Sources", 7)


class Use(NamedTuple):
    """A place that cites a passage: the page's title and address and the note number.

    A tuple, so that the keys holding every use of a source hash quickly.
    """

    title: str
    url: str
    number: int


@record(frozen=True)
class Segment:
    """A run of a source paragraph; `uses` is set when the explainer quotes it."""

    text: str
    mark_id: str = ""
    uses: tuple[Use, ...] = ()
    notes: tuple[str, ...] = ()


@record(frozen=True, eq=False)
class PageModel:
    """Everything a template needs to render one page, and what the page depends on."""

    key: str
    url: str                     # address relative to the site root: '' or 'law/'
    title: str
    description: str
    template: str
    nav_order: int | None
    body: HTML = HTML("")
    footnotes: tuple[Footnote, ...] = ()
    data: dict = field(default_factory=dict)

    @property
    def path(self) -> str:
        if self.key == "404":
            return "404.html"
        return self.url + "index.html"


def url_between(page_url: str, target: str) -> str:
    """Return a relative link from the page at `page_url` to the site address `target`.

    Both are site addresses without a leading slash: '' or 'law/' for pages,
    'assets/style.css' or 'sources/x/#p3' for targets.
    """
    return links_from(page_url)(target)


def links_from(page_url: str):
    """Return url_between(page_url, target) as a function of `target`: a page links to dozens of them."""
    here = page_url.split("/")[:-1]          # folders of the page: 'a/b/' -> ['a', 'b']
    up, depth = "../" * len(here), len(here)

    def link(target: str) -> str:
        target, hash_, anchor = target.partition("#")
        if not depth:
            return (target or ("" if hash_ else "./")) + hash_ + anchor
        there = target.split("/")
        common = 0
        while common < depth and common < len(there) - 1 and here[common] == there[common]:
            common += 1
        link = up[3 * common:] + "/".join(there[common:])
        if not link and not hash_:
            link = "./"
        return link + hash_ + anchor

    return link


def site_root(settings) -> str:
    """Return the path the site is served under: '/' or, for https://x.github.io/explainer, '/explainer/'."""
    return urlsplit(settings.site_url or "").path.rstrip("/") + "/"


def fragment_link(quote: Quote) -> str:
    """Return the site address of a quote's paragraph with a text fragment for its words."""
    passages = quote.passage.split(" … ")
    first = passages[0].split()
    if len(passages) == 1 and len(first) <= 6:
        directive = _fragment_text(passages[0])
    else:
        last = passages[-1].split() if len(passages) > 1 else first
        directive = _fragment_text(" ".join(first[:3])) + "," + _fragment_text(" ".join(last[-3:]))
    return f"sources/{quote.source.id}/#{quote.anchor}:~:text={directive}"


# What urlquote(text, safe="") escapes, and '-' too, which a text fragment's syntax reserves.
_ESCAPES = {c: f"%{c:02X}" for c in range(128) if not (chr(c).isalnum() or chr(c) in "_.~")}


def _fragment_text(text: str) -> str:
    if text.isascii():   # most quotes: one pass in C rather than a call a byte
        return text.translate(_ESCAPES)
    return urlquote(text, safe="").replace("-", "%2D")


class Planner:
    """Plan every page of a site from verified content."""

    def __init__(self, content: Content, markup: Markup, problems: Problems, memo: Memo | None = None):
        self.content, self.markup, self.problems = content, markup, problems
        self.memo = memo or Memo()
        self.facts = self._facts_by_id()
        self.source_pages: list[PageModel] = []   # the last of the pages `plan` returns
        self.parts: list[list[PageModel]] = []    # the pages `plan` returns, in the runs it looked them up
        # Every fact comes from an entry whose id was declared, so the declared ids are all the known ones.
        self.known_ids = content.declared_fact_ids   # None: some fact files could not be read
        self.disputed: dict[str, list[str]] = {}
        self.dispute_urls: dict[str, str] = {}
        for n, part in enumerate(chunks(list(content.disputes), DISPUTES_PER_PAGE), 1):
            for dispute in part:
                self.dispute_urls[dispute.id] = f"{part_url(DIFFERENCES[1], n)}#{dispute.id}"
                for fact_id in dispute.facts:
                    self.disputed.setdefault(fact_id, []).append(dispute.id)
        # What a page shows of a disputed fact's disputes: which they are and where they stand.
        self._disputes_shown = {fact_id: tuple((d, self.dispute_urls[d]) for d in ids)
                                for fact_id, ids in self.disputed.items()}

    def citer(self, page_url: str, from_root: bool = False) -> Citer:
        """Return a Citer for the page at `page_url`; `from_root` for a page served at any address (404.html),
        whose links start from the site's root."""
        root = site_root(self.content.settings) if from_root else ""
        link = (lambda target: root + target) if from_root else links_from(page_url)
        # A link is made for each dispute the page touches, not for all: a page touches few.
        return Citer(self.facts, self.markup, self.disputed, lambda dispute_id: link(self.dispute_urls[dispute_id]),
                     self.known_ids, link)

    def plan(self) -> list[PageModel]:
        """Return every page: narrative, generated, then one per source.

        Each page is planned afresh only when something it shows changed: its
        memo key holds every record the page reads. The narrative pages are
        looked up a part at a time (see memo.parts_of), and so is each step
        after planning, so a rebuild after one save costs little more than the
        pages it replans. `parts` holds the pages as they were looked up.
        """
        memo = self.memo
        parts = [self.planned(work) for work in self.first_work(in_parts=True)]
        uses = self.uses([memo.value(("uses", Ref(part)), lambda: self._same_uses(part)) for part in parts])
        # While the sources and where they are quoted stand still, so do all their pages: one lookup.
        self.source_pages = memo.once(
            ("source pages", Ref(uses), self.content.settings, self.content.source_runs),
            lambda found: self._with(found, lambda: [page for work in self.source_work(uses)
                                                     for page in self.planned(work)]), self.problems)
        parts.append(self.source_pages)
        self.report([memo.value(("summaries", Ref(part)), lambda: self._same_summaries(part)) for part in parts])
        self.parts = parts
        return [page for part in parts for page in part]

    def planned(self, work: tuple) -> list[PageModel]:
        """Return the pages of one piece of work (key, method, *args), from the memo when it has them."""
        key, method, *args = work
        return self.memo.once(key, lambda found: self._with(found, _listed, method, *args), self.problems)

    def first_work(self, in_parts: bool = False) -> list[tuple]:
        """The narrative and generated pages, as (memo key, method, *args); the source pages need them first.

        `in_parts` makes a piece of work of each part of the narrative pages,
        keyed by all that its pages' keys hold.
        """
        content, memo = self.content, self.memo
        if not memo.remembers and not in_parts:   # a single build: no piece of work is looked up by its key
            return [(None, self.narrative, page) for page in content.pages] + [
                (None, method) for method in (self.timeline, self.differences, self.sources_index, self.not_found)]
        settings, summary = content.settings, self._facts_key(self._cited_ids(content.settings.summary))
        unlisted = memo.value(("unlisted", content.page_runs),
                              lambda: tuple((p.title, p.slug) for p in content.pages if p.order is None))
        everything = (content.fact_runs, content.source_runs, content.disputes)

        def page_work(page: PageSource) -> tuple:
            if not memo.remembers:   # what the page shows of the facts it cites need not be named
                return None, self.narrative, page
            home = page.slug == ""
            key = ("narrative", page, settings, self._facts_key(self._cited_ids(page.body)),
                   summary if home else (), unlisted if home else (), everything if page.coverage else ())
            return key, self.narrative, page

        if not in_parts:
            work = [page_work(page) for page in content.pages]
        else:
            work = []
            files, file_of = content.fact_files, self._file_of()
            for run in content.page_runs:
                ids, home, coverage = memo.value(("pages part", run), lambda: (
                    tuple(fact_id for page in run.items for fact_id in self._cited_ids(page.body)),
                    any(page.slug == "" for page in run.items), any(page.coverage for page in run.items)))
                # What the pages' keys name of the facts they cite, by the files that hold those facts: a
                # file changed is a new tuple. An id in no file may come to be known: then all ids known count.
                where = memo.value(("files cited", run, Ref(file_of)),
                                   lambda: tuple(sorted({file_of.get(fact_id, -1) for fact_id in ids})))
                key = ("narrative part", run, settings, tuple(files[n] for n in where if n >= 0), content.disputes,
                       self.known_ids if where and where[0] < 0 else (), summary if home else (),
                       unlisted if home else (), everything if coverage else ())
                work.append((key, self._each_planned, run.items, page_work))
        dated = tuple(chain.from_iterable(memo.value(("dated", run), lambda: [f for group in run.items for f in group
                                                                              if f.date])
                                          for run in content.fact_runs))
        work.append((("timeline", settings, self._facts_key(f.id for f in dated), summary), self.timeline))
        in_disputes = (f for d in content.disputes for f in d.facts)
        work.append((("differences", settings, content.disputes, self._facts_key(in_disputes), summary),
                     self.differences))
        counts = self._quote_counts()
        work.append((("sources", settings, content.source_runs, memo.value(
            ("counts shown", Ref(counts), content.source_runs), lambda: tuple(counts.get(s.id, 0) for s in content.sources)),
            summary), self.sources_index))
        work.append((("404", settings, summary), self.not_found))
        return work

    def _facts_by_id(self) -> dict[str, Fact]:
        """Return {fact id: fact}, made from the last build's by redoing only the runs of facts that changed."""
        memo = self.memo
        runs = tuple(memo.value(("facts by id", run), lambda: {fact.id: fact for group in run.items for fact in group})
                     for run in self.content.fact_runs)
        return memo.value(("facts index", tuple(map(Ref, runs))), lambda: _index(runs, memo.latest("facts index")),
                          slot="facts index")[0]

    def _file_of(self) -> dict[str, int]:
        """Return the number of the file that holds each fact id: the same dict while every file
        holds the same ids."""
        memo = self.memo
        ids = tuple(memo.value(("ids", run), lambda: self._same_ids(run)) for run in self.content.fact_runs)
        return memo.value(("file of", tuple(map(Ref, ids))), lambda: {
            fact_id: n for n, group in enumerate(chain.from_iterable(ids)) for fact_id in group}, slot="file of")

    def _same_ids(self, run: Run) -> tuple:
        found = tuple(tuple(fact.id for fact in group) for group in run.items)
        return self.memo.same("ids by value", found)

    def _quote_counts(self) -> Counter:
        """Count the quotes the facts take from each source, by source id: the same Counter while
        every part of the facts quotes the same sources."""
        memo = self.memo
        parts = [memo.value(("quoted sources", run), lambda: self._same_quoted(run)) for run in self.content.fact_runs]
        return memo.value(("quote counts", tuple(map(Ref, parts))), lambda: Counter(chain.from_iterable(parts)),
                          slot="quote counts")

    def _same_quoted(self, run: Run) -> tuple[str, ...]:
        found = tuple(quote.source.id for group in run.items for fact in group for quote in fact.quotes)
        return self.memo.same("quoted sources by value", found)

    def _each_planned(self, pages, page_work) -> list[PageModel]:
        return [model for page in pages for model in self.planned(page_work(page))]

    def source_work(self, uses: dict) -> list[tuple]:
        """One source page each, as (memo key, method, *args), given where each quote is used."""
        settings, keyed = self.content.settings, self.memo.remembers
        return [(("source", source, settings, tuple(uses.get(source.id, ()))) if keyed else None, self.source_page,
                 source, uses) for source in self.content.sources]

    def generates(self, work: tuple) -> bool:
        """Tell a piece of first work that makes a page of all the content, not of one page's text."""
        return work[1] in (self.timeline, self.differences, self.sources_index, self.not_found)

    def nav(self) -> tuple[tuple[str, str, str], ...]:
        """The pages of the main navigation, in order, as (title, address, page key)."""
        entries = list(self.memo.value(("nav", self.content.page_runs), lambda: [
            (page.order, page.title, page.nav_title or page.title, "" if page.slug == "" else page.slug + "/",
             page.slug or "index") for page in self.content.pages if page.order is not None]))
        for (key, url, title, order), nav_title in ((TIMELINE, "Timeline"), (DIFFERENCES, "Differences"),
                                                    (SOURCES, "Sources")):
            entries.append((order, title, nav_title, url, key))
        return tuple((nav_title, url, key) for _, _, nav_title, url, key in sorted(entries, key=lambda e: e[:2]))

    def report(self, parts: list) -> None:
        """Warn of facts no page cites; refuse pages that cite nothing. `parts` holds the pages'
        summaries, in runs."""
        memo, content = self.memo, self.content
        cited = memo.value(("cited", tuple(map(Ref, parts))),
                           lambda: {fact_id for part in parts for summary in part for fact_id in summary.cited},
                           slot="cited")
        urls = memo.value(("page urls", tuple(map(Ref, parts))),
                          lambda: frozenset(summary.url for part in parts for summary in part), slot="page urls")
        for run in content.fact_runs:   # shown in the timeline and beside disputes, wherever a page cites them
            # Most claims are plain sentences, told at once to hold no link and no '[' at all.
            marked = memo.value(("claims with marks", run), lambda: [
                fact for group in run.items for fact in group if not _plain_sentence(fact.claim)])
            for fact, why in memo.value(("refused in claims", run), lambda: [
                    (fact, why) for fact in marked for why in self._refused(fact.claim)]):
                self.problems.error(fact.path, fact.claim_line or fact.line, f"fact '{fact.id}': {why}")
            for fact, href in memo.value(("dead links in claims", run, urls), lambda: [
                    (fact, href) for fact in marked for _, href in links_to_no_page(fact.claim, "", urls)]):
                self.problems.warn(fact.path, fact.claim_line or fact.line, f"fact '{fact.id}': {_no_page(href)}")
        for dispute in content.disputes:
            for why in self._refused(dispute.note):
                self.problems.error(dispute.path, dispute.note_line or dispute.line, f"dispute '{dispute.id}': {why}")
            for _, href in links_to_no_page(dispute.note, "", urls):
                self.problems.warn(dispute.path, dispute.note_line or dispute.line,
                                   f"dispute '{dispute.id}': {_no_page(href)}")
        settings = content.settings
        for at, href in links_to_no_page(settings.summary or "", "", urls):
            self.problems.warn(settings.path, settings.summary_line + settings.summary.count("\n", 0, at),
                               f"field 'summary': {_no_page(href)}")
        for run in content.fact_runs:
            for fact in memo.value(("uncited", Ref(cited), run),
                                   lambda: [fact for group in run.items for fact in group if fact.id not in cited]):
                self.problems.warn(fact.path, fact.line, f"fact '{fact.id}' {NOT_CITED}")
        for part in parts:
            for summary in memo.value(("cites nothing", Ref(part)),
                                      lambda: [s for s in part if not s.has_notes and not s.attempted]):
                where = summary.path or content.settings.path
                self.problems.error(where, 1, f"the page '{summary.title}' cites nothing: every page needs at least "
                                              "one citation ([@fact-id])")
        for run in content.page_runs:   # a run at a time: at 4,000 pages, a save looks up 63 runs
            for page, line, href in memo.value(("dead links", run, urls), lambda: [
                    (page, line, href) for page in run.items for line, href in _dead_links(page, urls)]):
                self.problems.warn(page.path, line, f"the link to '{href}' leads to no page of the site (a page "
                                                    "content/pages/NAME.md is published at NAME/)")

    def _refused(self, text: str) -> tuple[str, ...]:
        """Say what is refused in a claim or a note: each link to where a page must not lead, or too many '['."""
        if brackets(text) > MAX_BRACKETS:
            return (too_many_brackets(text),)
        # A link with a scheme has a colon, spelt out or as an entity: most claims have neither.
        if ":" not in text and "&" not in text:
            return ()
        try:
            return tuple(map(unsafe_link_message, self.markup.inline(text)[1]))
        except Unreadable:   # reported where a page shows the text (see citations.inline_html), if one does
            return ()

    def _with(self, problems: Problems, method, *args):
        """Run a planning method with its problems collected apart, for the memo."""
        saved, self.problems = self.problems, problems
        try:
            return method(*args)
        finally:
            self.problems = saved

    def _cited_ids(self, text: str) -> tuple[str, ...]:
        return self.memo.value(("refs", text), lambda: tuple(
            fact_id for _, _, ids in find_citations(text) if ids for fact_id in ids))

    def _facts_key(self, fact_ids) -> tuple:
        """Name everything a page shows of the facts it cites: the facts, their disputes and where
        those stand (a dispute moves to another part of the list when one before it comes or goes),
        and, for an id that names no fact, whether it is known at all."""
        ids = tuple(fact_ids)
        facts = tuple(map(self.facts.get, ids))
        key = (ids, facts, tuple(map(self._disputes_shown.get, ids)))
        if None in facts:
            known = self.known_ids
            key += (tuple(known is None or f in known for f in ids),)
        return key

    def narrative(self, page) -> PageModel:
        url = "" if page.slug == "" else page.slug + "/"
        citer = self.citer(url)
        lede = self._summary(citer, url) if page.slug == "" else HTML("")
        body = citer.render(page.body, page.path, page.body_line, self.problems)
        coverage = self.coverage() if page.coverage else None
        # Pages without a place in the navigation are listed on the home page, so every page is reachable.
        more = [(p.title, f"{p.slug}/") for p in self.content.pages if p.order is None and p.slug] if not page.slug else []
        return self._model(page.slug or "index", url, page.title, page.description or self.content.settings.description,
                           "page.html", page.order, body, citer,
                           {"lede": lede, "path": page.path, "coverage": coverage, "nav_title": page.nav_title,
                            "more": more})

    def coverage(self) -> dict:
        """Count how well the facts are sourced, for the about page."""
        facts = self.content.facts
        by_outlets: dict[int, int] = {}
        for fact in facts:
            by_outlets[len(fact.outlets)] = by_outlets.get(len(fact.outlets), 0) + 1
        return {
            "facts": len(facts),
            "citations": sum(len(f.quotes) for f in facts),
            "sources": len(self.content.sources),
            "outlets": len({s.outlet_key for s in self.content.sources}),
            "unnamed": sum(not s.outlet for s in self.content.sources),
            "disputes": len(self.content.disputes),
            "by_outlets": sorted(by_outlets.items()),
            "mean_outlets": sum(len(f.outlets) for f in facts) / len(facts) if facts else 0.0,
        }

    def _summary(self, citer: Citer, url: str) -> HTML:
        settings = self.content.settings
        return citer.render(settings.summary, settings.path, settings.summary_line, self.problems, inline=True,
                            from_root=True)

    def timeline(self) -> list[PageModel]:
        """Return the timeline: the graphic and the first dated events, then further parts.

        A part is planned again only when its events, or their number, changed;
        the graphic, when any event did, but each event's label only when it did.
        """
        key, base, title, order = TIMELINE
        memo, settings = self.memo, self.content.settings
        # Found a run of fact files at a time: a save looks again at the run it changed, not at every fact.
        dated = sorted(chain.from_iterable(memo.value(("dated", run), lambda: [
            fact for group in run.items for fact in group if fact.date]) for run in self.content.fact_runs),
            key=in_date_order)
        parts = chunks(dated, EVENTS_PER_PAGE)
        where = {fact.id: part_url(base, n) for n, part in enumerate(parts, 1) for fact in part}
        graphic = memo.value(("timeline graphic", tuple(dated), settings.timeline_start), lambda: timeline_svg(
            dated, settings.timeline_start, "Timeline of the story",
            lambda fact: url_between(base, f"{where[fact.id]}#event-{fact.id}"),
            lambda fact: memo.value(("label lines", fact), lambda: label_lines(fact))))
        summary = self._facts_key(self._cited_ids(settings.summary))

        def page(n: int, part: list) -> PageModel:
            url = part_url(base, n)
            citer = self.citer(url)
            entries = [{"fact": f, "claim": citer.claim_html(f, self.problems), "marker": HTML(citer.cite_fact(f))}
                       for f in part]
            return self._model(
                key if n == 1 else f"{key}-{n}", url, title if n == 1 else f"{title}, part {n}",
                "Dated events of the story, in order, each with its sources.", "timeline.html",
                order if n == 1 else None, HTML(""), citer,
                {"entries": entries, "lede": HTML("") if entries else self._summary(citer, url),
                 "graphic": graphic if n == 1 else HTML(""), "pager": _pager(base, url, n, len(parts))})

        return [memo.once(("timeline part", n, len(parts), settings, self._facts_key(f.id for f in part),
                           graphic if n == 1 else None, () if part else summary),
                          lambda found: self._with(found, page, n, part), self.problems)
                for n, part in enumerate(parts, 1)]

    def differences(self) -> list[PageModel]:
        """Return the disputes, side by side, a few to a page."""
        key, base, title, order = DIFFERENCES
        parts = chunks(list(self.content.disputes), DISPUTES_PER_PAGE)
        pages = []
        for n, part in enumerate(parts, 1):
            url = part_url(base, n)
            citer = self.citer(url)
            items = []
            for dispute in part:
                accounts = []
                for i, quote in enumerate(dispute.accounts):
                    marker = citer.cite(f"dispute:{dispute.id}:{i}", (quote,), None)
                    accounts.append({"quote": quote, "marker": HTML(marker)})
                facts = [self.facts[f] for f in dispute.facts if f in self.facts]
                items.append({"dispute": dispute, "accounts": accounts,
                              "note": inline_html(self.markup, dispute.note, self.problems, dispute.path,
                                                  dispute.note_line or dispute.line, f"dispute '{dispute.id}'",
                                                  citer.link),
                              "facts": [(f, citer.claim_html(f, self.problems)) for f in facts]})
            contents = [(d.question, url_between(url, self.dispute_urls[d.id])) for d in self.content.disputes]
            pages.append(self._model(
                key if n == 1 else f"{key}-{n}", url, title if n == 1 else f"{title}, part {n}",
                "Where the sources disagree, side by side, and what the editors make of it.", "differences.html",
                order if n == 1 else None, HTML(""), citer,
                {"disputes": items, "lede": HTML("") if items else self._summary(citer, url),
                 "contents": contents, "pager": _pager(base, url, n, len(parts)), "nav_title": "Differences"}))
        return pages

    def sources_index(self) -> PageModel:
        key, url, title, order = SOURCES
        citer = self.citer(url)
        lede = self._summary(citer, url)
        counts = self._quote_counts()
        counts = {s.id: counts.get(s.id, 0) for s in self.content.sources}
        return self._model(key, url, title, "The articles this explainer quotes, in full, as clean reading views.",
                           "sources.html", order, HTML(""), citer,
                           {"lede": lede, "sources": self.content.sources, "counts": counts})

    def not_found(self) -> PageModel:
        citer = self.citer("", from_root=True)
        lede = self._summary(citer, "")
        return self._model("404", "", "Page not found", "There is no page at this address.",
                           "404.html", None, HTML(""), citer, {"lede": lede})

    def uses(self, parts: list) -> dict[str, list[tuple[Quote, Use | None]]]:
        """Index by source every quote the pages show, then those no page shows. `parts` holds,
        in runs, each page's (source id, quote, use) from uses_of.

        While each run shows the very quotes it showed, the index is the one made before.
        """
        memo = self.memo
        shown = memo.value(("uses shown", tuple(map(Ref, parts))), lambda: _index_uses(parts), slot="uses shown")
        # Quoted by facts no page cites: still highlighted.
        unshown = tuple(dict.fromkeys(quote for run in self.content.fact_runs for quote in memo.value(
            ("unshown", Ref(shown), run),
            lambda: [q for group in run.items for fact in group for q in fact.quotes if q not in shown[1]])))
        return memo.value(("uses", Ref(shown), unshown), lambda: _add_unshown(shown[0], unshown), slot="uses")

    def _same_uses(self, pages: list[PageModel]) -> tuple:
        """Return where pages quote, as the very tuple of the last build when nothing in it changed."""
        found = tuple(tuple(uses_of(page)) for page in pages if shows_uses(page))
        return self.memo.same("uses by value", found)

    def _same_summaries(self, pages: list[PageModel]) -> tuple:
        """Return what the site-wide checks need of pages, as the very tuple of the last build when
        nothing in it changed."""
        found = tuple(map(summary_of, pages))
        return self.memo.same("summaries by value", found)

    def source_page(self, source: Source, uses) -> PageModel:
        url = f"sources/{source.id}/"
        citer = self.citer(url)
        # The highlights and their lists of citing places link every quoted passage to the
        # explainer; the page's own note cites the article's opening words, checked like any quote.
        first = source.paragraphs[0]
        words = " ".join(first.text.split()[:12])
        citer.cite(f"opening@{source.id}", (Quote(source, words, first.n, ((0, len(words)),)),), None, marker=False)
        by_paragraph: dict[int, list] = {}
        for quote, use in uses.get(source.id, ()):
            by_paragraph.setdefault(quote.paragraph, []).append((quote, use))
        paragraphs = [(p, _segments(source, p.n, by_paragraph.get(p.n, []))) for p in source.paragraphs]
        description = f"The text of “{source.title}” ({_source_name(source)}), as this explainer quotes it."
        return self._model(f"source:{source.id}", url, source.title, description, "source.html", None,
                           HTML(""), citer, {"source": source, "paragraphs": paragraphs})

    def _model(self, key, url, title, description, template, order, body, citer: Citer, data) -> PageModel:
        footnotes = tuple(citer.footnotes())
        data = dict(data, cited=tuple(citer.cited), attempted=citer.attempted)
        return PageModel(key, url, title, description, template, order, body, footnotes, data)


def _pager(base: str, url: str, n: int, count: int) -> list[tuple[str, str]]:
    """Links to the other parts of a generated list: (label, relative address)."""
    return [(f"Part {k}" if k != n else "", url_between(url, part_url(base, k))) for k in range(1, count + 1)] \
        if count > 1 else []


# A link's address in Markdown: inline ("](../law/)") or in a reference's definition ("[law]: ../law/").
_LINK_ADDRESS = regex(r"\]\(\s*<?([^)\s>]+)|^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M)


def _plain_sentence(text: str) -> bool:
    """Tell a text that holds neither a link nor too many '[': a link needs a ']', or a scheme's ':'
    (spelt out or as an entity, with an '&'), and more than MAX_BRACKETS '[' a longer text."""
    return len(text) <= MAX_BRACKETS and "]" not in text and ":" not in text and "&" not in text


def _no_page(href: str) -> str:
    return (f"the link to '{href}' leads to no page of the site (a claim's, a note's or the summary's links start "
            "from the site's root, where a page content/pages/NAME.md is published at NAME/)")


def _dead_links(page: PageSource, urls: frozenset) -> list[tuple[int, str]]:
    """The links of a page's text to a page of this site that there is not, each (line, address): a page
    renamed or removed leaves them behind."""
    return [(page.body_line + page.body.count("\n", 0, at), href)
            for at, href in links_to_no_page(page.body, "" if page.slug == "" else page.slug + "/", urls)]


def links_to_no_page(text: str, base: str, urls: frozenset) -> list[tuple[int, str]]:
    """The links of a Markdown `text` read from the site address `base` ('' or 'law/') to a page of this
    site that there is not, or out of the site, each (offset, address). Links to files
    ("../data/facts.csv") and to other hosts are not looked at, nor those from the host's root ("/law/"),
    which depend on where the site is served."""
    if "](" not in text and "]:" not in text:   # most texts: told without looking for code
        return []
    dead = []
    body = without_code(text)   # a link written in code is shown, not followed
    for found in _LINK_ADDRESS.finditer(body):
        href = found.group(1) or found.group(2)
        try:
            parts = urlsplit(href)
        except ValueError:   # no address at all ("http://[oops"): refused as a link where the page is rendered
            continue
        if parts.scheme or parts.netloc or href.startswith(("/", "#")) or "." in parts.path.rsplit("/", 1)[-1]:
            continue
        # A browser stops at the host's root, which is the site's only where it is served from there.
        target = posixpath.normpath(base + parts.path)
        target = "" if target == "." else target + "/"
        if target.startswith("../") or target not in urls:
            dead.append((found.start(), href))
    return dead


@record(frozen=True)
class PageSummary:
    """What the site-wide checks need of a page once it is planned."""

    key: str
    url: str
    title: str
    path: str                # the editor's file, when the page has one
    cited: tuple[str, ...]   # fact ids
    has_notes: bool
    attempted: int           # citations written, found or not


def summary_of(page: PageModel) -> PageSummary:
    return PageSummary(page.key, page.url, page.title, page.data.get("path", ""), page.data.get("cited", ()), bool(page.footnotes),
                       page.data["attempted"])


def shows_uses(page: PageModel) -> bool:
    """Tell whether a page is a place a reader of a source page looks for: 404 and the sources
    index only repeat the summary."""
    return page.key not in ("404", SOURCES[0]) and not page.key.startswith("source:")


def uses_of(page: PageModel) -> list[tuple[str, Quote, Use]]:
    return [(quote.source.id, quote, Use(page.title, page.url, note.number))
            for note in page.footnotes for quote in note.quotes]


def _index_uses(parts) -> tuple[dict[str, list], set]:
    """Index the quotes pages show by source, in page order; also return the set of them."""
    index: dict[str, list] = {}
    shown = set()
    for part in parts:
        for page_uses in part:
            for source_id, quote, use in page_uses:
                index.setdefault(source_id, []).append((quote, use))
                shown.add(quote)
    return index, shown


def _index(runs: tuple[dict, ...], last: tuple[dict, tuple] | None) -> tuple[dict, tuple]:
    """Merge the runs' dicts into one; from the last merge (dict, runs), when it had as many runs,
    redo only the runs that changed. Return the dict and the runs, for the next merge."""
    if last is None or len(last[1]) != len(runs):
        index: dict = {}
        for run in runs:
            index.update(run)
        return index, runs
    index = last[0].copy()   # a copy of a dict is a copy of its table: far faster than rebuilding it
    changed = [(old, new) for old, new in zip(last[1], runs) if old is not new]
    for old, new in changed:   # all the keys gone first: one may have moved to a run later on
        for key in old.keys() - new.keys():
            del index[key]
    for _, new in changed:
        index.update(new)
    return index, runs


def _listed(method, *args) -> list:
    """Return what a planning method made, as a list of pages."""
    made = method(*args)
    return made if isinstance(made, list) else [made]


def _add_unshown(shown: dict[str, list], unshown: tuple) -> dict[str, list]:
    index = {source_id: list(entries) for source_id, entries in shown.items()}
    for quote in unshown:
        index.setdefault(quote.source.id, []).append((quote, None))
    return index


def _source_name(source: Source) -> str:
    return source.outlet or ", ".join(source.authors) or source.title


def _segments(source: Source, n: int, entries) -> list[Segment]:
    """Cut a paragraph where quotes and corrections start and end."""
    text = source.paragraphs[n - 1].text
    cuts = {0, len(text)}
    covering = []
    for quote, use in entries:
        for a, b in quote.spans:
            cuts.update((a, b))
            covering.append((a, b, use, None))
    for note in source.notes:
        if note.paragraph == n:
            for a, b in note.spans:
                cuts.update((a, b))
                covering.append((a, b, None, note.text))
    points = sorted(cuts)
    segments, count = [], 0
    for a, b in zip(points, points[1:]):
        over = [(use, note) for (s, e, use, note) in covering if s <= a and b <= e]
        if not over:
            segments.append(Segment(text[a:b]))
            continue
        count += 1
        uses = tuple(sorted({u for u, _ in over if u}, key=lambda u: (u.url, u.number)))
        notes = tuple(sorted({t for _, t in over if t}))
        segments.append(Segment(text[a:b], f"p{n}-q{count}", uses, notes))
    return Segments(segments)


class Segments(list):
    """A paragraph's runs, in order; `marked` lists those the explainer quotes, for a template to
    list without filtering them itself (Jinja's selectattr, once a paragraph, cost a tenth of a source page)."""

    def __init__(self, segments: list[Segment]):
        super().__init__(segments)
        self.marked = [segment for segment in segments if segment.mark_id]
