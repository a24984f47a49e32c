"""The build, stage by stage: read, verify, plan, render. Nothing is written here."""

from __future__ import annotations

import datetime
import gc
import os
import re
from contextlib import contextmanager
from functools import cached_property, partial
from itertools import chain
from pathlib import Path

from . import publish, write
from .facts import load_disputes, load_facts
from .markup import Markup
from .memo import Files, Memo, Passthrough, Ref, runs_of
from .pages import load_pages
from .forks import Aside, reap
from .parallel import Later, ReadAhead, load_templates, make_pages
from .problems import ContentError, Problem, Problems
from .record import record
from .records import Content
from .seeds import read_seeds
from .settings import load_settings
from .site import PageModel, Planner
from .textfile import decode_text, folder_error, folder_readable, linked_away, name_not_utf8
from .sources import article_ids, build_sources, ids_lost, load_entries
from .verify import Library, apply_corrections, verify_disputes, verify_facts


@record(frozen=True)
class Build:
    """A finished build: every output file's bytes, the content behind it, and warnings.

    `changed` names the outputs that differ from the Builder's previous build
    (None for a first build: all of them). `files`, for a build written to
    disk, records each file written there (see write.write_file).
    """

    outputs: dict[str, bytes]
    content: Content
    pages: tuple
    warnings: tuple[Problem, ...]
    changed: frozenset | None = None
    files: dict[str, tuple] | None = None


@record(frozen=True)
class Plan:
    """A site ready to plan page by page and render: its content, assets, and how to render a page."""

    content: Content
    planner: Planner
    assets: dict[str, bytes]          # output path -> bytes
    renderer: object   # a render.Renderer: its module imports Jinja, when first needed (see Builder.env)
    nav: tuple
    context: tuple                    # what every page's rendering depends on besides the page
    date: str


def gather(root: Path, problems: Problems, site_url: str | None = None, memo: Memo | None = None,
           files: Files | None = None, ahead=None, beside_facts=None) -> Content | None:
    """Read and verify everything the site is made of; None when it cannot go on.

    `ahead` (see parallel.ReadAhead) reads the seeds, pages and fact files across the cores.
    `beside_facts()`, when given, is run by this process while the others read the fact files:
    the longest of the batches, where it least keeps the others waiting.
    """
    root = root.resolve()
    memo, files = memo or Memo(), files or Files(root)
    settings = memo.once(("settings", files.signature(root / "content/site.yaml"), site_url),
                         lambda found: load_settings(root, found, site_url), problems)
    # Whole stages are reused while the folders they read stand still (as told by the preview), and
    # the stages after them while their inputs are the very objects they were.
    seeds_version = files.version("seeds")
    # A seed may be a link to a file elsewhere in the project: then any save may change it.
    linked = memo.value(("seed links", seeds_version), lambda: files.has_links(root / "seeds", "*"))
    # sources.yaml is read in this process while the others read the seeds (see ReadAhead).
    found_in_entries = Problems()
    load = partial(load_entries, root, found_in_entries, memo, files)
    entries = ahead.meanwhile(load) if ahead else Later(load)
    seeds = memo.once(("seeds", seeds_version, files.version("") if linked else None),
                      lambda found: read_seeds(root, found, memo, files, ahead), problems)
    entries = entries.result()
    problems.items += found_in_entries.items
    language = settings.language if settings else "en"
    # Files in seeds/ that gave no seed: reported where they are (or as no kind of seed), not as missing.
    seed_folders = files.folders(root / "seeds", "*")
    unread = memo.value(("unread seeds", Ref(seeds), files.version("seeds")), lambda: frozenset(
        path.name for path in files.listing(root / "seeds", "*") if str(path) not in seed_folders)
        - {seed.name for seed in seeds})
    if (root / "seeds").is_dir() and folder_error(root / "seeds"):   # reported once, as the folder: not seed by seed
        unread = frozenset(entries or ())
    sources, corrections = ([], []) if entries is None else memo.once(
        ("sources", Ref(seeds), Ref(entries), language, unread),
        lambda found: build_sources(seeds, entries, language, found, memo, ahead, unread), problems)
    # A correction not found is checked again: its message names the sources that hold it.
    sources = memo.once(("corrected", Ref(sources), Ref(corrections)),
                        lambda found: apply_corrections(sources, corrections, found, memo), problems, keep_errors=False)
    # The articles of an entry whose seed gave none: quotes citing them are not checked (see Library).
    unavailable = memo.value(("unavailable", Ref(entries), Ref(seeds)), lambda: article_ids(
        entries or {}, set(entries or {}) - {seed.name for seed in seeds}))
    lost = memo.value(("ids lost", Ref(entries)), lambda: ids_lost(entries or {}))
    library = memo.once(("library", Ref(sources), unavailable, lost),
                        lambda found: Library(sources, memo, unavailable, lost), problems)
    if ahead and beside_facts:
        ahead.meanwhile(beside_facts)
    # Where each quote is, is found where its file is read, across the cores; checked here.
    fact_entries, declared = load_facts(root, problems, memo, files, ahead, library.look_up)
    dispute_entries = load_disputes(root, problems, memo, files)
    # Facts are checked in this process while the others read the pages; reported after the pages' problems.
    found_in_facts = Problems()
    check = partial(verify_facts, fact_entries, settings.topics if settings else None, library, found_in_facts)
    checked = (ahead.meanwhile(check) if ahead else Later(check)) if entries is not None else None
    # Held by the check alone, the entries are freed where it runs (10 ms at 1,000 pages): beside the others' reading.
    del fact_entries, check
    pages = memo.once(("pages", files.version("content/pages")), lambda found: load_pages(root, found, memo, files, ahead),
                      problems)
    if checked is None:   # no source's id is known: every quote would be reported as citing an unknown one
        return None
    fact_runs = checked.result()
    problems.items += found_in_facts.items
    fact_files = tuple(chain.from_iterable(run.items for run in fact_runs))
    facts = tuple(chain.from_iterable(fact_files))
    disputes = verify_disputes(dispute_entries, declared, library, problems)
    if settings is None:
        return None
    return Content(settings, tuple(sources), facts, tuple(disputes), tuple(pages), declared, fact_files,
                   tuple(fact_runs), runs_of(sources, memo), runs_of(pages, memo))


class Builder:
    """Build one project again and again, redoing only what its changes affect.

    Every step's result is remembered under a key naming all it read (see
    memo.py), so a build after one saved file replans and rerenders only the
    pages that show something of that file. Each `build()` returns the whole
    site, byte for byte what a fresh Builder would return.
    """

    def __init__(self, root: Path, site_url: str | None = None, hash_assets: bool = True, once: bool = False,
                 workers: int | None = None):
        self.root = root.resolve()
        self.site_url, self.hash_assets = site_url, hash_assets
        # A builder used `once` remembers nothing: nothing would ever look for it again, and what
        # it would keep (every parsed file, every source's text twice over) is most of its memory.
        self.memo, self.files = (Passthrough() if once else Memo()), Files(self.root)
        self.markup = Markup(Passthrough() if once else None)
        # A single build reads its files across the cores; the preview rereads a file or two at a time.
        self.ahead = ReadAhead(workers) if once else None
        self._previous: dict[str, bytes] | None = None
        self._groups: list[dict] = []   # the last build's outputs, as _build grouped them
        self._templates: tuple = ()

    def build(self, changed: list[Path] | None = None) -> Build:
        """Return the site as it now stands.

        `changed`, when given, names every file saved, added or removed since
        the last build, and nothing else is looked at again; None looks at all.
        """
        if changed is None:
            self.files.forget()
        else:
            self.files.touched(changed)
        problems = Problems()
        try:
            built = self._build(problems)
        except ContentError:
            self.memo.keep_all()   # a failed build drops nothing the next one may reuse
            self.markup.memo.keep_all()
            raise
        self.memo.sweep()
        self.markup.memo.sweep()
        built, groups = built
        previous, previous_groups = self._previous, self._groups
        self._previous, self._groups = built.outputs, groups
        if previous is None:
            return built
        # A group of outputs that is the very dict the last build made holds the very bytes it held.
        unchanged = set(map(id, previous_groups))
        changed = [name for group in groups if id(group) not in unchanged for name, data in group.items()
                   if previous.get(name) is not data and previous.get(name) != data]
        changed_outputs = frozenset(changed).union(previous.keys() - built.outputs.keys())
        return Build(built.outputs, built.content, built.pages, built.warnings, changed_outputs)

    def _build(self, problems: Problems) -> tuple[Build, list[dict]]:
        """Return the site, and its outputs in groups: a group that did not change is the very dict it was."""
        plan = self.prepare(problems)
        pages = plan.planner.plan()
        problems.raise_if_errors()
        memo, renderer, nav, context = self.memo, plan.renderer, plan.nav, plan.context

        def render(page: PageModel, problems: Problems) -> bytes | None:
            return memo.once(("render", page, context), lambda found: renderer.render(page, nav, found), problems)

        def render_all(pages: list[PageModel], problems: Problems) -> dict[str, bytes]:
            rendered = {page.path: render(page, problems) for page in pages}
            return {path: html for path, html in rendered.items() if html is not None}

        groups = [plan.assets] + [memo.once(("render part", Ref(part), context), partial(render_all, part), problems)
                                  for part in plan.planner.parts]
        problems.raise_if_errors()
        groups.append(publish.extra_files(plan.content, pages, plan.date, memo))
        outputs = {}
        for group in groups:
            outputs.update(group)
        return Build(outputs, plan.content, tuple(pages), tuple(problems.warnings)), groups

    @cached_property
    def env(self):
        """The project's Jinja environment, made when first needed: a single build imports Jinja while
        the other processes read the fact files (see prepare), not before."""
        from .render import make_environment
        return make_environment(self.root)

    def prepare(self, problems: Problems) -> Plan:
        """Read and verify the content and assets; raise ContentError if nothing can be planned."""
        root, memo = self.root, self.memo
        # Jinja imported and templates compiled while other processes read files, not before.
        content = gather(root, problems, self.site_url, memo, self.files, self.ahead,
                         beside_facts=lambda: load_templates(self.env))
        if content is None:
            problems.raise_if_errors()
        planner = Planner(content, self.markup, problems, self.memo)
        assets = read_assets(root, problems, self.hash_assets, memo, self.files)
        date = content_date(content)
        asset_paths = {name: path for name, (path, _) in assets.items()}
        from .render import Renderer
        renderer = Renderer(self.env, content.settings, asset_paths, date)
        nav = planner.nav()
        templates = tuple(self.files.signature(p) for p in self.files.listing(root / "templates", "**/*"))
        if templates != self._templates:
            # Jinja trusts a template's modification time alone; two saves can share one. (Those of a first
            # build were compiled during it, while other processes read files: see gather.)
            if self.env.cache is not None and self._templates:
                self.env.cache.clear()
            self._templates = templates
        # One object stands for all of it while it stays the same, so a page's key hashes at once.
        context = memo.value(("render context", content.settings, nav, tuple(asset_paths.items()), date, templates),
                             object)
        return Plan(content, planner, dict(assets.values()), renderer, nav, context, date)


def build(root: Path, site_url: str | None = None, hash_assets: bool = True) -> Build:
    """Build the site in memory; raise ContentError listing every problem found."""
    with _single_build():
        return Builder(root, site_url, hash_assets, once=True).build()


def build_into(out: Path, root: Path, site_url: str | None = None, hash_assets: bool = True,
               workers: int | None = None) -> Build:
    """Build the site into the folder `out`, replacing it whole, or raise ContentError and leave it be.

    The same site as `build`, made for a single build: pages are planned,
    rendered and written one at a time, across the cores (see parallel.py), so
    neither the planned pages nor their bytes are held together in memory. The
    returned Build holds no outputs and, for pages, their summaries.
    """
    problems = Problems()
    root = root.resolve()
    # The folder is claimed first, so that the site it held is listed while the content is read.
    with _single_build(), write.replacing(out, aside=Aside) as site:
        plan = Builder(root, site_url, hash_assets, once=True, workers=workers).prepare(problems)
        return _write_site(site, plan, problems, workers)


@contextmanager
def _single_build():
    """Turn the cyclic garbage collector off for the length of a single build, and reap the
    processes it forked once it is over.

    A single build makes next to no garbage in cycles, which alone needs the
    collector: what it reads lives until the end, and a page's objects are
    freed as soon as the page is written. The collector would still walk
    them all, ever more often as they pile up (at 4,000 pages, a tenth of the
    build), and free nothing: the peak memory is the same without it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        reap()   # every process the build forked: ended long since, but for the last few
        if enabled:
            gc.enable()


def _write_site(site: write.Staging, plan: Plan, problems: Problems, workers: int | None) -> Build:
    site.ready()   # no page is written before the earlier site's links are gone

    def write_data() -> list[tuple[str, tuple]]:   # the open data: as many megabytes as the pages, made beside them
        made: set[Path] = set()
        return [(name, write.write_file(site.folder, name, pieces, made, site.known.get(name)))
                for name, pieces in publish.each_data_file_in_pieces(plan.content, plan.date, Passthrough())]

    made = make_pages(site, plan, workers, also=write_data)
    site.record(made.written)
    problems.items += made.planning
    problems.raise_if_errors()
    problems.items += made.rendering
    problems.raise_if_errors()
    for name, data in plan.assets.items():
        site.write(name, data)
    if plan.content.settings.site_url:
        site.write("sitemap.xml", publish.sitemap(plan.content.settings, made.pages, plan.date).encode())
    return Build({}, plan.content, tuple(made.pages), tuple(problems.warnings), files=site.files)


def read_assets(root: Path, problems: Problems, hashed: bool, memo: Memo,
                files: Files) -> dict[str, tuple[str, bytes]]:
    """Read assets/ into {name: (output path, bytes)}; hashed names let a deploy never mix versions."""
    folder = root / "assets"
    assets = {}
    if not folder.is_dir() or not folder_readable(folder, "assets", problems):
        return assets
    project = os.path.realpath(root)
    for path in files.listing(folder, "**/*"):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            # As a content file or a seed: a build publishes nothing from elsewhere on the machine.
            away = linked_away(os.path.realpath(path), project)
            if away:
                problems.error(f"assets/{name}", 1, f"{away}; copy the file into assets/")
                continue
            unreadable = name_not_utf8(name)
            if unreadable:   # its address could not be written in a page
                problems.error(f"assets/{name}", 1, unreadable)
                continue
            found = memo.once(("asset", files.signature(path), hashed), lambda found: _asset(path, name, hashed, found),
                              problems)
            if found:
                assets[name] = found
    return assets


def _asset(path: Path, name: str, hashed: bool, problems: Problems) -> tuple[str, bytes] | None:
    try:
        data = path.read_bytes()
    except OSError as err:
        problems.error(f"assets/{name}", 1, f"cannot be read ({err.strerror or err})")
        return None
    if name.endswith((".css", ".js")):   # read as text: say so of one that is not, as of any text file
        text = decode_text(f"assets/{name}", data, problems)
        if text is None:
            return None
        data = text.encode("utf-8")
        data = minify_css(data) if name.endswith(".css") else minify_js(data)
    from .render import hashed_name
    return "assets/" + (hashed_name(name, data) if hashed else name), data


def minify_js(data: bytes) -> bytes:
    """Drop a script's comment lines and its indentation; readers need not download them.

    Only lines holding nothing but a `//` comment go, and the white space a
    line starts with, which JavaScript reads as nothing. (Inside a multi-line
    template literal either would be text; our scripts have none.)
    """
    lines = (line.strip() for line in data.decode("utf-8").splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")).encode("utf-8") + b"\n"


def minify_css(data: bytes) -> bytes:
    """Drop comments and the white space CSS does not need; every page pays for the stylesheet's size.

    Spaces before ':' are kept: in a selector they mean "any descendant" (`.article :target`).
    """
    text = re.sub(r"/\*.*?\*/", "", data.decode("utf-8"), flags=re.S)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([{};,>])\s*", r"\1", text)
    text = re.sub(r":\s+", ":", text).replace(";}", "}")
    return text.strip().encode("utf-8") + b"\n"


def content_date(content: Content) -> str:
    """Return the date the content stands at: SOURCE_DATE_EPOCH, else the settings' `updated`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat()
    if content.settings.updated:
        return content.settings.updated.iso
    dates = [s.date for s in content.sources if s.date] + [f.date for f in content.facts if f.date]
    return max(dates).iso if dates else ""


__all__ = ["Build", "Builder", "build", "build_into", "gather", "ContentError"]
