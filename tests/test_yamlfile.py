"""YAML files read into lined dicts and lists hold exactly what PyYAML's safe loader reads."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from conftest import run_build
from explainer.ingest import split_articles
from explainer.lined import line_of
from explainer.yamlfile import parse_yaml

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
    # A quote left open runs on to the next '"', which YAML takes for its close: the slip is where it opened.
    ('- id: x\n  quote: "Amnesty, which established its presence\n\n- id: y\n  quote: "Beijing imposed"\n', 2,
     'YAML syntax error: the text in double quotes opened on this line is not closed on it, and runs on to the '
     '" on line 5; add the closing " on this line'),
    ('- id: x\n  quote: "Amnesty, which established its presence\n', 2,
     "YAML syntax error: a quoted text is never closed (missing closing quote)"),
    ("- id: x\n  quote: 'Amnesty, which established\n  topic: law\n", 2,
     "YAML syntax error: a quoted text is never closed (missing closing quote)"),
    # The slips editors make, in words they understand, at the line to fix.
    ("- id: a\n  claim: In 2019: Hong Kong saw protests.\n", 2, "YAML syntax error: this value holds ': ', which "
     "YAML reads as the start of another field: put the whole text in double quotes (or fix the indentation)"),
    ('- id: a\n  claim: "The \\(law\\) took effect."\n', 2, "YAML syntax error: a backslash in double quotes starts "
     "an escape, and this one is none: write \\\\ for a backslash, or put the text in single quotes"),
    ("- id: a\n  label: - Mass\n", 2,
     "YAML syntax error: a value cannot start with '- ', which YAML reads as a list: put the text in quotes"),
    ("- id: a\n  label: &a x\n  b: &a y\n", 3,
     "YAML syntax error: a value cannot start with '&', which YAML reads as an anchor: put the text in quotes"),
    ("- id: a\n  label: *nope\n", 2,
     "YAML syntax error: a value cannot start with '*', which YAML reads as an alias: put the text in quotes"),
    ("- id: a\n  topic law\n  claim: Something.\n", 2, "YAML syntax error: a line is missing its ':' or is indented wrongly"),
    ("- id: a\n  topic: law\n  label:The label\n  claim: x\n", 3,
     "YAML syntax error: a line is missing the space after its ':' (write 'key: value')"),
    ("- id: a\n  topic: law\n- id b\n  topic: law\n", 3, "YAML syntax error: a line is missing its ':' or is indented wrongly"),
    ("- id: a\n  claim: **In 2019** it began\n", 2,
     "YAML syntax error: a value cannot start with '*', which YAML reads as an alias: put the text in quotes"),
])
def test_impossible_documents_are_problems(document, line, message):
    data, problem = parse_yaml(document, "bad.yaml")
    assert data is None and (problem.line, problem.message) == (line, message)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_unicode_line_separator_is_a_space_and_moves_no_line(separator):
    # YAML 1.1 breaks lines there, where an editor shows none: the plain value was an error, and
    # an error further down was reported a line too far on.
    assert parse_yaml(f"claim: one{separator}two\nquote: \"a{separator}b\"\n", "f.yaml") == (
        {"claim": "one two", "quote": "a b"}, None)
    data, problem = parse_yaml(f"claim: one{separator}two\nfacts: [a, b\n", "f.yaml")
    assert (problem.line, problem.message) == (2, "YAML syntax error: a list opened with '[' is never closed with ']' "
                                                  "(or a ',' is missing between its items)")


def test_what_looks_like_a_date_but_is_none_is_the_text_it_is():
    # For the field that reads it to say what is wrong with it, and which field it is.
    data, problem = parse_yaml("day: 2019-02-30\nlist: [1]\n", "odd.yaml")
    assert problem is None and data["day"] == "2019-02-30"


def test_aliases_that_would_expand_to_billions_of_values_are_refused_at_once():
    lines = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for name, inner in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{inner}"] * 9) + "]")   # 9 ** 9 values in all
    data, problem = parse_yaml("\n".join(lines) + "\nall: *i\n", "laughs.yaml")
    assert data is None and problem.path == "laughs.yaml"
    assert "more than 200000 values once its aliases (*name) are expanded" in problem.message


@pytest.mark.parametrize("text", ["[" * 50000 + "]" * 50000, "- " * 50000 + "x", "x: " + "{a: " * 50000 + "}" * 50000,
                                  "---\nx: " + "[" * 50000 + "]" * 50000 + "\n---\n# Headline\n\nText.\n"])
def test_values_nested_far_too_deep_never_crash_the_process(text):
    # libyaml builds values by recursion in C: 50,000 levels crashed the process, with no message at all.
    # In a process of its own, so that a crash is a failure of this test and not of the run.
    script = ("import sys; from explainer.yamlfile import parse_yaml; from explainer.ingest import split_articles\n"
              "text = sys.stdin.read()\n"
              "print(split_articles(text)[0].paragraphs[-1].text if text.startswith('---') "
              "else parse_yaml(text, 'deep.yaml')[1].message)")
    done = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in ("values are nested more than 100 levels deep", "Text.")


@pytest.mark.parametrize("levels", [150, 5000])   # below and above the thousand libyaml's scanner refuses itself
def test_values_nested_too_deep_are_a_problem_not_a_crash(levels):
    data, problem = parse_yaml("id: x\nclaim: " + "[" * levels + "]" * levels + "\n", "deep.yaml")
    assert data is None and (problem.line, problem.message) == (2, "values are nested more than 100 levels deep")
    data, problem = parse_yaml("claim: " + "[" * 50 + "x" + "]" * 50 + "\n", "fine.yaml")
    assert problem is None


def test_a_merged_key_may_be_overridden_and_keeps_the_line_it_was_written_on():
    document = "- &base\n  id: first\n  claim: Said once.\n- <<: *base\n  id: second\n"
    data, problem = parse_yaml(document, "merge.yaml")
    assert problem is None and plain(data) == yaml.safe_load(document)
    assert data[1] == {"id": "second", "claim": "Said once."}
    assert line_of(data[1], "id") == 5 and line_of(data[1], "claim") == 3


def test_merges_count_towards_the_values_a_file_may_hold():
    base = "- &base {" + ", ".join(f"k{i}: {i}" for i in range(500)) + "}\n"
    started = time.perf_counter()
    data, problem = parse_yaml(base + "- {<<: *base}\n" * 500, "merges.yaml")   # 250,000 values once merged
    assert data is None and "more than 200000 values once its aliases (*name) are expanded" in problem.message
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("document, message", [
    ("date: !!timestamp nope\n", "'nope' is not a real date"),
    ("date: !!timestamp 2020\n", "'2020' is not a real date"),
    ("order: !!int ''\n", "'' is not a whole number"),
    ("order: !!int abc\n", "'abc' is not a whole number"),
    ("order: !!float x\n", "'x' is not a number"),
    ("coverage: !!bool maybe\n", "'maybe' is not true or false"),
    ("claim: !!binary aGVsbG8=\n", "the tag !!binary is not one this site reads: remove it"),
    ("claim: !!python/name:os.system x\n", "the tag !!python/name:os.system is not one this site reads: remove it"),
    ("claim: !local x\n", "the tag !local is not one this site reads: remove it"),
    ("claim: !!set {a, b}\n", "the tag !!set is not one this site reads: write a plain list or entry"),
    ("claim: !!omap [{a: 1}]\n", "the tag !!omap is not one this site reads: write a plain list or entry"),
    ("claim: !!python/object/apply:os.system [ls]\n",
     "the tag !!python/object/apply:os.system is not one this site reads: write a plain list or entry"),
    ("claim: =\n", "'=' alone is not a value: put it in quotes"),
    ("<<: 5\n", "'<<' merges in an entry (<<: *name) or a list of entries (<<: [*one, *two])"),
])
def test_explicit_tags_are_problems_on_their_line_not_crashes(document, message):
    data, problem = parse_yaml("id: x\n" + document, "tags.yaml")
    assert data is None and (problem.line, problem.message) == (2, message)


def test_build_reports_a_bad_tag_as_a_line_of_the_file(project):
    law = project / "content/facts/law.yaml"
    law.write_text(law.read_text().replace("  date: 2020-06-30\n", "  date: !!timestamp nope\n", 1))
    result = run_build(project)
    line = law.read_text().splitlines().index("  date: !!timestamp nope") + 1
    assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert f"content/facts/law.yaml:{line}: 'nope' is not a real date" in result.stderr.splitlines()
    assert not (project / "dist").exists()


def test_build_takes_a_merge_that_overrides_a_key(project):
    law = project / "content/facts/law.yaml"
    text = law.read_text().replace("- id: nsl-in-force\n", "- &base\n  id: nsl-in-force\n", 1)
    law.write_text(text + "\n- <<: *base\n  id: nsl-in-force-again\n  label: Again\n")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "nsl-in-force-again" in (project / "dist/timeline/index.html").read_text()


def test_build_refuses_a_file_that_merges_past_the_limit_in_one_line(project):
    base = "- &base {" + ", ".join(f"k{i}: {i}" for i in range(500)) + "}\n"
    (project / "content/facts/merges.yaml").write_text(base + "- {<<: *base}\n" * 500)
    result = run_build(project)
    assert result.returncode == 1
    first, *rest = result.stderr.splitlines()
    assert first.startswith("content/facts/merges.yaml:1: the file holds more than 200000 values once its aliases")
    assert not [line for line in rest if line.startswith("content/")] and not (project / "dist").exists()


def test_a_seed_whose_front_matter_is_an_alias_bomb_is_read_as_text(project):
    lines = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for name, inner in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{inner}"] * 9) + "]")   # 9 ** 9 values in all
    front = "\n".join(lines) + "\ndate: *i\ntitle: A bomb\n"
    seed = project / "seeds/950_bomb.md"
    seed.write_text(f"---\n{front}---\n\n# A bomb\n\nBy Ann Lee\n\nSome words of an article.\n")
    started = time.perf_counter()
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert time.perf_counter() - started < 60
    [article] = split_articles(seed.read_text())
    assert article.date is None and article.title == "A bomb"
