"""Problems found in the content, reported as data with their file and line."""

from __future__ import annotations


from .lazy import regex
from .record import record

# What would make one message look like several, or rewrite the terminal it is printed on: line breaks,
# escape sequences and other control characters, and the marks that reorder a line. A message names
# them by their code instead (a quote or a file name may hold anything).
_UNPRINTABLE = regex("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Return `text` with each character that cannot be printed on a line of its own written as its code."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _UNPRINTABLE.search(text) else text


@record(frozen=True, order=True)
class Problem:
    """One error or warning, located at `path:line`."""

    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{printable(self.path)}:{self.line}: {kind}{printable(self.message)}"


NOT_CITED = "is not cited by any page"   # how the warning of a fact no page cites ends


class ContentError(Exception):
    """Raised once a stage has collected errors it cannot build past."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] = ()):
        # Each once, in order: the same mistake is met many times, a template's on every page it
        # renders, a summary's on every page showing it.
        problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        # Warnings found on the way, which may say why: "unknown fact" everywhere, and a fact file not read.
        self.warnings = sorted(set(warnings))


class Problems:
    """Collect problems from every stage so they are reported together."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, path: str, line: int, message: str) -> None:
        self.items.append(Problem(path, line, message))

    def warn(self, path: str, line: int, message: str) -> None:
        self.items.append(Problem(path, line, message, warning=True))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def raise_if_errors(self) -> None:
        if self.errors:
            # But for facts no page cites: the page that cites them may be what failed to be read.
            raise ContentError(self.errors, [w for w in self.warnings if not w.message.endswith(NOT_CITED)])


def replay(made: tuple, problems: Problems):
    """Report the problems of a step made elsewhere, (result, problems found), and return its result."""
    result, found = made
    problems.items.extend(found)
    return result
