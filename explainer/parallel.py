"""Render a planned site straight to disk, across the machine's cores.

Pages are independent once planned, so each core renders a share of them in
a forked copy of the build (nothing is sent to it) and writes each page as
soon as it is made (nothing is sent back but problems). No page's bytes wait
in memory for the others.
"""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from pathlib import Path

from .problems import Problem, Problems
from .write import write_file

# Below this many pages, starting a process costs more than it saves.
MIN_PAGES_TO_SHARE = 64


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        return os.cpu_count() or 1


def render_into(folder: Path, plan, problems: Problems, workers: int | None = None) -> None:
    """Render every page of `plan` into `folder`, reporting template problems in page order."""
    pages = list(enumerate(plan.pages))
    workers = min(workers or cores(), max(1, len(pages) // (MIN_PAGES_TO_SHARE // 2)))
    if workers < 2 or not hasattr(os, "fork"):
        found = _render(folder, pages, plan)
    else:
        _load_templates(plan.renderer.env)
        gc.freeze()   # the collector would otherwise touch, and so copy, every object the processes share
        children = []
        try:
            children = [_start(folder, pages[i::workers], plan) for i in range(1, workers)]
            found = _render(folder, pages[::workers], plan)
        finally:
            gc.unfreeze()
            answers = [_finish(*child) for child in children]   # waited for even if this process failed
        for answer in answers:
            found += answer
    for _, page_problems in sorted(found, key=lambda item: item[0]):
        problems.items.extend(page_problems)


def _render(folder: Path, pages, plan) -> list[tuple[int, list[Problem]]]:
    """Render and write some pages; return the problems of those that had any, by page index."""
    found, made = [], set()
    for index, page in pages:
        local = Problems()
        html = plan.renderer.render(page, plan.nav, local)
        if html is not None:
            write_file(folder, page.path, html, made)
        if local.items:
            found.append((index, local.items))
    return found


def _start(folder: Path, pages, plan) -> tuple[int, int]:
    """Fork a process to render `pages`; return its pid and the pipe it answers on."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    os.close(read_end)
    status = 0
    try:
        answer = pickle.dumps(("ok", _render(folder, pages, plan)))
    except BaseException:   # the parent reports it; a forked process must never return into the caller
        answer, status = pickle.dumps(("failed", traceback.format_exc())), 1
    with os.fdopen(write_end, "wb") as pipe:
        pipe.write(answer)
    os._exit(status)


def _finish(pid: int, read_end: int) -> list[tuple[int, list[Problem]]]:
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    if not answer:
        raise RuntimeError("a rendering process ended without an answer")
    kind, value = pickle.loads(answer)
    if kind != "ok":
        raise RuntimeError(f"a rendering process failed:\n{value}")
    return value


def _load_templates(env) -> None:
    """Compile every template once, before the processes part, rather than once in each."""
    for name in env.list_templates():
        try:
            env.get_template(name)
        except Exception:   # a broken template is reported where a page uses it
            pass
