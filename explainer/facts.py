"""Load the editors' facts and disputes from YAML, with their quotes not yet checked."""

from __future__ import annotations

from pathlib import Path

from .dates import PartialDate
from .lazy import regex
from .lined import line_of
from .memo import Files, Memo, Ref, parts_of
from .problems import Problems, replay
from .record import record
from .records import QuoteRef
from .schema import Field, check_entry, no_citations
from .textfile import folder_readable
from .yamlfile import read_yaml_file

FACT_FIELDS = [Field("id", "id", True), Field("topic", "id", True), Field("claim", "text", True),
               Field("date", "date"), Field("citations", "list:entry", True), Field("label", "text")]
QUOTE_FIELDS = [Field("source", "id", True), Field("quote", "exact", True),
                Field("prefix", "exact"), Field("suffix", "exact")]
# The ids the page templates give elements of the differences page: a dispute is the element of its id.
_PAGE_IDS = regex(r"^(?:main|citations-heading|more-heading|coverage-heading|timeline-list|tl-title|tl-desc|"
                  r"(?:fn|ref)-\d+(?:-\d+)?|p\d+)$")
DISPUTE_FIELDS = [Field("id", "id", True), Field("question", "text", True), Field("accounts", "list:entry", True),
                  Field("note", "text", True), Field("facts", "list:id")]


@record(frozen=True)
class FactEntry:
    """A fact as written, its citations still unverified."""

    id: str
    topic: str
    claim: str
    date: PartialDate | None
    refs: tuple[QuoteRef, ...]
    path: str
    line: int
    label: str = ""
    id_line: int = 0
    claim_line: int = 0
    topic_line: int = 0


@record(frozen=True, eq=False)
class DisputeEntry:
    """A dispute as written, its accounts still unverified."""

    id: str
    question: str
    refs: tuple[QuoteRef, ...]
    note: str
    facts: tuple[str, ...]
    facts_line: int
    path: str
    line: int
    note_line: int = 0
    id_line: int = 0


def read_list(root: Path, rel: str, problems: Problems):
    """Parse a YAML file that holds a list of entries; return [] when it cannot."""
    found = len(problems.items)
    data = read_yaml_file(root / rel, rel, problems)
    if data is None:
        if len(problems.items) == found:   # read, and nothing in it: its facts lost, perhaps, or not yet written
            problems.warn(rel, 1, "holds no entries: every fact or dispute in it is written '- id: ...'")
        return []
    if not isinstance(data, list):
        problems.error(rel, line_of(data), "expected a list of entries, each starting with '- id:'")
        return []
    return data


def load_facts(root: Path, problems: Problems, memo: Memo, files: Files, ahead=None,
               look_up=None) -> tuple[list[tuple[list[FactEntry], ...]], frozenset | None]:
    """Read every content/facts/*.yaml file into fact entries, a list for each file, in runs of
    PART files (see memo.parts_of): a run unchanged is the very tuple it was.

    Also return every id an editor declared, even on an entry with errors, so
    that one typo is not echoed as "unknown fact" on every page citing it;
    None when a file could not be parsed at all and any id may exist.
    A file that is as it was gives the very list it gave before, and the files
    are looked up a part at a time (see memo.parts_of). `ahead`, when given,
    reads all the files at once (across the cores: see parallel.ReadAhead),
    and `look_up(refs)` is then called on each entry's quotes where it is read.
    """
    folder = root / "content" / "facts"
    if folder.is_dir() and not folder_readable(folder, "content/facts", problems):
        return [], None   # any id may be declared in there: none is reported as unknown
    listing = files.listing(folder, "*") if folder.is_dir() else []
    paths = memo.value(("fact files", Ref(listing)), lambda: tuple(
        (path, f"content/facts/{path.name}") for path in listing if path.suffix in (".yaml", ".yml")))
    folders = files.folders(folder, "*")
    for other, is_folder in memo.value(("other fact files", Ref(listing)), lambda: [
            (path.name, str(path) in folders) for path in listing
            if (path.suffix not in (".yaml", ".yml") or str(path) in folders) and not path.name.startswith(".")]):
        problems.warn(f"content/facts/{other}", 1, "is a folder, and is not read: fact files are in content/facts/ itself"
                      if is_folder else "is not read: a fact file is a YAML file named NAME.yaml")
    def read_ahead(path_rel: tuple, found: Problems) -> tuple:
        made = _fact_file(root, path_rel[1], found)
        for entry in made[0] if look_up else ():
            look_up(entry.refs)
        return made

    made = ahead(paths, read_ahead) if ahead else None

    def read(i: int, path: Path, rel: str, found: Problems) -> tuple:
        step = (lambda found: replay(made[i], found)) if made else (lambda found: _fact_file(root, rel, found))
        # A single build's memo looks at no key: no file need be looked at again to make one.
        return memo.once(("facts", files.signature(path)) if memo.remembers else None, step, found)

    parts, start = [], 0
    for part in parts_of(paths):
        rels = tuple(rel for _, rel in part)
        parts.append(memo.once(("fact files part", rels, files.stamp(rels)), lambda found: _FactPart(
            rels, [read(start + i, path, rel, found) for i, (path, rel) in enumerate(part)], memo), problems))
        start += len(part)
    # While every part declares the same ids, none twice, the ids are the set made before.
    declared, clean = memo.value(
        ("fact ids", tuple(Ref(p.ids) for p in parts), tuple(Ref(p.names) for p in parts), tuple(p.clean for p in parts)),
        lambda: _all_ids(parts), slot="fact ids")
    if clean:
        return [part.entries for part in parts], declared
    by_file: list[list[FactEntry]] = []
    seen: set[str] = set()
    for part in parts:
        for rel, (entries, _, names) in zip(part.rels, part.files):
            if len(names) == len(entries) and seen.isdisjoint(names):
                seen |= names
                by_file.append(entries)
            else:
                by_file.append(_unique(entries, rel, by_file, seen, problems))
    # A run whose files give the very lists they gave is the very tuple it was: only the runs with
    # an id used twice are new, and the memo does not grow a whole site's worth a save.
    return [memo.value(("entries run", tuple(map(Ref, part))), lambda: part) for part in parts_of(tuple(by_file))], \
        declared


class _FactPart:
    """A run of fact files as read: each file's (entries, ids declared, ids of its entries), and the
    ids of them all, as the very sets made before while they hold the same ids."""

    def __init__(self, rels: tuple[str, ...], files: list[tuple], memo: Memo):
        self.rels, self.files = rels, files
        self.entries = tuple(entries for entries, _, _ in files)
        ids: set[str] | None = set()
        names: set[str] = set()
        self.clean = True    # no id twice within the part
        for entries, declared, entry_ids in files:
            if declared is None:
                ids = None
            elif ids is not None:
                ids.update(declared)
            self.clean = self.clean and len(entry_ids) == len(entries) and names.isdisjoint(entry_ids)
            names |= entry_ids
        self.ids = memo.same("ids declared", frozenset(ids) if ids is not None else None)
        self.names = memo.same("entry ids", frozenset(names))


def _all_ids(parts: list[_FactPart]) -> tuple[frozenset | None, bool]:
    """Return every id declared (None if a file could not be read), and whether no id is used twice."""
    declared: set[str] | None = set()
    names: set[str] = set()
    clean = True
    for part in parts:
        if part.ids is None:
            declared = None
        elif declared is not None:
            declared.update(part.ids)
        clean = clean and part.clean and names.isdisjoint(part.names)
        names |= part.names
    return (frozenset(declared) if declared is not None else None), clean


def _unique(entries: list[FactEntry], rel: str, earlier: list[list[FactEntry]], seen: set[str],
            problems: Problems) -> list[FactEntry]:
    """Keep the entries of one file whose ids are new, reporting the others."""
    first = {}
    kept = []
    for entry in entries:
        if entry.id in seen:
            where = first.get(entry.id) or next(f"{e.path}:{e.id_line}" for group in earlier for e in group
                                                if e.id == entry.id)
            problems.error(rel, entry.id_line, f"fact id '{entry.id}' is used twice (first in {where})")
            continue
        seen.add(entry.id)
        first[entry.id] = f"{rel}:{entry.id_line}"
        kept.append(entry)
    return kept


def _fact_file(root: Path, rel: str, problems: Problems) -> tuple[list[FactEntry], set[str] | None, frozenset]:
    """Read one facts file; also return the ids it declares (None when it cannot be parsed) and
    the ids of its entries."""
    before = len(problems.errors)
    items = read_list(root, rel, problems)
    if len(problems.errors) > before and not items:
        return [], None, frozenset()
    entries, declared = [], set()
    for i, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            declared.add(item["id"])
        values = check_entry(item, FACT_FIELDS, rel, "fact", problems, line_of(items, i))
        if values is None:
            continue
        refs = _quote_refs(item, "citations", values["citations"], rel, "citation", problems)
        if refs is None:
            continue
        # Reported, and the fact kept: the pages citing it are not told it is unknown.
        no_citations(item, values, ("claim", "label"), rel, problems)
        if values["date"] and values["date"].to_come:   # a slip of the year, most likely: the timeline would show it
            problems.warn(rel, line_of(item, "date"), f"fact '{values['id']}' is dated {values['date'].iso}, "
                                                      "which is still to come")
        entries.append(FactEntry(values["id"], values["topic"], values["claim"], values["date"], refs,
                                 rel, line_of(item), values["label"] or "", line_of(item, "id"), line_of(item, "claim"),
                                 line_of(item, "topic")))
    return entries, declared, frozenset(entry.id for entry in entries)


def load_disputes(root: Path, problems: Problems, memo: Memo, files: Files) -> list[DisputeEntry]:
    """Read content/disputes.yaml into dispute entries."""
    rel = "content/disputes.yaml"
    if not (root / rel).exists():
        return []
    return memo.once(("disputes", files.signature(root / rel)), lambda found: _disputes(root, rel, found), problems)


def _disputes(root: Path, rel: str, problems: Problems) -> list[DisputeEntry]:
    disputes, seen = [], set()
    items = read_list(root, rel, problems)
    for i, item in enumerate(items):
        values = check_entry(item, DISPUTE_FIELDS, rel, "dispute", problems, line_of(items, i))
        if values is None:
            continue
        refs = _quote_refs(item, "accounts", values["accounts"], rel, "account", problems)
        if refs is None or not no_citations(item, values, ("question", "note"), rel, problems):
            continue
        if len(refs) < 2:
            problems.error(rel, line_of(item, "accounts"), f"dispute '{values['id']}' needs at least two accounts")
            continue
        if values["id"] in seen:
            problems.error(rel, line_of(item, "id"), f"dispute id '{values['id']}' is used twice")
            continue
        if _PAGE_IDS.match(values["id"]):
            problems.error(rel, line_of(item, "id"), f"dispute id '{values['id']}' is taken by the page itself "
                                                     "(its main part, headings or notes); name the dispute otherwise")
            continue
        seen.add(values["id"])
        disputes.append(DisputeEntry(values["id"], values["question"], refs, values["note"],
                                     values["facts"] or (), line_of(item, "facts"), rel, line_of(item),
                                     line_of(item, "note"), line_of(item, "id")))
    # The page gives each dispute's question the id of the dispute and "-q": no dispute may take it.
    questions = {f"{d.id}-q": d.id for d in disputes}
    for d in [d for d in disputes if d.id in questions]:
        problems.error(rel, d.id_line, f"dispute id '{d.id}' is taken by the question of dispute "
                                       f"'{questions[d.id]}' on the page; name the dispute otherwise")
    return [d for d in disputes if d.id not in questions]


def _quote_refs(item, key, entries, rel, what, problems: Problems):
    """Check the quote entries under `key`; return QuoteRefs or None."""
    if not entries:
        problems.error(rel, line_of(item, key), f"'{key}' must list at least one {what}")
        return None
    refs = []
    for i, entry in enumerate(entries):
        values = check_entry(entry, QUOTE_FIELDS, rel, what, problems, line_of(entries, i))
        if values is None:
            return None
        refs.append(QuoteRef(values["source"], values["quote"], values["prefix"] or "", values["suffix"] or "",
                             rel, line_of(entry, "quote"), line_of(entry, "source")))
    return tuple(refs)
