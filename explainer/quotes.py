"""Find a quoted passage in a source's paragraphs, the way a careful reader would."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

# Typographic variants that say the same thing; each maps one character to one,
# so offsets in a folded paragraph are offsets in the original.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*")


def clean_text(text: str) -> str:
    """Return `text` in NFC with every run of white space made one space."""
    # str.split() breaks at exactly the characters r"\s" matches, and drops the ends as strip() does;
    # it is several times faster than substituting every single space by itself.
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(clean: str) -> str:
    """Fold quotes, apostrophes and dashes in already clean text, keeping its length."""
    return clean.translate(_FOLD)


def normalise(text: str) -> str:
    """Return the form in which quotes and sources are compared."""
    return fold(clean_text(text))


def quote_parts(quote: str) -> list[str]:
    """Split a quote at its ellipses into the passages it joins."""
    text = normalise(quote)
    if "\u2026" not in text and "..." not in text:   # most quotes are one passage: no need to split
        return [text] if text else []
    return [part for part in _ELLIPSIS.split(text) if part]


@dataclass(frozen=True)
class Match:
    """Where a quote was found: a paragraph index and character spans in its text."""

    index: int
    spans: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


def find_quote(quote: str, folded_paragraphs: list[str], prefix: str = "", suffix: str = "") -> list[Match]:
    """Return every place where `quote` occurs, narrowed by `prefix` and `suffix`."""
    return find_parts(quote_parts(quote), folded_paragraphs, prefix, suffix)


def find_parts(parts: list[str], folded_paragraphs: list[str], prefix: str = "", suffix: str = "",
               whole_words: bool = True) -> list[Match]:
    """Return every place where a quote split by quote_parts() occurs, narrowed by `prefix` and `suffix`.

    Each part must begin and end with whole words of the source: "true" is not in "untrue", and
    "called it ... true" must not quote a source that says "called it untrue".
    """
    if not parts:
        return []
    before = normalise(prefix) if prefix else ""   # most quotes have neither
    after = normalise(suffix) if suffix else ""
    find = _find_words if whole_words else str.find
    matches = []
    for index, text in enumerate(folded_paragraphs):
        start = find(text, parts[0], 0)
        while start != -1:
            spans = _chain(text, parts, start, find)
            if spans and _fits(text, spans, before, after):
                matches.append(Match(index, spans))
            start = find(text, parts[0], start + 1)
    return matches


def _chain(text: str, parts: list[str], start: int, find):
    """Return the spans of `parts` found in order from `start`, or None."""
    spans = [(start, start + len(parts[0]))]
    for part in parts[1:]:
        found = find(text, part, spans[-1][1])
        if found == -1:
            return None
        spans.append((found, found + len(part)))
    return tuple(spans)


def _find_words(text: str, part: str, start: int) -> int:
    """Return where `part` next occurs in `text` from `start` without cutting a word in two, or -1."""
    at = text.find(part, start)
    while at != -1 and (_joined(text[at - 1:at], part[0]) or _joined(part[-1], text[at + len(part):at + len(part) + 1])):
        at = text.find(part, at + 1)
    return at


def _joined(left: str, right: str) -> bool:
    """Tell whether two adjacent characters are letters or digits of one word.

    Scripts written without spaces (Chinese, Japanese, Thai...) have no word boundary to respect.
    """
    return left.isalnum() and right.isalnum() and not _unspaced(left) and not _unspaced(right)


# Thai, Lao, Myanmar, Khmer, kana, Han, hangul: as ranges of code points, since a regular expression
# of them takes milliseconds to compile, on every run, for the few sources that hold them.
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF), (0x3400, 0x4DBF),
             (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def _unspaced(char: str) -> bool:
    code = ord(char)
    return code >= 0x0E00 and any(low <= code <= high for low, high in _UNSPACED)


def _fits(text: str, spans, before: str, after: str) -> bool:
    """Tell whether the text around a match agrees with the given prefix and suffix."""
    if before and not text[: spans[0][0]].rstrip().endswith(before.rstrip()):
        return False
    if after and not text[spans[-1][1]:].lstrip().startswith(after.lstrip()):
        return False
    return True


def closest_passage(quote: str, paragraphs: list[str]) -> str:
    """Return the passage of the paragraphs most like `quote`, for an error message."""
    target = normalise(quote)
    best, best_score = "", 0.0
    for text in paragraphs:
        folded = fold(text)
        matcher = SequenceMatcher(None, folded, target, autojunk=False)
        at, in_quote, size = matcher.find_longest_match(0, len(folded), 0, len(target))
        if size == 0:
            continue
        start = max(0, at - in_quote)
        end = min(len(text), start + len(target))
        start, end = _widen_to_words(text, start, end)
        candidate = text[start:end]
        score = SequenceMatcher(None, fold(candidate), target, autojunk=False).ratio()
        if score > best_score:
            best, best_score = candidate, score
    return best


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Move `start` and `end` outwards so no word is cut in half."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
