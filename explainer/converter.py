"""Python-Markdown, set up as the site converts Markdown: raw HTML shown as text, no link that runs code.

Imported when a text first needs Markdown (see markup.Markup): most prose
needs none, and importing Python-Markdown takes some 25 ms.
"""

from __future__ import annotations

from html import unescape
from urllib.parse import quote, urlsplit

import markdown
from markdown.extensions.sane_lists import SaneListExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import Registry

from .lazy import regex

SAFE_SCHEMES = {"", "http", "https", "mailto"}
_INVISIBLE = regex(r"[\x00-\x20\x7f]")
# What a URL may not hold as it is, and a browser percent-encodes before following it.
_NOT_IN_URL = regex(r"[\s\"<>^`{|}]")


class _LinkGuard(Treeprocessor):
    """Record links and images whose URL scheme could run code."""

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if url is None:
                    continue
                # As a browser reads it: entities decoded (&#x3A; is a colon), white space and
                # control characters dropped ('java\tscript:' is 'javascript:'), and a backslash
                # taken for a slash ('\\host/' is '//host/', another site).
                try:
                    parts = urlsplit(_INVISIBLE.sub("", unescape(url)).replace("\\", "/"))
                except ValueError:   # 'http://[oops': no address a browser could follow either
                    parts = None
                scheme = parts.scheme.lower() if parts else None
                # A picture from another site: the site's own policy (img-src 'self') would keep it from
                # showing, so it is refused as an unsafe link is (see citations.unsafe_link_message).
                elsewhere = element.tag == "img" and parts is not None and bool(parts.netloc)
                if scheme not in SAFE_SCHEMES or elsewhere:
                    self.md.unsafe_urls.append(url)
                    element.set(attribute, "#")
                    continue
                if scheme != "mailto" and "\\" in url:   # written as the slash a browser takes it for
                    url = url.replace("\\", "/")
                    element.set(attribute, url)
                if _NOT_IN_URL.search(url):   # "<http://a.example/a b>": a browser follows it as %20
                    element.set(attribute, _NOT_IN_URL.sub(lambda found: quote(found.group()), url))
                if element.tag == "a" and (scheme in ("http", "https") or parts.netloc):   # '//host/' too
                    element.set("rel", "noopener noreferrer")
        return None


def make_markdown() -> markdown.Markdown:
    """Return a converter of Markdown that shows raw HTML as text and defuses unsafe links."""
    # An extension given by name is looked up among the installed packages' entry points, which
    # costs more than the rest of the set-up; given as an object, it is not.
    md = markdown.Markdown(extensions=[SaneListExtension()], output_format="html")
    # Raw HTML in content is shown as text: editors write Markdown, readers get no surprises.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_LinkGuard(md), "link_guard", 0)
    return md


def make_paragraph_markdown() -> markdown.Markdown:
    """Return a converter that reads only paragraphs: no headings, lists, quotes, code or link definitions."""
    md = make_markdown()
    paragraphs = Registry()
    paragraphs.register(md.parser.blockprocessors["paragraph"], "paragraph", 10)
    md.parser.blockprocessors = paragraphs
    return md
