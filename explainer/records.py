"""The records that flow between the stages of a build; all immutable.

Records made from content compare by identity (eq=False): a build step that
is given the very same records as last time may reuse what it made then.
"""

from __future__ import annotations


from .dates import PartialDate
from .lazy import cached_property
from .quotes import quote_parts
from .record import field, record


@record(frozen=True)
class Paragraph:
    """A clean paragraph of a source; `n` is its anchor, `p<n>` on the source page."""

    n: int
    text: str
    kind: str = "text"          # 'title', 'heading' or 'text'
    lang: str | None = None     # set when it differs from the source's language


@record(frozen=True)
class Note:
    """An editors' note on a source, optionally pinned to a verified passage."""

    text: str
    paragraph: int = 0                        # Paragraph.n, or 0 for the whole source
    spans: tuple[tuple[int, int], ...] = ()


@record(frozen=True, eq=False)
class Source:
    """One article read from a seed file, with what the editors add about it."""

    id: str
    seed: str
    seed_sha256: str
    title: str
    authors: tuple[str, ...]
    outlet: str | None
    date: PartialDate | None
    url: str | None
    language: str
    paragraphs: tuple[Paragraph, ...]
    via: str | None = None
    notes: tuple[Note, ...] = ()
    dropped: tuple[str, ...] = ()               # text left out (furniture, byline, date line), for error messages
    # The date is that of the article's last change: no date of publication was given or found.
    date_is_update: bool = False

    @property
    def outlet_key(self) -> str:
        """Name the outlet for corroboration counts; an unnamed one stands alone."""
        return self.outlet.casefold() if self.outlet else f"unnamed:{self.id}"


@record(frozen=True)
class QuoteRef:
    """A quote as an editor wrote it, before it is checked.

    Equal by value, so that a file saved again finds its unchanged quotes verified already.
    """

    source: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    path: str = ""
    line: int = 0           # the line of the quote
    source_line: int = 0    # the line naming the source
    # The passages it joins, as they are looked for (see quotes.quote_parts). Made with the record,
    # so that the processes reading fact files make them, rather than the one checking every quote.
    # Not an argument, so that a copy with another quote (record.replace) never keeps these.
    parts: tuple[str, ...] = field(init=False, compare=False, repr=False)
    # Where the quote is, when looked up in the process that read it (see verify.Library.look_up).
    found: tuple | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "parts", tuple(quote_parts(self.quote)))


@record(frozen=True, eq=False)
class Quote:
    """A quote found in its source: the paragraph and the spans of text it covers."""

    source: Source
    text: str
    paragraph: int                       # Paragraph.n
    spans: tuple[tuple[int, int], ...]   # offsets in that paragraph's text

    @cached_property
    def passage(self) -> str:
        """Return the quoted words as the source prints them."""
        para = self.source.paragraphs[self.paragraph - 1].text
        return " … ".join(para[a:b] for a, b in self.spans)

    @property
    def anchor(self) -> str:
        return f"p{self.paragraph}"

    @property
    def corrections(self) -> tuple[str, ...]:
        """Return the editors' notes pinned to a passage this quote overlaps: a footnote shows them
        beside the quote, so that no reader takes a passage the editors corrected at its word."""
        return tuple(note.text for note in self.source.notes if note.paragraph == self.paragraph
                     and any(a < end and start < b for a, b in note.spans for start, end in self.spans))

    def context(self, words: int = 5) -> tuple[str, str]:
        """Return up to `words` (at least 1) words of the paragraph before and after the quote, spaced to join it."""
        para = self.source.paragraphs[self.paragraph - 1].text
        start, end = self.spans[0][0], self.spans[-1][1]
        # Split off only the words shown, and one piece more if there are more: every footnote
        # of every page asks, and splitting the whole paragraph cost more than the rest of the note.
        before, after = para[:start].rsplit(None, words), para[end:].split(None, words)
        head = " ".join(before[-words:])
        tail = " ".join(after[:words])
        if len(before) > words:
            head = "…" + head
        if len(after) > words:
            tail += "…"
        if head and para[start - 1:start].isspace():
            head += " "
        if tail and para[end:end + 1].isspace():
            tail = " " + tail
        return head, tail


@record(frozen=True, eq=False)
class Fact:
    """A claim in the editors' words, supported by verified quotes."""

    id: str
    topic: str
    claim: str                 # inline Markdown as written
    date: PartialDate | None
    quotes: tuple[Quote, ...]
    path: str
    line: int
    label: str = ""            # a few words for the timeline graphic
    claim_line: int = 0

    @cached_property
    def outlets(self) -> tuple[str, ...]:
        """Return the distinct outlets whose articles support this fact, in passages the editors stand
        by: one they pinned a correction to is shown with it, and counts for nothing."""
        return tuple(sorted({q.source.outlet_key for q in self.quotes if not q.corrections}))

    @property
    def unnamed_outlets(self) -> int:
        """Count the sources among `outlets` that name no outlet: each counts as one of its own, but
        a reader is told, since nothing shows it is not another outlet's copy."""
        return sum(key.startswith("unnamed:") for key in self.outlets)


@record(frozen=True, eq=False)
class Dispute:
    """A point on which sources disagree, each account quoted."""

    id: str
    question: str
    accounts: tuple[Quote, ...]
    note: str
    facts: tuple[str, ...]
    path: str
    line: int
    note_line: int = 0


@record(frozen=True)
class Topic:
    """A subject that facts belong to, and the page that tells it."""

    id: str
    title: str


@record(frozen=True, eq=False)
class Settings:
    """The site-wide settings from content/site.yaml."""

    title: str
    description: str
    language: str
    summary: str               # inline Markdown; may cite facts
    licence: str
    licence_url: str | None
    publisher: str
    site_url: str | None
    updated: PartialDate | None
    topics: tuple[Topic, ...] | None   # None when a topic could not be read: which ids are known is not known
    timeline_start: PartialDate | None = None    # where the timeline graphic's axis begins
    path: str = "content/site.yaml"
    summary_line: int = 1                        # where the summary stands in its file


@record(frozen=True, eq=False)
class PageSource:
    """A narrative page as written: front matter and Markdown body."""

    slug: str                  # '' for the home page
    title: str
    description: str
    order: int | None          # place in the navigation; None: listed on the home page instead
    body: str
    path: str
    body_line: int             # line of the body's first line in the file
    nav_title: str = ""        # a shorter title for the navigation
    coverage: bool = False     # show the table of how well facts are sourced


@record(frozen=True, eq=False)
class Run:
    """A run of consecutive items of a site, the very same Run while none of them changed: a step
    keyed by a run is looked up at once, where a key naming each of its items would be hashed
    item by item."""

    items: tuple


@record(frozen=True, eq=False)
class Content:
    """Everything an editor wrote and every source, verified and ready to render."""

    settings: Settings
    sources: tuple[Source, ...]
    facts: tuple[Fact, ...]
    disputes: tuple[Dispute, ...]
    pages: tuple[PageSource, ...]
    declared_fact_ids: frozenset | None = frozenset()   # ids written, verified or not; None: unreadable files
    fact_files: tuple[tuple[Fact, ...], ...] = ()      # the facts again, file by file, each as the build before gave it
    # The same again in runs (see memo.parts_of), for steps that look up a run at a time.
    fact_runs: tuple[Run, ...] = ()                     # of fact files
    source_runs: tuple[Run, ...] = ()
    page_runs: tuple[Run, ...] = ()

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
