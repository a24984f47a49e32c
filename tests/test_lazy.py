"""What is made on first use: the cached attribute records use, computed once per instance even on
a frozen dataclass; and the engine's regular expressions, compiled when first used."""

import importlib
import pickle
import pkgutil
import re
import sys
from dataclasses import dataclass

import pytest

import explainer
from explainer.lazy import PatternError, cached_property, compile_all, regex

calls = []


@dataclass(frozen=True)
class Words:
    text: str

    @cached_property
    def count(self) -> int:
        """How many words."""
        calls.append(self.text)
        return len(self.text.split())


def test_computed_once_per_instance_and_kept_on_a_frozen_dataclass():
    calls.clear()
    first, second = Words("a b c"), Words("d e")
    assert (first.count, first.count, second.count, first.count) == (3, 3, 2, 3)
    assert calls == ["a b c", "d e"]


def test_kept_values_leave_equality_and_hashing_alone_and_survive_pickling():
    computed, fresh = Words("a b"), Words("a b")
    assert computed.count == 2
    assert computed == fresh and hash(computed) == hash(fresh)
    assert pickle.loads(pickle.dumps(computed)).count == 2


def test_read_on_the_class_it_is_the_descriptor_with_its_documentation():
    assert isinstance(Words.count, cached_property)
    assert Words.count.__doc__ == "How many words."


def _patterns_in(value, depth=0):
    if isinstance(value, regex):
        yield value
    elif isinstance(value, (tuple, list, frozenset, set)) and depth < 3:
        for item in value:
            yield from _patterns_in(item, depth + 1)
    elif isinstance(value, dict) and depth < 3:
        for item in (*value.keys(), *value.values()):
            yield from _patterns_in(item, depth + 1)


MODULES = sorted(name for _, name, _ in pkgutil.iter_modules(explainer.__path__))


@pytest.mark.parametrize("name", MODULES)
def test_every_pattern_of_the_engine_compiles(name):
    """A pattern is compiled when first used: one a build seldom needs (a PDF's, an email's) would
    otherwise fail in an editor's build rather than here."""
    module = importlib.import_module(f"explainer.{name}")
    for value in vars(module).values():
        for pattern in _patterns_in(value):
            assert isinstance(pattern.pattern, (str, bytes))   # compiles it, or raises re.error


def test_the_engine_holds_the_patterns_it_compiles_lazily():
    """The test above looks at something: the modules' patterns are found where they are kept."""
    from explainer import dates, ingest
    assert len([p for value in vars(ingest).values() for p in _patterns_in(value)]) > 30
    assert len(list(_patterns_in(dates._PATTERNS))) == 5   # in a list of (pattern, order) pairs


def test_a_pattern_is_compiled_when_first_used_and_matches_as_compiled(made_here):
    pattern = regex(r"(?P<word>[a-z]+) (\d+)", re.I)
    assert "search" not in vars(pattern)   # nothing compiled yet
    found = pattern.search("-- Page 12 --")
    assert found.group("word", 2) == ("Page", "12")
    assert "search" in vars(pattern)   # kept: the next call goes straight to the compiled pattern
    assert pattern.sub("#", "a 1, b 2") == "#, #"
    assert (pattern.groups, pattern.groupindex, pattern.flags & re.I) == (2, {"word": 1}, re.I)


@pytest.fixture
def made_here(monkeypatch):
    """Patterns this test makes are forgotten after it: every later check of the engine would find them."""
    monkeypatch.setattr(regex, "made", list(regex.made))


def test_a_broken_pattern_fails_where_it_is_used(made_here):
    with pytest.raises(re.error):
        regex("(unclosed").search("text")


def test_checking_the_engine_names_where_a_broken_pattern_is_written(made_here):
    """What the preview runs on an edited engine before it restarts on it (see serve._CHECK_ENGINE)."""
    compile_all()   # every pattern of the engine imported so far compiles
    line = sys._getframe().f_lineno + 1
    regex("(unclosed")
    with pytest.raises(PatternError) as raised:
        compile_all()
    assert (raised.value.filename, raised.value.lineno) == (__file__, line)
    assert "does not compile" in raised.value.msg
