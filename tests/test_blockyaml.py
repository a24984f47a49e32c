"""The quick reader of block YAML gives what libyaml's reading gives, lines and errors included, or
leaves the file to it."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from explainer.blockyaml import DECLINED, read_block_yaml
from explainer.lined import MAX_DEPTH, LinedDict, LinedList
from explainer.yamlfile import BadValue, load_yaml, read_with_libyaml

FACTS = """\
# Facts about the closure.

- id: closure-announced
  topic: closure
  date: 2021-10-25
  label: 'Amnesty''s offices to close'
  claim: Amnesty said it would close its two offices in Hong Kong.   # a comment
  citations:
    - source: hkfp
      quote: "Amnesty International will close its two offices in Hong Kong"
    - source: scmp
      quote: "the \\"difficult\\" decision to leave the city"
      prefix: said

- id: law-passed
  topic: law
  order: 2
  draft: no
  citations:
  - source: bbc
    quote: Beijing passed the law on 30 June 2020.
"""


def outcome(read, text: str):
    """What reading `text` gives a user: its values with every line, or the error and its line."""
    try:
        return "read", lined(read(text))
    except BadValue as bad:
        return "bad value", bad.line, bad.message
    except yaml.YAMLError as err:
        return "syntax error", str(err)


def lined(value):
    if isinstance(value, LinedDict):
        return "entry", value.line, [(key, value.key_lines[key], lined(item)) for key, item in value.items()]
    if isinstance(value, LinedList):
        return "list", value.line, value.item_lines, [lined(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return type(value).__name__, value


def test_a_fact_file_is_read_quickly_into_what_libyaml_reads():
    assert read_block_yaml(FACTS) is not DECLINED
    assert outcome(load_yaml, FACTS) == outcome(read_with_libyaml, FACTS)
    facts = load_yaml(FACTS)
    assert facts[0]["label"] == "Amnesty's offices to close"
    assert facts[0]["citations"][1]["quote"] == 'the "difficult" decision to leave the city'
    assert facts[1]["draft"] is False and facts[1]["order"] == 2
    assert (facts.item_lines, facts[1].key_lines["citations"], facts[1]["citations"].line) == ([3, 15], 19, 20)


@pytest.mark.parametrize("text", [
    "claim: a text\n  that goes on\n",                   # a plain value over two lines
    "claim: >-\n  folded\n\n  on\n",                     # a folded text over a blank line
    "claim: |+\n  kept\n\n",                             # a literal text keeping its blank lines
    "claim: >\n  further\n   in\n",                       # a folded text whose lines are not lined up
    "facts: [a, [b]]\n",                                 # a list in brackets within another
    "a: &x 1\nb: *x\n",                                  # an anchor and an alias
    "quote: \"a line\\nbreak\"\n",                       # an escape YAML turns into another character
    "quote: \"never closed\n",
    "id: a\nid: b\n",                                    # a key twice: libyaml's reading says where
    "on: x\n",                                           # a key YAML reads as true
    "id:\ta\n",
    "id: a\r\nb: c\r\n",
    "\ufeffid: a\n",
    "id: a\x85b\n",
    "-\n  id: a\n",
    "- - a\n",
    "key: value: more\n",
    "id: a\n- id: b\n",                                 # a list item where an entry's field belongs
    "just a text\n",
    "".join(" " * depth + "k:\n" for depth in range(MAX_DEPTH + 1)) + " " * (MAX_DEPTH + 1) + "k: v\n",
    # as deep, every other level an entry opened on its list item's line
    "a:\n" + "".join(" " * (2 * i) + "- b:\n" for i in range(MAX_DEPTH // 2 - 1)) + " " * (MAX_DEPTH - 2) + "- b: v\n",
])
def test_what_it_does_not_read_it_leaves_to_libyaml(text):
    assert read_block_yaml(text) is DECLINED


def test_a_file_nested_just_within_the_limit_is_read_quickly():
    text = "a:\n" + "".join(" " * (2 * i) + "- b:\n" for i in range(MAX_DEPTH // 2 - 2)) + " " * (MAX_DEPTH - 4) + "- b: v\n"
    assert read_block_yaml(text) is not DECLINED
    assert outcome(load_yaml, text) == outcome(read_with_libyaml, text)


TEXT_KEYS = st.sampled_from(["id", "quote", "source", "a-b", "_x", "y", "order"])
KEYS = st.one_of(TEXT_KEYS, TEXT_KEYS, TEXT_KEYS, st.sampled_from(["on", "True", "null"]))   # keys YAML reads as text, and not
READABLE = st.sampled_from([   # values it reads
    "plain words", "plain # comment", "C#", "a:b", "http://x.org/a?b=c", "word ", "Ünïcode", "中文", "a  b", "x ,y",
    '"double"', '"a \\" b"', '"a \\\\ b"', '"a\\/b"', '"closed" # c', "'single'", "'it''s'", "'a' #c", "''", '""',
    "2021-06-30", "2019-02-30", "0", "2021", "~", "null", "Null", "yes", "No", "off", "{a: b}", "{ id: x,  title: A b }", "[a, b]", '[x, "y, z"]',
])
OTHERS = st.sampled_from([   # values it leaves to libyaml, some of them errors
    "a: b", "a:", '"a\\tb"', '"closed"x', '"open', "'it's'", "-12", "=", "<<", "#c", "[a, [b]]", "[]", "{a: b, a: c}",
    "{a: 'b'}", "{a: b}x", "{}", "{a: 1:2}", "{on: b}", "&a x", "*a", "!!str 1", "|", ">", "-", "- x", "? x", "%x", "@x",
    "`x", "2001-12-14 21:59:43", "1_000", "190:20:30", "1.5", ".inf", ".nan", "+1", "012", "0x1F", "2019 protests",
])
VALUES = st.one_of(READABLE, READABLE, READABLE, OTHERS)
SCALARS = st.builds(lambda value, after: value + after, VALUES, st.sampled_from(["", "   ", "  # note"]))


def trees(scalars, keys):
    """Values, lists of trees and lists of (key, tree) fields, as `block` writes them."""
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3), st.lists(st.tuples(keys, inner), min_size=1, max_size=3)),
        max_leaves=8)


def block(tree, indent: int, step: int, indentless: bool) -> list[str]:
    """Write `tree` as block YAML lines at `indent`: a list of items, a list of (key, value) fields or a value."""
    if isinstance(tree, str):
        return [" " * indent + tree]
    lines = []
    for item in tree:
        key, value = item if isinstance(item, tuple) else (None, item)
        opening = " " * indent + (f"{key}:" if key is not None else "-")
        if isinstance(value, str):
            lines.append(f"{opening} {value}")
            continue
        lines.append(opening)
        nested = isinstance(value[0], tuple) or value[0] is None
        inner = indent if key is not None and not nested and indentless else indent + step
        lines += block(value, inner, step, indentless)
    return [line.rstrip(" ") for line in lines]


def joined_items(lines: list[str]) -> list[str]:
    """Put each entry that opens a list item on the item's line ("-" then "  id: a" as "- id: a")."""
    out = []
    for line in lines:
        if out and out[-1].strip() == "-" and len(line) - len(line.lstrip()) == len(out[-1]) + 1:
            out[-1] = out[-1] + " " + line.lstrip()
        else:
            out.append(line)
    return out


@settings(max_examples=500, deadline=None)
@given(trees(SCALARS, KEYS), st.sampled_from([1, 2, 4]), st.booleans(), st.booleans(),
       st.lists(st.tuples(st.integers(0, 20), st.sampled_from([-2, -1, 1, 2, "#", ""])), max_size=2))
def test_any_block_text_reads_as_libyaml_reads_it(tree, step, indentless, join, changes):
    lines = block(tree, 0, step, indentless)
    lines = joined_items(lines) if join and step == 2 else lines
    for where, change in changes:   # a line put out of place, commented out or blank
        k = where % len(lines)
        lines[k] = ("" if change == "" else "# " + lines[k]) if isinstance(change, str) else \
            " " * max(0, len(lines[k]) - len(lines[k].lstrip()) + change) + lines[k].lstrip()
    text = "\n".join(lines) + "\n"
    if read_block_yaml(text) is not DECLINED:   # else libyaml reads it, as load_yaml itself then does
        assert outcome(read_block_yaml, text) == outcome(read_with_libyaml, text)


# Lists of entries of fields, as fact files are: every one of them is the quick reader's to read.
ENTRIES = st.lists(st.lists(st.tuples(TEXT_KEYS, st.one_of(READABLE, st.lists(READABLE, min_size=1, max_size=2),
                                                            st.lists(st.lists(st.tuples(TEXT_KEYS, READABLE),
                                                                              min_size=1, max_size=2),
                                                                     min_size=1, max_size=2))),
                                unique_by=lambda field: field[0], min_size=1, max_size=4), min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(ENTRIES, st.booleans())
def test_every_list_of_entries_is_read_quickly_as_libyaml_reads_it(entries, indentless):
    entries = [[(key, [list(dict(fields).items()) if isinstance(fields, list) else fields for fields in value]
                 if isinstance(value, list) else value) for key, value in entry] for entry in entries]
    text = "\n".join(joined_items(block(entries, 0, 2, indentless))) + "\n"
    assert read_block_yaml(text) is not DECLINED
    assert outcome(load_yaml, text) == outcome(read_with_libyaml, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["id", "quote", "topic"]),
                          st.text(st.one_of(st.sampled_from("\"'\\/#: -x"), st.characters(blacklist_categories=("Cs",))), max_size=12)),
                min_size=1, max_size=4))
def test_any_text_in_quotes_or_plain_reads_as_libyaml_reads_it(fields):
    for quote in ('"', "'", ""):
        text = "- " + "\n  ".join(f"{key}: {quote}{value}{quote}" for key, value in fields) + "\n"
        if read_block_yaml(text) is not DECLINED:
            assert outcome(read_block_yaml, text) == outcome(read_with_libyaml, text)


SITE = """\
title: Why it closed
description: >-
  An explainer on why the offices closed,
  with every claim quoted from its source.
note: |
  first line
  second line: with a colon # and no comment

topics:
  - {id: law, title: The law}
  - { id: closure,  title: The closure }
timeline_start: 2019
"""


def test_a_settings_file_of_folded_texts_and_entries_in_braces_is_read_quickly_as_libyaml_reads_it():
    assert read_block_yaml(SITE) is not DECLINED
    assert outcome(load_yaml, SITE) == outcome(read_with_libyaml, SITE)
    settings = load_yaml(SITE)
    assert settings["description"] == "An explainer on why the offices closed, with every claim quoted from its source."
    assert settings["note"] == "first line\nsecond line: with a colon # and no comment\n"
    assert settings["topics"][1] == {"id": "closure", "title": "The closure"}
    assert (settings["topics"][1].line, settings["topics"][1].key_lines["title"], settings.key_lines["topics"]) == (11, 11, 9)


# Lines a folded or literal text may hold, some of which YAML reads otherwise than as they stand.
TEXT_LINES = st.lists(st.sampled_from([
    "words", "more words", "- a dash", "key: value", "# hash", "a # b", "", " ", "trailing ", "x:", "'quoted'", "{a: b}",
]), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([">", ">-", "|", "|-", ">+", "|2", "> # c"]), TEXT_LINES, st.lists(st.integers(0, 3), min_size=4,
       max_size=4), st.booleans(), st.sampled_from(["", "\n", "\n\n", "\nnext: x\n", "\n# c\nnext: x\n", "\n - y\n"]))
def test_any_text_below_its_key_reads_as_libyaml_reads_it(style, lines, indents, in_a_list, after):
    """A folded or literal text, as a field of an entry or of a list item's entry, its lines
    indented this way and that: read as libyaml reads it, or left to it."""
    opening, indent = ("- id: a\n  text: ", 2) if in_a_list else ("text: ", 0)
    body = "\n".join(" " * (indent + 1 + step) + line if line else "" for line, step in zip(lines, indents))
    text = opening + style + "\n" + body + after
    if read_block_yaml(text) is not DECLINED:
        assert outcome(read_block_yaml, text) == outcome(read_with_libyaml, text)


def test_a_folded_text_of_lines_lined_up_is_read_quickly():
    for style in (">", ">-", "|", "|-"):
        text = f"- id: a\n  text: {style}\n   one\n   two\n- id: b\n"
        assert read_block_yaml(text) is not DECLINED
        assert outcome(load_yaml, text) == outcome(read_with_libyaml, text)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text("0123456789_.:+-eExXabfoTtZ ", min_size=1, max_size=14),
                 st.from_regex(r"[+]?[0-9]{1,4}([-:._][0-9]{1,2}){0,5}[ Tt]?[0-9:.Z+-]{0,8}", fullmatch=True)))
def test_a_value_like_a_number_or_a_time_reads_as_libyaml_reads_it(value):
    """What YAML takes for a number, a day or a time and what it takes for text ('000_a1.txt', '2019 protests')."""
    text = f"- id: a\n  value: {value}\n"
    if read_block_yaml(text) is not DECLINED:
        assert outcome(read_block_yaml, text) == outcome(read_with_libyaml, text)


def test_a_text_that_starts_with_digits_is_read_quickly():
    for value in ("000_a0887d1137a917e7.txt", "2019 protests", "2021-1-5", "30 staff", "1.2.3"):
        text = f"seed: {value}\n"
        assert read_block_yaml(text) == {"seed": value}
        assert outcome(load_yaml, text) == outcome(read_with_libyaml, text)


FLOW_VALUES = st.sampled_from([
    "law", "The law", "a-b", "2019", "2021-10-25", "yes", "null", "x y  z", '"a, b: c"', '"say \\"no\\""', "'it''s'",
    "'a, b'", '"# not a comment"', "a #b", "a:b", "[a]", "-x", "", '"open', "'open", "b c:", "{x: y}", "*a", "&a b",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(KEYS, FLOW_VALUES, st.sampled_from(["", " ", "  "])), min_size=1, max_size=4),
       st.sampled_from(["", " ", "  # note", ",", "x", " }"]), st.booleans())
def test_any_entry_in_braces_reads_as_libyaml_reads_it(fields, after, as_field):
    inner = ", ".join(f"{space}{key}: {value}{space}" for key, value, space in fields)
    entry = "{" + inner + "}" + after
    text = f"settings:\n  topic: {entry}\n" if as_field else f"- {entry}\n- {{id: b}}\n"
    if read_block_yaml(text) is not DECLINED:
        assert outcome(read_block_yaml, text) == outcome(read_with_libyaml, text)


def test_an_entry_in_braces_with_quoted_values_is_read_quickly():
    text = '- {source: scmp, quote: "Beijing imposed the law, it said: \\"in June\\""}\n'
    assert read_block_yaml(text) == [{"source": "scmp", "quote": 'Beijing imposed the law, it said: "in June"'}]
    assert outcome(load_yaml, text) == outcome(read_with_libyaml, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(FLOW_VALUES, st.sampled_from(["", " ", "  "])), min_size=1, max_size=4),
       st.sampled_from(["", " ", "  # note", ",", "x", " ]"]))
def test_any_list_in_brackets_reads_as_libyaml_reads_it(items, after):
    text = "facts: [" + ",".join(f"{space}{value}{space}" for value, space in items) + "]" + after + "\nnext: x\n"
    if read_block_yaml(text) is not DECLINED:
        assert outcome(read_block_yaml, text) == outcome(read_with_libyaml, text)


@pytest.mark.parametrize("text", [
    "b:\n  a: |\n    x\n  \n    # c\n",          # a line of spaces, then a line of the text that looks like a comment
    "- claim: >\n    one\n \n    two\n",
    "a: >-\n  one\n   \n",
])
def test_a_line_of_spaces_within_a_folded_text_is_read_as_libyaml_reads_it(text):
    assert outcome(load_yaml, text) == outcome(read_with_libyaml, text)


def test_a_long_run_of_spaces_in_brackets_is_read_in_one_pass():
    """Read as libyaml reads it: a pattern that tried the spaces again at each of them took minutes."""
    for text in ("k: [a" + " " * 100_000 + "x]\n", "k: {a: b" + " " * 100_000 + "}\n", "k: [a" + " " * 100_000 + ":]\n"):
        assert outcome(load_yaml, text) == outcome(read_with_libyaml, text)

