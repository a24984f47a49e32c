"""Dates at the ends of the calendar: refused where there is none, drawn where there is one."""

from __future__ import annotations

import re

import pytest

from conftest import run_build
from explainer.dates import PartialDate, find_date, parse_iso
from explainer.graphic import timeline_svg
from explainer.records import Fact

LAW = "content/facts/law.yaml"


def fact(id: str, date: PartialDate) -> Fact:
    return Fact(id=id, topic="law", claim=f"Something happened ({id}).", date=date, quotes=(), path=LAW, line=1)


@pytest.mark.parametrize("value, message", [
    ("0000", "'0000' is not a real date (there is no year 0)"),
    ("0000-06-30", "'0000-06-30' is not a real date (there is no year 0)"),
    ("2020-13", "'2020-13' is not a real date (there is no month 13)"),
    ("2021-02-30", "'2021-02-30' is not a real date (day is out of range for month)"),
])
def test_a_date_that_does_not_exist_is_refused_by_name(value, message):
    with pytest.raises(ValueError) as refused:
        parse_iso(value)
    assert str(refused.value) == message


def test_the_first_and_last_years_are_dates():
    assert parse_iso("0001").iso == "0001" and parse_iso("9999-12-31").text == "31 December 9999"
    assert find_date("on 1 January 0000, or on 2 January 2020") == PartialDate(2020, 1, 2)


@pytest.mark.parametrize("dates", [
    [PartialDate(2020, 6, 30), PartialDate(9999, 12, 31)],
    [PartialDate(9999)],
    [PartialDate(1), PartialDate(2020), PartialDate(9999, 12)],
])
def test_the_timeline_draws_the_ends_of_the_calendar_with_a_readable_axis(dates):
    svg = timeline_svg([fact(f"f{i}", d) for i, d in enumerate(dates)], None, "Timeline", lambda f: f"#{f.id}")
    assert svg.count("tl-dot") == len(dates)
    years = [int(y) for y in re.findall(r'class="tl-year">(\d+)<', svg)]
    assert 2 <= len(years) <= 100 and years == sorted(years)
    assert years[-1] <= dates[-1].year + 1


def test_a_fact_in_9999_builds_its_timeline(project):
    law = project / LAW
    law.write_text(law.read_text().replace("  date: 2020-06-30\n", '  date: "9999-12-31"\n', 1))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "31 Dec 9999" in (project / "dist/timeline/index.html").read_text()


def test_year_0_is_a_line_of_the_file_not_a_crash(project):
    law = project / LAW
    law.write_text(law.read_text().replace("  date: 2020-06-30\n", '  date: "0000"\n', 1))
    site = project / "content/site.yaml"
    site.write_text(re.sub(r"(?m)^timeline_start:.*\n", "", site.read_text()))
    result = run_build(project)
    line = law.read_text().splitlines().index('  date: "0000"') + 1
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert f"{LAW}:{line}: field 'date': '0000' is not a real date (there is no year 0)" in result.stderr.splitlines()
    assert not (project / "dist").exists()
