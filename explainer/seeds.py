"""Read seed files safely: text only, of a sane size, from inside the project."""

from __future__ import annotations

import errno
import functools
import hashlib
import importlib
import json
import os
import re
import stat
import warnings
from bisect import bisect_right
from pathlib import Path

from .lazy import regex
from .memo import Files, Memo
from .problems import Problems, replay
from .dates import CHANGE_WORDS, find_date
from .ingest import BYLINE_START, LONGEST_BYLINE, SHOWN_TEXT
from .markup import escaped
from .record import record
from .stylesheet import SheetTooDeep, hidden_by_style_sheets, hides, hiding_selectors
from .textfile import CONTROLS, decode_text, folder_readable, kind_of, linked_away, name_not_utf8

SEED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json", ".xml", ".rss", ".atom", ".nitf",
                 ".docx", ".odt", ".rtf", ".pdf", ".eml", ".mht", ".mhtml", ".webarchive")
SEED_KINDS = ("a text, Markdown, HTML, JSON, feed, news agency XML, Word, OpenDocument, RTF, PDF or saved email or "
              "page file")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_SAVE_AS_DOCX = "save it as .docx (Word's 'Save as')"
# Documents of kinds no seed is, by their names, and how to make one that is.
_SAVED_AS = {".doc": _SAVE_AS_DOCX, ".dot": _SAVE_AS_DOCX, ".pages": "export it from Pages as Word (.docx) or PDF",
             ".wpd": "save it as .docx, text or HTML", ".epub": "save the article's chapter as HTML or text",
             ".rtfd": "save it as .rtf (TextEdit's 'Save as')"}
_FEEDS = (".xml", ".rss", ".atom", ".nitf")   # feedseed.py reads news agencies' XML (NITF, NewsML-G2) as well
# Documents read from their bytes, each by the module and function that lay it out as a page. Imported
# only for such a seed, as the HTML reader is: most projects have none, and every build would pay.
_DOCUMENTS = {".docx": ("wordseed", "docx_to_page"), ".odt": ("wordseed", "odt_to_page"),
              ".rtf": ("rtfseed", "rtf_to_page"),
              ".eml": ("mailseed", "message_to_page"), ".mht": ("mailseed", "message_to_page"),
              ".mhtml": ("mailseed", "message_to_page"), ".webarchive": ("mailseed", "webarchive_to_page"),
              ".pdf": ("pdfseed", "pdf_to_page")}
MAX_SEED_BYTES = 5 * 1024 * 1024   # a news article is tens of kilobytes


@record(frozen=True, eq=False)
class SeedFile:
    """A seed's file name, its text as Markdown-like blocks and its sha256."""

    name: str
    path: str
    text: str
    sha256: str


def read_seeds(root: Path, problems: Problems, memo: Memo, files: Files, ahead=None) -> list[SeedFile]:
    """Read every seed in `root/seeds`, reporting those that cannot be articles.

    `ahead`, when given, reads them all at once (across the cores: see parallel.ReadAhead).
    """
    folder = root / "seeds"
    if not folder.is_dir():
        problems.error("seeds", 1, "there is no seeds/ folder")
        return []
    if not folder_readable(folder, "seeds", problems):
        return []
    seeds = []
    project, real_folder = root.resolve(), folder.resolve()   # once: each asks about every folder on the way
    paths = []
    folders = files.folders(folder, "*")
    for path in files.listing(folder, "*"):
        if str(path) in folders:
            if not path.name.endswith("_files"):   # what a browser saves beside a page is no article
                problems.warn(f"seeds/{path.name}", 1, "is a folder, and is not read: seeds are files in seeds/ itself")
        elif path.suffix.lower() in SEED_SUFFIXES:
            paths.append(path)
        else:
            problems.warn(f"seeds/{path.name}", 1, f"is not read: {not_a_seed(path.name)}")
    made = ahead(paths, lambda path, found: _read_seed(project, real_folder, path, found)) if ahead else None
    for i, path in enumerate(paths):
        step = (lambda found: replay(made[i], found)) if made else (
            lambda found: _read_seed(project, real_folder, path, found))
        seed = memo.once(("seed", files.signature(path)) if memo.remembers else None, step, problems)
        if seed:
            seeds.append(seed)
    return seeds


def _read_seed(project: Path, folder: Path, path: Path, problems: Problems) -> SeedFile | None:
    """Read one seed; `project` and `folder` (its seeds/) are resolved, links and all."""
    rel = f"seeds/{path.name}"
    if _NAME_CONTROLS.search(path.name):   # its name is shown on its source page and in messages
        problems.error(rel, 1, "has a control character in its file name; rename the file")
        return None
    unreadable = name_not_utf8(path.name)
    if unreadable:   # shown on its source page, its name could not be written
        problems.error(rel, 1, unreadable)
        return None
    try:
        st = os.lstat(path)
        # Only a link needs resolving, which asks the file system about every folder on the way.
        resolved = path.resolve(strict=True) if stat.S_ISLNK(st.st_mode) else folder / path.name
        if stat.S_ISLNK(st.st_mode):
            st = os.stat(resolved)
    except (OSError, RuntimeError) as err:   # before 3.13, Python tells a loop of links by a RuntimeError
        loop = isinstance(err, RuntimeError) or err.errno == errno.ELOOP
        problems.error(rel, 1, "cannot be read: it is a link that leads back to itself" if loop
                       else "cannot be read: it is a broken link or was removed")
        return None
    away = linked_away(str(resolved), str(project))
    if away:
        problems.error(rel, 1, f"{away}; copy the article into seeds/ instead")
        return None
    if not stat.S_ISREG(st.st_mode):
        problems.error(rel, 1, "is not a regular file")
        return None
    if st.st_size > MAX_SEED_BYTES:
        # Near the limit, in bytes: "5.0 MB" would not say why 5 MB is too much.
        size = f"{st.st_size / 1048576:.0f} MB" if st.st_size >= 2 * MAX_SEED_BYTES else f"{st.st_size:,} bytes"
        problems.error(rel, 1, f"is {size}; a seed must be one article of at most {MAX_SEED_BYTES // 1048576} MB "
                               f"({MAX_SEED_BYTES:,} bytes)")
        return None
    try:
        data = resolved.read_bytes()
    except OSError as err:
        problems.error(rel, 1, f"cannot be read ({err.strerror or err})")
        return None
    document = _DOCUMENTS.get(path.suffix.lower())
    if document:
        text = read = _document_page(rel, data, *document, problems)
        if text is None:
            return None
        is_html = True
    else:
        text, read, is_html = _text_of(rel, path, data, problems)
        if text is None:
            return None
    try:
        if is_html:
            text = html_to_blocks(text)
        elif path.suffix.lower() in (".md", ".markdown"):
            text = without_html(text)
    except (TooDeep, SheetTooDeep) as err:
        problems.error(rel, 1, str(err))
        return None
    # Once the text is as shown: a page, an export or a feed may write them as &#27; or "\u001b".
    text = _without_controls(text, rel, problems, read)
    if not text.strip():
        problems.error(rel, 1, "is empty: a seed must hold an article's text")
        return None
    return SeedFile(path.name, rel, text, hashlib.sha256(data).hexdigest())


def _text_of(rel: str, path: Path, data: bytes, problems: Problems) -> tuple[str | None, str, bool]:
    """A seed file's text, as read and as it stands for a page (for a JSON export or a feed), and whether
    it is HTML; (None, ...) where it cannot be read."""
    opening = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    other = next(((kind, fix) for start, kind, fix in _OTHER_FORMATS if opening.startswith(start)), None)
    if other:   # read as text, its markup or bytes would be the article's words, or an error about a byte
        problems.error(rel, 1, f"is {other[0]} document under the name of a {path.suffix.lower()} file: {other[1]}")
        return None, "", False
    # A page saved from the browser under a text name is still a page: read as text, its markup
    # would be the source's words and no quote of it would verify.
    is_html = path.suffix.lower() in _HTML_SUFFIXES or (path.suffix.lower() == ".txt" and _is_web_page(data))
    feed = path.suffix.lower() in _FEEDS
    text = read = decode_text(rel, data, problems, declared_charset(data) if is_html else _xml_encoding(data) if feed
                              else None)
    if text is None:
        return None, "", False
    if path.suffix.lower() == ".json" or feed:
        # Imported here, as the HTML reader is: most projects have no such seed, and every build would pay.
        from .exported import NotAnArticle
        from .feedseed import feed_to_page
        from .jsonseed import json_to_page

        exported = feed_to_page if feed else json_to_page
        try:
            text = exported(text)
        except NotAnArticle as err:
            problems.error(rel, err.line, err.message)
            return None, "", False
        except RecursionError:   # parsed, an element within an element thousands deep is walked by recursion
            problems.error(rel, 1, "nests its elements too deeply to be read (hundreds of levels): no article does")
            return None, "", False
        is_html = True
    return text, read, is_html


def _document_page(rel: str, data: bytes, module: str, function: str, problems: Problems) -> str | None:
    """The page a document (Word's, an RTF, a saved email) stands for, or None where it cannot be read."""
    from .exported import NotAnArticle

    to_page = getattr(importlib.import_module(f".{module}", __package__), function)
    try:
        return to_page(data)
    except NotAnArticle as err:
        problems.error(rel, err.line, err.message)
        return None
    except RecursionError:   # Python's email parser reads each part within a part by calling itself
        problems.error(rel, 1, "nests its parts too deeply to be read (hundreds of levels): no article does")
        return None


_BETWEEN_WORDS = regex("[\x0b\x0c]")   # a vertical tab, a form feed (a page break): a space, as shown
_NAME_CONTROLS = regex("[\x00-\x1f\x7f-\x9f]")   # in a file name, a tab or a line break too


def _without_controls(text: str, rel: str, problems: Problems, read: str) -> str:
    """Leave out the control characters of a seed's `text`, as what no reader sees is no quote of it; say
    so, at the line of the file `read` where the first stands, or near it, where it was written as an escape."""
    if "\x0b" in text or "\x0c" in text:
        text = _BETWEEN_WORDS.sub(" ", text)
    found = CONTROLS.search(text)
    if not found:
        return text
    raw = CONTROLS.search(read)
    line = read.count("\n", 0, raw.start()) + 1 if raw else min(text.count("\n", 0, found.start()) + 1,
                                                                  read.count("\n") + 1)
    problems.warn(rel, line,
                  f"holds {kind_of(found.group())}s (the first is U+{ord(found.group()):04X}), which no reader "
                  "sees: they are left out of its text")
    return CONTROLS.sub("", text)


# How documents that are no text begin, and what to do with one under a text file's name.
_OTHER_FORMATS = ((b"{\\rtf", "an RTF", "name it .rtf"), (b"%PDF-", "a PDF", "name it .pdf"),
                  (b"PK\x03\x04", "a Word, OpenDocument or other zipped", "name it .docx or .odt, if it is one"),
                  (b"\xd0\xcf\x11\xe0", "a Word 97–2003", _SAVE_AS_DOCX),
                  (b"bplist00", "a Safari web archive or other property list", "name it .webarchive, if it is one"))


def not_a_seed(name: str) -> str:
    """Say why a file of this name is read as no seed, and what to do with it."""
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    kinds = f"a seed is {SEED_KINDS} ({', '.join(SEED_SUFFIXES)})"
    return f"{kinds}; {_SAVED_AS[suffix]}" if suffix in _SAVED_AS else kinds


def html_to_blocks(html: str) -> str:
    """Turn an HTML article into blank-line separated blocks like the text seeds.

    Each block starts on the line of the HTML file where its element does, as
    far as blank lines allow, so that a line number in a message about the
    seed points into the file the editor has.
    """
    from bs4 import CData   # imported here: most projects have no HTML seed

    with warnings.catch_warnings():
        # Beautiful Soup warns on stderr of a page that opens as XML (a feed, XHTML), which it reads as
        # HTML all the same: the editor is told what matters, where it is, or nothing.
        warnings.simplefilter("ignore")
        soup = _soup_class()(_COMMENT.sub(_closed_comment, html), "html.parser")
    _check_depth(soup)
    # A note's mark ("[1]", "2", "*") links to the note: no word of the sentence it stands in, where a
    # reader's eye skips it and a quote copied from the sentence has no place for it.
    for tag in soup("sup"):
        if not tag.decomposed and _is_note_mark(tag):
            tag.decompose()
    for tag in soup("a", href=True):   # a mark not raised, as Substack writes it, named as a note's
        if not tag.decomposed and tag["href"].startswith("#") and _LINKED_NOTE_MARK.match(_words(tag)) and (
                tag.get("role") == "doc-noteref" or _NOTE_LINK.search(" ".join(tag.get("class") or ()))):
            tag.decompose()
    # What a browser shows of a quotation within a line: the quotation marks it draws around it.
    for tag in soup("q"):
        tag.insert(0, "\u201c")
        tag.append("\u201d")
    _raise_and_lower_digits(soup)
    meta = _html_metadata(soup)
    for tag in hidden_by_style_sheets(soup):
        if not tag.decomposed:
            tag.decompose()
    # Struck text (<del>, <s>) is what the outlet no longer says: no quote of it is the outlet's.
    # <noembed> and <noframes> hold what a browser without plugins or frames would show; a <dialog> is
    # shown only once opened.
    # The options of a list to choose from are a control, not text to read; a <title> is the page's
    # name, wherever it stands; a picture, a video or a sound shows what is in its element only to a
    # browser that cannot show it.
    # A button is a control ("Follow", "Share", a count of likes), whatever words it shows. So are a gauge
    # and a progress bar, whose words a browser shows only where it cannot draw them. (An <object>'s words
    # are shown wherever what it embeds is not: a plugin's, or one with no data.)
    for tag in soup(["script", "style", "noscript", "nav", "footer", "aside", "form", "template", "iframe",
                     "del", "s", "strike", "noembed", "noframes", "select", "datalist", "title", "canvas",
                     "video", "audio", "button", "meter", "progress"]):
        tag.decompose()

    for svg in soup("svg"):   # a drawing's <desc> is shown only as a tooltip, if at all, its <defs> only where used
        for tag in svg(_SVG_UNSHOWN):
            tag.decompose()
    for tag in soup("dialog"):
        if not tag.decomposed and not tag.has_attr("open"):
            tag.decompose()
    for tag in soup(popover=True):   # a popover, likewise, is shown only once a reader opens it
        if not tag.decomposed:
            tag.decompose()
    # Outside SVG and MathML a browser reads <![CDATA[...]]> as a comment, and shows none of it.
    for node in soup.find_all(string=lambda node: isinstance(node, CData)):
        if not node.find_parent(["svg", "math"]):
            node.extract()
    for tag in soup.find_all(_is_furniture):
        if not tag.decomposed:   # not inside furniture taken out already
            tag.decompose()
    for tag in soup.find_all(_is_hidden):   # what no reader of the page sees is no quote of it
        if not tag.decomposed:
            tag.decompose()
    for caption in soup.find_all(_is_caption):
        # A caption is the picture's, not the article's reporting: it goes the way of page furniture
        # (ingest.py drops it, and a quote of it is told so), as a BBC page itself labels it.
        words = _words(caption)
        labelled = words if words.lower().startswith("image caption") else f"Image caption: {words}"
        caption.replace_with(_new_tag(soup, "p", labelled) if words else "")
    body = _article_body(soup)
    _open_up_blocks_within(body)
    for byline in body.find_all(_is_byline):
        _byline_lines_apart(soup, byline)
    _wrap_loose_text(soup, body)
    blocks = []   # (line in the file, text)
    for tag in body.find_all(_TEXT_ELEMENTS):
        if tag.name != "time" and tag.find_parent(["p", "li", "blockquote", "pre", "tr"]):
            continue
        if tag.name == "time" and (tag.find_parent(["p", "li", "h1", "h2", "h3", "h4"])
                                   or not find_date(_words(tag))):   # a live blog's "12.00 BST" dates nothing
            continue
        if tag.name in ("div", "section"):
            if tag.find(_BLOCK_ELEMENTS) or tag.find_parent(["p", "li", "blockquote"]):
                continue   # only a div of text alone: the others' text is in the elements inside them
            for time in tag.find_all("time"):   # a date of its own, as a dateline: not inside 'By X 25 Oct 2021'
                if _dates_a_change(time):   # told while the words before it are still beside it
                    time["itemprop"] = "dateModified"
                time.extract()
            blocks += [(tag.sourceline or 0, _text_line(words)) for words in _paragraphs_of(tag)
                       if not _DATE_LABELS.match(words)]
            continue
        if tag.name == "p" and any(_next_is_br(br) for br in tag.find_all("br")):
            # Old CMSs write a whole story in one <p>, its paragraphs apart by <br><br>.
            blocks += [(tag.sourceline or 0, _text_line(words)) for words in _paragraphs_of(tag)]
            continue
        words = _words(tag)
        if words and tag.name == "time" and _dates_a_change(tag):
            words = "Updated " + words   # read as such: the article's date is the one it was published on
        if words:
            heading = tag.name[0] == "h" and tag.name[1:].isdigit()
            blocks.append((tag.sourceline or 0, "#" * int(tag.name[1]) + " " + words if heading else _text_line(words)))
    if not blocks and not meta:
        return ""   # told as an empty seed
    # The page's own metadata travels as front matter, which ingestion reads like a Markdown export's,
    # and so does the word that its text is the page's as shown, never to be read as Markdown.
    header = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                     for key, value in {**meta, SHOWN_TEXT: True}.items())
    lines = f"---\n{header}---\n".splitlines()
    for at, words in blocks:
        lines += [""] * max(1, at - len(lines) - 1)
        lines.append(words)
    return "\n".join(lines) + "\n"


# A comment as a browser reads one: "<!-->" and "<!--->" are whole (empty) ones, and "--!>" ends one as
# "-->" does. Python's HTML parser knows only "-->", and would take what follows for more of the comment.
_COMMENT = regex(r"<!--(>|->|.*?(?:--!?>|\Z))", re.S)


def _closed_comment(found: re.Match) -> str:
    inner = found.group(1)
    if inner in (">", "->"):
        return "<!---->"
    inner = inner[:-4] if inner.endswith("--!>") else inner[:-3] if inner.endswith("-->") else inner
    return f"<!--{inner}-->"


# What a browser closes an open <p> at, as HTML's parsing rules have it: "<p>one<p>two" is two paragraphs,
# and "<p>the vote was<div>unanimous</div>" a paragraph and a block. Unless the <p> is beyond one of
# the elements that bound its scope: "<p><button><div>" leaves it open.
_CLOSES_P = frozenset("address article aside blockquote center details dialog dir div dl dd dt fieldset figcaption "
                      "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li listing main menu nav ol p plaintext "
                      "pre search section summary table ul xmp".split())
_P_SCOPE = frozenset("applet button caption html marquee object table td template th".split())


@functools.cache
def _soup_class():
    """BeautifulSoup, closing an open <p> where a browser does: Python's HTML parser would nest
    "<p>one<p>two" as a paragraph within a paragraph, which would read as one."""
    from bs4 import BeautifulSoup

    class Soup(BeautifulSoup):
        def reset(self):
            self._paragraphs, self._scopes = [], []   # where in the stack of open elements each <p>, each bound is
            super().reset()

        def pushTag(self, tag):
            super().pushTag(tag)
            if tag.name == "p":
                self._paragraphs.append(len(self.tagStack))
            elif tag.name in _P_SCOPE:
                self._scopes.append(len(self.tagStack))

        def popTag(self):
            depth = len(self.tagStack)
            for stack in (self._paragraphs, self._scopes):
                if stack and stack[-1] == depth:
                    stack.pop()
            return super().popTag()

        def handle_starttag(self, name, *args, **kwargs):
            if name in _CLOSES_P and self._paragraphs and (not self._scopes or self._paragraphs[-1] > self._scopes[-1]):
                self.endData()   # the text read so far is the paragraph's
                self._popToTag("p")
            return super().handle_starttag(name, *args, **kwargs)

    return Soup


def _raise_and_lower_digits(soup) -> None:
    """Write the digits of <sup> and <sub> as the raised and lowered characters they are shown as: 10<sup>6</sup>
    is 10⁶, not 106, and CO<sub>2</sub> is CO₂. Other such text ("1<sup>st</sup>", a note's "[1]")
    joins the text around it as it stands."""
    for tag in soup.find_all(["sup", "sub"]):
        text = tag.get_text()
        if text.strip() and set(text) <= _SCRIPT_CHARACTERS and not tag.find(_is_hidden):
            tag.replace_with(text.translate(_SUPERSCRIPTS if tag.name == "sup" else _SUBSCRIPTS))


# Unicode has raised and lowered digits, signs and brackets; "-" is written as the minus it stands for.
_SUPERSCRIPTS = str.maketrans("0123456789+-\u2212=()", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
                              "\u207a\u207b\u207b\u207c\u207d\u207e")
_SUBSCRIPTS = str.maketrans("0123456789+-\u2212=()", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089"
                            "\u208a\u208b\u208b\u208c\u208d\u208e")
_SCRIPT_CHARACTERS = frozenset("0123456789+-\u2212=() \t\n")


def _open_up_blocks_within(body) -> None:
    """Read a quotation or list item that holds blocks (two <p>, a list within) block by block, as a div
    is read: the page shows each apart, and one paragraph of them all would let a quote run across them.
    So too a table's row that holds blocks: a table that lays out a page, as a newsletter's does, not
    one of data, whose row is read as a paragraph."""
    for tag in body.find_all(["blockquote", "li"]):
        if tag.find(_BLOCK_ELEMENTS):
            tag.name = "div"
    for row in body.find_all("tr"):
        if row.find(_BLOCK_ELEMENTS):
            row.name = "div"
            for cell in row.find_all(["td", "th"], recursive=False):
                cell.name = "div"


def _is_byline(tag) -> bool:
    """Tell an element the page names as its byline, of text and inline elements alone, or a short
    paragraph whose first line, ended by a <br>, opens as a byline does ("By Grace Tsoi<br>BBC Chinese")."""
    names = " ".join([*(tag.get("class") or ()), *(tag.get(key) or "" for key in _NAMING_ATTRIBUTES)])
    if _BYLINE_NAME.search(names):
        return not tag.find(_BLOCK_ELEMENTS) and not tag.find_parent(_BYLINE_READ_WHOLE)
    if tag.name != "p" or len(tag.get_text()) > LONGEST_BYLINE:
        return False
    br = tag.find("br", recursive=False)
    if br is None or tag.find(_BLOCK_ELEMENTS):
        return False
    before = reversed(list(br.previous_siblings))
    first_line = "".join(node.get_text() if hasattr(node, "get_text") else str(node) for node in before)
    return bool(BYLINE_START.match(first_line.strip()))


_NAMING_ATTRIBUTES = ("id", "data-component", "data-testid", "itemprop")
_BYLINE_NAME = regex(r"byline|author|contributor", re.I)
_BYLINE_READ_WHOLE = ["p", "li", "blockquote", "pre", "tr", "h1", "h2", "h3", "h4", "h5", "h6"]


def _byline_lines_apart(soup, byline) -> None:
    """Give each line of a byline a paragraph of its own: the lines a <br> breaks, and elements side by
    side with no space between whose words would run into one ("By Grace Tsoi" and "BBC Chinese, Hong
    Kong"): a page shows no "TsoiBBC", so its style sets them apart. (Elsewhere inline elements so
    placed do join: "<b>H</b>ong Kong".) The name is then read alone, and the outlet under it as such."""
    from bs4 import Tag

    lines, line, last = [], [], None
    for child in list(byline.children):
        if isinstance(child, Tag) and child.name == "br":
            lines, line, last = lines + [line], [], None
            continue
        text = child.get_text() if isinstance(child, Tag) else str(child)
        if isinstance(child, Tag) and last is not None and text[:1].isalnum() and last.get_text()[-1:].isalnum():
            lines, line = lines + [line], []
        line.append(child)
        last = child if isinstance(child, Tag) else None   # text between them, a space at least: apart as is
    lines.append(line)
    lines = [nodes for nodes in lines if any(node.get_text().strip() for node in nodes)]
    if len(lines) < 2:
        return
    byline.name = "div"   # of paragraphs now: read as a div of them is
    for nodes in lines:
        paragraph = _new_tag(soup, "p", "")
        nodes[0].insert_before(paragraph)
        for node in nodes:
            paragraph.append(node.extract())


def _text_line(words: str) -> str:
    """Write a paragraph's words on a line of their own, a backslash before them where they start as a
    heading's line or an escaped one does (see ingest.SHOWN_TEXT): '# 1 priority' is no heading."""
    return "\\" + words if words.startswith(("#", "\\")) else words


def _dates_a_change(time) -> bool:
    """Tell a <time> that dates the page's last change, as its markup says (class="updated",
    itemprop="dateModified") or the words before it ("Updated:"). A date marked as the publication's
    is none, whatever else it says: WordPress marks a post never changed "published updated"."""
    holder = time.parent if time.parent is not None and len(time.parent.find_all("time")) == 1 else None
    for tag in (time, holder):
        marks = " ".join(tag.get("class") or ()) + " " + (tag.get("itemprop") or "") if tag is not None else ""
        if _PUBLISHED_MARK.search(marks):
            return False
        if _CHANGE_MARK.search(marks):
            return True
    before = time.find_previous(string=True)
    return bool(before and _CHANGED.search(before))


# The classes by which pages keep text for screen readers out of sight (clipped to nothing), as Bootstrap,
# WordPress, Drupal, the BBC and most frameworks name them: their style sheet is linked, not at hand.
_SCREEN_READER_ONLY = frozenset(("sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text",
                                 "screen-reader-only", "element-invisible", "u-visually-hidden", "a11y-hidden",
                                 "hidden-visually", "sr-only-focusable", "visually-hidden-focusable", "show-for-sr",
                                 "assistive-text"))
# The classes frameworks hide an element by (Bootstrap's d-none, Tailwind's hidden and invisible, Bulma's
# is-hidden), unless another class shows it on some screen ("d-none d-md-block", "hidden md:block"): then
# a reader at a desk sees it.
_HIDING_CLASSES = frozenset(("d-none", "hidden", "invisible", "is-hidden", "hide"))
_SHOWN_ON_SOME_SCREEN = regex(r"^(?:d-(?:sm|md|lg|xl|xxl)-(?!none\b)[\w-]+|(?:sm|md|lg|xl|2xl):(?!hidden\b|invisible\b)"
                              r"[\w-]+|visible(?:-[\w-]+)?|is-(?:block|flex|inline)[\w-]*)$")
_PUBLISHED_MARK = regex(r"published", re.I)
_CHANGE_MARK = regex(r"updated|modified", re.I)
# What is left of a line of dates once they stand apart: "Published: | Updated:".
_DATE_LABELS = regex(r"(?:\W*(?:(?:first |last )?(?:published|updated|posted|modified)(?: on)?|publié(?: le)?|"
                     r"mis à jour(?: le)?)\W*)+$", re.I)
_CHANGED = regex(rf"\b(?:{CHANGE_WORDS})\W*$", re.I)


class TooDeep(ValueError):
    """An HTML seed nested deeper than any page a reader sees."""


MAX_DEPTH = 512   # elements within elements; a news page nests a few dozen


def _check_depth(soup) -> None:
    """Refuse a page nested beyond MAX_DEPTH: reading it asks, for each element, about those around it,
    which grows with the square of the depth (50,000 nested <div> would take hours)."""
    pending = [(soup, 0)]
    while pending:
        tag, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise TooDeep(f"is an HTML page nested more than {MAX_DEPTH} elements deep; a news article is "
                          "never so deep: save the article's own page")
        pending.extend((child, depth + 1) for child in tag.contents if hasattr(child, "contents"))


_TEXT_ELEMENTS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "time", "div", "section", "pre",
                  "dt", "dd", "tr"]
_BLOCK_ELEMENTS = ["p", "div", "li", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table",
                   "section", "article", "figure", "pre", "header"]


def _article_body(soup):
    """Return the element holding the article: its <article>, else <main>, else the page.

    Of several <article> elements, the one with the most text is the story (the
    others are teasers: "Most read"), unless others stand beside it, as the
    posts of a live blog do: then the story is all of them, with the headline above.
    """
    articles = [a for a in soup.find_all("article") if not a.find_parent("article")]
    if len(articles) < 2:
        return (articles or [None])[0] or soup.find("main") or soup.body or soup
    story = max(articles, key=lambda a: len(a.get_text()))
    if not any(a is not story and a.parent is story.parent for a in articles):
        return story
    main = soup.find("main")
    return main if main is not None and story in main.descendants else soup.body or soup


def _wrap_loose_text(soup, body) -> None:
    """Give text standing loose beside blocks (a wire story's lede written straight into the div
    that also holds its paragraphs) a paragraph of its own, so it is read in its place."""
    from bs4 import NavigableString, Tag

    for container in [body, *body.find_all(["div", "section", "article", "main"])]:
        if not container.find(_BLOCK_ELEMENTS, recursive=False):
            continue
        run: list = []
        for child in [*container.children, None]:
            if child is None or (isinstance(child, Tag) and child.name in _APART):
                shown = [node for node in run if node.get_text().strip()]
                # A <time> alone is a dateline, read as such (see html_to_blocks).
                if shown and not all(getattr(node, "name", None) == "time" for node in shown):
                    paragraph = _new_tag(soup, "p", "")
                    run[0].insert_before(paragraph)
                    for node in run:
                        paragraph.append(node.extract())
                run = []
            elif type(child) is NavigableString or isinstance(child, Tag):   # not a comment
                run.append(child)


def _new_tag(soup, name: str, text: str):
    tag = soup.new_tag(name)
    if text:
        tag.string = text
    return tag
# Classes and ids of the page around an article: banners, menus, sharing, related links, sign-ups.
# A name may carry one word before its kind, as CMSs prefix their classes: "article-tags", "c-related";
# but not a word that says what the element has or lacks ("no-ads", "has-sidebar"), which a story's body may.
# Words that name furniture only as a box's kind ("links", "social", "tags", "topics") do so at the end of
# the name or before words that name a box ("social-share", "links-block"), not when they say how
# something looks or what it is about: "links-underlined", "social-issues".
_FURNITURE = regex(r"^(?:(?!(?:no|not|has|with|without|is|js)[-_])[a-z]+[-_]{1,2})?"
                   r"(?:(?:cookies?|consent|gdpr|banner|newsletter|subscribe|subscription|signup|sign-up|"
                   r"related|recommended|more-stories|share|sharing|promo|advert|advertisement|ads?|"
                   r"sponsored|sidebar|menu|navbar|breadcrumbs?|comments?|masthead|site-header|"
                   # an email's signature, as Gmail and Thunderbird mark it, and the lines Gmail writes
                   # above what it forwards ("From: ...")
                   r"gmail_signature|moz-signature|gmail_attr|"
                   # Wikipedia's boxes of links, categories, "[edit]" links and its lines about the page
                   r"navbox|catlinks|mw-editsection|printfooter|sitesub|mw-jump-link)(?:[-_].*)?"
                   r"|(?:social|tags?|topics|links)(?:[-_]{1,2}(?:list|links?|block|box|bar|buttons?|icons?|"
                   r"container|wrapper|wrap|section|area|widget|module|nav|menu|share|sharing|media|tools|"
                   r"cloud|items?|panel|inner|holder))*)$", re.I)
# What a CMS says of a post, not of a box on the page: WordPress marks the element around a post
# "post-4411 type-post status-publish format-standard hentry category-news tag-amnesty", a class for
# each of its categories and tags, whose names may be any word ("tag-newsletter", "category-social-issues").
_TAXONOMY_OR_STATE = regex(r"^(?:hentry|(?:post|postid|page-id)-\d+|(?:type|status|format|category|tag|author|term)"
                           r"-(?!(?:list|links?|cloud|box|bar|block|container|wrapper|widget|area|section)$)\S+)$",
                           re.I)


def _is_hidden(tag) -> bool:
    """Tell an element the page does not show: hidden, or styled not to display. (aria-hidden hides
    from screen readers only: what it marks is on the page for everyone else.) A drawing's element
    may be hidden by its attributes as by a style."""
    attributes = tag.attrs
    if "class" in attributes:
        classes = attributes["class"]
        if not _SCREEN_READER_ONLY.isdisjoint(classes) or (not _HIDING_CLASSES.isdisjoint(classes) and not any(
                _SHOWN_ON_SOME_SCREEN.match(name) for name in classes)):
            return True
    return "hidden" in attributes or ("style" in attributes and hides(tag["style"])) or (
        (attributes.get("display") == "none" or attributes.get("visibility") in ("hidden", "collapse"))
        and (tag.name == "svg" or tag.find_parent("svg") is not None))   # attributes of a drawing only


_SVG_UNSHOWN = ["desc", "defs", "symbol", "clippath", "mask", "pattern", "marker", "metadata"]


def without_html(markdown: str) -> str:
    """Take out of Markdown the HTML a reader of it does not see: comments, scripts, styles, hidden
    elements, and the tags around what it shows. What is taken out leaves its line breaks, so that a
    line number in a message about the seed points into the file the editor has."""
    if "<" not in markdown:
        return markdown
    code = _code_spans(markdown)
    code_starts = [a for a, _ in code]
    styled_out = _styled_out(markdown)
    kept, done, at = [], 0, 0
    while True:
        found = _UNSEEN_OR_TAG.search(markdown, at)
        if found is None:
            break
        start = found.start()
        k = bisect_right(code_starts, start) - 1
        inside = code[k] if k >= 0 and start < code[k][1] else None
        # In code, or escaped ('\<s>'), a tag is text the reader sees as written.
        if inside or escaped(markdown, start):
            at = inside[1] if inside else start + 1
            continue
        at = end = found.end()
        name, attributes = found.group("name"), found.group("attributes") or ""
        if name and not found.group("closing") and (_hides(attributes) or name.lower() in _UNSHOWN
                                                    or styled_out and _selected(name, attributes, styled_out)
                                                    or name.lower() == "dialog" and not _has(attributes, "open")
                                                    or _has(attributes, "popover")):
            at = end = _element_end(markdown, name, end)
        taken = markdown[found.start():end]
        # A tag that stands between words, as <br> and <p> do, leaves them apart; <em> and <a> do not.
        apart = " " if name and name.lower() not in _INLINE_TAGS else ""
        kept += (markdown[done:found.start()], "\n" * taken.count("\n") or apart)
        done = end
    kept.append(markdown[done:])
    return "".join(kept)


def _styled_out(markdown: str) -> set[str]:
    """The simple selectors ("p", ".note", "#aside", "span.x") of the rules of a Markdown seed's
    <style> elements that hide what they select; others cannot be told without reading it as a page."""
    if "<style" not in markdown.lower():
        return set()
    return {selector for sheet in _STYLE_ELEMENT.findall(markdown) for selector in hiding_selectors(sheet)
            if _SIMPLE_SELECTOR.fullmatch(selector)}


_STYLE_ELEMENT = regex(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)
_SIMPLE_SELECTOR = regex(r"[A-Za-z][\w-]*|[A-Za-z][\w-]*?[.#][\w-]+|[.#][\w-]+")


def _selected(name: str, attributes: str, selectors: set[str]) -> bool:
    """Tell whether an element is selected by one of the simple selectors."""
    values = {key.lower(): "".join(value) for key, *value in _ATTRIBUTE.findall(attributes)}
    name = name.lower()
    candidates = {name} | {f".{c}" for c in values.get("class", "").split()} | (
        {f"#{values['id']}"} if values.get("id") else set())
    return any(candidate in selectors or f"{name}{candidate}" in selectors for candidate in candidates)


def _code_spans(markdown: str) -> list[tuple[int, int]]:
    """Return where the Markdown's code is, as (start, end) in order: fenced blocks, and `spans`. The
    text in them is shown as it is written.

    A span is a run of backticks, not escaped, to the next run as long on its line. (Markdown lets
    one go on over the lines of a paragraph; taken for no span, its tags are taken for tags, and
    what they hide is hidden: nothing a reader does not see is ever kept.)
    """
    if "`" not in markdown and "~~~" not in markdown:
        return []
    fenced = [found.span() for found in _FENCED.finditer(markdown)]
    spans, f, start = list(fenced), 0, 0
    for line in markdown.split("\n"):
        end = start + len(line)
        while f < len(fenced) and fenced[f][1] <= start:
            f += 1
        if "`" in line and not (f < len(fenced) and fenced[f][0] <= start):
            runs = [found.span() for found in _TICKS.finditer(markdown, start, end)]
            of_length: dict[int, list[int]] = {}
            for k, (a, b) in enumerate(runs):
                of_length.setdefault(b - a, []).append(k)
            k = 0
            while k < len(runs):   # each run opens a span closed by the next run as long, or is text
                a, b = runs[k]
                same = of_length[b - a]
                later = bisect_right(same, k)
                if later < len(same):
                    spans.append((a, runs[same[later]][1]))
                    k = same[later] + 1
                else:
                    k += 1
        start = end + 1
    return sorted(spans)


# A fenced block, to its closing fence or the end; a run of backticks, not escaped.
_FENCED = regex(r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?:.*?\n {0,3}(?P=fence)[`~]*[ \t]*(?=\n|\Z)|.*\Z)",
                re.M | re.S)
_TICKS = regex(r"(?<![`\\])`+")


def _has(attributes: str, wanted: str) -> bool:
    return any(name.lower() == wanted for name, *_ in _ATTRIBUTE.findall(attributes))


def _hides(attributes: str) -> bool:
    """Tell whether an element's attributes hide it: 'hidden', or a style that does not display it."""
    for name, *values in _ATTRIBUTE.findall(attributes):
        name = name.lower()
        if name == "hidden" or name == "style" and hides("".join(values)):
            return True
    return False


def _element_end(markdown: str, name: str, start: int) -> int:
    """Return where the element of `name` opened just before `start` ends: after its closing tag, the
    elements of that name within it closed first; at `start` for one never closed, as <img> is not."""
    depth = 1
    for tag in re.compile(rf"<(/?){re.escape(name)}\b[^>]*>", re.I).finditer(markdown, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return start


# A comment (ended as a browser ends one, see _COMMENT), CDATA (a comment outside SVG), a script or the like
# with all it holds, or a tag: its name, its attributes, and whether it closes.
_UNSEEN_OR_TAG = regex(r"<!--(?:>|->|.*?(?:--!?>|\Z))|<!\[CDATA\[.*?(?:\]\]>|\Z)"
                       r"|<(script|style|template|noscript|iframe|noembed|noframes)\b.*?(?:</\1\s*>|\Z)"
                       r"|<(?P<closing>/)?(?P<name>[A-Za-z][\w-]*)(?P<attributes>(?:\s+(?:[^\s\"'<>/=]+)"
                       r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?)*)\s*/?>", re.I | re.S)
_ATTRIBUTE = regex(r"([^\s\"'<>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'<>=`]+)))?")
# Struck out (no longer what the outlet says), or not shown in a page, as html_to_blocks leaves them out.
_UNSHOWN = frozenset(("del", "s", "strike", "select", "datalist", "title", "canvas", "video", "audio",
                      "button", "meter", "progress",
                      "desc", "defs", "symbol", "clippath", "mask", "pattern", "marker", "metadata"))
_INLINE_TAGS = frozenset("a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time "
                         "u var wbr".split())


_NOTE_LINK = regex(r"footnote|fnref|noteref|endnote", re.I)
_LINKED_NOTE_MARK = regex(r"^(?:\[[^\[\]]{1,24}\]|\d{1,3}|[*\u2020\u2021\u00a7])$")   # not raised: no word
_NOTE_MARK = regex(r"^(?:\[[^\[\]]{1,24}\]|[\d*†‡§a-z]{1,3})$")


def _is_note_mark(sup) -> bool:
    """Tell a superscript that marks a note: a link to it in its words alone ("[1]", Wikipedia's
    "[citation needed]", a "2" linked to "#ftnt2"), not a power ("10<sup>6</sup>") or an ordinal."""
    links = sup.find_all("a", href=True)
    words = _words(sup)
    if not links or not _NOTE_MARK.match(words):
        return False
    if words.startswith("["):
        return True
    before = sup.find_previous(string=True)
    # Digits raised after a digit are a power, linked or not ("10<sup>6</sup>"): no note's mark.
    return all(link["href"].startswith("#") for link in links) and not (
        words.isdigit() and before is not None and before.rstrip()[-1:].isdigit() and not before[-1:].isspace())


def _is_caption(tag) -> bool:
    """Tell a picture's caption: a <figcaption>, or an element the page names one outside a <figure>, as
    WordPress's classic editor ("wp-caption-text") and Wikipedia ("thumbcaption") write them."""
    if tag.name == "figcaption":
        return True
    # By its class, a caption's text alone: a container of paragraphs named "caption" is more than one.
    return bool(tag.get("class") and any(map(_CAPTION_CLASS.match, tag["class"]))) and not any(
        block.get_text(strip=True) for block in tag.find_all(_BLOCK_ELEMENTS))


_FURNITURE_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search"))
_CAPTION_CLASS = regex(r"^(?:wp-caption-text|thumbcaption|gallery-caption|(?:[a-z]+[-_])*(?:image|photo|picture|img)"
                       r"[-_]?caption|caption)$", re.I)


def _is_furniture(tag) -> bool:
    """Tell an element of the page around the article: a site header outside the article, or one
    named as a banner, menu, sharing bar, related links..."""
    if tag.name == "header" and not tag.find_parent(["article", "main"]) and not tag.find("h1"):
        return True
    role = tag.get("role")   # a <nav>, <header>, <aside>... by its role; within the article, a menu only
    if role in _FURNITURE_ROLES and not tag.find(["main", "h1"]) and (
            role == "navigation" or not tag.find_parent(["article", "main"])):
        return True
    names = [name for name in [*(tag.get("class") or ()), *(tag[key] for key in ("id", "data-component") if tag.get(key))]
             if not _TAXONOMY_OR_STATE.match(name)]
    # What holds the headline or the main part is the page's frame, not furniture. (An <article> inside
    # may well be a teaser of "related-posts".)
    return tag.name not in ("article", "main", "body", "html") and any(_FURNITURE.match(name) for name in names) \
        and not tag.find(["main", "h1"])


def _paragraphs_of(div) -> list[str]:
    """Return the paragraphs of a div of text: runs of it apart by two line breaks (<br><br>).

    Line breaks in the markup are white space, as a browser shows them: a verse
    broken by single <br>s, one to a line of the markup, stays one paragraph.
    """
    for br in div.find_all("br"):
        br.replace_with("\x00")   # a character no text holds (a seed with one is refused)
    text = " ".join(_words_keeping_lines(div).split())
    parts = (" ".join(part.replace("\x00", " ").split()) for part in re.split("\x00 ?\x00", text))
    return [part for part in parts if part]


def _next_is_br(br) -> bool:
    """Tell a <br> followed by another, with nothing but white space between them."""
    after = br.next_sibling
    while after is not None and not getattr(after, "name", None) and not str(after).strip():
        after = after.next_sibling
    return getattr(after, "name", None) == "br"


def _words_keeping_lines(tag) -> str:
    from bs4 import CData, NavigableString

    return "".join(str(node) for node in tag.descendants if type(node) in (NavigableString, CData))


# Elements that break a line or a block: their text is apart from the text around it. Any other
# element (a link, an emphasis) sits inside a sentence, and its text joins the text around it as is.
_BREAKS = frozenset("br p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote figure figcaption table tr td th "
                    "section header footer hr pre address".split())


def _words(tag) -> str:
    """Return an element's text as a reader sees it: one space wherever the page breaks a line or a
    white space runs, and nothing added around links and emphasis ("Amnesty's", not "Amnesty 's")."""
    from bs4 import CData, NavigableString, Tag

    parts = []
    pending = list(reversed(tag.contents))   # a stack, not recursion: pages nest deeper than Python recurses
    while pending:
        node = pending.pop()
        if node is _BREAK_ENDS:
            parts.append(" ")
        elif type(node) in (NavigableString, CData):   # not comments, which are NavigableStrings too
            parts.append(node)
        elif isinstance(node, Tag):
            if node.name in _BREAKS:   # apart from the text before it and after it: "<p>office</p>closes"
                parts.append(" ")
                pending.append(_BREAK_ENDS)
            pending.extend(reversed(node.contents))
    return " ".join("".join(parts).split())


_BREAK_ENDS = object()
# Elements whose text stands apart from loose text beside them.
_APART = _BREAKS | set(_BLOCK_ELEMENTS) | {"main", "aside", "nav", "form"}


# What a saved web page opens with: perhaps an XML declaration and comments ("<!-- saved from url=...
# -->"), then its doctype or <html>.
_PAGE_START = regex(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
                    re.I | re.S)


def _is_web_page(data: bytes) -> bool:
    """Tell a text file that is a web page, as a browser saves one, or a piece of one (as a content system
    exports an article's body: "<h1>...</h1><p>...</p>"), from text or Markdown."""
    opening = data[:4096]
    if _PAGE_START.match(opening):
        return True
    fragment = _FRAGMENT_START.match(opening)
    return bool(fragment) and re.search(rb"</" + fragment.group(1) + rb"\s*>", opening, re.I) is not None


# A piece of a page opens with an element that holds an article's text, which its closing tag ends.
_FRAGMENT_START = regex(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(h[1-6]|p|article|div|section|main|header|body)[\s>]",
                        re.I | re.S)
_CHARSET = regex(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """Return the encoding an HTML page declares in its first kilobytes (<meta charset=...>), if any."""
    found = _CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def _xml_encoding(data: bytes) -> str | None:
    """Return the encoding an XML file declares on its first line (<?xml ... encoding="..."?>), if any."""
    found = _XML_ENCODING.match(data.lstrip(b"\xef\xbb\xbf"))
    return found.group(1).decode("ascii") if found else None


_XML_ENCODING = regex(rb"""<\?xml[^>]*?encoding=["']([A-Za-z0-9._-]+)["']""")


def _html_metadata(soup) -> dict[str, str]:
    """Read an HTML page's title, author, date, address and outlet from its meta tags."""
    def meta(*names, keep=lambda value: True):
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag and tag.get("content", "").strip() and keep(tag["content"].strip()):
                return tag["content"].strip()
        return None
    canonical = soup.find("link", rel="canonical")
    # The page's first date, but not one of its last change ("Updated: <time>"), which is read as such.
    time = next((tag for tag in soup.find_all("time", datetime=True) if not _dates_a_change(tag)), None)

    def words(tag):
        return _words(tag) or None if tag else None

    linked = _linked_data(soup)
    outlet = meta("og:site_name", "application-name") or linked.get("outlet")
    # The headline a reader sees, the first <h1> of the article, before the one written for a link's card
    # (og:title), which may differ; the card's before the first <h1> of the main part or of the page (which
    # may be a section's name, or the site's in its header), then the page's <title>. The card's loses the
    # site's name where the page names its site so ("Union disbands | Gamma Wire"); the <title> loses what
    # reads as the site's name or a trail of sections.
    article = soup.find("article")
    headings = (container.find("h1") for container in (soup.find("main"), soup) if container)
    found = {
        "title": (words(article.find("h1")) if article else None)
        or _without_named_site(meta("og:title", "twitter:title") or linked.get("title"), outlet)
        or next(filter(None, map(words, headings)), None) or _without_site_name(words(soup.title), outlet),
        # article:author is often the address of the author's page, not a name; "byl" writes "By Ann Lee".
        "author": _BY.sub("", meta("author", "article:author", "byl", keep=lambda v: not _ADDRESS.match(v)) or "")
        or linked.get("author"),
        "date": meta("article:published_time", "date", "pubdate", "dc.date") or linked.get("date")
        or (time["datetime"] if time else None),
        "url": (canonical.get("href") if canonical else None) or meta("og:url") or linked.get("url"),
        "outlet": outlet,
    }
    return {key: value for key, value in found.items() if value}


def _without_named_site(title: str | None, outlet: str | None) -> str | None:
    """Take off a title the site's name, where the page names its site and the title names it so, apart
    ("Union disbands | Gamma Wire"); else keep it whole ("Explainer | Why Amnesty is leaving")."""
    if not title or not outlet:
        return title
    parts = [part for part in _SITE_SEPARATOR.split(title) if part.casefold() != outlet.casefold()]
    if len(parts) == 1 and parts[0] != title:
        return parts[0]
    head, dash, tail = _split_last_dash(title)
    return head if dash and tail.casefold() == outlet.casefold() else title


def _without_site_name(title: str | None, outlet: str | None) -> str | None:
    """Take the site's name, or a trail of sections, off a page's <title>: "Amnesty to leave | The
    Standard", "News | Amnesty to leave | The Standard", "Home » News » Amnesty to leave", or
    "... - Harbour Times" when the page names its site so."""
    if not title:
        return title
    parts = _SITE_SEPARATOR.split(title)
    if len(parts) > 1:
        named = [part for part in parts if not outlet or part.casefold() != outlet.casefold()]
        if len(named) == 1:   # "Headline | Site", the site named as the page names it
            return named[0]
        if len(named) > 2:   # sections, the headline and the site: the headline says most
            return max(named, key=len)
        return named[0] if len(named[1].split()) <= 6 else title   # "Headline | Site", the site's name short
    head, dash, tail = _split_last_dash(title)
    return head if dash and outlet and tail.casefold() == outlet.casefold() else title


def _split_last_dash(title: str) -> tuple[str, str, str]:
    """Split a title at its last spaced dash: ("Amnesty – the end of an era", " - ", "Harbour Times")."""
    found = None
    for found in _DASH_SEPARATOR.finditer(title):
        pass
    return (title[:found.start()], found.group(), title[found.end():]) if found else (title, "", "")


_SITE_SEPARATOR = regex(r"\s+(?:\||::|»)\s+")
_DASH_SEPARATOR = regex(r"\s+[-–—]\s+")
_ADDRESS = regex(r"^(?:https?:)?//|^www\.", re.I)
_BY = regex(r"^by\s+", re.I)


_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                  "OpinionNewsArticle", "BackgroundNewsArticle"}


def _linked_data(soup) -> dict[str, str]:
    """Read the article's headline, authors, date, address and publisher from its JSON-LD, which
    news sites write for search engines (schema.org's NewsArticle)."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            kinds = item.get("@type") if isinstance(item, dict) else None
            if not set(kinds if isinstance(kinds, list) else [kinds]) & _ARTICLE_TYPES:
                continue
            authors = item.get("author")
            authors = authors if isinstance(authors, list) else [authors]
            names = [a.get("name") if isinstance(a, dict) else a for a in authors]
            publisher, page = item.get("publisher"), item.get("mainEntityOfPage")
            found = {
                "title": item.get("headline"),
                "author": ", ".join(n for n in names if isinstance(n, str) and n.strip()),
                "date": item.get("datePublished"),
                "url": item.get("url") or (page.get("@id") if isinstance(page, dict) else page),
                "outlet": publisher.get("name") if isinstance(publisher, dict) else publisher,
            }
            return {key: value.strip() for key, value in found.items() if isinstance(value, str) and value.strip()}
    return {}
