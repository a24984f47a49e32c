"""Quotes verify when their words are in the source, and fail with the closest passage when not."""

from __future__ import annotations

import dataclasses
import re
import sys

import pytest
from hypothesis import given, strategies as st

from explainer.memo import Memo
from explainer.problems import Problems
from explainer.quotes import clean_text, closest_passage, find_quote, fold, normalise
from explainer.records import QuoteRef
from explainer.verify import Library
from explainer.sources import build_sources
from explainer.seeds import SeedFile

PARAGRAPHS = [
    "Anjhula Mya Singh Bais said: “This decision, made with a heavy heart, has been driven by the law.”",
    "Its regional office – which carries out research – will move. Amnesty’s staff said it will move.",
]
FOLDED = [fold(p) for p in PARAGRAPHS]


def test_normalising_straightens_quotes_dashes_and_space():
    assert normalise("“Amnesty’s  \n office —\u00a0here”") == "\"Amnesty's office - here\""


def test_normalising_is_idempotent():
    text = " «Don’t» – said\tshe … “ok” "
    assert normalise(normalise(text)) == normalise(text)


def test_every_kind_of_white_space_becomes_one_space():
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    text = "\u00a0a" + "b".join(s * 2 for s in spaces) + "c\u3000"
    assert clean_text(text) == re.sub(r"\s+", " ", text).strip()


def test_exact_quote_with_straight_quotes_verifies():
    [match] = find_quote('"This decision, made with a heavy heart', FOLDED)
    assert match.index == 0
    start, end = match.spans[0]
    assert PARAGRAPHS[0][start:end] == "“This decision, made with a heavy heart"


def test_dashes_and_apostrophes_match_their_variants():
    assert find_quote("Its regional office - which carries out research - will move", FOLDED)
    assert find_quote("Amnesty's staff", FOLDED)


def test_ellipsis_joins_passages_in_order():
    assert find_quote("This decision … driven by the law", FOLDED)
    assert find_quote("This decision ... driven by the law", FOLDED)
    assert not find_quote("driven by the law … This decision", FOLDED)


def test_a_changed_word_does_not_verify():
    assert not find_quote("made with a heavy soul", FOLDED)
    assert not find_quote("made with a Heavy heart", FOLDED)     # case is kept: a quote is a quote


def test_quote_must_not_span_two_paragraphs():
    assert not find_quote("driven by the law.” Its regional office", FOLDED)


def test_repeated_passage_is_found_twice_and_prefix_picks_one():
    assert len(find_quote("will move", FOLDED)) == 2
    assert len(find_quote("will move", FOLDED, prefix="staff said it")) == 1
    assert len(find_quote("will move", FOLDED, suffix=". Amnesty")) == 1


def test_closest_passage_is_reported():
    assert "made with a heavy heart" in closest_passage("made with a heavy soul", PARAGRAPHS)


def _library():
    seed = SeedFile("x.txt", "seeds/x.txt", "A title\n\n" + "\n\n".join(PARAGRAPHS) + "\n", "0" * 64)
    sources, _ = build_sources([seed], {}, "en", Problems(), Memo())
    return Library(sources)


def test_library_reports_missing_quote_with_closest_passage():
    problems = Problems()
    ref = QuoteRef("x", "made with a heavy soul", path="content/facts/a.yaml", line=7)
    assert _library().verify(ref, "fact 'f'", problems) is None
    [problem] = problems.errors
    assert str(problem).startswith("content/facts/a.yaml:7: fact 'f': quote not found in source 'x'")
    assert "closest passage it holds is" in problem.message and "heavy heart" in problem.message


def test_a_quote_that_differs_only_by_characters_that_print_as_nothing_names_them():
    problems = Problems()
    ref = QuoteRef("x", "made with a heavy\u200b heart\u00ad", path="f.yaml", line=2)
    assert _library().verify(ref, "fact 'f'", problems) is None
    assert problems.errors[0].message.endswith(
        "the quote holds invisible characters: U+200B ZERO WIDTH SPACE, U+00AD SOFT HYPHEN")


def test_a_quote_found_in_many_places_names_the_first_few():
    text = "A title\n\n" + "Hong Kong said no. " * 12 + "\n\nHong Kong said no again.\n"
    seed = SeedFile("x.txt", "seeds/x.txt", text, "0" * 64)
    library = Library(build_sources([seed], {}, "en", Problems(), Memo())[0])
    problems = Problems()
    assert library.verify(QuoteRef("x", "Hong Kong said no", path="f.yaml", line=3), "fact 'f'", problems) is None
    message = problems.errors[0].message
    count = int(message.split("occurs ")[1].split(" ")[0])
    assert count > 10 and message.count(", p") == 9 and f" and {count - 10} more)" in message


@pytest.mark.parametrize("quote", ["made with a heavy heart ... by the la", "ecision, made", "heavy hear",
                                   "said: ... his decision"])
def test_a_quote_must_begin_and_end_with_whole_words(quote):
    # Else "called it ... true" would quote a source that says "called it untrue".
    assert find_quote(quote, FOLDED) == []
    problems = Problems()
    assert _library().verify(QuoteRef("x", quote, path="f.yaml", line=4), "fact 'f'", problems) is None
    assert "only as part of longer ones" in problems.errors[0].message


def test_words_of_a_script_written_without_spaces_may_be_quoted_from_anywhere():
    paragraph = fold("香港特别行政区政府今日宣布")
    assert find_quote("特别行政区", [paragraph]) and find_quote("政府今日", [paragraph])


def test_a_quote_copied_with_other_words_is_checked_by_its_own_words():
    found = QuoteRef("x", "will move", prefix="said it", path="f.yaml", line=3)
    changed = dataclasses.replace(found, quote="made with a heavy soul")
    problems = Problems()
    assert _library().verify(changed, "fact 'f'", problems) is None
    assert "quote not found" in problems.errors[0].message


def test_library_refuses_ambiguous_quote():
    problems = Problems()
    assert _library().verify(QuoteRef("x", "will move", path="f.yaml", line=3), "fact 'f'", problems) is None
    assert "occurs 2 times" in problems.errors[0].message and "prefix" in problems.errors[0].message
    fixed = _library().verify(QuoteRef("x", "will move", prefix="said it", path="f.yaml", line=3), "fact 'f'", Problems())
    assert fixed is not None and fixed.paragraph == 3


def _quote_in(text: str, start: int, end: int):
    from explainer.records import Paragraph, Quote, Source
    source = Source("s", "seeds/s.txt", "0" * 64, "Title", (), None, None, None, "en", (Paragraph(1, text),))
    return Quote(source, text[start:end], 1, ((start, end),))


def test_a_footnote_shows_five_words_either_side_and_marks_what_it_leaves_out():
    text = "one two three four five six seven QUOTED WORDS eight nine ten eleven twelve thirteen"
    start = text.index("QUOTED")
    quote = _quote_in(text, start, start + len("QUOTED WORDS"))
    assert quote.context() == ("…three four five six seven ", " eight nine ten eleven twelve…")
    assert quote.context(2) == ("…six seven ", " eight nine…")
    whole = _quote_in("a b QUOTED c", 4, 10)
    assert whole.context() == ("a b ", " c")
    assert _quote_in("QUOTED", 0, 6).context() == ("", "")
    # A quote starting inside a word is not spaced from the word it cuts.
    assert _quote_in("alpha betaGAMMA delta", 10, 15).context() == ("alpha beta", " delta")


_SPACED = st.lists(st.sampled_from(["a", "bc", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "é", "."]), max_size=30).map("".join)


@given(_SPACED, st.data(), st.integers(1, 7))
def test_the_words_around_a_quote_are_those_of_the_whole_paragraph_split(text, data, words):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    before, after = text[:start].split(), text[end:].split()
    head, tail = _quote_in(text, start, end).context(words)
    assert head.strip(" …") == " ".join(before[-words:])
    assert tail.strip(" …") == " ".join(after[:words])
    assert head.startswith("…") == (len(before) > words)
    assert tail.endswith("…") == (len(after) > words)


def test_a_quote_of_page_furniture_says_it_was_left_out():
    seed = SeedFile("x.txt", "seeds/x.txt", "A title\n\nThe article itself.\n\nFollow us on Twitter\n", "0" * 64)
    library = Library(build_sources([seed], {}, "en", Problems(), Memo())[0])
    problems = Problems()
    assert library.verify(QuoteRef("x", "Follow us on Twitter", path="f.yaml", line=2), "fact 'f'", problems) is None
    assert problems.errors[0].message.endswith(
        'it is in a passage left out of the source as page furniture: "Follow us on Twitter"')


def test_a_quote_holding_the_seeds_markdown_says_to_quote_the_words_alone():
    seed = SeedFile("x.md", "seeds/x.md", "A title\n\n**Dozens of activists**, including *lawmakers*, were held.\n",
                    "0" * 64)
    library = Library(build_sources([seed], {}, "en", Problems(), Memo())[0])
    problems = Problems()
    ref = QuoteRef("x", "**Dozens of activists**, including *lawmakers*", path="f.yaml", line=2)
    assert library.verify(ref, "fact 'f'", problems) is None
    assert problems.errors[0].message.endswith("the seed's Markdown (*, _, [...](...)) is not part of its text: "
                                               "quote \"Dozens of activists, including lawmakers\"")
