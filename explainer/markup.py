"""Render editors' Markdown to HTML that cannot carry raw HTML or unsafe links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"", "http", "https", "mailto"}
_CITATION = re.compile(r"\[@([^\]\n]*)\]")
_REF = re.compile(r"^@?([a-z0-9]+(?:-[a-z0-9]+)*)$")
PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


class _LinkGuard(Treeprocessor):
    """Record links and images whose URL scheme could run code."""

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if url is None:
                    continue
                scheme = urlsplit(re.sub(r"[\x00-\x20]", "", url)).scheme.lower()
                if scheme not in SAFE_SCHEMES:
                    self.md.unsafe_urls.append(url)
                    element.set(attribute, "#")
                elif element.tag == "a" and scheme in ("http", "https"):
                    element.set("rel", "noopener noreferrer")
        return None


class Markup:
    """One reusable Markdown converter for the whole build."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists", "smarty"], output_format="html")
        # Raw HTML in content is shown as text: editors write Markdown, readers get no surprises.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_LinkGuard(self._md), "link_guard", 0)

    def convert(self, text: str) -> tuple[str, list[str]]:
        """Return (html, unsafe urls) for a block of Markdown."""
        self._md.reset()
        self._md.unsafe_urls = []
        html = self._md.convert(text)
        return html, list(self._md.unsafe_urls)

    def inline(self, text: str) -> tuple[str, list[str]]:
        """Return (html, unsafe urls) for one line of inline Markdown, without a <p>."""
        html, unsafe = self.convert(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return html, unsafe


def find_citations(text: str):
    """Yield (start, end, [fact ids] or None for a malformed reference) for each [@...]."""
    for match in _CITATION.finditer(text):
        ids = [_REF.match(part.strip()) for part in match.group(1).split(";")]
        yield match.start(), match.end(), [m.group(1) for m in ids] if all(ids) else None
