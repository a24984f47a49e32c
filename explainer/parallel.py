"""Make a site across the machine's cores: read its files, then plan, render and write its pages.

Each core takes a share of the work in a forked copy of the build, so nothing
is sent to it. Files are read ahead, and their results come back to be
checked together (`read_ahead`). Once the content is verified, pages are
independent of one another, but for the source pages, which list every place
that quotes them; so pages are made in two rounds, the source pages last, and
each page is written as soon as it is rendered. Only problems and small
summaries come back: no page, planned or rendered, waits in memory for the others.
"""

from __future__ import annotations

import gc
import os
import pickle
from operator import itemgetter

from .forks import Stream, holding_signals, raise_failure, reap, start, stop
from .problems import Problem, Problems
from .record import record
from .site import PageSummary, uses_of, shows_uses, summary_of
from .write import Staging, write_file

# Below this many pages a process, starting one costs more than it saves.
MIN_ITEMS_PER_PROCESS = 32


@record(frozen=True)
class Made:
    """What making the pages found: their summaries in site order, the problems of each stage,
    and the files written, as (name, record) pairs (see write.write_file)."""

    pages: list[PageSummary]
    planning: list[Problem]
    rendering: list[Problem]
    written: list[tuple[str, tuple]]


@record(frozen=True)
class _Done:
    """One piece of planning work, made: its problems, its pages' summaries and where they quote."""

    planning: list[Problem]
    rendering: list[Problem]
    summaries: list[PageSummary]
    uses: list[list[tuple]]     # for each page a source page lists: (source id, id of the quote, Use)
    written: list[tuple[str, tuple]]


def make_pages(site: Staging, plan, workers: int | None = None, also=None) -> Made:
    """Plan, render and write every page of `plan` into the `site` folder; `also()`, when given, is
    one more piece of work that returns what it wrote, done beside the source pages by whichever
    process it falls to."""
    load_templates(plan.renderer.env)
    planner = plan.planner
    first = planner.first_work()
    # The pages made whole from all the content (the timeline, the index of sources) take longest: a
    # tenth of a second each at 4,000 pages. Handed out first, they leave no process making them alone at the end.
    order = sorted(range(len(first)), key=lambda k: not planner.generates(first[k]))
    # Quotes come back as the ids they have in this process: every process forked from it after they were made.
    quotes: dict[int, object] = {}

    def index_quotes() -> None:   # by this process, while the others make pages
        quotes.update((id(q), q) for fact in plan.content.facts for q in fact.quotes)
        quotes.update((id(q), q) for dispute in plan.content.disputes for q in dispute.accounts)

    made = shared_map(lambda k: _make(site, plan, first[k]), order, workers, first=index_quotes)
    done = [result for _, result in sorted(zip(order, made), key=itemgetter(0))]
    uses = planner.uses([[[(source_id, quotes[quote_id], use) for source_id, quote_id, use in page_uses]
                          for page_uses in result.uses] for result in done])
    work = planner.source_work(uses)
    if also:   # first, so that whichever process takes it, the others make the pages meanwhile
        work.insert(0, also)
    done += shared_map(lambda item: _make(site, plan, item) if item is not also else _also(also), work, workers)
    summaries = [summary for result in done for summary in result.summaries]
    planner.problems = report = Problems()
    planner.report([summaries])
    return Made(summaries, [p for result in done for p in result.planning] + report.items,
                [p for result in done for p in result.rendering], [name for result in done for name in result.written])


def _make(site: Staging, plan, work: tuple) -> _Done:
    planning, rendering, made, written = Problems(), Problems(), set(), []
    plan.planner.problems = planning
    pages = plan.planner.planned(work)
    for page in pages:
        html = plan.renderer.render(page, plan.nav, rendering)
        if html is not None:
            written.append((page.path, write_file(site.folder, page.path, html, made, site.known.get(page.path))))
    return _Done(planning.items, rendering.items, [summary_of(page) for page in pages],
                 [[(source_id, id(quote), use) for source_id, quote, use in uses_of(page)]
                  for page in pages if shows_uses(page)], written)


class ReadAhead:
    """Read a batch of files across the cores: `ahead(items, step)` returns (step(item, problems),
    the problems it found) for each item.

    Steps given to `meanwhile` need none of the files: this process runs them
    at the next batch, while the others read, rather than alone before or after.
    """

    def __init__(self, workers: int | None = None):
        self.workers = workers
        self._waiting: list[Later] = []

    def __call__(self, items, step) -> list[tuple]:
        waiting, self._waiting = self._waiting, []
        return shared_map(lambda item: _with_problems(step, item), items, self.workers,
                          first=lambda: [later.run() for later in waiting])

    def meanwhile(self, function) -> Later:
        later = Later(function)
        self._waiting.append(later)
        return later


class Later:
    """The result of a step run meanwhile (see ReadAhead), or else when it is first asked for."""

    def __init__(self, function):
        self._function, self._value = function, None

    def run(self) -> None:
        if self._function is not None:
            function, self._function = self._function, None
            self._value = function()

    def result(self):
        self.run()
        return self._value


def _with_problems(step, item) -> tuple:
    found = Problems()
    return step(item, found), found.items


def _also(job) -> _Done:
    return _Done([], [], [], [], job())


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        return os.cpu_count() or 1


def shared_map(function, items, workers: int | None = None, first=None) -> list:
    """Return [function(item) for item in items], shared among forked processes.

    Items are handed out a few at a time, in order, to whichever process is
    free (see `_Dispenser`), so costly items do not keep one process busy
    while the others wait. Results must pickle. When any process fails, this
    raises once every process has ended. `first()`, when given, is run in
    this process before it takes its first item.
    """
    items = list(items)
    workers = min(workers or cores(), max(1, len(items) // MIN_ITEMS_PER_PROCESS))
    if workers < 2 or not hasattr(os, "fork"):
        if first:
            first()
        return [function(item) for item in items]
    reap(wait=False)   # the processes of earlier batches that have ended
    dispenser = _Dispenser(len(items))
    results = [None] * len(items)

    def share_streamed(send) -> None:
        # Each result goes to this process as soon as it is made: taken in between this process's own
        # items, it is unpickled while the others work, not by this process alone once they are done.
        for k in dispenser:
            send(pickle.dumps((k, function(items[k])), pickle.HIGHEST_PROTOCOL))

    def take(pieces: list) -> None:
        for piece in pieces:
            k, result = pickle.loads(piece)
            results[k] = result

    frozen = gc.get_freeze_count()
    gc.freeze()   # the collector would otherwise touch, and so copy, every object the processes share
    children: list[tuple[int, int]] = []   # those still to answer
    streams: list[Stream] = []
    try:
        with holding_signals() as mask:
            for _ in range(1, workers):
                children.append(start(share_streamed, [read_end for _, read_end in children], mask, streams=True))
        streams = [Stream(*child) for child in children]
        if first:
            first()
        for k in dispenser:
            results[k] = function(items[k])
            for stream in streams:
                take(stream.pieces())
        for stream in streams:   # every one, before any failure is raised
            pieces = stream.pieces(wait=True)   # which closes its pipe: the process is no longer one to stop
            children.remove((stream.pid, stream.fd))
            take(pieces)
    except BaseException:   # this process failed, or was interrupted: stop the others, then say why
        stop(children)
        raise
    finally:
        if not frozen:   # what the caller froze stays so
            gc.unfreeze()
        dispenser.close()
    for stream in streams:
        kind, value = stream.answer
        if kind != "ok":
            raise_failure(value)
    return results


class _Dispenser:
    """Hand out the numbers 0 to n-1, in order, each to one of several forked processes.

    The numbers wait in a pipe, written whole before any process starts: a
    read of a few bytes from a pipe is taken by one reader only. Beyond the
    4 KiB any pipe holds, consecutive numbers are handed out in runs.
    """

    SIZE = 4          # bytes: the first number of a run
    MOST = 1024       # runs

    def __init__(self, n: int):
        self.n, self.run = n, -(-n // self.MOST)
        self.fd, write_end = os.pipe()
        try:
            os.write(write_end, b"".join(k.to_bytes(self.SIZE, "little") for k in range(0, n, self.run)))
        finally:
            os.close(write_end)   # so that a reader finds the end once the numbers are gone

    def __iter__(self):
        while True:
            taken = os.read(self.fd, self.SIZE)
            if not taken:
                return
            first = int.from_bytes(taken, "little")
            yield from range(first, min(first + self.run, self.n))

    def close(self) -> None:
        os.close(self.fd)


def load_templates(env) -> None:
    """Compile every template once, before the processes part, rather than once in each."""
    for name in env.list_templates():
        try:
            env.get_template(name)
        except Exception:   # a broken template is reported where a page uses it
            pass
