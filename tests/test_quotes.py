"""Quotes verify when their words are in the source, and fail with the closest passage when not."""

from __future__ import annotations

import pickle
import re
import sys
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from explainer.memo import Memo
from explainer.problems import Problems
from explainer.quotes import DIRECTION_CONTROLS, IGNORED, clean_text, closest_passage, find_quote, fold, normalise, widen_to_word
from explainer.record import replace
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


@pytest.mark.parametrize("paragraph, quote", [
    ("國際特赦組織表示，香港的人權組織已無法自由運作。", "國際特赦組織表示,香港的人權組織已無法自由運作"),
    ("Le taux était de ２０２１ cas.", "de 2021 cas"),
    ("ＡＩ的發展很快。", "AI的發展很快"),
    ("共有１，２００人參加。", "1,200人參加"),
])
def test_full_width_forms_match_the_ascii_they_stand_for(paragraph, quote):
    # As Chinese and Japanese text sets its commas, digits and Latin letters; a quote typed in ASCII says the same.
    [match] = find_quote(quote, [fold(paragraph)])
    start, end = match.spans[0]
    assert unicodedata.normalize("NFKC", paragraph[start:end]) == quote
    assert not find_quote("200人參加", [fold("共有１，２００人參加。")])   # still no part of a number


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


@pytest.mark.parametrize("quote", ["driven by the law.” Its regional office",
                                   "driven by the law. Its regional office"])   # its closing mark left out
def test_a_quote_running_from_one_paragraph_into_the_next_is_refused_and_told_so(quote):
    # Every word is in the source (p1 is its title), so "quote not found" with a closest passage left the
    # editor puzzled.
    problems = Problems()
    ref = QuoteRef("x", quote, path="content/facts/a.yaml", line=7)
    assert _library().verify(ref, "fact 'f'", problems) is None
    [problem] = problems.errors
    assert problem.message == (
        f"fact 'f': quote not found in source 'x': \"{quote}\"; it runs from p2 "
        "into p3, and a quote must lie within one paragraph: cite the words of each paragraph as a quote of its own")


def test_a_quote_looked_up_ahead_is_verified_as_found_and_only_by_the_library_that_found_it():
    # The processes reading fact files look quotes up (Library.look_up); the build checks what they found.
    ref = QuoteRef("x", "made with a heavy heart", path="content/facts/a.yaml", line=7)
    library = _library()
    library.look_up([ref])
    quote = library.verify(ref, "fact 'f'", Problems())
    assert quote.passage == "made with a heavy heart" and quote.paragraph == 2
    # Another library, of another text under the same id, looks for itself.
    seed = SeedFile("x.txt", "seeds/x.txt", "A title\n\nNothing of the kind was said.\n", "0" * 64)
    other = Library(build_sources([seed], {}, "en", Problems(), Memo())[0])
    problems = Problems()
    assert other.verify(ref, "fact 'f'", problems) is None
    assert "quote not found in source 'x'" in problems.errors[0].message


def test_a_quote_that_differs_only_by_characters_that_print_as_nothing_names_them():
    # Direction marks and invisible operators count: only those in quotes.IGNORED do not, and
    # naming those would send the editor looking for a difference that is not one.
    problems = Problems()
    ref = QuoteRef("x", "made with a heavy\u200e heart\u2063\u00ad", path="f.yaml", line=2)
    assert _library().verify(ref, "fact 'f'", problems) is None
    assert problems.errors[0].message.endswith(
        "the quote holds invisible characters: U+200E LEFT-TO-RIGHT MARK, U+2063 INVISIBLE SEPARATOR")


def test_a_quote_with_a_letter_of_another_alphabet_that_prints_alike_names_it():
    # The closest passage prints as the quote does: only the message can say which letter differs.
    problems = Problems()
    ref = QuoteRef("x", "made with \u0430 heavy heart", path="f.yaml", line=2)   # a Cyrillic "а"
    assert _library().verify(ref, "fact 'f'", problems) is None
    message = problems.errors[0].message
    assert "the closest passage it holds is" in message
    assert message.endswith(
        "; the quote holds letters of another alphabet than the passage's: U+0430 CYRILLIC SMALL LETTER A")
    problems = Problems()   # a misquote in the passage's own alphabet names no letter
    assert _library().verify(QuoteRef("x", "made with a heavy soul", path="f.yaml", line=2), "f", problems) is None
    assert "another alphabet" not in problems.errors[0].message
    problems = Problems()   # nor does a quote in another language
    assert _library().verify(QuoteRef("x", "这是一个沉重的决定", path="f.yaml", line=2), "f", problems) is None
    assert "another alphabet" not in problems.errors[0].message


def test_characters_that_print_as_nothing_in_the_closest_passage_are_named():
    # The quote and the passage print alike: only the message can tell the editor why they differ.
    seed = SeedFile("x.txt", "seeds/x.txt", "A title\n\nIt was made with a heavy\u200e heart, she said.\n", "0" * 64)
    library = Library(build_sources([seed], {}, "en", Problems(), Memo())[0])
    problems = Problems()
    assert library.verify(QuoteRef("x", "made with a heavy heart", path="f.yaml", line=2), "fact 'f'", problems) is None
    message = problems.errors[0].message
    assert "the closest passage it holds is \"made with a heavy\u200e heart," in message
    assert message.endswith("; the closest passage holds invisible characters: U+200E LEFT-TO-RIGHT MARK")
    assert "the quote holds" not in message


# What an article's paragraph keeps of the characters compared as nothing: not the direction controls.
PRINTED_AS_NOTHING = [c for c in IGNORED if c not in DIRECTION_CONTROLS]


def _verified(paragraph: str, quote: str, **around):
    """Return the Quote `quote` verifies as in a seed of the one `paragraph`, and its problems."""
    seed = SeedFile("x.txt", "seeds/x.txt", "A title\n\n" + paragraph + "\n", "0" * 64)
    [source], _ = build_sources([seed], {}, "en", Problems(), Memo())
    assert source.paragraphs[-1].text == paragraph
    problems = Problems()
    ref = QuoteRef("x", quote, path="f.yaml", line=2, **around)
    return Library([source]).verify(ref, "fact 'f'", problems), problems


@pytest.mark.parametrize("hidden", PRINTED_AS_NOTHING)
def test_a_character_that_prints_as_nothing_inside_a_word_does_not_break_a_quote(hidden):
    paragraph = f"At least 35 groups have dis{hidden}banded since the law took effect, said the news{hidden}paper."
    quote, problems = _verified(paragraph, "groups have disbanded since")
    assert not problems.errors
    # The source page highlights, and the footnote shows, the words as the source prints them.
    [(start, end)] = quote.spans
    assert paragraph[start:end] == f"groups have dis{hidden}banded since" == quote.passage
    assert quote.context(2) == ("…least 35 ", " the law…")
    # On the quote's side too, with or without them in the source, and where the quote ends.
    quote, problems = _verified(paragraph, f"the news{hidden}paper")
    assert not problems.errors and quote.passage == f"the news{hidden}paper"
    quote, problems = _verified("Dozens of groups disbanded.", f"groups dis{hidden}banded{hidden}")
    assert not problems.errors and quote.passage == "groups disbanded"
    assert _verified(paragraph, f"said the news{hidden}paper", suffix=".")[0].passage == f"said the news{hidden}paper"


@pytest.mark.parametrize("hidden", PRINTED_AS_NOTHING)
@pytest.mark.parametrize("source, cut, whole", [
    ("The court found the detention un{}lawful.", "lawful", "the detention un{}lawful"),
    ("The group was non{}violent, police said.", "violent, police said", "non{}violent, police said"),
    ("The claim was un{}true, he said.", "The claim was un", "The claim was un{}true"),
])
def test_a_character_that_prints_as_nothing_does_not_make_a_word_end_inside_a_word(hidden, source, cut, whole):
    # A reader sees "unlawful": "lawful" is no word of it, wherever a hyphenator put its soft hyphens.
    paragraph = source.format(hidden)
    assert not find_quote(cut, [fold(paragraph)])
    assert find_quote(whole.format(hidden), [fold(paragraph)]) and find_quote(whole.format(""), [fold(paragraph)])
    quote, problems = _verified(paragraph, cut)
    assert quote is None and "only as part of longer ones" in problems.errors[0].message


@pytest.mark.parametrize("control", list(DIRECTION_CONTROLS))
def test_a_direction_control_is_read_out_of_an_article_and_compared_as_nothing(control):
    paragraph = f"The mayor said {control}the plan works and the council met."
    seed = SeedFile("x.txt", "seeds/x.txt", "A title\n\n" + paragraph + "\n", "0" * 64)
    [source], _ = build_sources([seed], {}, "en", Problems(), Memo())
    assert source.paragraphs[-1].text == "The mayor said the plan works and the council met."
    for quote in (f"said {control}the plan works", "said the plan works"):
        found = Library([source]).verify(QuoteRef("x", quote, path="f.yaml", line=2), "fact 'f'", Problems())
        assert found.passage == "said the plan works"


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", "\u2009"])
def test_a_quote_does_not_take_the_end_of_a_number_grouped_by_spaces(space):
    # French prints 1,200 as "1 200", with a (thin) non-breaking space: "200 manifestants" changes the number.
    paragraph = f"La police a compté 1{space}200 manifestants et 20{space}000 personnes."
    for cut in ("200 manifestants", "000 personnes", "La police a compté 1"):
        assert not find_quote(cut, [fold(clean_text(paragraph))])
    assert find_quote("1 200 manifestants", [fold(clean_text(paragraph))])
    assert find_quote("compté 1\u00a0200", [fold(clean_text(paragraph))])


@pytest.mark.parametrize("paragraph, quote, left_out", [
    ("The police said the group was not a threat.", "the group was … a threat", "not"),
    ("Amnesty has never been publicly singled out.", "Amnesty has ... been publicly singled out", "never"),
    ("He said he didn\u2019t see the order.", "He said he … see the order", "didn't"),
    ("Die Regierung hat die Organisation nicht verboten.", "Die Regierung hat die Organisation … verboten", "nicht"),
    ("Le gouvernement n\u2019a pas interdit le groupe.", "Le gouvernement … interdit le groupe", "n'a"),
    ("政府不会取缔该组织", "政府…会取缔该组织", "不"),
    ("The activists were convicted without evidence.", "The activists were convicted … evidence", "without"),
    ("Le groupe a agi sans autorisation.", "Le groupe a agi … autorisation", "sans"),
    ("Die Gruppe handelte ohne Genehmigung.", "Die Gruppe handelte … Genehmigung", "ohne"),
    # Words that all but deny: "hardly a success" is no "success".
    ("The plan was hardly a success, officials said.", "The plan was … a success", "hardly"),
    ("The minister barely survived the vote.", "The minister … survived the vote", "barely"),
    ("She seldom agreed with the board.", "She … agreed with the board", "seldom"),
    ("Der Plan war kaum ein Erfolg.", "Der Plan war … ein Erfolg", "kaum"),
    ("El plan apenas fue un éxito.", "El plan … fue un éxito", "apenas"),
    ("Il gruppo ha detto che neanche era una minaccia.", "Il gruppo ha detto che … una minaccia", "neanche"),
    ("Il governo nemmeno ha risposto.", "Il governo … ha risposto", "nemmeno"),
    ("Die Gruppe war nirgends willkommen.", "Die Gruppe war … willkommen", "nirgends"),
    ("De groep was nergens welkom.", "De groep was … welkom", "nergens"),
    ("佢唔係罪犯，佢冇犯法。", "佢…係罪犯", "唔"),
    ("該組織是否違法，法院未有裁定。", "該組織…違法", "否"),   # 是否, "whether": a question, not a finding
    ("Police said they didnt arrest anyone.", "Police said they … arrest anyone", "didnt"),
    # Words that deny the verb after them.
    ("Amnesty is unable to continue its work in the city.", "Amnesty is … to continue its work", "unable"),
    ("The law is unlikely to be repealed this year.", "The law is … to be repealed", "unlikely"),
    ("Police denied that anyone was hurt.", "Police … that anyone was hurt", "denied"),
    ("They face prosecution for refusing to cooperate with a police probe.",
     "They face prosecution for … to cooperate with a police probe", "refusing"),
    ("The firm is accused of failing to report the loss.", "The firm is accused of … to report the loss", "failing"),
    ("The union \U0001d41d\U0001d422\U0001d41d \U0001d427\U0001d428\U0001d42d break any law.", "The union … break any law",
     "\U0001d427\U0001d428\U0001d42d"),
])
def test_an_ellipsis_may_not_leave_out_a_negation(paragraph, quote, left_out):
    assert not find_quote(quote, [fold(paragraph)])
    found, problems = _verified(paragraph, quote)
    assert found is None
    [problem] = problems.errors
    assert f'leaves out "{left_out}"' in problem.message and "never a negation" in problem.message


def test_an_ellipsis_may_leave_out_words_that_only_look_like_a_negation():
    # "Mal" of "zum ersten Mal" (for the first time), "pas mal" (quite a lot): no denial left out.
    assert find_quote("Amnesty schloss zum ersten … ein Büro", [fold("Amnesty schloss zum ersten Mal ein Büro.")])


@pytest.mark.parametrize("paragraph, quote, sign", [
    ("警方发言人表示，其负责人不是罪犯。", "是罪犯", "不"),
    ("法院裁定该集会不合法。", "合法", "不"),
    ("该组织的活动从未被法律禁止。", "被法律禁止", "未"),
    ("他不\u200b是罪犯。", "是罪犯", "不"),   # a zero-width space between: the reader sees "不是"
    # Cantonese, as Hong Kong's papers print speech: 唔 "not", 冇 "has not".
    ("佢唔係罪犯，佢冇犯法。", "係罪犯", "唔"),
    ("佢唔係罪犯，佢冇犯法。", "犯法", "冇"),
    # After a negation of two characters, as most are written: 沒有 "did not", 不會 "will not", 無法 "cannot".
    ("警方表示，當日沒有拘捕任何人。", "拘捕任何人", "沒有"),
    ("律政司稱，示威者不會被起訴。", "被起訴", "不會"),
    ("他不是罪犯。", "罪犯", "不是"),
    ("他不是２０歲。", "20歲", "不是"),   # a quote starting with a digit or a Latin letter, typed in ASCII
    ("他們沒有ＡＩ晶片。", "AI晶片", "沒有"),
])
def test_a_quote_may_not_start_right_after_a_negation_of_an_unspaced_script(paragraph, quote, sign):
    # Chinese has no spaces, so no word is cut: but "是罪犯" ("is a criminal") of "不是罪犯" says the opposite.
    assert not find_quote(quote, [fold(paragraph)])
    found, problems = _verified(paragraph, quote)
    assert found is None
    [problem] = problems.errors
    assert f'starts right after "{sign}"' in problem.message and "never leave out a negation" in problem.message
    assert find_quote(sign + quote, [fold(paragraph)])


def test_a_quote_may_not_start_after_a_chinese_negation_past_the_quotation_marks_around_it():
    found, problems = _verified("該組織「無法」自由運作。", "自由運作")
    assert found is None and 'starts right after "無法"' in problems.errors[0].message
    assert find_quote("「無法」自由運作", [fold("該組織「無法」自由運作。")])


@pytest.mark.parametrize("paragraph, quote", [
    ("他们分别表示支持该法案。", "表示支持该法案"),   # 分别, "each": no negation
    ("南非政府表示欢迎。", "政府表示欢迎"),           # 南非, South Africa
    ("不少市民表示支持該法案。", "市民表示支持該法案"),   # 不少, "many"
    ("未來發展取決於經濟。", "發展取決於經濟"),         # 未來, "the future"
    ("無綫新聞報道了這件事。", "新聞報道了這件事"),     # 無綫, the broadcaster TVB
])
def test_a_quote_may_start_after_a_word_that_ends_as_a_negation_starts(paragraph, quote):
    assert find_quote(quote, [fold(paragraph)])


def test_an_ellipsis_may_leave_out_words_that_negate_nothing():
    paragraph = "The group was, police said on Monday, a threat to nobody."
    assert find_quote("The group was … a threat", [fold(paragraph)])
    assert find_quote("The group was … a threat to nobody", [fold(paragraph)])


@pytest.mark.parametrize("apostrophe", ["\uff07", "\u02bc", "\u2019", "'"])
def test_a_negation_written_with_any_apostrophe_is_not_cut(apostrophe):
    paragraph = f"He said he couldn{apostrophe}t go."
    assert not find_quote("He said he couldn", [fold(paragraph)])
    assert find_quote("He said he couldn't go", [fold(paragraph)])


def test_a_zero_width_space_standing_between_words_is_not_a_word():
    paragraph = "Amnesty \u200b said \ufeff on Monday\u200b it would go."
    quote, problems = _verified(paragraph, "Amnesty said on Monday it would go")
    assert not problems.errors and quote.passage == paragraph[:-1]
    assert _verified(paragraph, "said on \u200b Monday")[0].passage == "said \ufeff on Monday"


def test_ligatures_match_their_letters_and_are_highlighted_whole():
    paragraph = "The of\ufb01ce had \ufb02ed: its e\ufb00orts were \ufb01nished, and so was the \ufb01."
    quote, problems = _verified(paragraph, "The office had fled: its efforts")
    assert not problems.errors
    assert quote.passage == "The of\ufb01ce had \ufb02ed: its e\ufb00orts"
    assert quote.context(2) == ("", " were \ufb01nished,…")
    folded = [fold(paragraph)]
    assert find_quote("the \ufb01", folded) == find_quote("the fi", folded) != []
    # A letter of a ligature is no more a word than a letter of any other word.
    for part in ("f", "fice", "of", "offi", "ice was", "ed:"):
        assert not find_quote(part, folded), part
    assert find_quote("so was the fi", folded)


@pytest.mark.parametrize("source_dash, quote_dash", [("--", "\u2014"), ("--", "\u2013"), ("--", "-"), ("\u2014", "--"),
                                                     ("---", "\u2014"), ("\u2014\u2014", "--"), ("-\u00ad-", "\u2014")])
def test_a_dash_typed_as_two_hyphens_is_one_dash(source_dash, quote_dash):
    paragraph = f"It made work impossible {source_dash} a claim Beijing rejected {source_dash} and left."
    quote, problems = _verified(paragraph, f"impossible {quote_dash} a claim Beijing rejected")
    assert not problems.errors
    assert quote.passage == f"impossible {source_dash} a claim Beijing rejected"
    assert quote.context(1) == ("…work ", f" {source_dash}…")
    # A quote that ends with the dash takes the whole of it.
    assert _verified(paragraph, f"rejected {quote_dash}")[0].passage == f"rejected {source_dash}"
    [match] = find_quote(f"{quote_dash} and left", [fold(paragraph)])
    assert paragraph[match.start:match.end] == f"{source_dash} and left"


def test_two_hyphens_do_not_match_one_word_to_another():
    assert not find_quote("well-known", [fold("well -- known")])
    assert find_quote("well-known", [fold("well--known")])
    # Between two words, two hyphens are a dash, as plain text writes one: either word may be quoted alone.
    assert find_quote("known", [fold("well--known")]) and find_quote("well", [fold("well--known")])


@pytest.mark.parametrize("source, cut, whole", [
    ("Police said it was a non-violent protest.", "violent protest", "non-violent protest"),
    ("Police said it was a non-violent protest.", "Police said it was a non", "Police said it was"),
    ("The pro\u2011democracy camp lost.", "democracy camp lost", "pro-democracy camp lost"),
    ("The temperature fell to \u22125 degrees.", "5 degrees", "\u22125 degrees"),
    ("The temperature fell to -5 degrees.", "5 degrees", "fell to -5 degrees"),
    ("The currency lost 1/2 of its value.", "2 of its value", "1/2 of its value"),
    (">50 people were arrested, police said.", "50 people were arrested", ">50 people were arrested"),
    ("Turnout was ~30 per cent.", "30 per cent", "~30 per cent"),
    ("Prices rose +5% in a year.", "5% in a year", "+5% in a year"),
    ("Wages fell \u22643 per cent.", "3 per cent", "\u22643 per cent"),
    ("The 2019-2020 protests.", "2020 protests", "2019-2020 protests"),
    ("Es waren 1'200 Leute.", "200 Leute", "1'200 Leute"),               # digits grouped as the Swiss do
    ("Es waren 1’200 Leute.", "Es waren 1", "Es waren 1’200"),
    ("About 35+ groups broke up.", "About 35", "About 35+"),
    ("Support stood at 35% in May.", "Support stood at 35", "Support stood at 35%"),
    ("It was 12:30 when police came.", "It was 12", "It was 12:30"),
    ("The vote was 10:1 against.", "1 against", "10:1 against"),
    ("It cost 10^6 dollars.", "It cost 10", "It cost 10^6"),
    ("Le soutien atteint 35 % en mai.", "Le soutien atteint 35", "Le soutien atteint 35 %"),   # as French spaces it
    ("Le soutien atteint 35\u202f% en mai.", "Le soutien atteint 35", "Le soutien atteint 35 %"),   # as read
    ("氣溫跌至\uff0d5度。", "5度", "\uff0d5度"),                          # the full-width minus of Chinese text
    ("約３～５人受傷。", "5人受傷", "3~5人受傷"),                              # a range, as Chinese writes one
    ("The currency lost 1\u20442 of its value.", "2 of its value", "1\u20442 of its value"),   # a fraction slash
    ("It set up a HK$5 billion fund.", "$5 billion fund", "HK$5 billion fund"),   # Hong Kong's dollars, not America's
    ("It set up a $5 billion fund.", "5 billion fund", "$5 billion fund"),
    ("Tickets cost 5\u20ac each.", "Tickets cost 5", "Tickets cost 5\u20ac"),
])
def test_a_quote_does_not_begin_or_end_inside_a_hyphenated_word_or_a_number(source, cut, whole):
    assert not find_quote(cut, [fold(clean_text(source))])
    assert find_quote(whole, [fold(clean_text(source))])


@pytest.mark.parametrize("source, quote", [
    ("The law\u2014which took effect in June\u2014bans secession.", "which took effect in June"),
    ("The law--which took effect in June--bans secession.", "which took effect in June"),
    ("Amnesty, a non-governmental group, left.", "a non-governmental group"),
    ("Staff and/or volunteers", "volunteers"),
    ("It fell \u2013 5 points \u2013 in a day.", "5 points"),
    ("Protests began in 2019\u2014the largest in decades.", "Protests began in 2019"),
    ("Protests began in 2019\u2014the largest in decades.", "the largest in decades"),
    ("Protests began in 2019--the largest in decades.", "the largest in decades"),
])
def test_a_quote_may_begin_or_end_at_a_dash_between_words(source, quote):
    assert find_quote(quote, [fold(source)])


@pytest.mark.parametrize("source, quote", [
    ("It was issued on 25 October 2021 10:30 local time.", "It was issued on 25 October 2021"),   # a date, then a time
    ("In 2020 300 people came.", "In 2020"),
    ("In 2020 300 people came.", "300 people came"),
])
def test_numbers_a_space_parts_are_two_unless_it_groups_digits_by_threes(source, quote):
    assert find_quote(quote, [fold(source)])


@pytest.mark.parametrize("dash", ["\u2014", "--"])
def test_a_prefix_or_suffix_may_end_or_begin_with_the_dash_beside_the_quote(dash):
    paragraph = fold(f"The law{dash}which took effect in June{dash}bans secession. Which took effect later.")
    [match] = find_quote("which took effect", [paragraph], prefix=f"The law{dash}")
    assert match.start == len("The law") + len(dash)
    assert find_quote("took effect in June", [paragraph], suffix=f"{dash}bans")
    assert not find_quote("took effect in June", [paragraph], suffix=f"{dash}allows")


@pytest.mark.parametrize("gap", ["[...]", "[…]", "(...)", "(…)", "[ … ]", "…", "...", ". . .", "[. . .]"])
def test_an_ellipsis_in_brackets_or_spaced_joins_passages_like_a_bare_one(gap):
    [match] = find_quote(f"This decision {gap} driven by the law", FOLDED)
    assert [PARAGRAPHS[0][a:b] for a, b in match.spans] == ["This decision", "driven by the law"]
    assert not find_quote(f"driven by the law {gap} This decision", FOLDED)


def test_brackets_without_an_ellipsis_are_words_of_the_quote():
    assert not find_quote("This decision [made] with a heavy heart", FOLDED)
    assert find_quote("office (the section office) closed", [fold("The office (the section office) closed.")])


def test_folding_keeps_offsets_and_says_where_compared_text_comes_from():
    clean = "of\ufb01ce -- dis\u00adbanded \u200b now"
    folded = fold(clean)
    assert len(folded) == len(clean) and folded == clean   # nothing here is folded one character to one
    assert folded.compared == "office - disbanded now" == normalise(clean)
    assert [clean[slice(*folded.span(i, i + 1))] for i in range(4)] == ["o", "f", "\ufb01", "\ufb01"]
    assert pickle.loads(pickle.dumps(folded)).compared == folded.compared
    assert type(fold("plain text, with an em dash \u2014 only")) is str


def test_closest_passage_of_a_source_with_ligatures_and_soft_hyphens_is_its_own_text():
    paragraphs = ["The of\ufb01ce opened in 1982 and em\u00adployed 30 people, Amnesty said."]
    assert closest_passage("The office opened in 1983 and employed 30 people", paragraphs) == \
        "The of\ufb01ce opened in 1982 and em\u00adployed 30 people,"


# Words, numbers, apostrophes, dashes, brackets, what prints as nothing, ligatures, accents and Hangul jamo, which NFC composes.
_MIXED = st.lists(st.sampled_from(["a", "bc", "fi", "1", " ", ".", ",", "'", "\u2019", "-", "\u2014", "(", "]", *IGNORED, "\ufb01", "\ufb00",
                                   "\ufb05", "\u0301", "\u031b", "\u1100", "\u1161"]), min_size=1, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MIXED, st.data())
def test_any_passage_of_whole_words_verifies_where_it_is(raw, data):
    paragraph = clean_text(raw)
    start = data.draw(st.integers(0, len(paragraph)))
    end = data.draw(st.integers(start, len(paragraph)))
    start, end = widen_to_word(paragraph, start, end)
    passage = paragraph[start:end].strip()
    if not passage or "..." in passage:
        return
    assert normalise(normalise(raw)) == normalise(raw)
    found = find_quote(passage, [fold(paragraph)])
    assert found
    for match in found:   # each place found holds the passage's words, as they compare
        [(a, b)] = match.spans
        assert normalise(paragraph[a:b]) == normalise(passage)


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


@pytest.mark.parametrize("paragraph, quote", [
    ("Turnout was 1\u00b75 million votes.", "5 million votes"),        # a decimal point raised, as some print it
    ("Turnout was \u0661\u066b\u0665 million votes.", "\u0665 million votes"),   # Arabic's decimal separator
    ("Between 2 \u2013 5 people were hurt.", "5 people were hurt"),     # a range, its dash spaced
    ("Between 2 \u2013 5 people were hurt.", "Between 2"),
    ("Between 2\u20145 people were hurt.", "5 people were hurt"),        # or unspaced
])
def test_a_quote_may_not_take_part_of_a_number_or_a_range(paragraph, quote):
    assert find_quote(quote, [fold(paragraph)]) == []


@pytest.mark.parametrize("paragraph, quote", [
    ("The deal closed on 3 March 2021 \u2014 12 days after the vote.", "12 days after the vote"),   # an aside, no range
    ("It opened in 1999 - 20 years before the fire.", "20 years before the fire"),
])
def test_a_dash_after_a_year_parts_it_from_what_follows(paragraph, quote):
    assert find_quote(quote, [fold(paragraph)])


@pytest.mark.parametrize("quote, words", [("5 million", "1.5 million"), ("about 1", "about 1.5"),
                                          ("about 1.", "about 1.5"), ("200 people", "1,200 people"),
                                          ("people can", "people can’t"), ("t leave", "can’t leave")])
def test_a_quote_may_not_cut_a_number_or_a_word_at_a_mark_inside_it(quote, words):
    # A point or comma between digits, and the apostrophe of a negation, are inside one word: "5" from
    # "1.5" or "200" from "1,200" would change a number, "can" from "can't" would drop the negation.
    paragraph = "He was fined about 1.5 million, and 1,200 people can’t leave, the court said."
    assert find_quote(quote, [fold(paragraph)]) == []
    assert find_quote("fined about 1.5 million, and 1,200 people can’t leave", [fold(paragraph)])
    seed = SeedFile("x.txt", "seeds/x.txt", "A title\n\n" + paragraph + "\n", "0" * 64)
    library = Library(build_sources([seed], {}, "en", Problems(), Memo())[0])
    problems = Problems()
    assert library.verify(QuoteRef("x", quote, path="f.yaml", line=4), "fact 'f'", problems) is None
    assert f'only as part of longer ones ("{words}")' in problems.errors[0].message


def test_words_of_a_script_written_without_spaces_may_be_quoted_from_anywhere():
    paragraph = fold("香港特别行政区政府今日宣布")
    assert find_quote("特别行政区", [paragraph]) and find_quote("政府今日", [paragraph])


def test_a_quote_copied_with_other_words_is_checked_by_its_own_words():
    found = QuoteRef("x", "will move", prefix="said it", path="f.yaml", line=3)
    changed = replace(found, quote="made with a heavy soul")
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


@pytest.mark.parametrize("quote", ["By James Moules", "Sommaire", "lundi 25 octobre 2021",
                                   "https://example.org/story"])
def test_a_quote_of_a_byline_date_address_or_page_head_says_it_was_left_out(quote):
    # Read as metadata, they are no text of the article: the closest passage was some unrelated words.
    text = ("Sommaire\n\nA page about it\n\nlundi 25 octobre 2021\n\nThe headline\n\nBy James Moules\n\n"
            "https://example.org/story\n\nThe article itself, which says more than a line.\n")
    library = Library(build_sources([SeedFile("x.txt", "seeds/x.txt", text, "0" * 64)], {}, "en", Problems(),
                                    Memo())[0])
    problems = Problems()
    assert library.verify(QuoteRef("x", quote, path="f.yaml", line=2), "fact 'f'", problems) is None
    assert "left out of the source's text, as page furniture or as its byline, date or address" \
        in problems.errors[0].message


def test_a_quote_of_page_furniture_says_it_was_left_out():
    seed = SeedFile("x.txt", "seeds/x.txt", "A title\n\nThe article itself.\n\nFollow us on Twitter\n", "0" * 64)
    library = Library(build_sources([seed], {}, "en", Problems(), Memo())[0])
    problems = Problems()
    assert library.verify(QuoteRef("x", "Follow us on Twitter", path="f.yaml", line=2), "fact 'f'", problems) is None
    assert problems.errors[0].message.endswith(
        'it is in a passage left out of the source\'s text, as page furniture or as its byline, date or address: "Follow us on Twitter"')


def test_a_quote_holding_the_seeds_markdown_says_to_quote_the_words_alone():
    seed = SeedFile("x.md", "seeds/x.md", "A title\n\n**Dozens of activists**, including *lawmakers*, were held.\n",
                    "0" * 64)
    library = Library(build_sources([seed], {}, "en", Problems(), Memo())[0])
    problems = Problems()
    ref = QuoteRef("x", "**Dozens of activists**, including *lawmakers*", path="f.yaml", line=2)
    assert library.verify(ref, "fact 'f'", problems) is None
    assert problems.errors[0].message.endswith("the seed's Markdown (*, _, [...](...)) is not part of its text: "
                                               "quote \"Dozens of activists, including lawmakers\"")


@pytest.mark.parametrize("quote", ["the government", "Hong Kong", "Amnesty International", "in 2020"])
def test_a_word_may_be_quoted_without_what_an_apostrophe_or_a_full_stop_adds_to_it(quote):
    # A possessive or an elision changes no claim; a full stop after a number ends a sentence.
    paragraph = "the government’s decision, Hong Kong’s law, l’ONG d’Amnesty International, in 2020.The court said’s"
    assert find_quote(quote, [fold(paragraph)])


@pytest.mark.parametrize("paragraph, quote, negation", [
    ("The group was not a threat and did not break the law.", "break the law", "not"),
    ("The group didn’t break the law, its lawyer said.", "break the law", "didn't"),
    ("Police said no one was hurt.", "one was hurt", "no"),
    ("There was no evidence of wrongdoing, the court found.", "evidence of wrongdoing", "no"),
    ("The minister barely survived the vote.", "survived the vote", "barely"),
    ("Die Regierung hat das Gesetz nicht verabschiedet, sagte er.", "verabschiedet, sagte er", "nicht"),
    ("Le groupe n'a jamais enfreint la loi.", "enfreint la loi", "jamais"),
    ("Nothing was left in the office, which closed.", "was left in the office", "Nothing"),
    # Past a quotation mark, a bracket, or an aside: 'did not "break the law"'.
    ('The group did not "break the law", it said.', "break the law", "not"),
    ('The group did not "break the law", it said.', '"break the law"', "not"),
    ("The group did not \u2018break the law\u2019, it said.", "break the law", "not"),
    ("The group did not (its lawyer said) break the law.", "break the law", "not"),
    ("The group did not \u2014 its lawyer said \u2014 break the law.", "break the law", "not"),
    # Past a dash unspaced, an aside between such dashes, a lone dash, an ellipsis or a slash: none ends
    # the clause the negation is in.
    ("They did not\u2014as some had feared\u2014break any law.", "break any law", "not"),
    ("They never\u2014ever\u2014broke any law.", "broke any law", "never"),
    ("The group did not\u2014break the law.", "break the law", "not"),
    ("The group did not \u2013 break the law.", "break the law", "not"),
    ("The group did not -- break the law.", "break the law", "not"),
    ('"We did not... break the law," the chairman said.', "break the law", "not"),
    ("We did not . . . break the law.", "break the law", "not"),
    ("We did not/break the law.", "break the law", "not"),
    # Written in a post's styled letters, full-width, or without the apostrophe.
    ("The union \U0001d41d\U0001d422\U0001d41d \U0001d427\U0001d428\U0001d42d break any law.", "break any law",
     "\U0001d427\U0001d428\U0001d42d"),
    ("The union did \uff4e\uff4f\uff54 break any law.", "break any law", "not"),   # full-width, named as folded
    ("Police said they didnt arrest anyone.", "arrest anyone", "didnt"),
    # Past an aside between commas, as news writes one.
    ("He did not, according to police, break the law.", "break the law", "not"),
    ("Nobody, the police said, was arrested.", "was arrested", "Nobody"),
    ("He didn't, his lawyer said, break the law.", "break the law", "didn't"),
    # A word that denies the verb after it, before "to" or "that".
    ("Amnesty is unable to continue its work.", "to continue its work", "unable"),
    ("Police denied that anyone was hurt.", "that anyone was hurt", "denied"),
    ("They face prosecution for refusing to cooperate with a police probe.", "to cooperate with a police probe",
     "refusing"),
    ("A statement denying that anyone was hurt.", "that anyone was hurt", "denying"),
])
def test_a_quote_may_not_start_right_after_a_negation_word(paragraph, quote, negation):
    # The footnote would show "did not" before it, but a claim may rest on the words alone.
    assert not find_quote(quote, [fold(paragraph)])
    found, problems = _verified(paragraph, quote)
    assert found is None
    [problem] = problems.errors
    assert f'starts right after "{negation}"' in problem.message and "start it with the negation" in problem.message


@pytest.mark.parametrize("paragraph, quote", [
    ("He said no. The group left the city.", "The group left the city"),   # another sentence
    ("Asked if it would stay, it said no, and the group left.", "and the group left"),
    ("The group did not break the law.", "not break the law"),
    ("Le 25 mai 2021 le groupe a quitté la ville.", "2021 le groupe a quitté la ville"),   # mai: May, in French
    ("The group did not \u2014 its lawyer said \u2014 break the law.", "its lawyer said"),
    ("The group said \u2014 and it did \u2014 break the law.", "break the law"),
    ("The group did not\u2014its lawyer said\u2014break the law.", "its lawyer said"),   # an aside of its own
    ("It was not true; the group did break the law.", "the group did break the law"),
    ("Asked if the plant would shut, the answer was no: the company will keep it open.", "the company will keep it open"),
    ("It was his wont to praise the police.", "to praise the police"),   # a word, not "won't" unmarked
    # An aside between commas after words that deny nothing, or after a sentence that did.
    ("Police did not comment, the group said, and closed the office.", "and closed the office"),
    ("It was not true. Later, police said, the group broke the law.", "the group broke the law"),
    # An answer ends its own clause; a clause that failed is no negation of the next.
    ('"No," he said, "the party needs him."', "the party needs him"),
    ("\u201cNever,\u201d he said, \u201cthe party needs him.\u201d", "the party needs him"),
    ("The answer was no, he said, the company would stay.", "the company would stay"),
    ("The bid failed, and after months of talks, the firm agreed to a merger.", "the firm agreed to a merger"),
    ("If the talks fail, officials warned, the strike will continue.", "the strike will continue"),
    # Words that deny a verb, before a noun they deny nothing of.
    ("The failed coup attempt killed 250 people.", "coup attempt killed 250 people"),
    ("It is an unlikely alliance between farmers and environmentalists.", "alliance between farmers"),
    ("Refuse collectors went on strike in Glasgow.", "collectors went on strike"),
])
def test_a_quote_may_start_after_a_word_that_negates_nothing_it_says(paragraph, quote):
    assert find_quote(quote, [fold(paragraph)])

