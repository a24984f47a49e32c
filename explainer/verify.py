"""Check every quote against its source, and every reference between records."""

from __future__ import annotations

import unicodedata
from collections import Counter

from .facts import DisputeEntry, FactEntry
from .ingest import strip_markdown
from .memo import Memo, Ref
from .problems import Problems
from .quotes import (IGNORED, closest_passage, dropped_negation, find_parts, find_quote, fold, negated_start, normalise,
                     widen_to_word)
from .record import replace
from .records import Dispute, Fact, Note, Quote, QuoteRef, Run, Source, Topic
from .sources import Correction


MAX_LISTED = 10   # places a message names of a quote found too often


class Library:
    """The sources of a build, folded once for quote matching."""

    def __init__(self, sources: list[Source], memo: Memo | None = None, unavailable: frozenset = frozenset(),
                 ids_lost: bool = False):
        """`unavailable` names the sources of seeds that could not be read: that error is reported
        once, where the seed is, and a quote citing one of them is not checked. `ids_lost` tells that
        an entry of sources.yaml was refused before its id was read: a quote citing a source not
        known is then not reported either, since it may cite that one (its error says where to look).

        So it is with an id two sources share (see sources._check_unique): a quote citing it may mean
        either, and one citing a source not known may mean the one whose id was changed into it."""
        self.memo = memo or Memo()
        self.sources = {s.id: s for s in sources}
        if len(self.sources) < len(sources):
            shared = frozenset(sid for sid, count in Counter(s.id for s in sources).items() if count > 1)
            self.sources = {sid: s for sid, s in self.sources.items() if sid not in shared}
            unavailable, ids_lost = unavailable | shared, True
        self.unavailable, self.ids_lost = unavailable, ids_lost
        self._folded: dict[str, list[str]] = {}

    def folded(self, source: Source) -> list[str]:
        """The paragraphs of `source` folded for matching (see quotes.fold), made when first asked
        for: the processes that read fact files fold, between them, the sources their quotes cite."""
        folded = self._folded.get(source.id)
        if folded is None:
            folded = self._folded[source.id] = self.memo.value(("folded", source),
                                                               lambda: [fold(p.text) for p in source.paragraphs])
        return folded

    def state_of(self, source_ids) -> tuple:
        """Return what checking quotes of these sources depends on: each source, or whether it is
        unavailable or may be the one a refused entry names (see __init__) when there is none."""
        found = tuple(map(self.sources.get, source_ids))   # at C speed: a save asks this of every run of files
        if None not in found or not (self.unavailable or self.ids_lost):
            return found
        return tuple(self.sources.get(sid, self.ids_lost or sid in self.unavailable) for sid in source_ids)

    def look_up(self, refs) -> None:
        """Find where each of these quotes is in its source, ahead of `verify`, which then takes
        what was found. The processes that read fact files do this (see parallel.ReadAhead): they
        are copies of this one, where this library has the same id."""
        for ref in refs:
            source = self.sources.get(ref.source)
            if source is not None and ref.parts:
                object.__setattr__(ref, "found", (id(self), find_parts(ref.parts, self.folded(source),
                                                                      ref.prefix, ref.suffix)))

    def verify(self, ref: QuoteRef, owner: str, problems: Problems) -> Quote | None:
        """Return the Quote `ref` points at, or report why there is none."""
        source = self.sources.get(ref.source)
        if source is None or not self.memo.remembers:
            return self._verify(ref, owner, problems)
        # A failure is not remembered: its message names other sources that hold the quote.
        return self.memo.once(("quote", ref, source, owner), lambda found: self._verify(ref, owner, found), problems,
                              keep_none=False)

    def _verify(self, ref: QuoteRef, owner: str, problems: Problems) -> Quote | None:
        source = self.sources.get(ref.source)
        if source is None and (ref.source in self.unavailable or self.ids_lost):
            return None
        if source is None:
            known = ", ".join(sorted(self.sources)) or "none"
            problems.error(ref.path, ref.source_line or ref.line, f"{owner} cites unknown source '{ref.source}' (known sources: {known})")
            return None
        parts = ref.parts
        if not parts:
            problems.error(ref.path, ref.line, f"{owner} has an empty quote")
            return None
        if ref.found is not None and ref.found[0] == id(self):
            matches = ref.found[1]
            object.__setattr__(ref, "found", None)   # no longer needed: a build keeps every quote's entry
        else:
            matches = find_parts(parts, self.folded(source), ref.prefix, ref.suffix)
        if not matches:
            problems.error(ref.path, ref.line, self._not_found(ref, source, owner))
            return None
        if len(matches) > 1:
            where = ", ".join(f"p{m.index + 1}" for m in matches[:MAX_LISTED])
            if len(matches) > MAX_LISTED:
                where += f" and {len(matches) - MAX_LISTED} more"
            problems.error(ref.path, ref.line,
                           f"{owner}: the quote occurs {len(matches)} times in source '{source.id}' ({where}); "
                           "add 'prefix:' or 'suffix:' with the few words just before or after the one you mean")
            return None
        match = matches[0]
        return Quote(source, ref.quote, match.index + 1, match.spans)

    def _not_found(self, ref: QuoteRef, source: Source, owner: str) -> str:
        folded = self.folded(source)
        bare = find_quote(ref.quote, folded) if ref.prefix or ref.suffix else []
        if bare:   # the words are there: it is the prefix or suffix that is not
            where = ", ".join(f"p{m.index + 1}" for m in bare[:MAX_LISTED])
            para = source.paragraphs[bare[0].index].text
            before = " ".join(para[:bare[0].start].split()[-6:])
            after = " ".join(para[bare[0].end:].split()[:6])
            return (f"{owner}: quote found in source '{source.id}' ({where}) but not with that prefix/suffix: "
                    f"\"{ref.quote}\"; there the words before it are \"{before}\" and after it \"{after}\"")
        message = f"{owner}: quote not found in source '{source.id}': \"{ref.quote}\""
        negating = find_parts(ref.parts, folded, ref.prefix, ref.suffix, keep_negations=False)
        if negating:
            match = negating[0]
            para = source.paragraphs[match.index].text
            left_out = dropped_negation(fold(para), match.spans)
            if left_out is None:
                return (f"{message}; in p{match.index + 1} it starts right after \"{negated_start(fold(para), match.spans)}\", "
                        "which negates it, and a quote may never leave out a negation: start it with the negation")
            return (f"{message}; its ellipsis in p{match.index + 1} leaves out \"{left_out}\", and a quote may leave "
                    "words out but never a negation: quote the words around it separately, or keep it")
        cut = find_parts(ref.parts, folded, ref.prefix, ref.suffix, whole_words=False)
        if cut:   # the words are there, but as part of longer ones: "true" in "untrue"
            para = source.paragraphs[cut[0].index].text
            start, end = widen_to_word(para, cut[0].start, cut[0].end)
            return (f"{message}; its words are in p{cut[0].index + 1} only as part of longer ones "
                    f"(\"{para[start:end]}\"): a quote must begin and end with whole words")
        left_out = next((text for text in source.dropped if find_quote(ref.quote, [normalise(text)])), None)
        if left_out:   # the closest passage would not show it: it is not in the text at all
            return (f"{message}; it is in a passage left out of the source's text, as page furniture or as "
                    f"its byline, date or address: \"{left_out}\"")
        bare = strip_markdown(ref.quote)
        if bare != normalise(ref.quote) and find_quote(bare, folded, ref.prefix, ref.suffix):
            return f"{message}; the seed's Markdown (*, _, [...](...)) is not part of its text: quote \"{bare}\""
        across = _runs_across(ref, folded)
        if across is not None:   # every word is there: the closest passage would not say what is wrong
            return (f"{message}; it runs from p{across + 1} into p{across + 2}, and a quote must lie within one "
                    "paragraph: cite the words of each paragraph as a quote of its own")
        closest = closest_passage(ref.quote, [p.text for p in source.paragraphs])
        if closest:
            message += f"; the closest passage it holds is \"{closest}\""
        elsewhere = [other.id for other in self.sources.values()
                     if other is not source and find_quote(ref.quote, self.folded(other))]
        if elsewhere:
            message += f"; the quote is in source '{elsewhere[0]}'"
        # Else the quote and the closest passage can print alike, and the editor sees no difference;
        # either side may hold the characters that make them differ.
        hidden = _invisible(ref.quote)
        if hidden:
            message += f"; the quote holds invisible characters: {', '.join(hidden)}"
        hidden = _invisible(closest)
        if hidden:
            message += f"; the closest passage holds invisible characters: {', '.join(hidden)}"
        foreign = _foreign_letters(ref.quote, closest)
        if foreign:   # a Cyrillic "а" prints as a Latin "a", as text pasted from some PDFs holds
            message += f"; the quote holds letters of another alphabet than the passage's: {', '.join(foreign)}"
        return message


def _runs_across(ref: QuoteRef, folded: list[str]) -> int | None:
    """The index of the paragraph a quote not found starts in, when it runs on into the next one: read
    as one, and without the quotation marks that close the one and open the next, which a quote
    copied across them leaves out as often as not."""
    for index in range(len(folded) - 1):
        first, second = str(folded[index]), str(folded[index + 1])
        for first, second in ((first, second), (first.rstrip("\"' "), second.lstrip("\"' "))):
            for match in find_parts(ref.parts, [first + " " + second], ref.prefix, ref.suffix):
                if match.start < len(first) < match.end:
                    return index
    return None


def _invisible(text: str) -> list[str]:
    """Name the characters of `text` that print as nothing and count in a comparison: direction marks,
    invisible operators, control characters (not soft hyphens or zero-width spaces: see quotes.IGNORED)."""
    found = dict.fromkeys(c for c in text if unicodedata.category(c) in ("Cf", "Cc", "Co", "Cn")
                          and c not in "\n\t" and c not in IGNORED)
    return [f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in found]


def _foreign_letters(quote: str, passage: str) -> list[str]:
    """Name the letters of `quote` from an alphabet none of the letters of `passage` is from."""
    if not passage:
        return []
    alphabets = {_alphabet(c) for c in passage if c.isalpha()}
    letters = [c for c in quote if c.isalpha()]
    foreign = [c for c in letters if _alphabet(c) not in alphabets]
    if len(foreign) * 2 > len(letters):   # a quote in another language, not a letter that looks like another
        return []
    return [f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in dict.fromkeys(foreign)]


def _alphabet(letter: str) -> str:
    """The first word of a letter's Unicode name: LATIN, CYRILLIC, GREEK, CJK..."""
    return unicodedata.name(letter, "").partition(" ")[0]


def apply_corrections(sources: list[Source], corrections: list[tuple[str, Correction]],
                      problems: Problems, memo: Memo) -> list[Source]:
    """Pin each correction to its verified passage and attach it to its source."""
    if not corrections:
        return sources
    library = Library(sources, memo)
    added: dict[str, list[Note]] = {}
    for source_id, correction in corrections:
        quote = library.verify(correction.ref, f"correction of '{source_id}'", problems)
        if quote:
            added.setdefault(source_id, []).append(Note(correction.note, quote.paragraph, quote.spans))
    return [memo.once(("notes", s, tuple(added[s.id])),
                      lambda _: replace(s, notes=s.notes + tuple(added[s.id])), problems)
            if s.id in added else s for s in sources]


def verify_facts(parts: list[tuple[list[FactEntry], ...]], topics: tuple[Topic, ...] | None, library: Library,
                 problems: Problems) -> list[Run]:
    """Turn each file's fact entries (in runs of files, see facts.load_facts) into the facts whose
    every quote was found: a Run of a tuple of facts for each file. `topics` is None when the
    settings could not be read: the topics are then unknown, and not checked."""
    topic_ids = {t.id for t in topics} if topics is not None else None
    memo = library.memo
    verified = []
    for part in parts:
        # A run's facts are what its entries and the sources they cite make them: while neither
        # changes, nothing is checked again, and the one tuple stands for them all.
        cited = memo.value(("cited sources", Ref(part)), lambda: tuple({ref.source: 0 for entries in part
                                                                        for e in entries for ref in e.refs}))
        key = ("fact files", Ref(part), topics, library.state_of(cited))
        # Not when a quote was not found: the message names other sources that hold it.
        verified.append(memo.once(key, lambda found: Run(tuple(
            _verified(entries, topics, topic_ids, library, found) for entries in part)), problems, keep_errors=False))
    return verified


def _verified(entries: list[FactEntry], topics: tuple[Topic, ...] | None, topic_ids: set[str] | None,
              library: Library, problems: Problems) -> tuple[Fact, ...]:
    """Return the facts of one file, checked again only when its entries or their sources changed."""
    memo = library.memo
    cited = memo.value(("cited sources", Ref(entries)), lambda: tuple({ref.source: 0 for e in entries
                                                                      for ref in e.refs}))
    key = ("fact file", Ref(entries), topics, library.state_of(cited))
    return memo.once(key, lambda found: _file_facts(entries, topic_ids, library, found), problems,
                     keep_errors=False)


def _file_facts(entries: list[FactEntry], topic_ids: set[str] | None, library: Library,
                problems: Problems) -> tuple[Fact, ...]:
    facts = []
    for entry in entries:
        ok = True
        if topic_ids is not None and entry.topic not in topic_ids:
            problems.error(entry.path, entry.topic_line, f"fact '{entry.id}' has unknown topic '{entry.topic}' "
                                                   f"(topics: {', '.join(sorted(topic_ids))})")
            ok = False
        if not library.memo.remembers:   # a single build: nothing to key, 10,000 times over at 1,000 pages
            fact = _fact(entry, ok, library, problems)
        else:
            sources = tuple(library.sources.get(ref.source) for ref in entry.refs)
            fact = library.memo.once(("fact", entry, sources, ok), lambda found: _fact(entry, ok, library, found),
                                     problems, keep_none=False)
        if fact is not None:
            facts.append(fact)
    return tuple(facts)


def _fact(entry: FactEntry, ok: bool, library: Library, problems: Problems) -> Fact | None:
    quotes = tuple(library.verify(ref, f"fact '{entry.id}'", problems) for ref in entry.refs)
    if ok and all(quotes):
        fact = Fact(entry.id, entry.topic, entry.claim, entry.date, quotes, entry.path, entry.line, entry.label,
                    entry.claim_line)
        if not fact.outlets:
            problems.warn(entry.path, entry.line, f"fact '{entry.id}' rests only on passages the editors corrected "
                                                  "(see 'corrections' in content/sources.yaml): cite one they stand by")
        return fact
    return None


def _same_passage(quotes: tuple[Quote, ...], refs: tuple[QuoteRef, ...]) -> QuoteRef | None:
    """Return the reference of an account that quotes words an earlier one quotes too, or None."""
    for k, (quote, ref) in enumerate(zip(quotes, refs)):
        for earlier in quotes[:k]:
            if earlier.source is quote.source and earlier.paragraph == quote.paragraph and any(
                    a < end and start < b for a, b in earlier.spans for start, end in quote.spans):
                return ref
    return None


def verify_disputes(entries: list[DisputeEntry], fact_ids: frozenset | None, library: Library,
                    problems: Problems) -> list[Dispute]:
    """Turn dispute entries into disputes whose accounts were all found; `fact_ids` None means unknown."""
    disputes = []
    for entry in entries:
        unknown = [f for f in entry.facts if fact_ids is not None and f not in fact_ids]
        for fact_id in unknown:
            problems.error(entry.path, entry.facts_line, f"dispute '{entry.id}' names unknown fact '{fact_id}'")
        quotes = tuple(library.verify(ref, f"dispute '{entry.id}'", problems) for ref in entry.refs)
        same = _same_passage(quotes, entry.refs) if all(quotes) else None
        if same:   # a disagreement of a passage with itself is none: the site would claim one that is not there
            problems.error(same.path, same.line, f"dispute '{entry.id}' quotes the same words of '{same.source}' in "
                                                 "two accounts: each account must quote words of its own")
        if not unknown and all(quotes) and not same:
            disputes.append(library.memo.once(("dispute", entry, quotes), lambda _: Dispute(
                entry.id, entry.question, quotes, entry.note, entry.facts, entry.path, entry.line, entry.note_line),
                problems))
    return disputes
