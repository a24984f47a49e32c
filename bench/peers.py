"""Build the same N Markdown pages with peer generators, and check each rendered them all.

Each peer gets the pages in the shape it reads (front matter or metadata
lines) and is asked for footnotes, so every peer does comparable work: N
pages of about 650 words with ten footnotes each.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TOOLS = BENCH / ".tools"          # the peers' own virtual environment and node_modules (ignored by git)


@dataclass(frozen=True)
class Peer:
    name: str
    version: str
    command: list[str]
    output: Path                   # where its pages land
    pattern: str                   # glob of the rendered pages
    footnote: str                  # a regular expression matching one footnote in a page


def _run(cmd: list[str], cwd: Path | None = None) -> str:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return (done.stdout + done.stderr).strip()


def _body(text: str) -> tuple[str, str]:
    """Split a generated Markdown page into its title and body."""
    _, front, body = text.split("---\n", 2)
    title = re.search(r"title: (.*)", front).group(1)
    return title, body


MISSING = "missing: python bench/run.py --install-peers"


def copy_pages(pages: Path, folder: Path, shape=None) -> None:
    """Copy the generated pages into a peer's content folder, reshaped for it when needed."""
    folder.mkdir(parents=True)
    for page in sorted(pages.glob("*.md")):
        target = folder / page.name
        if shape:
            target.write_text(shape(page))
        else:
            shutil.copy(page, target)


def hugo(pages: Path, work: Path) -> Peer | str:
    exe = shutil.which("hugo")
    if not exe:
        return "missing: apt-get install hugo"
    site = work / "hugo"
    copy_pages(pages, site / "content/posts")
    (site / "layouts/_default").mkdir(parents=True)
    (site / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "Bench"\n'
                                      'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    (site / "layouts/_default/baseof.html").write_text(
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>\n")
    (site / "layouts/_default/single.html").write_text('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n')
    (site / "layouts/_default/list.html").write_text('{{ define "main" }}{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}\n')
    version = _run([exe, "version"]).split()[1]
    return Peer("Hugo", version, [exe, "--quiet", "-s", str(site), "-d", str(site / "public")],
                site / "public", "posts/*/index.html", r'id="fn:\d+"')


def pelican(pages: Path, work: Path) -> Peer | str:
    exe = TOOLS / "venv/bin/pelican"
    if not exe.exists():
        return MISSING
    site = work / "pelican"

    def metadata_lines(page: Path) -> str:   # Pelican reads "Key: value" lines, not YAML front matter
        title, body = _body(page.read_text())
        return f"Title: {title}\nDate: 2021-01-01\nSlug: {page.stem}\n\n{body}"

    copy_pages(pages, site / "content", metadata_lines)
    (site / "pelicanconf.py").write_text(
        "SITENAME = 'Bench'\nPATH = 'content'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\nRELATIVE_URLS = True\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\n"
        "AUTHOR_FEED_RSS = None\nDEFAULT_PAGINATION = 10\n"
        "MARKDOWN = {'extension_configs': {'markdown.extensions.footnotes': {}, 'markdown.extensions.extra': {}},"
        " 'output_format': 'html5'}\n")
    version = _run([str(exe), "--version"])
    return Peer("Pelican", version, [str(exe), "-q", "-s", str(site / "pelicanconf.py"), "-o", str(site / "output"),
                                     str(site / "content")], site / "output", "p*.html", r'id="fn:\d+"')


def mkdocs(pages: Path, work: Path) -> Peer | str:
    exe = TOOLS / "venv/bin/mkdocs"
    if not exe.exists():
        return MISSING
    site = work / "mkdocs"
    copy_pages(pages, site / "docs")
    (site / "docs/index.md").write_text("# Bench\n")
    (site / "mkdocs.yml").write_text("site_name: Bench\nmarkdown_extensions:\n  - footnotes\n  - meta\n")
    version = _run([str(exe), "--version"]).split()[2].rstrip(",")
    return Peer("MkDocs", version, [str(exe), "build", "-q", "-f", str(site / "mkdocs.yml"), "-d", str(site / "site")],
                site / "site", "p*/index.html", r'id="fn:\d+"')


def eleventy(pages: Path, work: Path) -> Peer | str:
    exe = TOOLS / "node_modules/.bin/eleventy"
    if not exe.exists():
        return MISSING
    site = work / "eleventy"
    copy_pages(pages, site / "src")
    (site / "eleventy.config.cjs").write_text(
        f"const footnote = require({str(TOOLS / 'node_modules/markdown-it-footnote')!r});\n"
        "module.exports = function (config) {\n"
        "  config.amendLibrary('md', (md) => md.use(footnote));\n"
        "  return { dir: { input: 'src', output: '_site' } };\n};\n")
    version = _run([str(exe), "--version"])
    return Peer("Eleventy", version, [str(exe), "--quiet", "--config=eleventy.config.cjs"],
                site / "_site", "p*/index.html", r'id="fn\d+"')


PEERS = {"Hugo": hugo, "Eleventy": eleventy, "Pelican": pelican, "MkDocs": mkdocs}


def prepare(pages: Path, work: Path) -> list[Peer | tuple[str, str]]:
    """Return each peer ready to run, or (name, why it is missing)."""
    found = []
    for name, make in PEERS.items():
        peer = make(pages, work)
        found.append(peer if isinstance(peer, Peer) else (name, peer))
    return found


def check(peer: Peer, n: int) -> str | None:
    """Return a problem when the peer did not render N pages with ten footnotes each."""
    cwd = peer.output
    rendered = sorted(cwd.glob(peer.pattern))
    if len(rendered) != n:
        return f"{peer.name} rendered {len(rendered)} pages, not {n}"
    for page in rendered[:: max(1, n // 20)]:
        notes = len(re.findall(peer.footnote, page.read_text(errors="replace")))
        if notes != 10:
            return f"{peer.name}: {page.name} has {notes} footnotes, not 10"
    return None


def install() -> None:
    """Install the peers the benchmark compares with, in bench/.tools."""
    TOOLS.mkdir(exist_ok=True)
    if not shutil.which("hugo"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=False)
    if not (TOOLS / "venv").exists():
        subprocess.run([sys.executable, "-m", "venv", str(TOOLS / "venv")], check=True)
    subprocess.run([str(TOOLS / "venv/bin/pip"), "install", "-q", "pelican==4.12.0", "mkdocs==1.6.1"], check=True)
    subprocess.run(["npm", "install", "--prefix", str(TOOLS), "--no-fund", "--no-audit", "--silent",
                    "@11ty/eleventy@3.1.2", "markdown-it-footnote@4.0.0"], check=False)
