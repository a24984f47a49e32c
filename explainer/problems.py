"""Problems found in the content, reported as data with their file and line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning, located at `path:line`."""

    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}{self.message}"


class ContentError(Exception):
    """Raised once a stage has collected errors it cannot build past."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


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
            raise ContentError(sorted(self.errors))


def replay(made: tuple, problems: Problems):
    """Report the problems of a step made elsewhere, (result, problems found), and return its result."""
    result, found = made
    problems.items.extend(found)
    return result
