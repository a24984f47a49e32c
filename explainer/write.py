"""Write a built site to disk: whole or not at all."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import sys
from contextlib import contextmanager
from functools import partial
from pathlib import Path, PurePath, PurePosixPath


def check_path(name: str) -> PurePosixPath:
    """Refuse an output path that could land outside the output folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or name != path.as_posix():
        raise ValueError(f"refusing to write outside the site: {name!r}")
    return path


class Staging:
    """A folder a whole site is written into, and the files written there so far.

    It may hold an earlier site (see `replacing`): whatever of it is not
    written again is deleted once the new site is whole. Call `ready()`
    before anything writes into the folder. `records` are what the last
    builds recorded of the earlier site's files (see `write_file`).
    """

    def __init__(self, folder: Path, fresh: bool, aside=None, records: dict | None = None):
        self.folder = folder
        self.files: dict[str, tuple] = {}   # name -> record (see write_file) of each file written
        self.known: dict[str, tuple] = {}   # name -> record of a file of the earlier site that is as recorded
        self._records = records or {}
        self._made: set[Path] = set()
        # The earlier site's files (name -> inode, size, change time), its links removed. On a disk
        # whose cache has let go of them, listing thousands of folders is seconds of waiting, so it
        # may be done `aside` (see forks.Aside) while the build reads and checks the content.
        self._held: dict[str, tuple] | None = {} if fresh else None
        self._listing = None
        if not fresh and aside is not None and _has_many(folder):   # a small site is listed at once, for less
            self._listing = aside(partial(_files_under, folder))   # than a process costs to start

    def ready(self) -> None:
        """Wait until the earlier site is listed and holds no link a write could go through."""
        if self._held is None:
            self._held = self._listing.result() if self._listing else _files_under(self.folder)
            self._listing = None
            # A record vouches for a file that is still the very file recorded: the same inode and
            # size, and the same change time, which the system sets on every change and no program
            # can set back (but on FAT, where it is the modification time). The records were taken
            # while this folder was the site, which the preview and people may have written into
            # since: this check, not the folder, is what vouches for them.
            self.known = {name: record for name, record in self._records.items()
                          if record[:3] == self._held.get(name)}

    def close(self) -> None:
        """Stop the listing, if it still runs: the folder is about to be renamed or deleted."""
        if self._listing is not None:
            self._listing.cancel()
            self._listing = None

    def write(self, name: str, data: bytes) -> None:
        self.ready()
        self.record([(name, write_file(self.folder, name, data, self._made, self.known.get(name)))])

    def record(self, written) -> None:
        """Take note of files written elsewhere (by another process): (name, record) pairs."""
        self.files.update(written)

    def remove_stale(self) -> None:
        """Delete the earlier site's files that this one did not write, and folders left empty."""
        self.ready()
        for name in sorted(self._held.keys() - self.files.keys(), reverse=True):
            path = self.folder / name
            try:
                path.unlink(missing_ok=True)
            except (NotADirectoryError, IsADirectoryError):   # the new site made a folder of it, or above it
                continue
            for parent in path.relative_to(self.folder).parents[:-1]:
                try:
                    (self.folder / parent).rmdir()
                except OSError:   # not empty: a page still lives there
                    break


@contextmanager
def replacing(out: Path, aside=None):
    """Yield a Staging folder beside `out` to write a whole site into; it replaces `out` only
    if the block finishes, so a failed build leaves the last site as it was.

    The folder is the site before last, kept beside `out` as `.dist.spare`
    (for `dist`), and the site it replaces becomes the next spare. Its files
    are written over in place, and only where their bytes differ: on a disk
    such as ext4 without a journal, each new file takes longer to make the
    more files were deleted in the last minute, so deleting a site of
    thousands of files and writing it again costs more than making its pages.
    The price is the disk space of a second copy. `aside`, when given, lists
    the spare's files beside the caller's work (see Staging).

    What each build wrote is recorded beside `out` (`.dist.files.json`), for
    the site and for the spare: a file its record vouches for is neither read
    nor written again when its bytes' digest is the one recorded. (On a host
    that soon lets go of the pages it cached, reading the spare to compare it
    took longer than rendering the site.)
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    spare = out.parent / f".{out.name}.spare"
    records_file = out.parent / f".{out.name}.files.json"
    clear_leftovers(out)
    records = _read_records(records_file)
    unique = _unique()
    staging = out.parent / f".{out.name}.new-{unique}"
    retired = out.parent / f".{out.name}.old-{unique}"
    if spare.is_symlink() or spare.exists() and not spare.is_dir():
        spare.unlink()   # a link by that name leads elsewhere, and writing through it would write there
    _UNDER_WAY.add(unique)
    # From the moment the spare is claimed, a stop (which may come as the listing's process starts) is
    # unwound below: the staging folder is kept as the spare again, never left under its own name.
    fresh, site = True, None
    try:
        try:
            spare.rename(staging)   # one step, so of two builds at once only one takes it
            fresh = False
        except OSError:
            staging.mkdir()
        site = Staging(staging, fresh, aside, None if fresh else records.get("spare"))
        yield site
        site.remove_stale()
        if out.exists():
            out.rename(retired)
        staging.rename(out)
        _keep_as_spare(retired, spare)
        _save_records(records_file, {"site": site.files, "spare": records.get("site", {})})
    except BaseException:
        if site is not None:
            site.close()
        if retired.exists() and not out.exists():   # the swap itself failed: put the last site back
            try:
                retired.rename(out)
            except OSError:   # then it stays where it is, under its .old- name, rather than be deleted
                retired = None
        if not (fresh and _is_empty(staging)):   # a folder made for this build, and left empty, is no spare
            _keep_as_spare(staging, spare)   # half overwritten, and as good a start as any for the next build
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
        _UNDER_WAY.discard(unique)


_UNDER_WAY: set[str] = set()   # the `unique` part of the names of the folders this process's builds use now


def _unique() -> str:
    """Name a build's folders apart from any other's: by its process, which tells whether it still runs."""
    return f"{os.getpid()}-{os.urandom(4).hex()}"


def clear_leftovers(out: Path) -> None:
    """Clear away the folders that builds killed outright (SIGKILL, the machine shut down) left beside
    `out`, which no later build would otherwise touch: the staging folder, a whole site's worth of disk.

    Only those of a process that no longer exists, whose build cannot be writing there any more (see
    `_gone`). A staging folder is made of the spare and half overwritten: it becomes the spare again
    if there is none. Each is claimed by a rename before it is deleted, so that of two builds only
    one deletes it.
    """
    spare = out.parent / f".{out.name}.spare"
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(new|old)-((\d{{1,10}})-[0-9a-f]{{8}})")
    try:
        with os.scandir(out.parent) as entries:
            found = [(entry.path, match) for entry in entries if (match := pattern.fullmatch(entry.name))]
    except OSError:   # the build then fails where it writes, and says why
        return
    for path, match in found:
        kind, unique, pid = match.groups()
        if kind == "old" and not out.exists():   # the site put aside for a swap that failed: the last there is
            continue
        if not _gone(int(pid), unique) or os.path.islink(path) or not os.path.isdir(path):
            continue
        try:
            os.rename(path, spare)
            continue
        except OSError:   # a spare is there already: this one goes
            pass
        claimed = out.parent / f".{out.name}.new-{_unique()}"   # so named, cleared in turn if this build is killed
        try:
            os.rename(path, claimed)
        except OSError:   # another build claimed it first
            continue
        shutil.rmtree(claimed, ignore_errors=True)


def _gone(pid: int, unique: str) -> bool:
    """Tell whether the process that named a folder `unique` is gone. Unsure, say no: a pid in use again
    by another process leaves the folder to a later build. One in use again by this very process
    (in a container, each build may be process 1) names a folder of this one's builds or of none."""
    if pid == os.getpid():
        return unique not in _UNDER_WAY
    try:
        os.kill(pid, 0)   # sends nothing: only asks whether the process exists
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):   # another user's process (EPERM), or no pid at all
        return False
    return False


def _keep_as_spare(folder: Path, spare: Path) -> None:
    try:
        folder.rename(spare)
    except OSError:   # gone, or another build kept its own: the caller deletes it
        pass


def _has_many(folder: Path, many: int = 64) -> bool:
    """Tell whether `folder` holds at least `many` entries, reading no more of it than that."""
    try:
        with os.scandir(folder) as entries:
            return sum(1 for _, _ in zip(range(many), entries)) == many
    except OSError:
        return False


def _is_empty(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return False


def _read_records(path: Path) -> dict[str, dict[str, tuple]]:
    """Read what the last builds recorded of their files; nothing, from a file that is not such a record."""
    try:
        data = json.loads(path.read_bytes())
        return {part: {name: tuple(record) for name, record in data[part].items()
                       if [type(v) for v in record] == [int, int, int, str]}
                for part in ("site", "spare")}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _save_records(path: Path, records: dict) -> None:
    """Record the files of the site and of the spare, or else record none: a build never fails for it."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(json.dumps(records, separators=(",", ":")))
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        path.unlink(missing_ok=True)


def _files_under(folder: Path) -> dict[str, tuple]:
    """Return the relative names of the files below `folder` with their inode, size and change
    time, deleting any link found there: writing through a link would write outside the site."""
    found: dict[str, tuple] = {}
    pending = [(str(folder), "")]
    while pending:
        path, rel = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_symlink():
                    os.unlink(entry.path)
                elif entry.is_dir():
                    pending.append((entry.path, rel + entry.name + "/"))
                else:
                    status = entry.stat(follow_symlinks=False)
                    found[rel + entry.name] = (status.st_ino, status.st_size, status.st_ctime_ns)
    return found


def write_file(folder: Path, name: str, data: bytes | list[bytes], made: set[Path], known: tuple | None = None) -> tuple:
    """Write one output file under `folder`, unless it holds these very bytes already; return its
    record: (inode, size, change time, digest of the bytes). `made` remembers the folders already
    made. `data` may be a list of pieces, written one after another.

    `known`, the record of the file there now when one vouches for it (see
    Staging), tells by its digest whether the file holds `data` without a read.
    """
    digest = digest_of(data)
    if known is not None and known[3] == digest:
        return known
    target = folder / check_path(name)
    try:
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if known is None and _holds(target, data):
            status = os.stat(target)
        else:
            status = _write(target, data)
    except (FileExistsError, NotADirectoryError, IsADirectoryError):
        # An earlier site (see `replacing`) held a file where this needs a folder, or the reverse.
        _clear_way(folder, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        status = _write(target, data)
    return status.st_ino, status.st_size, status.st_ctime_ns, digest


def digest_of(data: bytes | list[bytes]) -> str:
    """Name bytes (or pieces of bytes, joined) by the first 128 bits of their SHA-256."""
    digest = hashlib.sha256()
    for piece in [data] if isinstance(data, bytes) else data:
        digest.update(piece)
    return digest.hexdigest()[:32]


def _holds(path: Path, data: bytes | list[bytes]) -> bool:
    """Tell whether the file at `path` holds exactly `data`. Reading a page costs a tenth of
    writing it again, which frees and takes back its disk blocks."""
    try:
        with open(path, "rb") as file:
            if isinstance(data, bytes):
                return file.read(len(data) + 1) == data
            return all(file.read(len(piece)) == piece for piece in data) and not file.read(1)
    except OSError:   # not there, or no file
        return False


def _write(path: Path, data: bytes | list[bytes]) -> os.stat_result:
    with open(path, "wb") as file:
        if isinstance(data, bytes):
            file.write(data)
        else:
            file.writelines(data)
        file.flush()
        return os.fstat(file.fileno())


def _clear_way(folder: Path, target: Path) -> None:
    for parent in reversed(target.relative_to(folder).parents[:-1]):
        path = folder / parent
        if path.is_file():
            path.unlink()
            break
    if target.is_dir():
        shutil.rmtree(target)


LARGE = 1 << 20   # bytes from which a file is written over its spare and swapped in (see _swap_in)


def _swap_in(target: Path, data: bytes) -> bool:
    """Write `data` over the file's spare, the version before last, and swap the two names at once.

    A file replaced by a rename has its blocks freed, which takes the disk
    about half a millisecond a megabyte: 8 ms for the 15 MB of
    data/facts.json at 4,000 pages, twice a save. Written over in place, the
    spare needs no new blocks, and the swap frees none. (A reader still
    reading the version before last, a save and more later, would see it
    change: the preview's readers take milliseconds.) Return False, having
    changed nothing a reader sees, where the system cannot swap two names.
    """
    global _renameat2
    spare = _spare_of(target)
    if _renameat2 is _NOT_LOOKED_UP:
        _renameat2 = _look_up_renameat2()
    if _renameat2 is None or spare.is_dir():
        return False
    try:
        if spare.is_symlink():   # a link by that name is not ours to write through
            spare.unlink()
        with open(spare, "r+b" if spare.is_file() else "wb") as file:
            file.write(data)
            file.truncate()
        if target.is_file() and not target.is_symlink():
            _exchange(spare, target)
        else:
            os.replace(spare, target)
    except OSError as err:
        if err.errno in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
            _renameat2 = None   # this system or this disk cannot swap: write files the plain way from now on
        spare.unlink(missing_ok=True)
        return False
    return True


def _spare_of(target: PurePath) -> PurePath:
    return target.with_name(f".{target.name}.spare")


def _drop_spare(target: Path) -> None:
    spare = _spare_of(target)
    if spare.is_symlink() or spare.is_file():   # not a folder of that name: it is not ours
        spare.unlink()


def _exchange(a: Path, b: Path) -> None:
    """Swap two names in one step, so a reader sees either file whole (Linux's renameat2)."""
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        import ctypes
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number))


def _look_up_renameat2():
    """Linux's renameat2 in glibc 2.28 and later, or None (another libc, another system): files are
    then written the plain way. Looked up when the preview first writes, not by every build."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):
        return None


_NOT_LOOKED_UP = object()
_renameat2 = _NOT_LOOKED_UP
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _prune_empty(folder: Path, out: Path) -> None:
    """Remove `folder` and those above it, up to `out`, while they are empty: the page a removed source
    had leaves no empty folder of its name, as a whole build leaves none."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:   # not empty, or gone: either way, the folders above hold something
            return
        folder = folder.parent


def sync_site(outputs: dict[str, bytes], out: Path, only=None) -> list[str]:
    """Bring `out` in line with `outputs` (the whole site), touching only files whose bytes differ.

    `only`, when given, names the outputs that differ from what `out` was
    last synced with (a Builder's `changed`): they are written without a look
    at what they replace, and the others are not looked at.
    Each file is written to a temporary name and renamed, so a reader never
    sees half a file. Returns the paths that changed.
    """
    changed = []
    out.mkdir(parents=True, exist_ok=True)
    if only is not None:
        for name in sorted(only):
            if name not in outputs:
                target = out / check_path(name)
                _drop_spare(target)
                if target.exists():
                    target.unlink()
                    changed.append(name)
                    _prune_empty(target.parent, out)
        names = sorted(name for name in only if name in outputs)
    else:
        names = sorted(outputs)
    for name in names:
        target = out / check_path(name)
        data = outputs[name]
        if only is None:
            try:
                if target.read_bytes() == data:
                    continue
            except OSError:
                pass
        target.parent.mkdir(parents=True, exist_ok=True)
        if not (len(data) >= LARGE and _swap_in(target, data)):
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)
            if only is not None:   # a file grown small, or written the plain way: its spare serves no more
                _drop_spare(target)
        changed.append(name)
    if only is not None:
        return changed
    wanted = {str(check_path(n)) for n in outputs}
    wanted |= {str(_spare_of(PurePosixPath(n))) for n, data in outputs.items() if len(data) >= LARGE}
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
            changed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed
