"""Load the editors' facts and disputes from YAML, with their quotes not yet checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dates import PartialDate
from .memo import Files, Memo, Ref
from .problems import Problems, replay
from .records import QuoteRef
from .schema import Field, check_entry
from .yamlfile import line_of, read_yaml_file

FACT_FIELDS = [Field("id", "id", True), Field("topic", "id", True), Field("claim", "text", True),
               Field("date", "date"), Field("citations", "list:entry", True), Field("label", "text")]
QUOTE_FIELDS = [Field("source", "id", True), Field("quote", "text", True),
                Field("prefix", "text"), Field("suffix", "text")]
DISPUTE_FIELDS = [Field("id", "id", True), Field("question", "text", True), Field("accounts", "list:entry", True),
                  Field("note", "text", True), Field("facts", "list:id")]


@dataclass(frozen=True)
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


@dataclass(frozen=True, eq=False)
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


def read_list(root: Path, rel: str, problems: Problems):
    """Parse a YAML file that holds a list of entries; return [] when it cannot."""
    data = read_yaml_file(root / rel, rel, problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.error(rel, line_of(data), "expected a list of entries, each starting with '- id:'")
        return []
    return data


def load_facts(root: Path, problems: Problems, memo: Memo, files: Files,
               ahead=None) -> tuple[list[list[FactEntry]], frozenset | None]:
    """Read every content/facts/*.yaml file into fact entries, a list for each file.

    Also return every id an editor declared, even on an entry with errors, so
    that one typo is not echoed as "unknown fact" on every page citing it;
    None when a file could not be parsed at all and any id may exist.
    A file that is as it was gives the very list it gave before. `ahead`, when
    given, reads all the files at once (across the cores: see parallel.read_ahead).
    """
    folder = root / "content" / "facts"
    listing = files.listing(folder, "*") if folder.is_dir() else []
    paths = memo.value(("fact files", Ref(listing)), lambda: [
        (path, f"content/facts/{path.name}") for path in listing if path.suffix in (".yaml", ".yml")])
    by_file: list[list[FactEntry]] = []
    seen: set[str] = set()
    declared: set[str] | None = set()
    made = ahead(paths, lambda path_rel, found: _fact_file(root, path_rel[1], found)) if ahead else None
    for i, (file, rel) in enumerate(paths):
        step = (lambda found: replay(made[i], found)) if made else (lambda found: _fact_file(root, rel, found))
        entries, ids, names = memo.once(("facts", files.signature(file)), step, problems)
        if ids is None:
            declared = None
        elif declared is not None:
            declared.update(ids)
        if len(names) == len(entries) and seen.isdisjoint(names):
            seen |= names
            by_file.append(entries)
        else:
            by_file.append(_unique(entries, rel, by_file, seen, problems))
    return by_file, (frozenset(declared) if declared is not None else None)


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
        entries.append(FactEntry(values["id"], values["topic"], values["claim"], values["date"], refs,
                                 rel, line_of(item), values["label"] or "", line_of(item, "id")))
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
        if refs is None:
            continue
        if len(refs) < 2:
            problems.error(rel, line_of(item, "accounts"), f"dispute '{values['id']}' needs at least two accounts")
            continue
        if values["id"] in seen:
            problems.error(rel, line_of(item, "id"), f"dispute id '{values['id']}' is used twice")
            continue
        seen.add(values["id"])
        disputes.append(DisputeEntry(values["id"], values["question"], refs, values["note"],
                                     values["facts"] or (), line_of(item, "facts"), rel, line_of(item)))
    return disputes


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
