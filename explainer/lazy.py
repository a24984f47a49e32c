"""An attribute computed on first use and then kept, as functools.cached_property, without its lock."""

from __future__ import annotations


class cached_property:  # noqa: N801 (named as the functools one it stands in for)
    """Compute an attribute once per instance, then keep it in the instance's __dict__.

    Before Python 3.12, functools.cached_property takes one lock, shared by
    every instance of the class, around each first computation. A build
    computes some 60,000 such attributes in one thread (every block of every
    seed is tried as byline, date, title and paragraph), and the lock cost a
    few percent of the whole build's time. Python 3.12 dropped the lock too.
    Works on frozen dataclasses: it writes to __dict__, not through __setattr__.
    """

    def __init__(self, function):
        self.function, self.name = function, function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        # Kept in the instance's own __dict__, it is found there before this (a non-data descriptor) is asked.
        value = instance.__dict__[self.name] = self.function(instance)
        return value
