"""Dates as precise as the sources give them: a year, a month or a day."""

from __future__ import annotations

import datetime
import re

from .lazy import regex
from .record import record

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
# The words that mark a date as that of a change, not of publication: "Updated 26 Oct", "Mis à jour le".
CHANGE_WORDS = r"(?:last )?(?:updated|modified)|mis à jour|modifié"
_MONTH_NAMES = ("January February March April May June July August September October "
                "November December").split()
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_PATTERNS = [
    (regex(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (regex(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b"), ("d", "m", "y")),
    (regex(rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\.? ({_MONTH})\.?,? (\d{{4}})\b", re.I), ("d", "M", "y")),
    (regex(rf"\b({_MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b", re.I), ("M", "d", "y")),
    (regex(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), ("y", "m", "d")),   # Chinese and Japanese
]


@record(frozen=True, order=True)
class PartialDate:
    """A calendar date of which the month and day may be unknown."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def text(self) -> str:
        """Return the date as a reader writes it: 30 June 2020, June 2020, 2020."""
        if self.day:
            return f"{self.day} {_MONTH_NAMES[self.month - 1]} {self.year}"
        if self.month:
            return f"{_MONTH_NAMES[self.month - 1]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso

    @property
    def to_come(self) -> bool:
        """Whether the date is still to come, as no date of an article or an event reported can be."""
        return self.iso > datetime.date.today().isoformat()[:len(self.iso)]


def parse_iso(value) -> PartialDate:
    """Read YYYY, YYYY-MM or YYYY-MM-DD (a string, an int or a date); raise ValueError."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(value).strip())
    if not match:
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '{value}'")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    try:
        return _checked(year, month, day)
    except ValueError as err:
        raise ValueError(f"'{match.group(0)}' is not a real date ({err})") from None


def find_date(text: str) -> PartialDate | None:
    """Return the first full calendar date written in `text`, in English, French or digits."""
    found = find_date_at(text)
    return found[2] if found else None


def find_date_at(text: str) -> tuple[int, int, PartialDate] | None:
    """Return where in `text` its first full calendar date starts and ends, and the date."""
    found = []
    for pattern, order in _PATTERNS:
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups()))
            month = MONTHS.get(parts["M"].lower()) if "M" in parts else int(parts["m"])
            try:
                found.append((match.start(), match.end(), _checked(int(parts["y"]), month, int(parts["d"]))))
            except ValueError:
                continue
    return min(found) if found else None


def _checked(year: int, month: int, day: int) -> PartialDate:
    """Build a PartialDate, refusing a day, month or year that does not exist."""
    if not year:   # the calendar goes from 1 BC to AD 1; Python's dates, and so the timeline, start at 1
        raise ValueError("there is no year 0")
    if month and not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    if day:
        datetime.date(year, month, day)  # raises ValueError for 31 June and the like
    return PartialDate(year, month, day)
