"""Find a quoted passage in a source's paragraphs, the way a careful reader would."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from functools import partial

from .lazy import regex
from .record import record

# Typographic variants that say the same thing; each maps one character to one,
# so offsets in a folded paragraph are offsets in the original.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\uff07": "'", "\u02bc": "'", "\uff02": '"',
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    # The full-width and small minus and plus of Chinese and Japanese text, the fraction and division
    # slashes, the full-width per cent: what a number's signs say, however they are drawn.
    "\uff0d": "-", "\ufe63": "-", "\uff0b": "+", "\u2044": "/", "\u2215": "/", "\uff05": "%",
    # The full-width forms of ASCII that Chinese and Japanese text sets its commas, colons, brackets, digits
    # and Latin letters in ("，", "２０２１", "ＡＩ"): a quote typed in ASCII says the same.
    **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
})
# Characters that print as nothing and only say where a line may break or letters join: a soft
# hyphen (&shy;) inside a word, zero-width spaces and joiners, a byte order mark; and the direction
# controls, which an article's paragraphs are read without (see schema.without_direction_controls).
# A quote copied from the page never shows whether they were there, so neither side's are compared.
DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
IGNORED = "\u00ad\u200b\u200c\u200d\u2060\ufeff" + DIRECTION_CONTROLS
# A hyphen that ended a printed line (a PDF's), the rest of its word on the next: a word broken there ("be-"
# and "tween") or a word with a hyphen of its own ("Chi-" and "wai"). The page does not say which, so the
# source keeps the hyphen as printed, and a word joiner after it (which prints as nothing) says where it
# stood; a quote may give the word with the hyphen or without it.
LINE_END_HYPHEN = "-\u2060"
# Typographic ligatures, which a reader sees, and copies, as their letters.
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
# What comparing changes the length of: a run of ignored characters (with the space either side
# of it: words they stood between keep one), a ligature, and a dash typed as two hyphens or more
# ("--", as plain text writes an em dash; two em dashes, as Chinese writes one dash).
_UNEVEN = regex(f" ?(?:[{IGNORED}]+ ?)+|[{''.join(_LIGATURES)}]|-(?:[{IGNORED}]*-)+")
# The same, and a hyphen at a printed line's end between two letters, compared as nothing: the word as one
# unbroken. (Not a minus or a dash a web page keeps from a line break so: "−5", "3–1".)
_UNEVEN_UNBROKEN = regex(f"(?<=[^\\W\\d_]){LINE_END_HYPHEN}(?=[^\\W\\d_])|{_UNEVEN.pattern}")
_UNEVEN_CHARS = regex(f"[{IGNORED}{''.join(_LIGATURES)}]")
# An em dash or a horizontal bar between two words or numbers, unspaced (see fold and Dashed).
_UNSPACED_DASH = regex(r"(?<=[^\W_])[\u2014\u2015](?=[^\W_])")
# An ellipsis, bare or in brackets as quotes often mark the words they leave out: "[...]", "(…)";
# spaced, as the Associated Press writes it: ". . .".
_DOTS = r"(?:\u2026|\.\.\.|\. \. \.)"
_ELLIPSIS = regex(rf"\s*(?:\[\s*{_DOTS}\s*\]|\(\s*{_DOTS}\s*\)|{_DOTS})\s*")


class Dashed(str):
    """A folded paragraph that holds dashes between words, unspaced ("the law\u2014which"): folded to
    "-" as a hyphen is, they part the words either side rather than join them (see _cuts)."""

    def __new__(cls, folded: str, dashes: frozenset):
        self = super().__new__(cls, folded)
        self.dashes = dashes   # where they stand
        return self

    def __reduce__(self):
        return Dashed, (str(self), self.dashes)


class Folded(str):
    """A folded paragraph that compares as a text of another length (see _UNEVEN).

    It is the folded text itself, whose offsets are those of the paragraph, as fold() promises;
    quotes are looked for in `compared`, whose i-th character stands for self[starts[i]:ends[i]],
    so that where a quote is found is told in the paragraph's own offsets: the source pages
    highlight them and the footnotes quote the words around them.
    """

    def __new__(cls, folded: str, compared: str, starts: list[int], ends: list[int], dashes=frozenset(),
                unbroken: Folded | None = None):
        self = super().__new__(cls, folded)
        self.compared, self.starts, self.ends, self.dashes = compared, starts, ends, dashes
        self.unbroken = unbroken   # the paragraph compared with its words broken at printed lines' ends whole
        return self

    def __reduce__(self):   # str's own would make it again from the folded text alone
        return Folded, (str(self), self.compared, self.starts, self.ends, self.dashes, self.unbroken)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of the paragraph that the non-empty span start:end of `compared` stands for."""
        return self.starts[start], self.ends[end - 1]

    def between(self, at: int) -> bool:
        """Tell whether cutting `compared` at `at` cuts the paragraph between two of its characters,
        not inside a ligature: "f" is no word of "\ufb01"."""
        return at == 0 or at == len(self.compared) or self.ends[at - 1] <= self.starts[at]


def clean_text(text: str) -> str:
    """Return `text` in NFC with every run of white space made one space."""
    # str.split() breaks at exactly the characters r"\s" matches, and drops the ends as strip() does;
    # it is several times faster than substituting every single space by itself.
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(clean: str) -> str:
    """Fold quotes, apostrophes and dashes in already clean text, keeping its length.

    Text that holds what is compared as something of another length (see _UNEVEN) comes back
    as a Folded string, which holds the text as compared too.
    """
    # A dash between two words, unspaced ("the law\u2014which"), folds to "-" as any dash does, but parts
    # the words either side, where a hyphen joins them into one (see _cuts): its place is kept.
    dashes = frozenset(found.start() for found in _UNSPACED_DASH.finditer(clean)) \
        if "\u2014" in clean or "\u2015" in clean else None
    folded = clean.translate(_FOLD)
    # Nearly every paragraph holds none: told at C speed, with no regular expression run over
    # text that is all ASCII.
    if "--" not in folded and (folded.isascii() or not _UNEVEN_CHARS.search(folded)):
        return Dashed(folded, dashes) if dashes else folded
    compared = _compared(folded, dashes, _UNEVEN)
    if compared is None:
        return Dashed(folded, dashes) if dashes else folded
    if LINE_END_HYPHEN in clean:   # seldom: a PDF's words broken at lines' ends (a hyphen, not a dash folded to one)
        compared.unbroken = _compared(folded, dashes, _UNEVEN_UNBROKEN)
    return compared


def _compared(folded: str, dashes: frozenset | None, uneven) -> Folded | None:
    """The folded paragraph with what `uneven` finds compared as what it stands for; None if it finds nothing."""
    pieces, starts, ends = [], [], []
    done = 0
    compared_dashes, length = [], 0   # where dashes stand in the text as compared
    for found in uneven.finditer(folded):
        at, stop = found.span()
        run = found.group()
        if run == LINE_END_HYPHEN and _negating_before(folded, at):   # "no-" and "one": "no" stays a word
            letters, origins = "-", [(at, at + 1)]
        elif run == LINE_END_HYPHEN:
            letters, origins = "", []
        elif run[0] == "-":   # two hyphens or more, as plain text writes a dash
            letters, origins = "-", [(at, stop)]
            compared_dashes.append(length + at - done)
        elif run in _LIGATURES:
            letters = _LIGATURES[run]
            origins = [(at, stop)] * len(letters)
            if stop < len(folded) and unicodedata.combining(folded[stop]):
                # An accent on it would compose with its last letter in NFC ("fi" and an acute,
                # "fí"), and a quote that stops before the accent would not be found: a combining
                # grapheme joiner, which prints as nothing, keeps them apart as on the ligature.
                # It stands for nothing of the paragraph, so a quote may stop before or after it.
                letters += "\u034f"
                origins.append((stop, stop))
        elif " " in run and 0 < at and stop < len(folded):   # between words, which stay apart
            space = at + run.index(" ")
            letters, origins = " ", [(space, space + 1)]
        elif 0 < at and stop < len(folded) and _would_merge(pieces[-1][-1:] if at == done else folded[at - 1],
                                                              folded[stop]):
            continue
        else:
            letters, origins = "", []
        pieces += (folded[done:at], letters)
        starts += [*range(done, at), *(a for a, _ in origins)]
        ends += [*range(done + 1, at + 1), *(b for _, b in origins)]
        length += at - done + len(letters)
        done = stop
    if not pieces:
        return None
    pieces.append(folded[done:])
    starts.extend(range(done, len(folded)))
    ends.extend(range(done + 1, len(folded) + 1))
    compared = "".join(pieces)
    # An unspaced dash of the paragraph stands where the one character it is compared as starts.
    compared_dashes += (at for at in map(partial(bisect_left, starts), dashes or ()) if compared[at:at + 1] == "-")
    if compared_dashes:
        compared = Dashed(compared, frozenset(compared_dashes))
    return Folded(folded, compared, starts, ends, dashes or frozenset())


def _negating_before(text: str, at: int) -> bool:
    """Tell whether the word that ends at `at` is a negation ("no" of "no-one", "non" of "non-violent"):
    joined to the word after it, it would no longer be one that a quote may not leave out."""
    word = _LAST_WORD.search(text, max(0, at - 40), at)
    return word is not None and word.group(1).lower() in _NEGATING_PREFIXES


def _would_merge(left: str, right: str) -> bool:
    """Tell whether dropping the ignored characters between `left` and `right` would make those
    two read as something else: NFC would put an accent on the letter before, or reorder its
    accents ("e", soft hyphen, acute), or join letters (Hangul jamo), or dots would make an ellipsis.
    Those ignored characters are kept.

    Before an accent they are kept whatever `left` is, so that a quote that begins with the accent,
    and so has no `left`, compares as the same characters as the source.
    """
    return (unicodedata.combining(right) != 0 or (left == "." and right == ".")
            or not unicodedata.is_normalized("NFC", left + right))


def normalise(text: str) -> str:
    """Return the form in which quotes and sources are compared."""
    folded = fold(clean_text(text))
    return folded.compared if type(folded) is Folded else folded


def quote_parts(quote: str) -> list[str]:
    """Split a quote at its ellipses into the passages it joins."""
    text = normalise(quote)
    if not text:
        # Nothing but characters compared as nothing: looked for as they stand (see find_parts),
        # as any passage of a source may be quoted.
        text = str(fold(clean_text(quote)))
        return [text] if text else []
    if "\u2026" not in text and "..." not in text and ". . ." not in text:   # most quotes are one passage
        return [text] if text else []
    return [part for part in _ELLIPSIS.split(text) if part]


@record(frozen=True)
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
               whole_words: bool = True, keep_negations: bool = True) -> list[Match]:
    """Return every place where a quote split by quote_parts() occurs, narrowed by `prefix` and `suffix`.

    Each part must begin and end with whole words of the source: "true" is not in "untrue", and
    "called it ... true" must not quote a source that says "called it untrue". Nor may the words an
    ellipsis leaves out hold a negation: "was ... a threat" is not what "was not a threat" says.
    """
    if not parts:
        return []
    before = normalise(prefix) if prefix else ""   # most quotes have neither
    after = normalise(suffix) if suffix else ""
    find = _find_words if whole_words else str.find
    as_they_stand = parts[0][0] in IGNORED   # a quote of nothing but them (see quote_parts)
    matches = []
    for index, text in enumerate(folded_paragraphs):
        if type(text) is Folded and not as_they_stand:   # seldom (see fold): off the loop every quote runs
            found = _compared_matches(index, text, parts, before, after, whole_words, keep_negations)
            if text.unbroken is not None:   # the words broken at printed lines' ends, whole
                found += [match for match in _compared_matches(index, text.unbroken, parts, before, after,
                                                               whole_words, keep_negations) if match not in found]
            matches += found
            continue
        start = find(text, parts[0], 0)
        while start != -1:
            spans = _chain(text, parts, start, find)
            if spans and _fits(text, spans, before, after) and not (keep_negations and (
                    dropped_negation(text, spans) or negated_start(text, spans))):
                matches.append(Match(index, spans))
            start = find(text, parts[0], start + 1)
    return matches


def _compared_matches(index: int, folded: Folded, parts: list[str], before: str, after: str,
                      whole_words: bool, keep_negations: bool) -> list[Match]:
    """Return the matches of find_parts() in a Folded paragraph: looked for in its text as compared,
    and told in its own offsets."""
    compared = folded.compared
    find = partial(_find_compared_words, folded) if whole_words else str.find
    matches = []
    start = find(compared, parts[0], 0)
    while start != -1:
        spans = _chain(compared, parts, start, find)
        if spans and _fits(compared, spans, before, after) and not (keep_negations and (
                dropped_negation(compared, spans) or negated_start(compared, spans))):
            matches.append(Match(index, tuple(folded.span(a, b) for a, b in spans)))
        start = find(compared, parts[0], start + 1)
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


def dropped_negation(text: str, spans) -> str | None:
    """Return the first negation among the words left out between the spans of a quote, or None."""
    for (_, gap_start), (gap_end, _) in zip(spans, spans[1:]):
        gap = text[gap_start:gap_end]
        for word in _GAP_WORD.findall(gap):
            if _negating(word, NEGATIONS) or _plain(word).startswith("n'"):
                return word
        negation = next((char for char in gap if char in _NEGATION_SIGNS), None)
        if negation:
            return negation
    return None


def negated_start(text: str, spans) -> str | None:
    """Return the negation a quote starts right after, or None: "break the law" is no quote of "did not
    break the law", nor "是罪犯" ("is a criminal") of "不是罪犯" ("is not a criminal"), though no word is cut.

    Only a negation in the same run of words counts: "No. The group left" may be quoted from "The".
    """
    start = spans[0][0]
    # The negation stands right before the quote, or a character before, as the first of a word of
    # two ("沒有", "不是", "無法"); past quotation marks: 組織「無法」自由運作. Also before a quote that starts
    # with a digit or a Latin letter: "20歲" of 他不是20歲.
    before = text[:start].rstrip(IGNORED + _CJK_MARKS)[-2:]
    if _unspaced(text[start]) or before and _unspaced(before[-1]):
        if before[-1:] in _NEGATING_START:
            return before[-1:]
        return before if before in _NEGATING_PAIRS else None
    at = _before_asides(text, start)
    if text[at - 1:at] == ",":
        at = _before_comma_aside(text, at)
    word = _LAST_WORD.search(text, max(0, at - 40), at) if at < start else None
    if not word:
        return None
    word = word.group(1)
    if _plain(word) in _DENYING_VERBS:   # "unable to continue", "denied that": not "a failed coup", "refuse collectors"
        first = _GAP_WORD.match(text, start)
        return word if first and first[0].lower() in ("to", "that") else None
    return word if _negating(word, _NEGATING_WORDS) else None


def _before_comma_aside(text: str, at: int) -> int:
    """Where the words end before an aside between commas that closes at `at`, if a negation of the verb stands
    right before it ("did not, according to police, break the law"); else `at`, where a comma ends a clause. Not
    after an answer, which ends its own clause ("No, he said, the party needs him", '"Never," he said, "the…').
    """
    opened = text.rfind(",", max(0, at - 80), at - 1)
    if opened == -1 or any(mark in _CLAUSE_ENDS for mark in text[opened + 1:at - 1]) or text[opened + 1:opened + 2] in "\"'":
        return at
    word = _LAST_WORD.search(text, max(0, opened - 40), opened)
    return opened if word and (_plain(word.group(1)) in _VERB_NEGATIONS or _negating(word.group(1), frozenset())) else at


def _plain(word: str) -> str:
    """A word as compared with the negations: in lower case, and in its plain letters where it is written in
    styled ones (the bold "𝐧𝐨𝐭" of a social post, the full-width "ｎｏｔ")."""
    return (word if word.isascii() else unicodedata.normalize("NFKC", word)).lower()


def _negating(word: str, negations: frozenset) -> bool:
    plain = _plain(word)
    return plain in negations or plain.endswith("n't") or plain in _UNMARKED_CONTRACTIONS


def _before_asides(text: str, at: int) -> int:
    """Where the words before `at` end, past spaces, opening quotation marks and brackets, asides in
    brackets or between dashes, and the marks that part no clause: 'did not "break', 'did not (he said)
    break', 'did not - he said - break', 'did not—as feared—break', 'did not... break', 'did *not*: break'."""
    dashes = getattr(text, "dashes", ())
    for _ in range(8):
        while at > 0 and (text[at - 1].isspace() or text[at - 1] in _OPENING or text[at - 1] in IGNORED):
            at -= 1
        closing = text[at - 1:at]
        if closing == "-" and (at - 1 in dashes or text[at - 2:at - 1].isspace()):
            # A dash: the end of an aside, the start of one (another dash follows), or a pause.
            if at - 1 in dashes:
                opened = max((d for d in dashes if at - 200 <= d < at - 1), default=-1)
                opens = any(at <= d < at + 200 for d in dashes)
            else:
                opened, opens = text.rfind(" -", max(0, at - 200), at - 2), text.find(" -", at, at + 200) != -1
            if opened == -1 and opens:
                return at
            at = opened if opened != -1 else at - 1
        elif closing in _ASIDE_OPENS and closing != "-":
            opened = text.rfind(_ASIDE_OPENS[closing], max(0, at - 200), at - 1)
            if opened == -1:
                return at
            at = opened
        elif closing in _WITHIN_CLAUSE:   # a hyphen, a colon, a slash, an ellipsis, emphasis's marks
            at -= 1
        elif text[at - 3:at] == "..." or text[at - 5:at] == ". . .":
            at -= 3 if text[at - 3:at] == "..." else 5
        else:
            return at
    return at


# Negations of two characters whose second is no negation of its own ("有" of 沒有, "是" of 不是), in
# Chinese as written in Hong Kong, Taiwan and the mainland: not every pair a negation starts (不少 "many",
# 未來 "future", 無綫 the broadcaster TVB).
_NEGATING_PAIRS = frozenset("""
    沒有 没有 不是 不會 不会 不能 不可 不得 不要 不用 不必 不需 不再 不曾 不准 不許 不许 不應 不应 不該 不该 不想 不願 不愿
    無法 无法 無須 无须 無需 无需 無意 无意 未能 未有 未曾 未必 並非 并非 絕非 绝非 毋須 毋需 別要 唔係 唔會 唔使 冇乜
""".split())
_CJK_MARKS = "\u300c\u300d\u300e\u300f\uff08\uff09\"'()"   # quotation marks and brackets, as folded
_OPENING = frozenset("\"'([{\u300c\u300e\uff08")   # as folded: curly quotes and guillemets are " and '
_ASIDE_OPENS = {")": "(", "]": "[", "-": " -", "\uff09": "\uff08"}
# Marks between words that end no clause: a negation before them still negates what follows. (After a
# full stop, a comma, a semicolon or a colon, it belongs to another clause.)
_WITHIN_CLAUSE = frozenset("-/*_~\u2026")
_CLAUSE_ENDS = frozenset(".;:!?")
# The negations that negate a verb across an aside between commas, with the contractions ("didn't"): not "no", which
# answers, nor the words that deny only the verb right after them.
_VERB_NEGATIONS = frozenset("not never nobody nothing none neither nor hardly barely scarcely seldom rarely cannot".split())   # (a colon opens a clause: "the answer was no: the company will stay")

# Words that turn what a sentence says into its opposite, in the languages sources are most often
# in; and contractions: "don't", "isn't" (any word ending "n't"), French "n'a" (any starting "n'").
# "Without" and its like too: "convicted … evidence" is no quote of "convicted without evidence".
# With the words that all but deny ("hardly a success" is no "success"), by language, and English's words
# that deny the verb after them ("Amnesty is unable to continue" is no "Amnesty is … to continue").
NEGATIONS = frozenset("""
    not no never nor neither none nobody nothing nowhere cannot without hardly barely scarcely seldom rarely
    unable unlikely impossible fail fails failed failing refuse refuses refused refusing deny denies denied denying
    ne pas jamais rien aucun aucune nul nulle ni sans guère rarement
    nicht kein keine keinen keinem keiner keines nie niemals nichts niemand nirgends nirgendwo weder ohne kaum selten
    nunca jamás nada nadie ningún ninguno ninguna tampoco sin apenas
    non mai niente nulla nessuno nessuna né neanche nemmeno neppure mica senza
    não nenhum nenhuma ninguém nem sem
    niet geen nooit niets nergens zonder nauwelijks zelden amper
""".split())
# Chinese, written without spaces between words: Mandarin's, and Cantonese's (唔 "not", 冇 "has not"),
# as Hong Kong's papers print them; 毋 and 甭 ("need not"); 否, which 是否 makes a question of.
_NEGATION_SIGNS = frozenset("不没沒未無无非別别勿莫唔冇毋甭否")
# Those of them that end no common word: 非 ends 南非 (South Africa), 别 分别 ("each"), 莫 starts 莫斯科 (Moscow).
_NEGATING_START = frozenset("不没沒未無无唔冇毋甭")
# The words a quote may not start right after, as it may not leave them out: but for those that are
# other words as well in another language ("mai" is May in French, "sin" a word of English).
_NEGATING_WORDS = NEGATIONS - {"mai", "sin", "mica", "sem", "nem"}
# Those a hyphen may join to the word after them, and "non" ("no-one", "non-violent"): see _negating_before.
_NEGATING_PREFIXES = NEGATIONS | {"non"}
# Of them, those that deny the verb after them only: a quote may start right after one but with "to" or "that".
_DENYING_VERBS = frozenset("unable unlikely impossible fail fails failed failing refuse refuses refused refusing deny denies "
                           "denied denying".split())
# Contractions written without their apostrophe, as posts and messages often write them ("cant" and "wont"
# are words of their own).
_UNMARKED_CONTRACTIONS = frozenset("""
    dont doesnt didnt isnt arent wasnt werent couldnt wouldnt shouldnt hasnt havent hadnt mustnt neednt aint
""".split())
_LAST_WORD = regex(r"([^\W_]+(?:'[^\W_]+)*)\Z")
_GAP_WORD = regex(r"[^\W_]+(?:'[^\W_]+)*")


def _find_words(text: str, part: str, start: int) -> int:
    """Return where `part` next occurs in `text` from `start` without cutting a word in two, or -1."""
    at = text.find(part, start)
    while at != -1 and (_cuts(text, at) or _cuts(text, at + len(part))):
        at = text.find(part, at + 1)
    return at


def _find_compared_words(folded: Folded, compared: str, part: str, start: int) -> int:
    """Return where `part` next occurs in `compared` from `start`, as _find_words does, or -1.

    Where words begin and end is told in the text as compared, where the characters that print as
    nothing are gone: "lawful" is no word of "un\u00adlawful", which a reader sees as "unlawful".
    And in the paragraph as it prints, where a ligature is one letter: "f" is no word of "\ufb01".
    """
    at = compared.find(part, start)
    while at != -1:
        end = at + len(part)
        if (folded.between(at) and folded.between(end) and not _cuts(compared, at) and not _cuts(compared, end)
                and not _cuts(folded, folded.starts[at]) and not _cuts(folded, folded.ends[end - 1])):
            return at
        at = compared.find(part, at + 1)
    return -1


def _cuts(text: str, at: int) -> bool:
    """Tell whether cutting folded `text` at `at` cuts a word in two: between two of its letters or
    digits, or where a mark joins them into what the cut would change. "5" or "200" quoted from
    "1.5", "1,200", "1 200", "1/2", "-5" or ">5" would change a number, "can" quoted from "can't" would drop a
    negation, and "violent" quoted from "non-violent" would say the opposite.
    """
    left, right = text[at - 1:at], text[at:at + 1]
    if _joined(left, right):
        return True
    before = text[at - 2:at - 1]
    if left in _SIGNS and right.isdigit() and not (before.isalnum() and not _unspaced(before)):
        return True   # a minus sign, ">50"; after a Chinese character too (跌至－5度), where no space stands
    if left.isdigit() and (right in _SIGNS_AFTER or right == " " and text[at + 1:at + 2] in _PER):
        return True   # "35" of "35+", of "35%" or of "35 %", as French prints it
    if left.isalnum() and _currency(right) or _currency(left) and right.isdigit():
        return True   # "$5" of "HK$5", "5" of "$5" or of "5€": a sum in another currency, or in none
    if right.isdigit() and _RANGE_BEFORE.search(text, max(0, at - 4), at) or left.isdigit() and _RANGE_AFTER.match(text, at):
        return True   # "5 people" of "2 – 5 people": a range, spaced as some styles print it
    if right in _INNER:
        mark, after = at, text[at + 1:at + 2]
        joined = _joined(left, after)
    elif left in _INNER:
        mark, before = at - 1, text[at - 2:at - 1] if at > 1 else ""
        joined = _joined(before, right)
    else:
        return False
    if not joined:
        return False
    # A point or a comma joins only digits: "in 2020.The" is two sentences run together. An apostrophe
    # joins what a quote must keep only in a negation: a word may be quoted without the possessive or
    # the elision an apostrophe adds to it ("Hong Kong" of "Hong Kong's", "Amnesty" of "d'Amnesty").
    if text[mark] == "'" and not text[mark - 1:mark].isdigit():   # between digits, it groups them (1'200)
        return text[mark - 1:mark].lower() == "n" and text[mark + 1:mark + 2].lower() == "t" \
            and not text[mark + 2:mark + 3].isalpha()
    if text[mark] == "-":   # a hyphen joins words into one ("non-violent", "2019-20"); a dash parts them,
        # but for numbers, of which it makes a range ("2—5")
        return mark not in getattr(text, "dashes", ()) or (text[mark - 1].isdigit() and text[mark + 1:mark + 2].isdigit())
    if text[mark] == " ":   # digits grouped by a space, by threes ("1 200"), not a year and a day ("2021 10")
        return _DIGITS_BEFORE.search(text, max(0, mark - 8), mark) is not None \
            and _THREE_DIGITS.match(text, mark + 1) is not None
    return text[mark - 1:mark].isdigit() and text[mark + 1:mark + 2].isdigit()


# Signs that belong to the number they stand before: "50" of ">50" or "~50" says another number;
# and after: "35" of "35+" or "35%".
_SIGNS = frozenset("-+<>~\u2248\u2264\u2265\u00b1")
_SIGNS_AFTER = frozenset("+%\u2030")
_PER = frozenset("%\u2030")


def _currency(char: str) -> bool:
    """Tell a currency's sign: $, €, £, ¥ and the rest of Unicode's."""
    return bool(char) and not char.isalnum() and not char.isspace() and unicodedata.category(char) == "Sc"

# Marks that may stand inside a word, once folded: a curly apostrophe is "'", any hyphen "-"; and
# a space between digits, which groups them as "," does ("1 200", as French prints 1,200); and what
# joins digits into a time, a ratio or a power ("12:30", "10:1", "10^6").
_INNER = frozenset("'.,/- :^\u00b7\u066b\u066c")   # and a decimal point as some print it (1·5), Arabic's (١٫٥)
# A range of small numbers, its dash spaced ("2 – 5"), folded so that every dash is "-"; not a year and an
# aside ("in 2021 — 12 days later").
_RANGE_BEFORE = regex(r"(?<![\d.,])\d{1,3} ?[-~] ?\Z")   # 2-5, and 3～5 as Chinese writes a range
_RANGE_AFTER = regex(r" ?[-~] ?\d{1,3}(?![\d.,]\d)")
_DIGITS_BEFORE = regex(r"(?<![\d.,'])\d{1,3}\Z|(?<=\d )\d{3}\Z")   # a group of digits a space may end
_THREE_DIGITS = regex(r"\d{3}(?!\d)")


def widen_to_word(text: str, start: int, end: int) -> tuple[int, int]:
    """Move `start` and `end` of a span of clean `text` outwards to the ends of the words they cut."""
    folded = fold(text)   # of the same length: its offsets are the text's
    if type(folded) is Folded:   # words are told as compared (see _find_compared_words)
        compared = folded.compared
        start, end = bisect_left(folded.starts, start), bisect_right(folded.ends, end)
        while start > 0 and (_cuts(compared, start) or not folded.between(start)):
            start -= 1
        while end < len(compared) and (_cuts(compared, end) or not folded.between(end)):
            end += 1
        return (folded.starts[start] if start < len(compared) else len(text)), (folded.ends[end - 1] if end else 0)
    while start > 0 and _cuts(folded, start):
        start -= 1
    while end < len(text) and _cuts(folded, end):
        end += 1
    return start, end


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
    from difflib import SequenceMatcher   # for a quote not found: most builds have none
    target = normalise(quote)
    best, best_score = "", 0.0
    for text in paragraphs:
        folded = fold(text)
        compared = folded.compared if type(folded) is Folded else folded
        matcher = SequenceMatcher(None, compared, target, autojunk=False)
        at, in_quote, size = matcher.find_longest_match(0, len(compared), 0, len(target))
        if size == 0:
            continue
        start = max(0, at - in_quote)
        end = min(len(compared), start + len(target))
        if compared is not folded:
            start, end = folded.span(start, end)
        start, end = _widen_to_words(text, start, end)
        candidate = text[start:end]
        score = SequenceMatcher(None, normalise(candidate), target, autojunk=False).ratio()
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
