"""Plan, render and write a site's pages one at a time, across the machine's cores.

Once the content is gathered, pages are independent of one another, but for
the source pages, which list every place that quotes them. So pages are made
in two rounds, the source pages last. In each round every core makes a share
of the pages in a forked copy of the build (nothing is sent to it) and writes
each page as soon as it is rendered; only problems and small summaries come
back. No page, planned or rendered, waits in memory for the others.
"""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, Problems
from .site import PageSummary, uses_of, shows_uses, summary_of
from .write import write_file

# Below this many pages a process, starting one costs more than it saves.
MIN_ITEMS_PER_PROCESS = 32


@dataclass(frozen=True)
class Made:
    """What making the pages found: their summaries in site order, and the problems of each stage."""

    pages: list[PageSummary]
    planning: list[Problem]
    rendering: list[Problem]


@dataclass(frozen=True)
class _Done:
    """One piece of planning work, made: its problems, its pages' summaries and where they quote."""

    planning: list[Problem]
    rendering: list[Problem]
    summaries: list[PageSummary]
    uses: list[list[tuple]]     # for each page a source page lists: (source id, id of the quote, Use)


def make_pages(folder: Path, plan, workers: int | None = None) -> Made:
    """Plan, render and write every page of `plan` into `folder`."""
    _load_templates(plan.renderer.env)
    planner = plan.planner
    done = shared_map(lambda work: _make(folder, plan, work), planner.first_work(), workers)
    # Quotes came back as the ids they have in this process: every process forked from it after they were made.
    quotes = {id(q): q for fact in plan.content.facts for q in fact.quotes}
    quotes.update((id(q), q) for dispute in plan.content.disputes for q in dispute.accounts)
    uses = planner.uses([[(source_id, quotes[quote_id], use) for source_id, quote_id, use in page_uses]
                         for result in done for page_uses in result.uses])
    done += shared_map(lambda work: _make(folder, plan, work), planner.source_work(uses), workers)
    summaries = [summary for result in done for summary in result.summaries]
    planner.problems = report = Problems()
    planner.report(summaries)
    return Made(summaries, [p for result in done for p in result.planning] + report.items,
                [p for result in done for p in result.rendering])


def _make(folder: Path, plan, work: tuple) -> _Done:
    planning, rendering, made = Problems(), Problems(), set()
    plan.planner.problems = planning
    pages = plan.planner.planned(work)
    for page in pages:
        html = plan.renderer.render(page, plan.nav, rendering)
        if html is not None:
            write_file(folder, page.path, html, made)
    return _Done(planning.items, rendering.items, [summary_of(page) for page in pages],
                 [[(source_id, id(quote), use) for source_id, quote, use in uses_of(page)]
                  for page in pages if shows_uses(page)])


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        return os.cpu_count() or 1


def shared_map(function, items, workers: int | None = None) -> list:
    """Return [function(item) for item in items], shared among forked processes.

    Each process takes every k-th item; results must pickle. A process that
    fails makes this raise, once every process has ended.
    """
    items = list(items)
    workers = min(workers or cores(), max(1, len(items) // MIN_ITEMS_PER_PROCESS))
    if workers < 2 or not hasattr(os, "fork"):
        return [function(item) for item in items]
    gc.freeze()   # the collector would otherwise touch, and so copy, every object the processes share
    children: list[tuple[int, int]] = []
    try:
        for k in range(1, workers):
            children.append(_start(function, items[k::workers]))
        mine = [function(item) for item in items[::workers]]
    except BaseException:   # this process failed, or was interrupted: end the others, then say why
        for pid, read_end in children:
            os.close(read_end)
            os.waitpid(pid, 0)
        raise
    finally:
        gc.unfreeze()
    answers = [_finish(*child) for child in children]
    results = [None] * len(items)
    results[::workers] = mine
    for k, answer in enumerate(answers, 1):
        results[k::workers] = answer
    return results


def _start(function, items) -> tuple[int, int]:
    """Fork a process to map `items`; return its pid and the pipe it answers on."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    # From here on this is the forked copy: whatever happens, it must end here and never return
    # into its caller, which would go on running the build a second time.
    status = 1
    try:
        os.close(read_end)
        try:
            answer, status = pickle.dumps(("ok", [function(item) for item in items]), pickle.HIGHEST_PROTOCOL), 0
        except BaseException:   # the parent reports it
            answer = pickle.dumps(("failed", traceback.format_exc()))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(answer)
    finally:
        os._exit(status)


def _finish(pid: int, read_end: int) -> list:
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    if not answer:
        raise RuntimeError("a process making pages ended without an answer")
    kind, value = pickle.loads(answer)
    if kind != "ok":
        raise RuntimeError(f"a process making pages failed:\n{value}")
    return value


def _load_templates(env) -> None:
    """Compile every template once, before the processes part, rather than once in each."""
    for name in env.list_templates():
        try:
            env.get_template(name)
        except Exception:   # a broken template is reported where a page uses it
            pass
