"""Render editors' Markdown to HTML that cannot carry raw HTML or unsafe links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from .memo import Memo

SAFE_SCHEMES = {"", "http", "https", "mailto"}
_CITATION = re.compile(r"\[@([^\]\n]*)\]")
_REF = re.compile(r"^@?([a-z0-9]+(?:-[a-z0-9]+)*)$")
PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
# Text Markdown would pass through unchanged: no markup, no entities. Most claims are such text, and escaping them directly is 100
# times faster than a Markdown pass, with the same output.
_PLAIN = re.compile(r"[A-Za-z0-9 ,;:()?%$/@'\"\u00c0-\u024f\u2018-\u201d-]*[A-Za-z0-9)?%'\"\u2019\u201d]?\.?")


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
        self._md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        # Raw HTML in content is shown as text: editors write Markdown, readers get no surprises.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_LinkGuard(self._md), "link_guard", 0)
        # Conversions are remembered like any build step, and forgotten once the text is gone.
        self.memo = Memo()

    def convert(self, text: str) -> tuple[str, tuple[str, ...]]:
        """Return (html, unsafe urls) for a block of Markdown."""
        return self.memo.value((False, text), lambda: self._convert(text))

    def _convert(self, text: str) -> tuple[str, tuple[str, ...]]:
        self._md.reset()
        self._md.unsafe_urls = []
        html = self._md.convert(text)
        return html, tuple(self._md.unsafe_urls)

    def inline(self, text: str) -> tuple[str, tuple[str, ...]]:
        """Return (html, unsafe urls) for one line of inline Markdown, without a <p>."""
        return self.memo.value((True, text), lambda: self._inline(text))

    def _inline(self, text: str) -> tuple[str, tuple[str, ...]]:
        if _PLAIN.fullmatch(text) and text.strip() == text and not text.startswith("-"):
            return text, ()
        html, unsafe = self.convert(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return html, unsafe


def find_citations(text: str):
    """Yield (start, end, [fact ids] or None for a malformed reference) for each [@...]."""
    for match in _CITATION.finditer(text):
        ids = [_REF.match(part.strip()) for part in match.group(1).split(";")]
        yield match.start(), match.end(), [m.group(1) for m in ids] if all(ids) else None
