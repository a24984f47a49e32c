"""What is made on first use and then kept: an attribute, and a regular expression."""

from __future__ import annotations

import re
import sys


class cached_property:  # noqa: N801 (named as the functools one it stands in for)
    """Compute an attribute once per instance, then keep it in the instance's __dict__.

    Before Python 3.12, functools.cached_property takes one lock, shared by
    every instance of the class, around each first computation. A build
    computes some 60,000 such attributes in one thread (every block of every
    seed is tried as byline, date, title and paragraph), and the lock cost a
    few percent of the whole build's time. Python 3.12 dropped the lock too.
    Works on frozen records: it writes to __dict__, not through __setattr__.
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


class regex:  # noqa: N801 (used where re.compile was, and named as plainly)
    """A regular expression compiled when it is first used, as `re.compile(pattern, flags)` compiles it.

    The engine's modules hold some 180 patterns. Compiled as each module is
    imported, they were a sixth of a build of a small site, interpreter start
    included, and such a build uses fewer than half of them: one of text
    seeds never reads a style sheet, a web page's furniture or a PDF. Once
    compiled, the pattern's methods are kept on this object, so that a call
    then costs what the compiled pattern's own call does.
    """

    _KEPT = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "scanner",
             "pattern", "flags", "groups", "groupindex")
    # Every pattern made, and where: an engine just edited is checked whole before the preview runs it.
    made: list[tuple[regex, str, int]] = []

    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)
        written = sys._getframe(1)
        regex.made.append((self, written.f_code.co_filename, written.f_lineno))

    def __getattr__(self, name: str):   # asked only for what this object does not hold yet
        if name.startswith("__") or name == "_source":
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for kept in self._KEPT:
            setattr(self, kept, getattr(compiled, kept))
        return getattr(compiled, name)


class PatternError(SyntaxError):
    """A regular expression of the engine that does not compile, named where it is written."""


def compile_all() -> None:
    """Compile every pattern made so far; raise PatternError, naming the first that does not compile."""
    for pattern, filename, line in regex.made:
        try:
            pattern.pattern
        except re.error as err:
            raise PatternError(f"the regular expression does not compile: {err}", (filename, line, None, None)) from None
