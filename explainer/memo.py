"""Remember what each build step made, so the next build redoes only what changed.

A step's key names everything it reads: a file's signature, or the very
records it takes (most records compare by identity, and a memoised step
returns the same record while its inputs are unchanged; what is read from an
editor's file, QuoteRef and FactEntry, compares by value, so that a file saved
again finds its unchanged parts). Problems a step reported are replayed on
every hit, so a cached step reports exactly what a fresh one would. Entries
unused by the last build are dropped once enough have piled up, but for the
parts of a group in use.

A site of thousands of pages is looked up part by part (see `parts_of`): a
step per page or per file costs microseconds, and thousands of them would cost
a rebuild after one save more than the work it redoes.
"""

from __future__ import annotations

import os
import stat
from fnmatch import fnmatchcase
from operator import attrgetter
from pathlib import Path

from .problems import Problems
from .records import Run

PART = 64   # items a part holds: a save redoes a part's lookups, a rebuild looks up each part
SWEEP_EVERY = 16   # builds at most between two sweeps of the memo


def parts_of(items) -> list:
    """Cut a tuple or list into runs of PART items, in order, for steps remembered a run at a time."""
    return [items[i:i + PART] for i in range(0, len(items), PART)]


def runs_of(items, memo: Memo) -> tuple[Run, ...]:
    """Cut records into Runs of PART, each the Run it was while it holds the very same records."""
    return tuple(memo.value(("run", part), lambda: Run(part)) for part in parts_of(tuple(items)))


class Memo:
    """Results of pure steps, keyed by their inputs, kept from one build to the next.

    Each entry is [result, problems, build number of its last use], and the
    entries its step used, if any: while a step is reused, so are they, so a
    whole stage (all the seeds, say) can be skipped while its inputs stand
    still without its parts being forgotten as unused. A hit marks the entry
    in place, so a key is hashed once a lookup (a key is often a tuple of
    tuples, which Python hashes afresh every time).
    """

    remembers = True   # whether a key is ever looked at: a step need not make one for a memo that does not

    def __init__(self) -> None:
        self._entries: dict = {}
        self._build = 0
        self._groups: list[list] = []   # the entries each step being computed has used so far
        self._kept = 0                  # entries left by the last sweep
        self._swept = 0                 # the build it followed
        self._slots: dict[str, object] = {}   # slot -> the key of its latest entry

    def once(self, key, step, problems: Problems, keep_none: bool = True, keep_errors: bool = True):
        """Return step(problems) for `key`, computing it only when `key` is new.

        A result of None, or one that came with errors, is computed again next
        time when `keep_none`, or `keep_errors`, is False.
        """
        entry = self._entries.get(key)
        if entry is None:
            local = Problems()
            entry = self._made(step, local)
            entry[1] = tuple(local.items)
            if (entry[0] is not None or keep_none) and (keep_errors or not _has_errors(entry[1])):
                self._entries[key] = entry
        else:
            entry[2] = self._build   # its parts are marked only when a sweep needs to know
        if self._groups:
            self._groups[-1].append(entry)
        if entry[1]:
            problems.items.extend(entry[1])
        return entry[0]

    def value(self, key, make, slot: str | None = None):
        """Return make() for `key`, computing it only when `key` is new; for steps that report nothing.

        A `slot` names a step of the whole site, whose earlier inputs seldom
        come back and whose result may be large (the open data runs to tens of
        megabytes): only its latest result is kept, not one a save.
        """
        entry = self._entries.get(key)
        if entry is None:
            entry = self._made(make)
            if slot is not None:   # before the new entry goes in: the slot's last key may be this very key
                self._entries.pop(self._slots.get(slot, _NONE), None)
                self._slots[slot] = key
            self._entries[key] = entry
        else:
            entry[2] = self._build
        if self._groups:
            self._groups[-1].append(entry)
        return entry[0]

    def same(self, kind: str, value):
        """Return `value`, or the equal one given before: a later step keyed by it (by Ref) then finds
        what it made from it, though `value` was made afresh."""
        return self.value((kind, value), lambda: value)

    def latest(self, slot: str):
        """Return the result last kept in `slot` (see `value`), or None."""
        entry = self._entries.get(self._slots.get(slot, _NONE))
        return entry[0] if entry is not None else None

    def _made(self, step, *args) -> list:
        """Run a step, noting the entries it uses; return its entry."""
        self._groups.append([])
        try:
            result = step(*args)
        finally:
            parts = self._groups.pop()
        return [result, (), self._build, parts] if parts else [result, (), self._build]

    def sweep(self) -> None:
        """Forget what the last build did not use, once the entries have grown by a quarter or
        SWEEP_EVERY builds have gone by.

        Looking at every entry after every build would cost a rebuild after
        one save as much as the work it redoes. What waits for the next sweep
        is at most a quarter more entries, or what a few saves left: an entry
        can hold a large result (a timeline's graphic, an index of every quote).
        """
        build = self._build
        self._build += 1
        if len(self._entries) <= self._kept * 5 // 4 + 256 and build - self._swept < SWEEP_EVERY:
            return
        self._swept = build
        marked: set[int] = set()
        for entry in self._entries.values():
            if entry[2] == build and len(entry) > 3:
                _mark_parts(entry, build, marked)
        for key in [key for key, entry in self._entries.items() if entry[2] != build]:
            del self._entries[key]
        self._kept = len(self._entries)

    def keep_all(self) -> None:
        """Keep everything after a failed build, which may have stopped before using it."""
        self._build += 1


_NONE = object()   # a key no entry has


def _has_errors(problems) -> bool:
    return any(not p.warning for p in problems)


def _mark_parts(entry: list, build: int, marked: set[int]) -> None:
    """Mark the parts of a group used by this build as used, and their parts, each group once."""
    if id(entry) in marked:
        return
    marked.add(id(entry))
    for part in entry[3]:
        part[2] = build
        if len(part) > 3:
            _mark_parts(part, build, marked)


class Passthrough(Memo):
    """A memo that remembers nothing: for a single build, whose results need not outlive it."""

    remembers = False

    def once(self, key, step, problems: Problems, keep_none: bool = True, keep_errors: bool = True):
        local = Problems()
        result = step(local)
        problems.items.extend(local.items)
        return result

    def value(self, key, make, slot: str | None = None):
        return make()

    def latest(self, slot: str):
        return None


def is_scratch(name: str) -> bool:
    """Tell editors' temporary files and Python's caches from the files a build reads.

    The build and the preview's watcher pass over the same names, so the
    preview never serves what a save it was not told of has changed.
    """
    # "~$story.docx" is the file Word keeps beside a document it has open, to tell who has it open.
    return name.startswith((".", "#", "~$")) or name.endswith(("~", ".swp", ".pyc", ".tmp")) or name == "__pycache__"


def _entries(folder: str, pattern: str) -> list[tuple[str, bool, bool]]:
    """The names in `folder` that match `pattern`, as Path.glob finds them, each with whether it is a
    folder (or a link to one) and whether it is a link: none in a folder that is not there, or that may
    not be listed. The folder's listing tells both for all but links, which alone cost a look each."""
    if not os.path.isdir(folder):
        return []
    try:
        with os.scandir(folder) as entries:
            return [(entry.name, _is_folder(entry), entry.is_symlink()) for entry in entries
                    if fnmatchcase(entry.name, pattern)]
    except PermissionError:
        return []


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:   # a link that leads nowhere it may look: no folder, as Path.is_dir has it
        return False


def _kinds(texts) -> tuple[frozenset[str], frozenset[str]]:
    """Of the paths `texts`, those that are folders (or links to one), and those that are links: each
    looked at now, and none where it cannot be, as `_entries` has it."""
    return frozenset(filter(os.path.isdir, texts)), frozenset(filter(os.path.islink, texts))


def _same_kind(text: str, found: tuple) -> bool:
    """Tell whether the path `text` is still of the kind a listing (see Files._listed) found it."""
    return found[2] is None or ((text in found[2]) == os.path.isdir(text) and (text in found[3]) == os.path.islink(text))


class Files:
    """Tell whether a file may have changed since the last build, without reading it.

    Signatures and folder listings are kept from one build to the next until
    `touched` names a file as changed, or `forget` drops them all: a build told
    which files changed (as the preview's watcher tells it) stats nothing else.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._prefix = str(root) + os.sep
        self._generation: dict[str, int] = {}
        self._signatures: dict[str, tuple] = {}
        self._listings: dict[tuple[str, str], tuple] = {}   # (folder, pattern) -> see _listed
        self._epoch = 0                       # bumped when nothing kept can be trusted
        self._folder_saves: dict[str, int] = {}   # folder -> how many saves inside it were told of
        self._links: set[str] = set()          # files last seen to be links, looked at every time

    def signature(self, path: Path) -> tuple:
        """Return what changes when the file does: size, times, inode, and save hints."""
        rel = self._rel(str(path))
        found = self._signatures.get(rel)
        if found is None:
            linked = False
            try:
                st = os.stat(path)
                link = os.lstat(path)
                stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, link.st_mtime_ns, link.st_ino)
                linked = stat.S_ISLNK(link.st_mode)
            except OSError as err:
                stamp = ("missing", err.errno)
            found = (rel, stamp, self._generation.get(rel, 0))
            if not linked:   # a save names the link's target, not the link: look at a link every time
                self._signatures[rel] = found
                self._links.discard(rel)
            else:
                self._links.add(rel)
        return found

    def stamp(self, rels: tuple[str, ...]) -> tuple:
        """Return what changes when any of the files (relative to the root) may have changed, without
        a look at those that are not links: what `signature` would give them changes only when they
        are touched or all are forgotten."""
        links = self._links
        return (self._epoch, tuple(map(self._generation.get, rels)),
                tuple(self.signature(self.root / rel) for rel in rels if rel in links) if links else ())

    def listing(self, folder: Path, pattern: str) -> list[Path]:
        """Return sorted(folder.glob(pattern)) but for scratch files, as it stood when last listed unless
        something in it was touched."""
        return self._listed(folder, pattern)[0]

    def folders(self, folder: Path, pattern: str) -> frozenset[str]:
        """The paths, as text, of what the listing of `folder` for `pattern` found to be a folder (or a
        link to one). Asked once for a whole listing: a question a file costs more than the answer."""
        return self._kinds(folder, pattern)[0]

    def has_links(self, folder: Path, pattern: str) -> bool:
        """Tell whether anything the listing of `folder` for `pattern` found was a link."""
        return bool(self._kinds(folder, pattern)[1])

    def _kinds(self, folder: Path, pattern: str) -> tuple[frozenset[str], frozenset[str]]:
        key = (self._rel(str(folder)), pattern)
        found = self._listed(folder, pattern)
        if found[2] is None:   # a listing by glob: each path looked at once asked
            found = self._listings[key] = (*found[:2], *_kinds(found[1]))
        return found[2], found[3]

    def _listed(self, folder: Path, pattern: str) -> tuple[list[Path], set[str], frozenset | None, frozenset | None]:
        """The paths listed, and the texts of all of them, of the folders and of the links; the last two
        None where the listing did not tell them (see _kinds)."""
        key = (self._rel(str(folder)), pattern)
        found = self._listings.get(key)
        if found is None:
            if os.name == "posix" and "/" not in pattern and "**" not in pattern:
                # One folder's names, matched and sorted as plain text: pathlib's glob, and the parts of
                # its Paths, took most of the time of listing a folder of thousands of files.
                base = str(folder)
                entries = sorted(entry for entry in _entries(base, pattern) if not is_scratch(entry[0]))
                paths = [folder / name for name, _, _ in entries]
                texts = [os.path.join(base, name) for name, _, _ in entries]
                found = (paths, set(texts), frozenset(text for text, (_, is_folder, _) in zip(texts, entries) if is_folder),
                         frozenset(text for text, (_, _, is_link) in zip(texts, entries) if is_link))
            else:   # (Windows' paths match and sort regardless of case: there, they sort themselves.)
                depth = len(folder.parts)
                paths = [p for p in folder.glob(pattern) if not any(map(is_scratch, p.parts[depth:]))]
                paths.sort(key=attrgetter("parts") if os.name == "posix" else None)
                found = (paths, {str(p) for p in paths}, None, None)
            self._listings[key] = found
        return found

    def touched(self, paths) -> None:
        """Mark files as changed whatever their times say (two saves can share a timestamp)."""
        for path in paths:
            path = Path(path)
            names = {self._rel(str(path))}
            if path.is_absolute():
                try:
                    names.add(path.resolve().relative_to(self.root.resolve()).as_posix())
                except ValueError:
                    pass
            # A listing holding a file that is still there, and of the kind it was, is still right: only a file
            # added, removed, or made a folder or a link changes it.
            text = str(path)
            holding = [found for found in self._listings.values() if text in found[1]]
            listed = bool(holding) and path.exists() and all(_same_kind(text, found) for found in holding)
            for rel in names:
                self._generation[rel] = self._generation.get(rel, 0) + 1
                self._signatures.pop(rel, None)
                folder = rel
                while "/" in folder:
                    folder = folder.rsplit("/", 1)[0]
                    self._folder_saves[folder] = self._folder_saves.get(folder, 0) + 1
                self._folder_saves[""] = self._folder_saves.get("", 0) + 1
                if not listed:
                    for key in [key for key in self._listings if rel.startswith(key[0] + "/") or key[0] in ("", ".")]:
                        del self._listings[key]

    def forget(self) -> None:
        """Trust nothing kept from the last build."""
        self._signatures.clear()
        self._listings.clear()
        self._links.clear()
        self._epoch += 1

    def version(self, folder: str) -> tuple[int, int]:
        """Return what changes when anything inside `folder` (relative to the root; '' for all) may have changed."""
        return self._epoch, self._folder_saves.get(folder, 0)

    def _rel(self, text: str) -> str:
        return text[len(self._prefix):] if text.startswith(self._prefix) else text


class Ref:
    """Hold a value by identity, for keys built from unhashable things such as parsed YAML."""

    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other) -> bool:
        return isinstance(other, Ref) and other.value is self.value
