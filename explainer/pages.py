"""Load the narrative pages: YAML front matter, then a Markdown body."""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

from .lined import line_of
from .memo import Files, Memo
from .problems import Problems, replay
from .records import PageSource
from .schema import ID, MAX_ID, Field, check_entry, closed_directions, no_citations
from .textfile import HTML_CONTROLS, direction_references_read, folder_readable, forbidden_reference, read_text_file, unseen
from .yamlfile import parse_yaml, warn_of_cut_values

FIELDS = [Field("title", "text", True), Field("description", "text"), Field("order", "int"), Field("slug", "text"),
          Field("nav", "text"), Field("coverage", "bool")]
# URLs the build makes itself; a page may not take them.
RESERVED = {"timeline", "sources", "differences", "data", "assets", "404"}


def load_pages(root: Path, problems: Problems, memo: Memo, files: Files, ahead=None) -> list[PageSource]:
    """Read every content/pages/*.md file into a PageSource.

    `ahead`, when given, reads them all at once (across the cores: see parallel.ReadAhead).
    """
    folder = root / "content" / "pages"
    pages: list[PageSource] = []
    if not folder.is_dir():
        problems.error("content/pages", 1, "there is no content/pages/ folder")
        return pages
    if not folder_readable(folder, "content/pages", problems):
        return pages
    taken: dict[str, str] = {}
    everything = files.listing(folder, "*")
    listing = [path for path in everything if fnmatch(path.name, "*.md")]   # as the system matches names
    for other in [path for path in everything if not fnmatch(path.name, "*.md")]:
        if other.name.startswith("."):   # an editor's hidden swap file is its own
            continue
        problems.warn(f"content/pages/{other.name}", 1, "is a folder, and is not read: pages are files in content/pages/"
                      " itself" if other.is_dir() else "is not read: a page is a Markdown file named NAME.md")
    made = ahead(listing, lambda file, found: _load_page(file, f"content/pages/{file.name}", found)) if ahead else None
    for i, file in enumerate(listing):
        rel = f"content/pages/{file.name}"
        step = (lambda found: replay(made[i], found)) if made else (lambda found: _load_page(file, rel, found))
        page = memo.once(("page", files.signature(file)) if memo.remembers else None, step, problems)
        if page is None:
            continue
        key = page.slug.casefold()
        if key in taken:
            problems.error(rel, 1, f"this page and {taken[key]} are both published at '{page.slug or 'index'}/'")
            continue
        taken[key] = rel
        pages.append(page)
    # Not when a page was refused (it may be the home page, and is reported): but with no page at
    # all, the site would have no index.html.
    if len(pages) == len(listing) and not any(p.slug == "" for p in pages):
        problems.error("content/pages", 1, "there is no home page: add content/pages/index.md")
    named: dict[str, str] = {}
    for page in pages:   # a reader could not tell two entries of the navigation apart
        if page.order is not None:
            name = page.nav_title or page.title
            if name in named:
                problems.warn(page.path, 1, f"shows in the navigation as '{name}', as {named[name]} does: "
                                            "give one a 'nav' name of its own")
            named.setdefault(name, page.path)
    return pages


def _load_page(file: Path, rel: str, problems: Problems) -> PageSource | None:
    text = read_text_file(file, rel, problems)
    if text is None:
        return None
    control = HTML_CONTROLS.search(text)
    if control:   # no reader sees one, and no page may hold one (HTML forbids them)
        problems.error(rel, text.count("\n", 0, control.start()) + 1,
                       f"holds {unseen(control.group())}, which no reader sees: delete it")
        return None
    reference = forbidden_reference(text)
    if reference:   # Markdown passes "&#27;" on to the page as it is
        problems.error(rel, text.count("\n", 0, reference[0]) + 1, reference[1])
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.error(rel, 1, "a page must start with front matter: a line '---', 'title: ...', and '---'")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.error(rel, 1, "the front matter is never closed with a line '---'")
        return None
    # A direction control left open in a paragraph would turn around what follows it there, the notes' marks
    # too. (The front matter's values are closed where they end.) An ASCII page with no reference holds none.
    paragraph, first = [], end + 2
    body = lines[end + 1:] if not text.isascii() or "&#" in text else []
    for number, line in enumerate([*body, ""], end + 2):
        if line.strip():
            first = number if not paragraph else first
            paragraph.append(direction_references_read(line))
            continue
        if paragraph and closed_directions("\n".join(paragraph)) != "\n".join(paragraph):
            problems.error(rel, first, "opens an invisible direction control (an override or embedding, U+202A to "
                                       "U+202E, or an isolate, U+2066 to U+2068) that its paragraph does not close: "
                                       "close it, or delete it (right-to-left text needs none)")
            return None
        paragraph = []
    written = "\n" + "\n".join(lines[1:end])   # the leading newline keeps line numbers
    front, problem = parse_yaml(written, rel)
    if problem:
        problems.items.append(problem)
        return None
    warn_of_cut_values(written, front, rel, problems)
    values = check_entry(front, FIELDS, rel, "front matter", problems)
    if values is None or not no_citations(front, values, ("title", "description", "nav"), rel, problems):
        return None
    slug = values["slug"] if values["slug"] is not None else file.stem
    slug = "" if slug == "index" else slug
    line = line_of(front, "slug") if values["slug"] is not None else 1   # else the file's name is the address
    if len(slug) > MAX_ID:
        problems.error(rel, line, f"a page address of {len(slug)} characters, more than {MAX_ID}: name the page "
                                  "in fewer words")
        return None
    if slug and not ID.match(slug):
        problems.error(rel, line, f"'{slug}' cannot be a page address: use lowercase letters, digits and hyphens")
        return None
    if slug in RESERVED:
        problems.error(rel, line, f"the address '{slug}/' is made by the build itself; name the page otherwise")
        return None
    return PageSource(slug, values["title"], values["description"] or "", values["order"],
                      "\n".join(lines[end + 1:]), rel, end + 2, values["nav"] or "", bool(values["coverage"]))
