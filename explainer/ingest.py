"""Turn the text of a seed file into the articles it holds, as clean paragraphs.

Seeds are scraped web pages: Markdown remnants, bylines, comment forms and
share buttons. General rules here separate an article's words from the page
around it; `content/sources.yaml` adds what a given seed needs beyond them.
"""

from __future__ import annotations

import functools
import html
import re

from .dates import CHANGE_WORDS, MONTHS, PartialDate, find_date, find_date_at, parse_iso
from .exported import join_wrapped
from .lazy import cached_property, regex
from .quotes import clean_text
from .record import field, record
from .schema import URL
from .textfile import CONTROLS
from .yamlfile import TooLarge, is_yaml_error, load_yaml

# Paragraphs that belong to the page, not to the article (matched case-insensitively).
_BOILERPLATE = (
    r"^leave a (reply|comment)\b", r"^fill in your details below", r"^you are commenting using your",
    r"^connecting to %s", r"^(wordpress\.com logo|facebook photo|twitter picture|google photo)$",
    r"^cancel reply$", r"^(post|submit) comment$", r"^notify me of (new|follow)",
    r"^(featured )?(image|photo|picture|illustration)s?( credit)?s?\s*[:|]", r"^(photo|image|picture) (by|courtesy|credit)\b",
    r"^(sign up|register) (for|to)\b.*newsletter",
    r"^(?:[_*=~#\u25c6\u25c7\u2022\u00b7\u2014\u2013-]\s*){3,}$",   # a rule between parts: "___", "* * *", "◆◆◆"
    # A newsletter's own lines, in the email that carries it.
    r"^(unsubscribe|manage (your )?(subscription|preferences|email preferences)|update (your )?preferences)\b",
    r"^(view|read|open) (this|this email|it|this newsletter) (in|on) (your|a|the) (web )?browser\b",
    r"^(having trouble|trouble) (viewing|reading) this (email|message)",
    r"^you (are receiving|received) this (email|message|newsletter)\b",
    r"^you can also keep up with", r"^support (us|our journalism|independent journalism)\s*([.!:]|on\b|at\b|today\b|$)",
    r"^(additional )?reporting (by|from)\b", r"^(writing|editing) by\b", r"^our standards\s*:",
    # A wire story's credits in brackets: "(Reporting by Jessie Pang; Editing by Michael Perry)".
    r"^\((additional )?(reporting|writing|editing) by\b[^()]*\)\W*$",
    r"^you may also be interested in\s*:?$",                                     # the BBC's, above teasers
    r"^(lire aussi|à lire aussi|voir aussi)\s*:", r"^article réservé aux abonnés",
    r"^(相關新聞|延伸閱讀|責任編輯|相关新闻|延伸阅读|责任编辑)",
    r"^search module is not installed", r"^search( this site| for)?\s*:?$", r"^no results found\b",
    r"^(sommaire|table of contents|contents|in this article|on this page)\s*:?$",
    r"^click to (share|print|email)\b",
    r"^((tweet|share|email|e-mail|print|whatsapp|facebook|twitter|linkedin|telegram|reddit)\s*[|·,/]?\s*)+$",
    r"^(related|recommended)( articles| stories| posts| reading)?\s*:?$",
    r"^(related|also read|read also)( articles?| stories| story| posts?)?\s*:",   # "RELATED: Union disbands"
    r"^like this:?$", r"^like loading\b",                                          # WordPress's like button
    r"^all rights reserved\b", r"^(copyright\s*(©|\(c\)|\d{4}\b)|©)", r"^cookies?\b.*\b(accept|consent|policy)\b",
    r"^(story )?continues below( the)? advertisement\W*$", r"^continue reading( the main story| below)?\W*$",
    r"^(most (read|popular|viewed|shared)|related topics|more on this story|top stories)\s*:?$",
    r"^copy link\W*$",
    r"^(\d{1,3}\s*min(ute)?s?\s+read|reading time\s*:?\s*\d{1,3}\s*min(ute)?s?)\W*$",   # "3 MIN READ"
    r"^([^|]{1,40}\|){2,}[^|]{1,40}$",   # a menu: "Support HKFP | Policies & Ethics | Contact Us"
    r"^((getty images|afp|epa|reuters|ap|bloomberg|shutterstock)( via getty images)?\s*[/,]?\s*)+$",
    # What readers did with the page: "12 likes", "3 Share", "Comments". (A number alone may be a value:
    # "Founded 1982", as a list of terms gives it; "Views" alone a heading.)
    r"^\d[\d,.]*\s*[km]?\s*(likes?|shares?|comments?|repl(y|ies)|restacks?|claps?|views?|responses?)\W*$",
    r"^(likes?|comments?|restacks?|claps?)\W*$",
)
# Calls to the reader that a sentence of the article may also open with ("Advertisement boards lined the
# street."): furniture only when they do not read as a sentence (see is_boilerplate).
_CALLS = regex(r"(?:subscribe|follow us|(?:please )?(?:donate|make a donation)|become a (?:member|patron|supporter)"
               r"|read more|see also|advertisement|share (?:this|on|via)|listen to this article"
               r"|(?:posted|filed) (?:in|under)|log ?out)\b", re.I)
# Labelled as furniture by the page itself, whatever it holds: a caption (see seeds.py) may quote someone.
_LABELLED = regex(r"^(image|photo|picture|video|media) caption\s*[:,]", re.I)

# Every pattern above is anchored at the start; joined into one, a paragraph is tried once
# at its start rather than forty times (and one pattern is compiled, not forty).
_STARTS = regex("|".join(f"(?:{p[1:]})" for p in _BOILERPLATE), re.I)
# Phrases that mark page furniture wherever they stand in a paragraph (lowercase).
ANYWHERE = ("follow us on", "cannot survive without your help", "patreon.com", "our newsletter", "our journalism",
            "our independent journalism", "support independent journalism")
_SPEECH = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u300c")
# A caption's credit, closing it: "The logo at an event in 2019. Photo: Getty Images".
_CREDIT = regex(r"\b(?i:photo|image|picture|photograph|credit)s?\s*:\s*(?:[A-Z0-9][\w.&'\u2019-]*(?:\s+|/|$)){1,6}\W*$")
_HEADING = regex(r"^(#{1,6})\s+(.*?)\s*#*$")
# How a byline opens: "By", as French, German and Spanish write it, perhaps after "Written" or "Words".
_BY = r"(?:(?:written|words|story|text)\s+)?(?:by|par|von|por)\s"
_BYLINE = regex(rf"^{_BY}\s*(?P<names>[^()]{{2,100}}?)\s*(?:\((?P<outlet>[^()]{{2,100}})\))?\.?$", re.I)
_URL_ONLY = regex(r"^<?(https?://[^\s<>]+)>?$")
_TOC_ITEM = regex(r"^\s*[-*+]\s+\[[^\]]*\]\(#[^)]*\)\s*$")
_WEEKDAYS = regex(r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|"
                  r"jeudi|vendredi|samedi|dimanche|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+", re.I)
# A dateline may also open with its month, or say what the date is: "October 25, 2021 12:41 PM",
# "Published 25 October 2021", "Publié le 25 octobre 2021 à 11h02".
_DATELINE_START = regex(r"^(?:(?:first )?published|(?:last )?(?:updated|modified)|posted|publié|mis à jour|modifié|le)\b"
                        r"|^(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b", re.I)
_UPDATED = regex(rf"^(?:{CHANGE_WORDS})\b", re.I)
# A link's words hold no bracket: tried from each '[' of "[[[[...", words that could would take time
# growing with the square of their number.
# (Its address written as runs between brackets: a group repeated per character would keep a frame per
# character, hundreds of megabytes for a line of megabytes.)
_INLINE_LINK = regex(r"\[([^\[\]]*)\]\(\s*<?[^()\s<>]*(?:\([^()]*\)[^()\s<>]*)*>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)")
_MARKUP_CHARS = regex(r"[*_\[\]<>\\!`]")
_ENTITY = regex(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_TERMINAL = tuple('.!?:;"\'”’»)]…')

_WORD_BREAKS = ".,;:!?()[]{}\"'«»“”‘’—–-/"
_PUNCTUATION = str.maketrans({c: " " for c in _WORD_BREAKS})
# The same words, found by one pass of a pattern: a translation table goes character by character
# through a dict as soon as the text holds a letter beyond ASCII, or a curly quote.
_WORD = regex(f"[^\\s{re.escape(_WORD_BREAKS)}]+")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "has", "have", "said"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "dans", "pour", "que", "qui", "du", "au"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "sich", "auf", "dem", "den", "ein"},
    "es": {"el", "los", "las", "del", "que", "por", "con", "una", "para", "es", "se", "como"},
}
_LANGUAGES = sorted(_STOPWORDS)
_ANY_STOPWORD = set().union(*_STOPWORDS.values())
_LANGUAGES_OF = {word: [i for i, lang in enumerate(_LANGUAGES) if word in _STOPWORDS[lang]] for word in _ANY_STOPWORD}


@record(frozen=True)
class Block:
    """A run of non-blank lines of a seed, with the line it starts on."""

    line: int
    lines: tuple[str, ...]
    item: bool = False   # an item of a list: text, even where it looks like a dateline
    apart: bool = False  # a row of a table: never joined to the next as a broken sentence (see _join_broken)
    shown: bool = False  # the text a browser shows of a web page (see SHOWN_TEXT), not Markdown

    # These are asked for again and again as a block is tried as byline, date, title and paragraph.
    @cached_property
    def text(self) -> str:
        if len(self.lines) == 1:
            return self.lines[0].strip()
        return join_wrapped(self.lines)

    @cached_property
    def words(self) -> str:
        """The text without its Markdown syntax; a web page's text as it is shown."""
        if self.shown:
            return clean_text(self.text[1:] if self.text.startswith("\\") else self.text)
        return strip_markdown(self.text)

    @cached_property
    def heading(self) -> str | None:
        """A heading's words, without the marks that make it one; None for any other block."""
        if self.shown:
            found = _SHOWN_HEADING.match(self.text)
            return clean_text(found.group(2)) if found else None
        found = _HEADING.match(self.text.strip())
        return strip_markdown(found.group(2)) if found else None

    @cached_property
    def bold(self) -> bool:
        """Whether the block is all bold, as Markdown writes a subheading: **Reactions**."""
        return not self.shown and _bold_only(self.text)


@record(frozen=True)
class RawParagraph:
    """A clean paragraph as read from a seed; `kind` is 'title', 'heading' or 'text'."""

    text: str
    line: int
    kind: str = "text"
    apart: bool = False   # an item of a list or a row of a table: never joined to the next as a broken sentence


@record
class RawArticle:
    """What the text of a seed says about one article it holds."""

    line: int
    title: str = ""
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    url: str | None = None
    date: PartialDate | None = None
    paragraphs: list[RawParagraph] = field(default_factory=list)
    dropped: list[RawParagraph] = field(default_factory=list)
    date_rank: int = -1   # how much the date found is to be trusted (see offer_date)

    def offer_date(self, date: PartialDate, update: bool, header: bool = False) -> None:
        """Take `date` unless a date more to be trusted, or as much, was found before it.

        A publication date is trusted above the date of a change ("Updated 26
        October"), and the article's own lines above the page's head, which a
        seed of several articles shares: the first of equals stands, as pages
        print the publication first.
        """
        rank = (0 if update else 2) + (0 if header else 1)
        if rank > self.date_rank:
            self.date, self.date_rank = date, rank

    @property
    def date_is_update(self) -> bool:
        """Whether the date found is only that of a change: the article was published on it or before."""
        return self.date is not None and self.date_rank < 2


def read_blocks(text: str, plain: bool = False, shown: bool = False) -> list[Block]:
    """Split seed text into blocks separated by blank lines, read as Markdown writes them.

    `plain` text may hold one paragraph per line, with no blank line between
    them, as text copied from a web page does: such a block is one per line.
    `shown` text is a web page's, as seeds.html_to_blocks writes it: a block a
    line, its words as the browser shows them (see SHOWN_TEXT).
    """
    if shown:
        return [Block(number, (line,), shown=True) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    blocks, current, start = [], [], 0
    for number, line in enumerate([*text.splitlines(), ""], 1):
        if line.strip():
            if not current:
                start = number
            current.append(_QUOTE_MARKS.sub("", line) if ">" in line[:4] else line)
        elif current:
            blocks += _markdown_blocks(Block(start, tuple(current)), plain)
            current = []
    return blocks


# The front matter key by which seeds.html_to_blocks tells that the text below is a web page's, as its
# browser shows it: none of it is Markdown ('>50 arrested' keeps its '>', '30. Juni' its '30.'). Each
# line is a block; a heading's line starts with '#'s and a space, and a line of text that starts
# with '#' or a backslash has a backslash put before it.
SHOWN_TEXT = "shown-text"
_SHOWN_HEADING = regex(r"^(#{1,6}) (.*)$")
_QUOTE_MARKS = regex(r"^ {0,3}(?:> ?)+")
_STRUCTURE = frozenset("[-*_+|=#0123456789")   # what a line of Markdown structure starts with
_ATX_HEADING = regex(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_FENCE = regex(r"^ {0,3}(?:`{3,}|~{3,})")   # code, whose '# comment' lines are no headings
_LIST_ITEM = regex(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_SETEXT = regex(r"^\s{0,3}(=+|-+)\s*$")
_RULE = regex(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_LINK_DEFINITION = regex(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*\S+")   # not a footnote's text, which a reader sees
_TABLE_ROW = regex(r"^\s*\|.*\|\s*$")
_TABLE_RULE = regex(r"^[\s|:-]+$")


def _markdown_blocks(block: Block, plain: bool) -> list[Block]:
    """Return what a block of lines stands for: rules and link definitions nothing, a setext
    heading a heading, a list or table a block per item or row, other lines a paragraph."""
    if 1 < len(block.lines) <= 3 and len(block.lines[0]) <= LONGEST_BYLINE and BYLINE_START.match(
            block.lines[0].lstrip(" *_")):
        lines = _byline_lines(block)
        if lines:
            return lines
    if not any(line.lstrip()[:1] in _STRUCTURE for line in block.lines):   # most prose: at once
        return [Block(block.line + i, block.lines[i:i + 1]) for i in range(len(block.lines))] \
            if plain and _one_paragraph_per_line(block.lines) else [block]
    if len(block.lines) > 1 and any(map(_ATX_HEADING.match, block.lines)) and not _FENCE.match(block.lines[0]):
        return _apart_from_headings(block, plain)
    lines = [line for line in block.lines if not _LINK_DEFINITION.match(line)]
    if not lines or all(_RULE.match(line) for line in lines):
        return []
    if len(lines) > 1 and _SETEXT.match(lines[-1]) and not _LIST_ITEM.match(lines[0]):
        level = "#" if lines[-1].strip()[0] == "=" else "##"
        return [Block(block.line, (f"{level} {' '.join(s.strip() for s in lines[:-1])}",))]
    if all(_TABLE_ROW.match(line) for line in lines):
        rows = [" ".join(cell.strip() for cell in line.strip().strip("|").split("|")) for line in lines]
        return [Block(block.line + i, (row,), apart=True) for i, row in enumerate(rows) if not _TABLE_RULE.match(lines[i])]
    if _LIST_ITEM.match(lines[0]):   # an item's wrapped lines go with it
        items: list[tuple[int, list[str]]] = []
        for i, line in enumerate(lines):
            if _LIST_ITEM.match(line) or not items:
                items.append((block.line + i, [_LIST_ITEM.sub("", line)]))
            else:
                items[-1][1].append(line)
        return [Block(at, tuple(item), item=True) for at, item in items]
    if plain and _one_paragraph_per_line(lines):
        return [Block(block.line + i, (line,)) for i, line in enumerate(lines)]
    return [Block(block.line, tuple(lines)) if len(lines) != len(block.lines) else block]


_HARD_BREAKS = ("  ", "\\")   # what ends a line that Markdown breaks there (<br>): two spaces, or a backslash


def _byline_lines(block: Block) -> list[Block] | None:
    """A byline and the short lines under it (a date, an outlet) with no blank line between: each line a
    block of its own, as each line of a web page's byline is, and as Markdown shows them where a hard
    line break (two spaces, or a backslash) ends the line. None for any other block: a sentence that
    opens with "By" is no byline."""
    lines = [line[:-1] if line.endswith("\\") else line.rstrip() for line in block.lines]
    if _byline(Block(block.line, lines[:1])) is None:
        return None
    # Without hard breaks, the lines under it must stand apart as a date or an outlet does: short, and not
    # the rest of a sentence ("By Monday Amnesty and Human Rights Watch" over "had both condemned it.").
    if not all(line.endswith(_HARD_BREAKS) for line in block.lines[:-1]) and not all(
            len(line.strip()) <= 50 and not line.strip(" *_")[:1].islower() and not line.rstrip(" *_").endswith(".")
            for line in lines[1:]):
        return None
    return [Block(block.line + i, (line,)) for i, line in enumerate(lines)]


def _apart_from_headings(block: Block, plain: bool) -> list[Block]:
    """Read a heading's line as a heading of its own, and the lines around it as blocks: in Markdown a
    "# heading" line needs no blank line to end a paragraph or to end itself."""
    blocks, run = [], []
    for i, line in enumerate([*block.lines, None]):
        if line is None or _ATX_HEADING.match(line):
            if run:
                blocks += _markdown_blocks(Block(block.line + i - len(run), tuple(run)), plain)
                run = []
            if line is not None:
                blocks.append(Block(block.line + i, (line,)))
        else:
            run.append(line)
    return blocks


def _one_paragraph_per_line(lines: list[str]) -> bool:
    """Tell lines that are paragraphs each from the wrapped lines of one: every line ends a sentence,
    or is as short as a headline, a byline or a date, and the next starts as a sentence does.

    Text wrapped to a width holds no line much longer than 80 characters: where one is longer than
    120, nothing was wrapped, and a line that ends no sentence may be as long as a long headline."""
    headline = 100 if any(len(line) > 120 for line in lines) else 50
    for line, after in zip(lines, lines[1:]):
        line, after = line.strip(), after.strip()
        if not (line.endswith(_TERMINAL) or len(line) <= headline) or not (after[:1].isupper() or after[:1].isdigit()
                                                                            or after[:1] in _SPEECH):
            return False
    return len(lines) > 1


def strip_markdown(text: str) -> str:
    """Remove Markdown emphasis, link, code and escape syntax and HTML entities, keeping the words."""
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)   # '&amp;' is '&', and '&nbsp;' a space, to a reader
    if not _MARKUP_CHARS.search(text):
        return clean_text(text)
    text = re.sub(r"!\[[^\[\]]*\]\([^)]*\)", "", text)                # images
    text = re.sub(r"!\[[^\[\]]*\]\[[^\[\]]*\]", "", text)            # ![alt][reference]: an image, too
    text = re.sub(r"\[\^[^\]\s]+\]:?", "", text)                      # a footnote's mark, or its text's
    text = _INLINE_LINK.sub(r"\1", text)                                 # [words](url "title")
    text = re.sub(r"\[([^\[\]]+)\]\[[^\[\]]*\]", r"\1", text)            # [words][reference]
    text = re.sub(r"(?<!\\)`+", "", text)                                 # `code`
    text = re.sub(r"<(https?://[^\s<>]+)>", r"\1", text)                # <url>
    text = re.sub(r"\*\*|__", "", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", text)
    text = re.sub(r"(?<![\w])_(?=\S)|(?<=\S)_(?![\w])", "", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>])", r"\1", text)        # backslash escapes
    return clean_text(text)


def is_boilerplate(text: str, extra: list[re.Pattern] = ()) -> bool:
    """Tell whether a paragraph is page furniture rather than the article.

    Furniture is short and quotes no one: a long paragraph, or one holding quotation marks
    ('"We hope others will follow us on this path," she said'), is the article's own.
    """
    if any(p.search(text) for p in extra) or _LABELLED.match(text):
        return True
    if len(text) > 300 or any(mark in text for mark in _SPEECH):
        return False
    lower = text.lower()
    return bool(_STARTS.match(text)) or any(phrase in lower for phrase in ANYWHERE) or bool(_CREDIT.search(text)) \
        or bool(_CALLS.match(text)) and not _reads_as_sentence(text)


def _reads_as_sentence(text: str) -> bool:
    """Tell a sentence of eight words or more, ended as sentences end, from a call such as "Subscribe
    to our newsletter" or "Read more: Union disbands"."""
    return text.rstrip().endswith(_SENTENCE_ENDS) and len(text.split(maxsplit=7)) == 8


_SENTENCE_ENDS = tuple('.!?…"”’»')


# Front matter keys that name an article's metadata, as blogs, CMS exports and scrapers write them.
_META_KEYS = {
    "title": ("title", "headline"),
    "authors": ("authors", "author", "byline", "by"),
    "date": ("date", "published", "published_at", "publishedAt", "publication_date", "datePublished", "pubdate",
             "pubDate"),
    "url": ("url", "link", "canonical", "canonical_url", "canonicalURL", "source_url", "original_url"),
    "outlet": ("outlet", "publisher", "site_name", "site", "source", "publication"),
}


def split_articles(text: str, extra_drop: list[re.Pattern] = (), plain: bool = False) -> list[RawArticle]:
    """Return the articles a seed holds: one per byline, or one for the whole text.

    A seed may open with YAML front matter naming its title, authors, date,
    address and outlet, as Markdown exports and HTML pages (see seeds.py) do.
    `plain` text may hold a paragraph per line (see read_blocks).
    """
    meta, text, offset = front_matter(text)
    articles = _split(text, extra_drop, plain, shown=meta.get(SHOWN_TEXT) in (True, "true"))
    if offset:
        articles = [_shifted(a, offset) for a in articles]
    if meta and len(articles) == 1:
        _apply(articles[0], _shown(meta))
    for article in articles:
        article.outlet = article.outlet or _wire_agency(article)
    for article in articles:   # the outlet's name on a line of its own, as under a byline, is the page's
        outlet = (article.outlet or "").casefold()
        for para in [p for p in article.paragraphs if outlet and p.kind != "title" and p.text.casefold() == outlet]:
            article.paragraphs.remove(para)
            article.dropped.append(para)
    return articles


# A wire story's dateline names the agency: "HONG KONG (Reuters) -", "HONG KONG, Oct 25 (AP) —",
# "BEIJING/HONG KONG (Reuters) -", "Hong Kong (AFP) –". The place is in capitals or of a few capitalised
# words, perhaps with the day ("Oct 25"); an agency's name holds no digit ("Update 2"). After a place
# in capitalised words, only a known agency's name: "Amnesty International (AI) –" defines an abbreviation.
_WIRE_DATELINE = regex(r"^(?:(?P<capitals>[A-Z][A-Z .'’/-]{1,40})|[A-Z][\w'’.-]*(?:[ /][A-Z][\w'’.-]*){0,3})"
                       r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s+"
                       r"\((?P<agency>[A-Z][A-Za-z.&' -]{1,40})\)\s*[-–—]")


def _wire_agency(article: RawArticle) -> str | None:
    """Return the agency a wire story's dateline names, in the first of its paragraphs of text."""
    first = next((p.text for p in article.paragraphs if p.kind == "text"), "")
    found = _WIRE_DATELINE.match(first)
    return found["agency"] if found and (found["capitals"] or _OUTLET_WORD.search(found["agency"])) else None


def front_matter(text: str) -> tuple[dict, str, int]:
    """Split off leading `---` YAML or `+++` TOML front matter; return (metadata, the rest, lines removed)."""
    match = re.match(r"\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*\n", text, re.S)
    if match:   # Hugo's and Zola's exports write TOML between '+++' lines
        import tomllib   # here: few seeds have any, and every build would pay for its import

        try:
            data = tomllib.loads(match.group(1))
        except (tomllib.TOMLDecodeError, RecursionError):   # RecursionError: lists nested thousands deep
            return {}, text, 0
        return (data, text[match.end():], match.group(0).count("\n")) if data else ({}, text, 0)
    # Closed by '---', or by YAML's own end of a document, '...', as Pandoc allows.
    match = re.match(r"---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, re.S)
    if not match:
        return {}, text, 0
    try:   # within the limits content YAML is read in: a seed is as untrusted as any file
        data = load_yaml(match.group(1))
    except TooLarge:
        return {}, text, 0      # an alias bomb or the like is no article's metadata
    except Exception as err:
        if not isinstance(err, (ValueError, RecursionError)) and not is_yaml_error(err):
            raise
        # 'title: Hong Kong: Amnesty to leave' is no YAML, but plain enough to read line by line.
        data = _plain_metadata(match.group(1))
    if not isinstance(data, dict) or not data:
        return {}, text, 0      # not metadata after all: keep it as text
    return data, text[match.end():], match.group(0).count("\n")


_META_LINE = regex(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def _plain_metadata(text: str) -> dict | None:
    """Read front matter of `key: value` lines, the value everything after the first colon."""
    data = {}
    for line in text.splitlines():
        found = _META_LINE.match(line)
        if not found:
            if line.strip():
                return None   # something else than metadata
            continue
        value = found.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        data[found.group(1)] = value
    return data


def _shown(value):
    """Metadata without the control characters a YAML or JSON escape may write ("\\u001b"): no reader sees them."""
    if isinstance(value, str):
        return CONTROLS.sub("", value)
    if isinstance(value, dict):
        return {key: _shown(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shown(item) for item in value]
    return value


def _apply(article: RawArticle, meta: dict) -> None:
    """Let front matter fill in what the text itself does not say."""
    def first(field):
        return next((meta[k] for k in _META_KEYS[field] if meta.get(k) not in (None, "")), None)
    title, authors, date, url, outlet = (first(f) for f in ("title", "authors", "date", "url", "outlet"))
    if isinstance(title, str) and title.strip():
        article.title = clean_text(title)
        if not article.paragraphs or article.paragraphs[0].kind != "title":
            article.paragraphs.insert(0, RawParagraph(article.title, 1, "title"))
    if isinstance(authors, dict):   # author: {name: Ann Lee}
        authors = [authors]
    if isinstance(authors, str):
        article.authors = article.authors or tuple(_PLACE.sub("", name) for name in _names(authors))
    elif isinstance(authors, list):   # names, or entries that give one; not lists written out as text
        names = [a.get("name") if isinstance(a, dict) else a for a in authors]
        names = [str(a) for a in names if isinstance(a, (str, int, float)) and not isinstance(a, bool)]
        article.authors = article.authors or tuple(clean_text(a) for a in names if a.strip())
    # The page's date of publication (article:published_time) stands above a date of change in its
    # text, but below a date of publication there: that is the local day, the page's maybe UTC's.
    date = find_date(str(date)) or _iso_date(date) if date is not None and not isinstance(date, (list, dict)) else None
    if date:
        article.offer_date(date, False, header=True)
    if isinstance(url, str) and URL.match(url.strip()) and not article.url:
        article.url = url.strip()
    if isinstance(outlet, str) and outlet.strip() and not article.outlet:
        article.outlet = clean_text(outlet)


def _iso_date(value) -> PartialDate | None:
    try:
        return parse_iso(value if not isinstance(value, str) else value.strip()[:10])
    except ValueError:
        return None


def _shifted(article: RawArticle, offset: int) -> RawArticle:
    """Renumber an article's lines after front matter was cut from above it."""
    article.line += offset
    article.paragraphs = [RawParagraph(p.text, p.line + offset, p.kind, p.apart) for p in article.paragraphs]
    return article


def _split(text: str, extra_drop: list[re.Pattern], plain: bool, shown: bool) -> list[RawArticle]:
    blocks = read_blocks(text, plain, shown)
    # An editor's `drop` patterns come first: they are the way out of a line misread as a byline.
    bylines = []
    for i, block in enumerate(blocks):
        found = _byline(block)
        if not found or any(p.search(block.words) for p in extra_drop):
            continue
        # Further down, with no headline above it, "By" must name a person: "By the Numbers" is a subheading.
        if bylines and _article_start(blocks, i, bylines[-1] + 1) == i \
                and sum(w[:1].isupper() for w in found["names"].split()) < 2:
            continue
        bylines.append(i)
    if not bylines:
        return [_read_article(blocks, 0, None, extra_drop, header=[])]
    articles = []
    starts = [_article_start(blocks, at, bylines[n - 1] + 1 if n else 0) for n, at in enumerate(bylines)]
    header = blocks[: starts[0]]
    for n, (start, byline) in enumerate(zip(starts, bylines)):
        end = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        articles.append(_read_article(blocks[start:end], byline - start, blocks[byline], extra_drop, header))
    return articles


_SENTENCE_END = frozenset(".!?:;,\"'\u201d\u2019\u00bb\u2026)")


def _article_start(blocks: list[Block], byline: int, earliest: int) -> int:
    """Return where the article of the byline at blocks[byline] starts: at its title, when one stands
    just above the byline or above a date or address line that does (title, date, byline)."""
    above = byline - 1
    while above > earliest and _is_dateline(blocks[above]):
        above -= 1
    # Above a dateline, only what reads as a headline: the last line of the article before may be
    # a short quote ('He said: "We will leave"').
    if earliest <= above < byline - 1 and _title_like(blocks[above]) and not _is_dateline(blocks[above]) \
            and blocks[above].text.rstrip("*").rstrip()[-1:] not in _SENTENCE_END:
        return above
    if byline > earliest and _title_like(blocks[byline - 1]):
        # A standfirst between the headline and the byline: the article starts at the headline. Marked
        # as one (the headline a heading, the standfirst not), or a sentence under a line that reads as
        # a headline: "Amnesty to leave Hong Kong" above "The rights group blames the security law".
        standfirst = blocks[byline - 1]
        if byline - 2 >= earliest and standfirst.heading is None and not standfirst.bold and (
                blocks[byline - 2].heading is not None
                or _title_like(blocks[byline - 2]) and not _is_dateline(blocks[byline - 2])
                and not _site_name_like(blocks[byline - 2].words) and _reads_as_sentence_start(standfirst.words)):
            return byline - 2
        return byline - 1
    # A standfirst of a sentence or two under a headline, as a text seed or an export gives them.
    if byline - 2 >= earliest and _title_like(blocks[byline - 2]) and not _is_dateline(blocks[byline - 2]) \
            and len(blocks[byline - 1].lines) == 1 and len(blocks[byline - 1].text) <= 400 \
            and not _is_dateline(blocks[byline - 1]):
        return byline - 2
    return byline


def _reads_as_sentence_start(words: str) -> bool:
    """Tell a sentence without its full stop, as a standfirst may be, from a name or a headline in
    title case: five words or more, most of them in lower case."""
    split = words.split()
    return len(split) >= 5 and sum(word[:1].islower() for word in split) * 2 > len(split)


def _site_name_like(words: str) -> bool:
    """Tell a line that may name the site above its headline ("Hong Kong Free Press", "The Guardian"):
    an outlet's name, or a name of a few capitalised words."""
    return bool(_OUTLET_WORD.search(words)) or _name_like(words) and len(words.split()) <= 4


def _is_dateline(block: Block) -> bool:
    """Tell a line holding only a date or an address, which _read_metadata takes as metadata."""
    return _read_metadata(RawArticle(line=block.line), block)


def _byline(block: Block):
    if len(block.lines) != 1 or len(block.text) > LONGEST_BYLINE or not BYLINE_START.match(block.words):
        return None
    words, date = _dated_byline(block.words)
    words, *after = _SET_APART.split(words)
    match = _BYLINE.match(words)
    if not match or not all(map(_name_like, after)):
        return None
    # "By Sarah Lee in Hong Kong and Tom Ng in Taipei": the place is where each wrote, not part of a name.
    # "By Helen Park, Asia Correspondent": the rest is what she is, not a second author.
    names = [_PLACE.sub("", name) for name in _names(match["names"])]
    names = [name for name in names if not _ROLE.search(name)]
    # "By Ann Lee | Reuters": what stands apart after the names is the outlet, or else a place or
    # a role, and credited to no one.
    outlet = match["outlet"] or next((part for part in after if _OUTLET_WORD.search(part)
                                      or _NEWSPAPER_NAME.search(part) or _KNOWN_OUTLET.match(part)), None)
    # "By Zen Soo, Associated Press", "By ZEN SOO and KANIS LEUNG Associated Press": the last is the outlet.
    capitals = _CAPITALS_THEN_OUTLET.match(names[-1]) if names and not outlet else None
    if capitals and _OUTLET_WORD.search(capitals[2]):
        names[-1], outlet = capitals[1], capitals[2]
    elif len(names) > 1 and not outlet and (_OUTLET_WORD.search(names[-1]) or _NEWSPAPER_NAME.search(names[-1])
                                            or _KNOWN_OUTLET.match(names[-1])):
        outlet = names.pop()   # "By Ann Lee, Financial Times", "By Ann Lee, Al Jazeera"
    # "By The Numbers" is a subheading: no one's name starts with "The", but an outlet's may ("By The Associated Press").
    if any(name.split()[:1] == ["The"] and not _OUTLET_WORD.search(name) for name in names):
        return None
    return {"names": ", ".join(names), "outlet": outlet, "date": date,
            "updated": bool(date and _UPDATE_WORD.search(block.words))} \
        if names and all(map(_name_like, names)) else None


# Words that name a news outlet or agency rather than a person. Those of the second list are surnames
# as well ("Sarah Post", "Eyal Press"): they name an outlet only in a longer name, after "The", or as
# the agencies' own ("Associated Press", "Bloomberg").
_OUTLET_WORD = regex(r"\b(?:news|reuters|afp|ap|cnn|bbc|agency|agence|media|network|radio|television"
                     r"|broadcasting|wire|xinhua|kyodo|yonhap)\b|^(?:associated press|bloomberg)$"
                     # agencies as they write their names, which are first names in other cases (Efe, Tass)
                     r"|\b(?-i:dpa|DPA|APA|SDA|epd|KNA|EFE|ANSA|ANP|TASS)\b"
                     r"|^(?:the\s+.*?|\S+\s+\S+\s+.+)\b(?:press|times|post|daily|herald|journal|tribune"
                     r"|guardian|gazette|chronicle|telegraph|standard|magazine)$", re.I)
# Set apart from the names, a title that ends as a paper's does names the outlet: "By Ann Lee | Harbour Times"
# (but not as a surname may: "By Ann Lee | Sarah Post").
_NEWSPAPER_NAME = regex(r"^(?:\S+\s+)+(?:times|herald|journal|tribune|gazette|chronicle|telegraph"
                        r"|magazine|news|mail|express|daily|weekly|standard|guardian|observer|independent"
                        r"|courier|inquirer|examiner|globe)$", re.I)
# Outlets whose names hold no word that says so, as bylines name them after the author's.
_KNOWN_OUTLET = regex(r"^(?:al jazeera|le monde|le figaro|lib[ée]ration|el pa[ií]s|el mundo|der spiegel|die zeit"
                      r"|politico|axios|caixin|nikkei(?: asia)?|ming pao|initium|hk01|rthk|scmp|hkfp"
                      r"|(?:washington|bangkok|jakarta|huffington|new york|south china morning) post)$", re.I)
_CAPITALS_THEN_OUTLET = regex(r"^((?:[A-Z][A-Z'.-]+\s+)+[A-Z][A-Z'.-]+)\s+([A-Z][a-z].*)$")
_UPDATE_WORD = regex(rf"\b(?:{CHANGE_WORDS})\b", re.I)
_PLACE = regex(r"\s+(?:in|à|en)\s+[A-Z][\w'. -]*$")
_ROLE = regex(r"\b(?:correspondent|editor|reporter|writer|columnist|contributor|journalist|producer|"
              r"bureau chief|analyst)s?$", re.I)
# What may stand between a byline's names and the date after them: "By Ann Lee | October 25, 2021",
# "By Ann Lee · Updated 25 Oct 2021", "By Ann Lee Monday 25 October 2021 10:32 BST",
# "By Ann Lee Updated 10:00 AM GMT, May 4, 2023".
_BEFORE_DATE = regex(r"(?:\s*[|·•,]|\s+[-–—]|\s+(?:on|published|updated|posted|last updated|first published)\b"
                     r"|\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
                     r"vendredi|samedi|dimanche),?"
                     # "Mon." or "Mon 25 Oct", but not "By Li Sun, 25 October": Sun is a name as well
                     r"|\s+(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:\.,?|(?=\s*$))"
                     # the time before the date, as the Associated Press prints it: "Updated 10:00 AM GMT, May 4, 2023"
                     r"|\s+(?:at\s+)?\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,5}\b)?)*\s*$", re.I)


# What sets the outlet apart from the names on a byline's line: "By Ann Lee | Reuters", "By Ann Lee - AFP";
# not within brackets, which hold the outlet already: "By Ann Lee (South China Morning Post - SCMP)".
_SET_APART = regex(r"(?:\s*[|•·]\s*|\s+[-–—]\s+)(?![^(]*\))")
# What may follow the date on a byline's line: its time, perhaps its time zone ("10:32 BST").
_AFTER_DATE = regex(r"[\s,]*(?:(?:at\s+)?\d{1,2}[:.h]\d{2}(?:\s*(?i:[ap]\.?m)\.?)?(?:\s+[A-Z]{2,5}|\s*\([A-Z]{2,5}\))?)?"
                    r"[\s.]*$")
BYLINE_START = regex(_BY, re.I)   # how _BYLINE starts, told before any date is looked for
LONGEST_BYLINE = 200   # characters: a longer line is text, whatever it opens with


def _dated_byline(words: str) -> tuple[str, PartialDate | None]:
    """Split the date a web page prints on its byline's line off the names before it. Only a
    date that ends the line, but for its time, is one: "By Christmas, 25 December 2021, it was
    gone" is a sentence."""
    found = find_date_at(words)
    if not found or not _AFTER_DATE.match(words, found[1]):
        return words, None
    return _BEFORE_DATE.sub("", words[: found[0]]), found[2]


# Small words that names and agencies hold in lower case: "Maria de la Cruz", "by the Associated Press".
_NAME_PARTICLES = frozenset("de da di del della der den des van von la le du dos das al el bin bint ibn y the of".split())


def _name_like(name: str) -> bool:
    """Tell a person's or an agency's name from the rest of a sentence that starts with "By": "By the end
    of October, the office will close." is no byline."""
    words = name.split()
    if len(words) == 1 and _chinese_name(words[0]):   # written without case, a name is one word: 陳大文
        return True
    return 0 < len(words) <= 6 and all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words)


def _chinese_name(word: str) -> bool:
    """Tell a Chinese name: two to four characters, or a name transcribed with its middle dot (阿卜杜拉·艾力).
    (Not a pattern: a class of 20,000 characters takes a millisecond to compile, each time it is written.)"""
    parts = word.split("·")
    if len(parts) == 1:
        return 2 <= len(word) <= 4 and _han(word)
    return len(parts) == 2 and all(1 <= len(part) <= 8 and _han(part) for part in parts)


def _han(text: str) -> bool:
    return all("\u4e00" <= character <= "\u9fff" for character in text)


def _outlet_line(block: Block) -> bool:
    """Tell the line under a byline that names the outlet its author writes for, and perhaps where:
    "BBC Chinese, Hong Kong". A name of capitalised words, not a sentence, as web pages lay bylines out."""
    parts = [part.strip() for part in block.words.split(",")]
    return len(block.lines) == 1 and len(parts) <= 2 and all(map(_name_like, parts)) \
        and bool(_OUTLET_WORD.search(parts[0]))


def _title_like(block: Block) -> bool:
    text = block.text.strip()
    return block.heading is not None or (not block.shown and text.startswith("**") and text.endswith("**")) \
        or (len(block.lines) == 1 and len(text) <= 200 and not text.endswith("."))


def _read_article(blocks, byline_at, byline, extra_drop, header) -> RawArticle:
    """Read one article's metadata and paragraphs from its blocks."""
    article = RawArticle(line=blocks[0].line if blocks else 1)
    if byline is not None:
        match = _byline(byline)
        article.authors = _names(match["names"])
        if match["date"]:
            article.offer_date(match["date"], match["updated"])
        article.outlet = clean_text(match["outlet"]) if match["outlet"] else None
    # What is read as metadata is no text of the article, but kept for the message of a quote
    # found only there: a byline or a date line, and the page's head above its articles.
    for block in header:
        _read_metadata(article, block, header=True)
        article.dropped.append(RawParagraph(block.words if block.heading is None else block.heading, block.line))
    text_seen = False   # labelled lines below the first paragraph of text are text (see _read_labels)
    for i, block in enumerate(blocks):
        under_byline = byline is not None and i == byline_at + 1 and _outlet_line(block)
        if under_byline:   # "BBC Chinese, Hong Kong": the outlet, and where its author writes from
            article.outlet = article.outlet or clean_text(block.words.split(",")[0])
        if byline is not None and i == byline_at or under_byline or _read_metadata(article, block) \
                or not text_seen and (_read_labels(article, block) or _read_credit_line(article, block)):
            article.dropped.append(RawParagraph(block.words, block.line))
            continue
        if _is_toc(block):
            article.dropped.append(RawParagraph(block.text, block.line))
            continue
        heading = block.heading is not None
        words = block.heading if heading else block.words
        if not words:
            continue
        if is_boilerplate(words, extra_drop):
            article.dropped.append(RawParagraph(words, block.line))
            continue
        if not article.title and _title_like(block):
            article.title = words
            article.paragraphs.append(RawParagraph(words, block.line, "title"))
            continue
        kind = "heading" if heading or block.bold else "text"
        text_seen = text_seen or kind == "text"
        # Items, rows, and a web page's blocks are what the reader sees apart, whatever their sentences.
        article.paragraphs.append(RawParagraph(words, block.line, kind, apart=block.item or block.apart or block.shown))
    article.paragraphs = _join_broken(article.paragraphs)
    if not article.authors:   # a wire story's credits at its end: "(Reporting by Ann Lee; Editing by Tom Ng)"
        credits = (_WIRE_CREDITS.match(para.text) for para in article.dropped)
        names = tuple(_PLACE.sub("", name.rstrip(" .")) for found in credits if found for part in found["names"].split(";")
                      for name in _names(_CREDIT_ROLE.sub("", part)) if _CREDIT_ROLE.match(part))
        if names and all(map(_name_like, names)):
            article.authors = names
    return article


# Who reported and wrote a wire story, but not who edited it or added to its reporting.
_WIRE_CREDITS = regex(r"^\(?(?P<names>(?:reporting|writing) by\b[^()]*)\)?\W*$", re.I)
_CREDIT_ROLE = regex(r"^\s*(?:reporting|writing) by\s+", re.I)


def _read_credit_line(article: RawArticle, block: Block) -> bool:
    """Take a line that credits its author with what they are, as some pages print it under the
    headline for a byline: "Jane Doe, Staff Reporter". Return whether it was one."""
    if len(block.lines) != 1 or block.item or block.heading is not None or block.words.count(",") != 1:
        return False
    name, role = (part.strip() for part in block.words.split(","))
    if not (_ROLE.search(role) and _name_like(role) and _name_like(name) and len(name.split()) <= 4):
        return False
    article.authors = article.authors or (name,)
    return True


def _read_metadata(article: RawArticle, block: Block, header: bool = False) -> bool:
    """Take a URL or date line as metadata; return whether the block was one."""
    if block.item:
        return False
    text = block.words
    url = _URL_ONLY.match(block.text.strip())
    if url:
        if not header and article.url is None:
            article.url = url.group(1)
        return True
    if _DATELINE_START.match(text) and len(text) < 60 and not text.endswith("."):
        date = find_date(text)
        if date:
            article.offer_date(date, bool(_UPDATED.match(text)), header)
            return True
    if _WEEKDAYS.sub("", text)[:1].isdigit() or _WEEKDAYS.match(text):
        date = find_date(text[:40])
        if date and (len(text) < 40 or re.match(r"^\S+\s+\S+\s+\S+,?\s+(par|by)\b", _WEEKDAYS.sub("", text) + " ", re.I)
                     or text.find(",") < 30):
            article.offer_date(date, False, header)
            return True
    if header:
        title = _HEADING.match(block.text.strip())
        if title and not article.title:
            pass  # the page's own title: each article has its own
        return True
    return False


# A line that labels what the article is, as text exports and forwarded copies write them: "Author: Ann
# Lee", "Date: 25 October 2021", "Source: Reuters", "記者：陳大文". The label, then the value.
_LABEL_LINE = regex(r"^\s*(?P<label>[^\W\d_][^\W\d_ ]{0,19}(?: [^\W\d_]+){0,2})\s*[:：]\s*(?P<value>\S.*)$")
_LABELS = {
    **dict.fromkeys(("author", "authors", "by", "byline", "writer", "reporter", "reporters", "written by", "words",
                     "autor", "autores", "auteur", "auteurs", "autore", "autori", "verfasser",
                     "記者", "记者", "作者", "撰文"), "authors"),
    **dict.fromkeys(("date", "dated", "published", "publication date", "date published", "published on", "posted",
                     "datum", "fecha", "日期", "發佈日期", "發布日期", "发布日期"), "date"),
    **dict.fromkeys(("updated", "last updated", "modified", "last modified", "date modified", "last edited",
                     "last edited time", "edited"), "updated"),
    # What note-taking apps write above a page (Notion's "Created:", "Tags:"): metadata, of no use here.
    **dict.fromkeys(("created", "date created", "tags", "tag", "category", "categories", "status", "type",
                     "section", "keywords", "topics", "reading time", "word count", "language"), "other"),
    **dict.fromkeys(("source", "outlet", "publication", "publisher", "newspaper", "來源", "来源", "出處", "出处"),
                    "outlet"),
    **dict.fromkeys(("url", "link", "source url", "original url", "original", "web address"), "url"),
    **dict.fromkeys(("title", "headline", "標題", "标题"), "title"),
}


def _read_labels(article: RawArticle, block: Block) -> bool:
    """Take a block of labelled lines, every one of them a label of _LABELS and a value that fits it,
    as the article's metadata; return whether it was one. What any other block says is the article's text."""
    if block.item or block.heading is not None:
        return False
    found = []
    for line in block.lines:
        match = _LABEL_LINE.match(strip_markdown(line) if not block.shown else line)
        kind = _LABELS.get(match["label"].casefold()) if match else None
        value = _labelled_value(kind, match["value"]) if kind else None
        if value is None:
            return False
        found.append((kind, value))
    if all(kind == "other" for kind, _ in found):   # labels that say nothing of the article: its text
        return False
    for kind, value in found:
        if kind == "authors":
            article.authors = article.authors or value
        elif kind in ("date", "updated"):
            article.offer_date(value, kind == "updated")
        elif kind == "url" or (kind == "outlet" and isinstance(value, _Address)):
            article.url = article.url or str(value)
        elif kind == "outlet":
            article.outlet = article.outlet or value
        elif kind == "other":
            continue
        elif not article.title:
            article.title = value
            article.paragraphs.append(RawParagraph(value, block.line, "title"))
    return True


class _Address(str):
    """A source's value that is its address ("Source: https://...")."""


def _labelled_value(kind: str, value: str):
    """What a labelled line's value says, or None when it is not that: a sentence, or another thing."""
    value = clean_text(value)
    if kind == "authors":
        names = tuple(_PLACE.sub("", name) for name in _names(value))
        names = tuple(name for name in names if not _ROLE.search(name))
        return names if names and all(map(_name_like, names)) else None
    if kind in ("date", "updated"):
        found = find_date_at(value)
        return found[2] if found and found[0] == 0 and _AFTER_DATE.match(value, found[1]) else None
    if kind == "other":   # a tag or a note of the app's, not a sentence: "Status: The bill was withdrawn."
        return value if len(value) <= 80 and not value.endswith(".") else None
    url = _URL_ONLY.match(value)
    if kind in ("url", "outlet") and url:
        return _Address(url.group(1))
    if kind == "outlet":
        return value if _name_like(value) else None
    if kind == "title":
        return value if not value.endswith(".") or value.endswith("...") else None
    return None


def _is_toc(block: Block) -> bool:
    return not block.shown and all(_TOC_ITEM.match(line) for line in block.lines)


def _bold_only(text: str) -> bool:
    text = text.strip()
    return text.startswith("**") and text.endswith("**") and len(text) < 200


def _names(names: str) -> tuple[str, ...]:
    # "Martin Luther King, Jr." is one name: a comma before a suffix of it separates no one.
    parts = re.split(r"\s*(?:,(?!\s*(?:Jr|Sr)\b\.?|\s*(?:II|III|IV)\b)|&|\band\b|\bet\b|\bund\b)\s*",
                     strip_markdown(names))
    return tuple(p for p in parts if p)


def _join_broken(paragraphs: list[RawParagraph]) -> list[RawParagraph]:
    """Join paragraphs that the scrape broke in the middle of a sentence."""
    joined: list[RawParagraph] = []
    for para in paragraphs:
        prev = joined[-1] if joined else None
        if (prev and prev.kind == "text" and para.kind == "text" and not prev.apart and not para.apart
                and not prev.text.endswith(_TERMINAL) and para.text[:1].islower()):
            joined[-1] = RawParagraph(f"{prev.text} {para.text}", prev.line)
        else:
            joined.append(para)
    return joined


def word_counts(text: str) -> tuple[int, ...]:
    """Count the words of `text`, then, for each of _LANGUAGES, its words among that language's commonest.

    Counts of texts add up to the counts of the texts joined by spaces, so a
    source's language is guessed from its paragraphs' counts without reading it twice.
    """
    text = text.lower()
    words = text.translate(_PUNCTUATION).split() if text.isascii() else _WORD.findall(text)
    scores = [0] * len(_LANGUAGES)
    for word in _ANY_STOPWORD.intersection(words):   # the few that occur, found at C speed
        found = words.count(word)
        for index in _LANGUAGES_OF[word]:
            scores[index] += found
    return (len(words), *scores)


@functools.cache
def _scripts() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Kana, hangul and Han characters; compiled when first asked for, since they take milliseconds
    and most builds have no text that needs them."""
    return (re.compile("[\u3040-\u30ff]"), re.compile("[\uac00-\ud7af\u1100-\u11ff]"),
            re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"))


def script_language(text: str) -> str | None:
    """Guess the language of a text written without spaces between words, which has no stopwords
    to count: Japanese by its kana, Korean by its hangul, Chinese by its Han characters."""
    letters = len(text) - text.count(" ")
    if not letters or text.isascii():
        return None
    kana, hangul, han = _scripts()
    if len(kana.findall(text)) * 10 > letters:
        return "ja"
    if len(hangul.findall(text)) * 3 > letters:
        return "ko"
    if len(han.findall(text)) * 3 > letters:
        return "zh"
    return None


def guess_language(counts: list[tuple[int, ...]]) -> str | None:
    """Guess the language of some texts from their word_counts()."""
    if not counts:
        return None
    words, *scores = map(sum, zip(*counts))
    if words < 8:
        return None
    best = max(scores)   # on a tie, the first language in alphabetical order
    return _LANGUAGES[scores.index(best)] if best >= max(2, words // 25) else None
