"""Read an article saved as a MIME message: an email (.eml), or a web page saved whole (.mht, .mhtml,
or Safari's .webarchive).

A browser's "Save page as: single file" wraps the page and its pictures in the
format of an email (Safari's, in a property list); a newsletter or a press release arrives as one. The page,
or the email's HTML (its plain text where it has none), is the article, read
by seeds.html_to_blocks like any page. An email's subject is its title. Its
sender and date are not taken for the article's author and date: a page's
saved copy is dated when it was saved, and an email forwarding an article was
sent by whoever forwarded it.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import html
import re
from bisect import bisect_right

from .exported import Exported, NotAnArticle, page_of
from .lazy import regex
from .textfile import as_browsers_read

_FORWARDED = regex(r"^(?:(?:fwd?|fw|re|aw|wg|tr|rv)\s*:\s*)+", re.I)


def message_to_page(data: bytes) -> str:
    """Return the HTML page a saved message stands for; raise NotAnArticle."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not message.keys():
        raise NotAnArticle(1, "is no email or saved page: it opens with no headers (a line such as "
                              "'Subject: ...' or 'Content-Type: ...')")
    body = message.get_body(preferencelist=("html", "plain"))
    text = _text_of(body) if body is not None else None
    if not isinstance(text, str) or not text.strip():
        raise NotAnArticle(1, "holds no text or HTML part to read")
    line = _line_of_part(data, body)
    subject = _FORWARDED.sub("", str(message.get("subject", "") or "")).strip() or None
    url = str(message.get("snapshot-content-location", "") or "").strip() or None
    if body.get_content_subtype() == "html":
        # The page itself: its own title and metadata, read as any page's are; the subject only stands
        # in for a title it lacks. Its lines are placed where they are in the file.
        if url is None and body.get("content-location") is None:   # an email, not a page saved whole
            text = _article_of_html(text)
        return "\n" * (line - 1) + text if not subject else _with_title(text, subject, line)
    body = _article_of_plain_text(text)
    # A forwarded article often opens with its headline, which the subject repeats: one headline, not two.
    first, _, rest = body.lstrip("\n").partition("\n\n")
    if subject and rest.strip() and " ".join(first.split()).casefold() == " ".join(subject.split()).casefold():
        line += body[:len(body) - len(rest)].count("\n")
        body = rest
    return page_of(Exported(body, subject, url=url, title_line=1, body_line=line))


# The lines a mail program writes above what it forwards: a rule, or a line of its own (Gmail's, Apple
# Mail's, Outlook's), then the forwarded message's headers ("From: ...", "Subject: ...") and the lines
# that continue them, up to a blank line.
_FORWARD_HEADER = regex(r"^(?:-{2,} ?Forwarded message ?-{2,}|Begin forwarded message:|-{2,} ?Original Message ?-{2,}"
                        r"|_{10,})[ \t]*\n(?:[ \t]*\n)?"
                        r"(?:(?:From|To|Cc|Bcc|Date|Sent|Subject|Reply-To)[ \t]*:.*\n(?:[ \t]+\S.*\n)*)+"
                        # Outlook's headers alone, with no line above them
                        r"|^From[ \t]*:.*\n(?:(?:Sent|Date|To|Cc|Subject)[ \t]*:.*\n(?:[ \t]+\S.*\n)*){2,}",
                        re.M | re.I)
_SIGNATURE = regex(r"^-- $", re.M)   # the line above a signature, as mail programs write it: dashes, a space
_QUOTE_MARKS = regex(r"^(?:> ?)+", re.M)


def _article_of_plain_text(text: str) -> str:
    """A plain text email's article: the lines it quotes or forwards as they were written (without the
    '>' before them); not a signature, nor the headers of a forwarded message and what stands above
    them. Each left-out line stays as a blank line, so that the lines below keep their place in the file."""
    text = _QUOTE_MARKS.sub("", text.replace("\r\n", "\n"))
    forwarded = list(_FORWARD_HEADER.finditer(text))
    # What stands above the message forwarded is the note of whoever forwarded it ("FYI, see below"), not
    # the article; of messages forwarded within one another, the innermost is the article as first sent.
    start = forwarded[-1].end() if forwarded else 0
    signature = _SIGNATURE.search(text, start)   # it runs to the end: nothing is forwarded below it
    end = signature.start() if signature else len(text)
    return "\n" * text.count("\n", 0, start) + text[start:end] + "\n" * text.count("\n", end)


# A tag or a comment, and the tags that start a line of the text a browser shows.
_TAG = regex(r"<(/?)([A-Za-z][\w-]*)[^>]*>|<!--.*?-->", re.S)
_LINE_TAGS = frozenset("br p div tr li blockquote table h1 h2 h3 h4 h5 h6 hr".split())
_BODY = regex(r"<body\b[^>]*>", re.I)
# What a mail program writes above what it forwards, as the page shows it, the lines apart however the markup
# parts them: a line of its own (Gmail's, Apple Mail's, Outlook's) and the forwarded message's headers, or
# Outlook's headers alone ("From:", "Sent:", "Subject:").
_HEADER = r"(?:From|To|Cc|Bcc|Date|Sent|Subject|Reply-To)[ \t]*:[^\n]*\s*"
_HTML_FORWARD = regex(r"(?:-{2,} ?Forwarded message ?-{2,}|Begin forwarded message:|-{2,} ?Original Message ?-{2,}"
                      rf"|_{{10,}})\s*(?:{_HEADER})+|^[ \t]*From[ \t]*:[^\n]*\s*(?:(?:Sent|Date|To|Cc|Subject)"
                      r"[ \t]*:[^\n]*\s*){2,}", re.I | re.M)
_HTML_SIGNATURE = regex(r"^[ \t]*-- [ \t]*\n", re.M)


def _article_of_html(page: str) -> str:
    """An HTML email's page without what is not the article, as for a plain text one: the note above a
    forwarded message and its headers, and a signature below it. Each left-out line stays as a blank line."""
    if "From" not in page and "--" not in page:
        return page
    # The text a browser shows, a line where a tag starts one; for each piece of it, where it is in the page.
    texts, pieces, at, length = [], [], 0, 0   # pieces: (start in the text, start and end in the page, a tag)
    for tag in [*_TAG.finditer(page), None]:
        stop = tag.start() if tag else len(page)
        for start, end, text, is_tag in ((at, stop, page[at:stop].replace("\r", " "), False),
                                         (stop, tag.end() if tag else stop,
                                          "\n" if tag and (tag[2] or "").lower() in _LINE_TAGS else "", True)):
            if text:
                pieces.append((length, start, end, is_tag))
                texts.append(text)
                length += len(text)
        at = tag.end() if tag else at
    text = "".join(texts)
    forwarded = list(_HTML_FORWARD.finditer(text))
    # Cut where the last header ends, so that the markup after it (a <p> opening the article) stays.
    start = len(text[:forwarded[-1].end()].rstrip()) if forwarded else 0
    signature = _HTML_SIGNATURE.search(text, start)
    starts = [piece[0] for piece in pieces]
    cut_to = _in_page(pieces, starts, signature.start()) if signature else None
    cut_from = _in_page(pieces, starts, start) if forwarded else None
    if cut_to is not None:   # to the end of the body: nothing is forwarded below a signature
        close = page.lower().rfind("</body")
        end = close if close > cut_to else len(page)
        page = page[:cut_to] + "\n" * page.count("\n", cut_to, end) + page[end:]
    if cut_from is not None:   # from the start of the body: the head's title and styles stay
        body = _BODY.search(page)
        begin = body.end() if body and body.end() < cut_from else 0
        page = page[:begin] + "\n" * page.count("\n", begin, cut_from) + page[cut_from:]
    return page


def _in_page(pieces: list[tuple[int, int, int, bool]], starts: list[int], offset: int) -> int:
    """Where the character at `offset` of the text a browser shows stands in the page (a tag's line break:
    before the tag, or past it where the offset is the one after); `starts` are the pieces' starts in the text."""
    k = bisect_right(starts, offset) - 1
    if k < 0:
        return 0
    text_start, start, end, is_tag = pieces[k]
    if is_tag:
        return end if offset > text_start else start
    return min(start + offset - text_start, end)


def webarchive_to_page(data: bytes) -> str:
    """Return the page a Safari web archive holds; raise NotAnArticle. Its pictures and frames are not read."""
    import plistlib   # here: few projects have such a seed

    try:
        archive = plistlib.loads(data)
        page = archive["WebMainResource"]
        body, mime = page["WebResourceData"], str(page.get("WebResourceMIMEType", "text/html"))
    except (plistlib.InvalidFileException, ValueError, KeyError, TypeError, OverflowError, IndexError,
            RecursionError, UnicodeError, AttributeError):   # what a damaged property list makes its reader raise
        raise NotAnArticle(1, "is no Safari web archive that can be read: save the page again, or as "
                              "'Page Source' (.html)") from None
    if not isinstance(body, bytes) or mime.lower() not in ("text/html", "application/xhtml+xml", "text/plain"):
        raise NotAnArticle(1, f"is a Safari web archive of no page ({mime}): save the article's page")
    text = _decoded(body, page.get("WebResourceTextEncodingName"), mime.lower() != "text/plain")
    if not text.strip():
        raise NotAnArticle(1, "is a Safari web archive of an empty page")
    return text if mime.lower() != "text/plain" else page_of(Exported(text))


def _text_of(part) -> str:
    """A part's text, in the encoding its header names, or else the page itself (<meta charset>), or
    else UTF-8; read as a browser reads it: a part labelled ISO-8859-1 may hold Windows' curly quotes."""
    return _decoded(part.get_payload(decode=True) or b"", part.get_content_charset(),
                    part.get_content_subtype() == "html")


def _decoded(data: bytes, named, page: bool) -> str:
    """`data` in the encoding `named`, or else as a `page`'s own <meta charset> says, or else UTF-8."""
    from .seeds import declared_charset

    named = named if isinstance(named, str) and named else (declared_charset(data) if page else None)
    try:
        encoding = as_browsers_read(named or "utf-8")
        if not codecs.lookup(encoding)._is_text_encoding:   # "base64", "rot13": no encoding of text
            raise LookupError(named)
        return data.decode(encoding, errors="replace")
    except (LookupError, ValueError, UnicodeError):
        raise NotAnArticle(1, f"names an encoding of its text that no program knows ({named!r})") from None


def _with_title(page: str, subject: str, line: int) -> str:
    """The page, its lines where they are in the message, with the subject as a <title> if it has none."""
    head = "" if re.search(r"<title[\s>]", page, re.I) else f"<title>{html.escape(subject)}</title>"
    return head + "\n" * (line - 1) + page


_PART_TYPE = regex(rb"^content-type:[ \t]*text/(html|plain)", re.I | re.M)
_BLANK_LINE = regex(rb"\r?\n[ \t]*\r?\n")


def _line_of_part(data: bytes, part) -> int:
    """The line of the file where `part`'s content starts: after the blank line that ends the headers of
    the first part of its type, or of the message. (Where the content is encoded, as quoted-printable
    or base64, its lines are not the file's, and the lines given of it are only near.)"""
    header = next((found for found in _PART_TYPE.finditer(data)
                   if found[1].decode().lower() == part.get_content_subtype()), None)
    blank = _BLANK_LINE.search(data, header.end() if header else 0)
    return data.count(b"\n", 0, blank.end()) + 1 if blank else 1
