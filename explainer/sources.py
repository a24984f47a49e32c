"""Make Source records from the seeds and the editors' entries in content/sources.yaml."""

from __future__ import annotations

import re
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from .dates import PartialDate
from .ingest import guess_language, script_language, split_articles, word_counts
from .lined import line_of
from .memo import Files, Memo, Ref
from .problems import Problems, replay
from .record import record
from .records import Note, Paragraph, QuoteRef, Source
from .schema import ID, MAX_ID, Field, check_entry, closed_directions, misleading_url, without_direction_controls
from .seeds import SEED_SUFFIXES, SeedFile, not_a_seed
from .yamlfile import read_yaml_file

PATH = "content/sources.yaml"

SEED_FIELDS = [Field("seed", "text", True), Field("via", "text"), Field("articles", "list:entry", True)]
ARTICLE_FIELDS = [
    Field("id", "id", True), Field("title", "text"), Field("authors", "list:text"), Field("outlet", "text"),
    Field("url", "url"), Field("date", "date"), Field("language", "language"), Field("drop", "list:text"),
    Field("notes", "list:text"), Field("corrections", "list:entry"),
]
CORRECTION_FIELDS = [Field("quote", "exact", True), Field("note", "text", True),
                     Field("prefix", "exact"), Field("suffix", "exact")]


@record(frozen=True)
class Correction:
    """An editors' note pinned to a passage of a source, still to be verified."""

    ref: QuoteRef
    note: str


def load_entries(root: Path, problems: Problems, memo: Memo, files: Files) -> dict[str, tuple[int, dict, list]] | None:
    """Read content/sources.yaml into {seed name: (line, seed values, [(line, article values)])};
    None when it cannot be read at all, and no source's id is known."""
    file = root / PATH
    if not file.exists():
        return {}
    return memo.once(("entries", files.signature(file)), lambda found: _entries(file, found), problems)


def _entries(file: Path, problems: Problems) -> dict[str, tuple[int, dict, list]] | None:
    before = len(problems.errors)
    data = read_yaml_file(file, PATH, problems)
    if data is None:   # an empty file lists no entries; one that cannot be read leaves every id unknown
        return {} if len(problems.errors) == before else None
    if not isinstance(data, list):
        problems.error(PATH, line_of(data), "expected a list of seed entries (- seed: ...)")
        return None
    entries = {}
    for i, item in enumerate(data):
        values = check_entry(item, SEED_FIELDS, PATH, "source entry", problems, line_of(data, i))
        if values is None:
            continue
        if values["seed"] in entries:
            problems.error(PATH, line_of(item, "seed"), f"seed '{values['seed']}' has two entries")
            continue
        articles = []
        for j, article in enumerate(values["articles"]):
            checked = check_entry(article, ARTICLE_FIELDS, PATH, "article", problems, line_of(values["articles"], j))
            if checked is not None:
                checked["drop"] = _patterns(checked["drop"], article, problems)
            else:   # reported; its article still takes its id, so that the facts citing it are checked
                given_id = article.get("id") if isinstance(article, dict) else None
                checked = {"id": given_id if isinstance(given_id, str) and ID.match(given_id)
                           and len(given_id) <= MAX_ID else None,
                           "drop": [], "refused": True}
            articles.append((line_of(values["articles"], j), checked, article))
        entries[values["seed"]] = (line_of(item), values, articles)
    return entries


def ids_lost(entries: dict) -> bool:
    """Tell whether an article entry was refused before its id could be read (`idd: hkfp`): then
    any source a quote cites may be the one it names."""
    return any(values.get("refused") and not values.get("id")
               for _, _, articles in entries.values() for _, values, _ in articles)


def article_ids(entries: dict, seeds) -> frozenset:
    """Return the ids the editors gave the articles of some seeds."""
    return frozenset(values["id"] for name in seeds if name in entries for _, values, _ in entries[name][2]
                     if values.get("id"))


def _patterns(texts, article, problems: Problems) -> list[re.Pattern]:
    patterns = []
    for text in texts or ():
        try:
            patterns.append(re.compile(text, re.I))
        except (re.error, OverflowError, RecursionError) as err:
            # Python's engine refuses a repeat past 4,294,967,295 by an OverflowError, and brackets
            # nested some hundreds deep by running out of stack.
            why = "its brackets are nested too deeply" if isinstance(err, RecursionError) else str(err)
            problems.error(PATH, line_of(article, "drop"), f"'{_shown(text)}' is not a valid regular expression: {why}")
            continue
        if _repeats_a_repeat(text):
            patterns.pop()
            problems.error(PATH, line_of(article, "drop"), f"'{_shown(text)}' repeats a part that repeats itself or "
                                                           "offers a choice, which can take a regular expression hours "
                                                           "on one paragraph; write it without the outer repeat (for "
                                                           "'any character, line breaks too', write '[\\s\\S]')")
    return patterns


def _shown(pattern: str) -> str:
    """A pattern as a message quotes it: some are thousands of characters long."""
    return pattern if len(pattern) <= 80 else pattern[:77] + "…"


# How long an editor's drop patterns may run on one seed: the checks of _repeats_a_repeat leave slow patterns
# with no end in sight (".*.*.*.*x", tried in a paragraph of a thousand characters), and a build must end.
DROP_SECONDS = 5


class _TooSlow(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Raise _TooSlow within the block once it has run `seconds`: Python's regular expressions stop for a
    signal. No limit for 0, nor off the main thread (only it takes signals: the preview rebuilds off it), nor
    while another's timer runs (build.py's, for a stop put off past an import), which is left to run."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread() \
            or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return
    deadline, running = time.monotonic() + seconds, True

    def expired(number, frame):
        if running and time.monotonic() >= deadline - 0.01:
            raise _TooSlow
        if callable(previous):   # another's alarm, set meanwhile: its own to answer
            previous(number, frame)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        try:
            yield
        finally:
            running = False   # from here, an alarm of ours that comes late raises nothing
    finally:
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        if left and abs(left - (deadline - time.monotonic())) < 0.05:   # ours, not one set meanwhile
            signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _repeats_a_repeat(pattern: str) -> bool:
    """Tell a pattern that repeats a part that repeats, as '(\\w+\\s?)*' does, or a choice, as '(.|\\s)*'
    does: tried on a paragraph it does not match, Python's engine tries every way of splitting it, or of
    choosing for each character, and may never end."""
    try:
        from re import _constants as c, _parser   # Python's own reading of patterns, as of 3.11
        parsed = _parser.parse(pattern, re.I)
    except (ImportError, AttributeError, re.error):
        return False
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}

    def nested(items, repeated: bool) -> bool:
        for op, value in items:
            if op in repeats:
                low, high, inner = value
                if repeated and high > 1 or nested(inner, repeated or high > 1):
                    return True
            elif op is c.SUBPATTERN and nested(value[-1], repeated):
                return True
            elif op is c.BRANCH and (repeated or any(nested(branch, repeated) for branch in value[1])):
                return True
            elif op in (c.ASSERT, c.ASSERT_NOT) and nested(value[1], repeated):
                return True
        return False
    return nested(parsed, False)


def build_sources(seeds: list[SeedFile], entries: dict, default_language: str, problems: Problems, memo: Memo,
                  ahead=None, unread: frozenset = frozenset()) -> tuple[list[Source], list[tuple[str, Correction]]]:
    """Split each seed into its articles and apply the editors' entries; `unread` names the files
    in seeds/ that gave no seed.

    `ahead`, when given, splits all the seeds at once (across the cores: see parallel.ReadAhead).
    """
    sources, corrections = [], []
    names = {seed.name for seed in seeds}
    for name, (line, _, _) in sorted(entries.items()):
        if name in names:
            continue
        if name not in unread:
            problems.error(PATH, line, f"seed '{name}' is not in seeds/")
        elif not name.lower().endswith(SEED_SUFFIXES):
            problems.error(PATH, line, f"seed '{name}' cannot be read: {not_a_seed(name)}")
        # else it could not be read, and that is reported where it is
    split = ahead(seeds, lambda seed, found: _seed_sources(seed, entries.get(seed.name), default_language, found)) \
        if ahead else None
    for i, seed in enumerate(seeds):
        entry = entries.get(seed.name)
        step = (lambda found: replay(split[i], found)) if split else (
            lambda found: _seed_sources(seed, entry, default_language, found))
        made, fixes = memo.once(("sources", seed, Ref(entry), default_language), step, problems)
        sources.extend(made)
        corrections.extend(fixes)
    _check_unique(sources, entries, problems)
    return sources, corrections


def _seed_sources(seed: SeedFile, entry, default_language: str, problems: Problems):
    """Return the sources one seed holds, and the corrections the editors pinned to them."""
    sources, corrections = [], []
    line, values, articles = entry or (0, {}, [])
    if not values:
        problems.warn(seed.path, 1, f"no entry in {PATH}: its metadata is read from the text alone")
    drop = [p for _, a, _ in articles for p in a["drop"]]
    try:
        with _time_limit(DROP_SECONDS if drop else 0):
            raw = split_articles(seed.text, drop, plain=seed.name.lower().endswith(".txt"))
    except _TooSlow:
        where = next(line_of(item, "drop") for _, a, item in articles if a["drop"])
        problems.error(PATH, where, f"the drop patterns of seed '{seed.name}' ran for {DROP_SECONDS} seconds on its "
                                    "text without an end: one tries each paragraph in too many ways (several '.*' in "
                                    "a row, or a repeat of a repeat); write them more simply")
        return sources, corrections
    if values and len(articles) != len(raw):
        where = ", ".join(str(a.line) for a in raw)
        problems.error(PATH, line, f"seed '{seed.name}' holds {len(raw)} article(s) (at lines {where}) "
                                   f"but its entry lists {len(articles)}")
        return sources, corrections
    for n, article in enumerate(raw):
        given = articles[n][1] if articles else {}
        source = _source(seed, article, given, values.get("via") if values else None, n, default_language)
        if not source.paragraphs:
            problems.error(seed.path, article.line, "no article text is left once page furniture is removed")
            continue
        if all(p.kind != "text" for p in source.paragraphs):   # a headline, perhaps subheadings: no story
            problems.error(seed.path, article.line,
                           "only the headline is left once page furniture is removed: no article text")
            continue
        sources.append(source)
        if article.url and not given.get("url") and misleading_url(article.url):
            problems.warn(seed.path, 1, f"its address is not shown: {misleading_url(article.url)}; give the "
                                      "address in content/sources.yaml (url:)")
        if given.get("date"):
            _check_date(given["date"], article.date, source.id, line_of(articles[n][2], "date"), problems)
        fixes = (articles[n][2].get("corrections") or []) if articles and isinstance(articles[n][2], dict) else []
        for k, raw_item in enumerate(fixes):
            checked = check_entry(raw_item, CORRECTION_FIELDS, PATH, "correction", problems, line_of(fixes, k))
            if checked:
                ref = QuoteRef(source.id, checked["quote"], checked["prefix"] or "", checked["suffix"] or "",
                               PATH, line_of(raw_item, "quote"))
                corrections.append((source.id, Correction(ref, checked["note"])))
    return sources, corrections


def _check_date(given: PartialDate, printed: PartialDate | None, source_id: str, line: int,
                problems: Problems) -> None:
    """Warn of an editors' date the article contradicts, or one still to come: the date is the editors' to
    give, but a slip in it would date every quote of the article wrongly."""
    if printed and any(a and b and a != b for a, b in zip(
            (given.year, given.month, given.day), (printed.year, printed.month, printed.day))):
        problems.warn(PATH, line, f"article '{source_id}' is dated {given.iso} here, but its text says "
                                  f"{printed.text}; the date given here is used")
    if given.to_come:
        problems.warn(PATH, line, f"article '{source_id}' is dated {given.iso}, which is still to come")


def _source(seed: SeedFile, article, given: dict, via, n: int, default_language: str) -> Source:
    counts = [word_counts(p.text) for p in article.paragraphs]
    language = given.get("language") or guess_language(counts) or script_language(
        " ".join(p.text for p in article.paragraphs)) or default_language
    paragraphs = []
    for i, (para, count) in enumerate(zip(article.paragraphs, counts), 1):
        lang = guess_language([count]) if len(para.text.split(maxsplit=7)) == 8 else None   # 8 words or more
        paragraphs.append(Paragraph(i, without_direction_controls(para.text), para.kind,
                                    lang if lang and lang != language else None))
    return Source(
        id=given.get("id") or _default_id(seed.name, n),
        seed=seed.name,
        seed_sha256=seed.sha256,
        # What a seed says of itself is checked as what editors write (see schema.closed_directions).
        title=given.get("title") or closed_directions(article.title or seed.name),
        authors=tuple(given.get("authors") or map(closed_directions, article.authors)),
        outlet=given.get("outlet") or (closed_directions(article.outlet) if article.outlet else None),
        date=given.get("date") or article.date,
        date_is_update=not given.get("date") and article.date_is_update,
        url=given.get("url") or (article.url if article.url and not misleading_url(article.url) else None),
        language=language,
        paragraphs=tuple(paragraphs),
        via=via,
        notes=tuple(Note(text) for text in given.get("notes") or ()),
        dropped=tuple(para.text for para in article.dropped),
    )


def _default_id(name: str, n: int) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-") or "seed"
    return stem if n == 0 else f"{stem}-{n + 1}"


def _check_unique(sources: list[Source], entries: dict, problems: Problems) -> None:
    """Refuse two sources of one id, at the line where the editors gave the second its id."""
    id_lines = {}
    for name, (_, _, articles) in entries.items():
        for line, values, raw in articles:
            if values.get("id"):
                id_lines[(name, values["id"])] = line_of(raw, "id", line)
    seen = {}
    for source in sources:
        if source.id in seen:
            line = id_lines.get((source.seed, source.id)) or id_lines.get((seen[source.id], source.id)) or 1
            problems.error(PATH, line, f"two sources have the id '{source.id}' ({seen[source.id]} and {source.seed})")
        seen[source.id] = source.seed
