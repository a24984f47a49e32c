"""Read seed files safely: text only, of a sane size, from inside the project."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .memo import Files, Memo
from .problems import Problems, replay
from .textfile import decode_text

SEED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_SEED_BYTES = 5 * 1024 * 1024   # a news article is tens of kilobytes


@dataclass(frozen=True, eq=False)
class SeedFile:
    """A seed's file name, its text as Markdown-like blocks and its sha256."""

    name: str
    path: str
    text: str
    sha256: str


def read_seeds(root: Path, problems: Problems, memo: Memo, files: Files, ahead=None) -> list[SeedFile]:
    """Read every seed in `root/seeds`, reporting those that cannot be articles.

    `ahead`, when given, reads them all at once (across the cores: see parallel.read_ahead).
    """
    folder = root / "seeds"
    if not folder.is_dir():
        problems.error("seeds", 1, "there is no seeds/ folder")
        return []
    seeds = []
    project, real_folder = root.resolve(), folder.resolve()   # once: each asks about every folder on the way
    paths = []
    for path in files.listing(folder, "*"):
        if path.suffix.lower() in SEED_SUFFIXES:
            paths.append(path)
        elif not path.is_dir():
            problems.warn(f"seeds/{path.name}", 1, f"is not read: a seed is a text, Markdown or HTML file "
                                                   f"({', '.join(SEED_SUFFIXES)})")
    made = ahead(paths, lambda path, found: _read_seed(project, real_folder, path, found)) if ahead else None
    for i, path in enumerate(paths):
        step = (lambda found: replay(made[i], found)) if made else (
            lambda found: _read_seed(project, real_folder, path, found))
        seed = memo.once(("seed", files.signature(path)), step, problems)
        if seed:
            seeds.append(seed)
    return seeds


def _read_seed(project: Path, folder: Path, path: Path, problems: Problems) -> SeedFile | None:
    """Read one seed; `project` and `folder` (its seeds/) are resolved, links and all."""
    rel = f"seeds/{path.name}"
    try:
        st = os.lstat(path)
        # Only a link needs resolving, which asks the file system about every folder on the way.
        resolved = path.resolve(strict=True) if stat.S_ISLNK(st.st_mode) else folder / path.name
        if stat.S_ISLNK(st.st_mode):
            st = os.stat(resolved)
    except OSError:
        problems.error(rel, 1, "cannot be read: it is a broken link or was removed")
        return None
    if not resolved.is_relative_to(project):
        problems.error(rel, 1, "is a link to a file outside the project; copy the article into seeds/ instead")
        return None
    if not stat.S_ISREG(st.st_mode):
        problems.error(rel, 1, "is not a regular file")
        return None
    if st.st_size > MAX_SEED_BYTES:
        problems.error(rel, 1, f"is {st.st_size / 1048576:.0f} MB; a seed must be one article of at most "
                               f"{MAX_SEED_BYTES // 1048576} MB")
        return None
    try:
        data = resolved.read_bytes()
    except OSError as err:
        problems.error(rel, 1, f"cannot be read ({err.strerror or err})")
        return None
    text = decode_text(rel, data, problems)
    if text is None:
        return None
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_blocks(text)
    if not text.strip():
        problems.error(rel, 1, "is empty: a seed must hold an article's text")
        return None
    return SeedFile(path.name, rel, text, hashlib.sha256(data).hexdigest())


def html_to_blocks(html: str) -> str:
    """Turn an HTML article into blank-line separated blocks like the text seeds."""
    from bs4 import BeautifulSoup   # imported here: most projects have no HTML seed

    soup = BeautifulSoup(html, "html.parser")
    meta = _html_metadata(soup)
    for tag in soup(["script", "style", "noscript", "nav", "footer", "aside", "form", "template", "iframe"]):
        tag.decompose()
    body = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = []
    for tag in body.find_all(["h1", "h2", "h3", "h4", "p", "li", "blockquote", "time"]):
        if tag.find_parent(["p", "li", "blockquote"]) and tag.name != "time":
            continue
        if tag.name == "time" and tag.find_parent(["p", "li", "h1", "h2", "h3", "h4"]):
            continue
        words = _words(tag)
        if words:
            prefix = "#" * int(tag.name[1]) + " " if tag.name[0] == "h" and tag.name[1:].isdigit() else ""
            blocks.append(prefix + words)
    # The page's own metadata travels as front matter, which ingestion reads like a Markdown export's.
    header = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    return (f"---\n{header}---\n\n" if header else "") + "\n\n".join(blocks) + "\n"


# Elements that break a line or a block: their text is apart from the text around it. Any other
# element (a link, an emphasis) sits inside a sentence, and its text joins the text around it as is.
_BREAKS = frozenset("br p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote figure figcaption table tr td th "
                    "section header footer hr pre address".split())


def _words(tag) -> str:
    """Return an element's text as a reader sees it: one space wherever the page breaks a line or a
    white space runs, and nothing added around links and emphasis ("Amnesty's", not "Amnesty 's")."""
    from bs4 import CData, NavigableString

    parts = []
    for node in tag.descendants:
        if type(node) in (NavigableString, CData):   # not comments, which are NavigableStrings too
            parts.append(node)
        elif getattr(node, "name", None) in _BREAKS:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _html_metadata(soup) -> dict[str, str]:
    """Read an HTML page's title, author, date, address and outlet from its meta tags."""
    def meta(*names):
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag and tag.get("content", "").strip():
                return tag["content"].strip()
        return None
    canonical = soup.find("link", rel="canonical")
    time = soup.find("time", datetime=True)
    def words(tag):
        return _words(tag) or None if tag else None

    found = {
        # The page's headline before its <title>, which tends to end with the site's name.
        "title": meta("og:title", "twitter:title") or words((soup.find("article") or soup.find("main") or soup).find("h1"))
        or words(soup.title),
        "author": meta("author", "article:author", "byl"),
        "date": meta("article:published_time", "date", "pubdate", "dc.date") or (time["datetime"] if time else None),
        "url": (canonical.get("href") if canonical else None) or meta("og:url"),
        "outlet": meta("og:site_name", "application-name"),
    }
    return {key: value for key, value in found.items() if value}
