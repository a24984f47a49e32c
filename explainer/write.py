"""Write a built site to disk: whole or not at all."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path, PurePosixPath


def check_path(name: str) -> PurePosixPath:
    """Refuse an output path that could land outside the output folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or name != path.as_posix():
        raise ValueError(f"refusing to write outside the site: {name!r}")
    return path


@contextmanager
def replacing(out: Path):
    """Yield a fresh folder beside `out` to write a whole site into; it replaces `out` only
    if the block finishes, so a failed build leaves the last site as it was."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.new-{os.getpid()}"
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        yield staging
        if out.exists():
            out.rename(retired)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)


def write_file(folder: Path, name: str, data: bytes, made: set[Path]) -> None:
    """Write one output file under `folder`; `made` remembers the folders already made."""
    target = folder / check_path(name)
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    target.write_bytes(data)


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
                if target.exists():
                    target.unlink()
                    changed.append(name)
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
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        changed.append(name)
    if only is not None:
        return changed
    wanted = {str(check_path(n)) for n in outputs}
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
            changed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed
