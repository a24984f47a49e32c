"""Draw the timeline as an SVG at build time: dated events on a vertical time axis.

Vertical, so it reads on a 360 px phone at full text size; each label is
pushed down below the one before when events crowd together, with a leader
line back to its true place on the axis.
"""

from __future__ import annotations

import datetime
import textwrap

from markupsafe import Markup as HTML, escape

from .dates import PartialDate
from .records import Fact

# Drawn 340 units wide, the graphic shrinks to about 328 px on a 360 px phone: its 17 px text is then
# drawn at 16 px, the site's smallest.
WIDTH, AXIS_X, LABEL_X = 340, 62, 80
LINE, GAP, TOP = 22, 10, 24
CHARS = 27          # characters per label line at 17 px in the 256 units left for labels
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)   # the years between labelled ticks


def _day(date: PartialDate) -> datetime.date:
    return datetime.date(date.year, date.month or 1, date.day or 1)


def _new_year(year: int) -> int:
    """Return the day number (date.toordinal()) of 1 January of `year`, even of the year 10000
    that closes the axis of an event in 9999, which `datetime` cannot hold."""
    before = year - 1
    return 365 * before + before // 4 - before // 100 + before // 400 + 1


def _short(date: PartialDate) -> str:
    if date.day:
        return f"{date.day} {date.text.split()[1][:3]} {date.year}"
    return date.text


def label_lines(fact: Fact) -> list[str]:
    """Return the fact's timeline label (or its claim) in at most three lines, cut at a word."""
    lines = textwrap.wrap(fact.label or fact.claim.replace("*", "").replace("_", ""), CHARS)
    if len(lines) > 3:
        lines = lines[:2] + [textwrap.shorten(lines[2] + " " + lines[3], CHARS, placeholder=" …")]
    return lines


def in_date_order(fact: Fact) -> tuple:
    """Sort dated facts by date, then id: as (fact.date, fact.id) would, but compared in C rather than
    by PartialDate's generated methods (a timeline of 400 events compared them 2,000 times a save)."""
    date = fact.date
    return date.year, date.month, date.day, fact.id


def timeline_svg(facts: list[Fact], start: PartialDate | None, title: str, anchor, lines_of=label_lines) -> HTML:
    """Return an SVG of the dated facts on or after `start`; `anchor(fact)` gives the link to each
    entry, `lines_of(fact)` its label's lines (label_lines, or the same remembered)."""
    events = sorted((f for f in facts if f.date and (start is None or f.date >= start)), key=in_date_order)
    if not events:
        return HTML("")
    first_year, last_year = events[0].date.year, events[-1].date.year + 1   # the axis ends on the next new year
    origin = _new_year(first_year)
    span = max(_new_year(last_year) - origin, 1)
    blocks = [lines_of(f) for f in events]
    length = sum((len(b) + 1) * LINE + GAP for b in blocks)

    def y(day: int) -> float:
        return TOP + (day - origin) / span * length

    parts, floor = [], TOP
    for fact, lines in zip(events, blocks):
        dot = y(_day(fact.date).toordinal())
        top = max(dot - 5, floor)
        floor = top + (len(lines) + 1) * LINE + GAP
        rows = [f'<tspan x="{LABEL_X}" dy="0" class="tl-date">{escape(_short(fact.date))}</tspan>']
        rows += [f'<tspan x="{LABEL_X}" dy="{LINE}">{escape(line)}</tspan>' for line in lines]
        parts.append(
            f'<a href="{escape(anchor(fact))}"><circle cx="{AXIS_X}" cy="{dot:.1f}" r="5" class="tl-dot"/>'
            f'<path d="M{AXIS_X + 6} {dot:.1f} L{LABEL_X - 4} {top + 9:.1f}" class="tl-lead"/>'
            f'<text y="{top + 13:.1f}">{"".join(rows)}</text></a>')
    height = max(floor, y(_new_year(last_year))) + TOP
    # Years a line apart at least: events centuries apart would otherwise draw thousands of labels in one blot.
    step = next(s for s in YEAR_STEPS if s * length / (last_year - first_year) >= LINE)
    ticks = []
    for year in range(first_year, last_year + 1):
        if year % step:
            continue
        ty = y(_new_year(year))
        ticks.append(f'<path d="M{AXIS_X - 6} {ty:.1f} H{AXIS_X}" class="tl-axis"/>'
                     f'<text x="{AXIS_X - 10}" y="{ty + 5:.1f}" text-anchor="end" class="tl-year">{year}</text>')
    description = (f"{len(events)} dated events from {events[0].date.text} to {events[-1].date.text}, "
                   "each linked to its entry in the list below, which gives them in words.")
    return HTML(
        f'<svg class="timeline-graphic" viewBox="0 0 {WIDTH} {height:.0f}" role="group" '
        f'aria-labelledby="tl-title" aria-describedby="tl-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="tl-title">{escape(title)}</title><desc id="tl-desc">{escape(description)}</desc>'
        f'<path d="M{AXIS_X} {TOP - 8} V{height - TOP + 8:.1f}" class="tl-axis"/>'
        + "".join(ticks) + "".join(parts) + "</svg>")
