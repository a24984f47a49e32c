"""YAML files read into lined dicts and lists hold exactly what PyYAML's safe loader reads."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, strategies as st

from explainer.yamlfile import line_of, parse_yaml

TYPED = """\
texts: [plain, 'quoted', "double", '123', "true", '', =x, <<x]
bools: [yes, No, ON, off, true, False, y, n]
nulls: [~, null, Null, NULL, '']
numbers: [0, -12, +3, 1_000, 0x1F, 0o17, 0b101, 190:20:30, 1.5, -.5, 1e3, .inf, -.Inf]
dates: [2019-02-28, 2001-12-14t21:59:43.10-05:00, 2020-01-01 10:00:00]
tagged: [!!str 123, !!int '42', !!float 1, !!null '', !!bool yes]
merged:
  <<: {a: 1, b: 2}
  c: 3
1: number key
"""


def plain(value):
    """Drop the lines, keeping what the safe loader would give."""
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def test_typed_scalars_are_read_as_the_safe_loader_reads_them():
    data, problem = parse_yaml(TYPED, "typed.yaml")
    assert problem is None
    assert plain(data) == yaml.safe_load(TYPED)
    assert line_of(data, "dates") == 5 and line_of(data["merged"], "c") == 9


@given(st.text(alphabet="yYnNtTfFoO0123456789.:-+_~eE xabl", max_size=12))
def test_any_plain_scalar_has_the_safe_loaders_type(text):
    document = f"value: {text}\n"
    try:
        expected = yaml.safe_load(document)
    except (yaml.YAMLError, ValueError):
        return
    data, problem = parse_yaml(document, "one.yaml")
    assert problem is None
    got, want = data["value"], expected["value"]
    assert type(got) is type(want)
    assert got == want or (isinstance(got, float) and math.isnan(got) and math.isnan(want))


@pytest.mark.parametrize("document, line, message", [
    ("- &loop [*loop]\n", 1, "an alias (*name) refers to the entry that contains it"),
    ("a: 1\nb: 2\na: 3\n", 3, "the key 'a' appears twice in one entry"),
    ("day: 2019-02-30\n", 1, "'2019-02-30' is not a real date (day is out of range for month)"),
    ("a:\n\t- b\n", 2, "YAML syntax error: a tab character; indent with spaces, not tabs"),
    ("a: 1\nb: @x\n", 2, "YAML syntax error: a value cannot start with '@'; put the text in quotes"),
    ("- id: x\n  claim: [a, b\n  topic: c\n", 2,
     "YAML syntax error: a list opened with '[' is never closed with ']' (or a ',' is missing between its items)"),
    ('- id: x\n  quote: "He called it "the end" of an era"\n', 2,
     "YAML syntax error: text follows the closing \" of this value: put a text that holds double quotes in "
     "single quotes ('He called it \"the end\"'), doubling any ' inside it"),
    ("- id: x\n  claim: [Updated] text\n", 2,
     "YAML syntax error: a value starting with '[' is read as a list or an entry: put the whole text in quotes"),
    ("- id: x\n  claim: {a: b\n  topic: c\n", 2,
     "YAML syntax error: an entry opened with '{' is never closed with '}' (or a ',' is missing between its fields)"),
])
def test_impossible_documents_are_problems(document, line, message):
    data, problem = parse_yaml(document, "bad.yaml")
    assert data is None and (problem.line, problem.message) == (line, message)


def test_aliases_that_would_expand_to_billions_of_values_are_refused_at_once():
    lines = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for name, inner in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{inner}"] * 9) + "]")   # 9 ** 9 values in all
    data, problem = parse_yaml("\n".join(lines) + "\nall: *i\n", "laughs.yaml")
    assert data is None and problem.path == "laughs.yaml"
    assert "more than 200000 values once its aliases (*name) are expanded" in problem.message


def test_values_nested_too_deep_are_a_problem_not_a_crash():
    data, problem = parse_yaml("claim: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")
    assert data is None and (problem.line, problem.message) == (1, "values are nested more than 100 levels deep")
    data, problem = parse_yaml("claim: " + "[" * 50 + "x" + "]" * 50 + "\n", "fine.yaml")
    assert problem is None
