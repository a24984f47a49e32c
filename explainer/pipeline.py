"""The build, stage by stage: read, verify, plan, render. Nothing is written here."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from .facts import load_disputes, load_facts
from .markup import Markup
from .pages import load_pages
from .problems import ContentError, Problem, Problems
from .records import Content
from .render import Renderer, hashed_name
from .seeds import read_seeds
from .settings import load_settings
from .site import Planner
from .sources import build_sources, load_entries
from .verify import Library, apply_corrections, verify_disputes, verify_facts
from . import publish


@dataclass(frozen=True)
class Build:
    """A finished build: every output file's bytes, the content behind it, and warnings."""

    outputs: dict[str, bytes]
    content: Content
    pages: tuple
    warnings: tuple[Problem, ...]


def gather(root: Path, problems: Problems, site_url: str | None = None) -> Content | None:
    """Read and verify everything the site is made of; None when it cannot go on."""
    settings = load_settings(root, problems, site_url)
    seeds = read_seeds(root, problems)
    entries = load_entries(root, problems)
    language = settings.language if settings else "en"
    sources, corrections = build_sources(seeds, entries, language, problems)
    sources = apply_corrections(sources, corrections, problems)
    library = Library(sources)
    fact_entries, declared = load_facts(root, problems)
    dispute_entries = load_disputes(root, problems)
    pages = load_pages(root, problems)
    facts = verify_facts(fact_entries, settings.topics if settings else (), library, problems)
    disputes = verify_disputes(dispute_entries, declared, library, problems)
    if settings is None:
        return None
    return Content(settings, tuple(sources), tuple(facts), tuple(disputes), tuple(pages),
                   tuple((s.name, s.sha256) for s in seeds), declared)


def build(root: Path, site_url: str | None = None, hash_assets: bool = True) -> Build:
    """Build the site in memory; raise ContentError listing every problem found."""
    problems = Problems()
    content = gather(root, problems, site_url)
    if content is None:
        problems.raise_if_errors()
    pages = Planner(content, Markup(), problems).plan()
    problems.raise_if_errors()
    assets = read_assets(root, problems, hash_assets)
    date = content_date(content)
    renderer = Renderer(root, content.settings, {name: path for name, (path, _) in assets.items()}, date)
    nav = sorted((p for p in pages if p.nav_order is not None), key=lambda p: (p.nav_order, p.title))
    outputs: dict[str, bytes] = {path: data for path, data in assets.values()}
    for page in pages:
        html = renderer.render(page, nav, problems)
        if html is not None:
            outputs[page.path] = html
    problems.raise_if_errors()
    outputs.update(publish.extra_files(content, pages, date))
    return Build(outputs, content, tuple(pages), tuple(problems.warnings))


def read_assets(root: Path, problems: Problems, hashed: bool = True) -> dict[str, tuple[str, bytes]]:
    """Read assets/ into {name: (output path, bytes)}; hashed names let a deploy never mix versions."""
    folder = root / "assets"
    assets = {}
    if not folder.is_dir():
        return assets
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            name = path.relative_to(folder).as_posix()
            try:
                data = path.read_bytes()
            except OSError as err:
                problems.error(f"assets/{name}", 1, f"cannot be read ({err.strerror or err})")
                continue
            assets[name] = ("assets/" + (hashed_name(name, data) if hashed else name), data)
    return assets


def content_date(content: Content) -> str:
    """Return the date the content stands at: SOURCE_DATE_EPOCH, else the settings' `updated`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat()
    if content.settings.updated:
        return content.settings.updated.iso
    dates = [s.date for s in content.sources if s.date] + [f.date for f in content.facts if f.date]
    return max(dates).iso if dates else ""


def check(root: Path, site_url: str | None = None) -> Build:
    """Build in memory only, so every check runs and nothing is written."""
    return build(root, site_url)


class Builder:
    """Rebuild one project again and again, redoing only what its changes affect.

    The preview server keeps one Builder; each `build()` returns the whole
    site's outputs, byte for byte what a fresh `build()` call would return.
    """

    def __init__(self, root: Path, site_url: str | None = None, hash_assets: bool = True):
        self.root, self.site_url, self.hash_assets = root, site_url, hash_assets

    def build(self, changed: list[Path] | None = None) -> Build:
        """Return the site as it now stands; `changed` names the files saved since last time."""
        return build(self.root, self.site_url, self.hash_assets)


__all__ = ["Build", "build", "check", "ContentError"]
