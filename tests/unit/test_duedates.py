"""Action items' dates, read as people type them, to tell what is overdue at a check-in."""

from __future__ import annotations

from datetime import date

import pytest

from srs_advisor.engine.duedates import long_date, read_due

SET_ON = date(2026, 11, 20)  # the meeting that set the dates


@pytest.mark.parametrize(
    ("typed", "day", "inferred"),
    [
        ("2027-01-15", date(2027, 1, 15), False),
        ("1/15/2027", date(2027, 1, 15), False),
        ("1/15/27", date(2027, 1, 15), False),
        ("January 15, 2027", date(2027, 1, 15), False),
        ("15 January 2027", date(2027, 1, 15), False),
        ("Friday, January 15, 2027", date(2027, 1, 15), False),
        ("by Jan. 15 2027", date(2027, 1, 15), False),
        # No year: the first such day on or after the meeting that set it.
        ("January 15", date(2027, 1, 15), True),
        ("Dec 1st", date(2026, 12, 1), True),
        ("11/25", date(2026, 11, 25), True),
        ("November 19", date(2027, 11, 19), True),
        # A month alone: its last day.
        ("end of March", date(2027, 3, 31), True),
        ("December", date(2026, 12, 31), True),
        ("February 2028", date(2028, 2, 29), True),
    ],
)
def test_a_date_as_people_type_it_is_read(typed: str, day: date, inferred: bool) -> None:
    due = read_due(typed, SET_ON)
    assert due.day == day
    assert due.inferred is inferred
    assert due.text == typed


@pytest.mark.parametrize(
    "typed", ["", "   ", "ASAP", "next week", "end of Q1", "spring", "February 30", "13/1/2027"]
)
def test_what_names_no_day_is_not_read_as_one(typed: str) -> None:
    due = read_due(typed, SET_ON)
    assert due.day is None and not due.readable
    assert due.overdue(date(2030, 1, 1)) is None  # cannot be told, rather than guessed


def test_overdue_is_judged_against_the_day_given() -> None:
    due = read_due("January 15, 2027", SET_ON)
    assert due.overdue(date(2027, 1, 16)) is True
    assert due.overdue(date(2027, 1, 15)) is False  # due that day: not yet overdue
    assert long_date(date(2027, 1, 5)) == "January 5, 2027"
