"""Record classes behave as the data classes they stand in for: each case is made both ways and compared."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import ClassVar

import pytest

from explainer.record import FrozenInstanceError, field, record, replace


def both(make):
    """The class `make(decorator, field)` defines, made once by dataclasses and once as a record."""
    return make(dataclasses.dataclass, dataclasses.field), make(record, field)


def _date(decorate, field):
    @decorate(frozen=True, order=True)
    class Date:
        year: int
        month: int = 0
        day: int = 0
    return Date


def _entry(decorate, field):
    @decorate(frozen=True)
    class Entry:
        """An entry with a default, a factory, and a field neither compared nor shown."""
        name: str
        tags: tuple = ()
        seen: list = field(default_factory=list)
        note: str = field(default="", compare=False, repr=False)
    return Entry


def _derived(decorate, field):
    @decorate(frozen=True)
    class Derived:
        text: str
        words: tuple = field(init=False, compare=False, repr=False)
        found: object = field(default=None, init=False, compare=False, repr=False)

        def __post_init__(self):
            object.__setattr__(self, "words", tuple(self.text.split()))
    return Derived


def _identity(decorate, field):
    @decorate(frozen=True, eq=False)
    class Same:
        value: int
    return Same


def _mutable(decorate, field):
    @decorate
    class Article:
        title: str
        paragraphs: list = field(default_factory=list)
    return Article


def _values(obj):
    return {name: getattr(obj, name) for name in vars(obj)}


@pytest.mark.parametrize("args", [(2021,), (2021, 6), (2021, 6, 30)])
def test_made_compared_ordered_hashed_and_shown_alike(args):
    dc, rec = both(_date)
    a, b = dc(*args), rec(*args)
    assert _values(a) == _values(b) and repr(a) == repr(b)
    others = [(2020,), (2021,), (2021, 6), (2021, 6, 30), (2022, 1, 1)]
    for other in others:
        x, y = dc(*other), rec(*other)
        assert (a == x, a < x, a <= x, a > x, a >= x) == (b == y, b < y, b <= y, b > y, b >= y)
    assert hash(b) == hash(rec(*args)) and b == rec(*args) and b != a   # another class is never equal
    assert sorted(rec(*o) for o in reversed(others)) == [rec(*o) for o in others]


def test_defaults_factories_and_fields_left_out_of_comparison_and_repr():
    dc, rec = both(_entry)
    for kwargs in ({"name": "a"}, {"name": "a", "tags": ("x",)}, {"name": "a", "note": "seen"}):
        a, b = dc(**kwargs), rec(**kwargs)
        assert _values(a) == _values(b) and repr(a) == repr(b)
    first, second = rec("a"), rec("a")
    assert first.seen == [] and first.seen is not second.seen   # a fresh list each time
    assert rec("a", note="one") == rec("a", note="two")          # the note is not compared
    assert "note" not in repr(rec("a", note="one"))
    with pytest.raises(TypeError):
        hash(rec("a"))   # a list among the compared values, as a data class would say


def test_fields_made_after_init_and_copies_that_make_them_again():
    dc, rec = both(_derived)
    a, b = dc("two words"), rec("two words")
    assert _values(a) == _values(b) and repr(a) == repr(b) and repr(b).endswith("Derived(text='two words')")
    with pytest.raises(TypeError):
        rec("text", words=("given",))   # not an argument
    changed = replace(b, text="three more words")
    assert changed.words == ("three", "more", "words") and changed.found is None
    assert dataclasses.replace(a, text="three more words").words == changed.words
    with pytest.raises(ValueError):
        replace(b, words=())


def test_frozen_records_refuse_changes_as_data_classes_do():
    _, rec = both(_date)
    date = rec(2021, 6, 30)
    with pytest.raises(FrozenInstanceError):
        date.year = 2020
    with pytest.raises(AttributeError):   # what code catching a data class's refusal expects
        del date.month
    assert date == rec(2021, 6, 30)


def test_records_compared_by_identity_and_mutable_ones():
    _, same = both(_identity)
    one = same(1)
    assert one != same(1) and one == one and len({one, same(1)}) == 2
    dc, rec = both(_mutable)
    article = rec("Title")
    article.paragraphs.append("text")
    article.title = "Another"
    assert _values(article) == _values(dc("Another", ["text"])) and repr(article) == repr(dc("Another", ["text"]))
    assert rec("A") == rec("A") and rec.__hash__ is None   # equal by value, so not hashable


# The classes above, made as records and named at the module's top level, where pickle looks for a class.
Date, Derived = _date(record, field), _derived(record, field)
Date.__qualname__, Derived.__qualname__ = "Date", "Derived"


def test_records_survive_pickling_and_copying():
    # The forked processes of a build send their records back pickled.
    found = Derived("a b")
    object.__setattr__(found, "found", ("where",))   # as a quote is told where it is, once looked up
    for value in (Date(2021, 6), Derived("a b"), found):
        for copied in (pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)), copy.copy(value), copy.deepcopy(value)):
            assert type(copied) is type(value) and _values(copied) == _values(value)


def test_a_missing_argument_is_refused_and_positional_order_is_the_declared_one():
    _, rec = both(_entry)
    with pytest.raises(TypeError):
        rec()
    assert rec("a", ("t",)).tags == ("t",)



def test_what_records_do_not_do_is_refused_not_done_otherwise():
    base = _date(record, field)
    with pytest.raises(TypeError, match="inherit"):
        @record(frozen=True)
        class Later(base):
            hour: int = 0
    with pytest.raises(TypeError, match="ClassVar"):
        @record(frozen=True)
        class Counted:
            count: ClassVar[int] = 0
    with pytest.raises(ValueError):
        record(order=True, eq=False)(type("Unordered", (), {"__annotations__": {"x": "int"}}))
    for make in (dataclasses.dataclass, record):   # one list shared by every record: refused, as dataclasses does
        with pytest.raises(ValueError, match="mutable default"):
            @make
            class Shared:
                items: list = []
