"""Skip a build whose inputs and outputs are exactly as the last build left them.

Like make and ninja, this trusts the inputs' sizes and modification times,
and their change times too, which no program can set back (a file rewritten
with its old size and modification time put back is still a changed file);
like git, it does not trust a file modified within two seconds of the last
build ("racily clean"), since two saves can share a timestamp. An output is
known by its size, inode and change time, as the build recorded it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path

INPUTS = ("build.py", "content", "seeds", "templates", "assets", "explainer")
RACY_NS = 2_000_000_000


def _walk(root: Path, names) -> list[tuple[str, int, int, int]]:
    """List every file and folder below `root`'s `names`, following links, with size, modification and
    change time."""
    found, seen = [], set()
    base = str(root)
    for name in names:
        top = os.path.join(base, name) if name else base
        try:
            info = os.stat(top)
        except OSError:
            try:   # a broken link is an input too: the build must report it
                link = os.lstat(top)
                found.append((name, -1, link.st_mtime_ns, link.st_ctime_ns))
            except OSError:
                pass
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk_folder(top, name + "/" if name else "", info, found, seen)
        else:
            found.append((name, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    return sorted(found)


def _walk_folder(path: str, rel: str, info: os.stat_result, found: list, seen: set) -> None:
    # A folder counts too: an empty folder named like a seed is an input the build must report.
    if (info.st_dev, info.st_ino) in seen:   # a link back up the tree
        return
    seen.add((info.st_dev, info.st_ino))
    if rel:
        found.append((rel, -2, info.st_mtime_ns, info.st_ctime_ns))
    try:
        entries = list(os.scandir(path))
    except OSError:
        return
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        name = rel + entry.name
        try:
            # The kind of an entry comes with the listing; only links and files need a stat call.
            if entry.is_dir(follow_symlinks=False):
                _walk_folder(entry.path, name + "/", entry.stat(), found, seen)
                continue
            st = entry.stat()
        except OSError:
            try:   # a broken link or an unreadable file is an input too: the build must report it
                link = entry.stat(follow_symlinks=False)
                found.append((name, -1, link.st_mtime_ns, link.st_ctime_ns))
            except OSError:
                pass
            continue
        if stat.S_ISDIR(st.st_mode):   # a link to a folder
            _walk_folder(entry.path, name + "/", st, found, seen)
        else:
            found.append((name, st.st_size, st.st_mtime_ns, st.st_ctime_ns))


def output_state(files: dict[str, tuple]) -> list[list]:
    """The state of an output folder as a build recorded its files (see write.write_file):
    [name, size, change time, inode] for each file, as `_walk_output` finds them on disk."""
    return sorted([name, size, ctime, inode] for name, (inode, size, ctime, _) in files.items())


def _walk_output(out: Path) -> list[list]:
    """List the files below `out` as `output_state` does. The change time, which the system sets on
    every change and no program can set back (but on FAT, where it is the modification time), tells
    a file written over since the build, whatever its modification time says."""
    found, pending = [], [(str(out), "")]
    while pending:
        path, rel = pending.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            found.append([rel, -1, 0, 0])
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, rel + entry.name + "/"))
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                info = None
            # A link (which a build never writes) or a file that cannot be looked at matches no record.
            size = info.st_size if info and stat.S_ISREG(info.st_mode) else -1
            found.append([rel + entry.name, size, info.st_ctime_ns if info else 0, info.st_ino if info else 0])
    return sorted(found)


def _digest(items) -> str:
    return hashlib.sha256(json.dumps(items).encode()).hexdigest()


class Stamp:
    """What one output folder was last built from."""

    def __init__(self, root: Path, out: Path, options: dict):
        self.root, self.out = root, out
        self.options = dict(options, source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"))
        self.file = out.parent / f".{out.name}.stamp.json"   # beside the output, as make's targets are
        self.inputs = _walk(root, INPUTS)

    def fresh(self) -> list[str] | None:
        """Return the last build's warnings when nothing changed since it, else None."""
        try:
            saved = json.loads(self.file.read_text())
            started, inputs, outputs, warnings = (saved["started_ns"], saved["inputs"], saved["outputs"],
                                                  saved["warnings"])
            newest = max((mtime for _, _, mtime, _ in self.inputs), default=0)
            if newest > started - RACY_NS or not all(isinstance(w, str) for w in warnings):
                return None
        except (OSError, ValueError, KeyError, TypeError):   # none, or not one this build wrote: build
            return None
        if inputs != _digest([self.inputs, self.options]):
            return None
        if outputs != _digest(_walk_output(self.out) if self.out.is_dir() else []):
            return None
        return warnings

    def save(self, started_ns: int, warnings: list[str], files: dict[str, tuple] | None = None) -> None:
        """Record a finished build; a failure to record only costs the next build its shortcut.
        `files` are the build's records of what it wrote, which spare a look at each file."""
        try:
            state = output_state(files) if files is not None else _walk_output(self.out)
            self.file.write_text(json.dumps({
                "started_ns": started_ns, "inputs": _digest([self.inputs, self.options]),
                "outputs": _digest(state), "warnings": warnings}))
        except OSError:
            pass


def now_ns() -> int:
    return time.time_ns()
