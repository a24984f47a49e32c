"""The cached attribute records use: computed once per instance, even on a frozen dataclass."""

import pickle
from dataclasses import dataclass

from explainer.lazy import cached_property

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
