"""An action item's "by when", read as a date where it can be, to tell what is overdue.

People type dates as they speak ("January 15", "1/15", "end of March", "2026-01-15",
"Q2"); a check-in asks which items are overdue. Dates are read without guessing:
a date without a year is the first such day on or after the meeting that set it, and
a month alone is its last day. Each of these inferences is said beside the date
("read as ..."). Anything else ("next week", "ASAP", "spring") is not a date the
advisor can read, and is kept as typed: whether it is overdue is then not judged.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4})"
_LEAD = re.compile(
    r"^(?:(?:due|by|on|before|no later than)\s+)?"
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s+)?",
    re.IGNORECASE,
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_MONTH_DAY = re.compile(rf"^{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?$", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?$", re.IGNORECASE)
_END_OF_MONTH = re.compile(
    rf"^(?:the\s+)?(?:end\s+of\s+)?{_MONTH}(?:,?\s+{_YEAR})?$", re.IGNORECASE
)


@dataclass(frozen=True)
class DueDate:
    """A "by when" as typed, and the day it names if the advisor can read one."""

    text: str
    """As typed."""
    day: date | None = None
    """The day it names; None when it names none the advisor can read (or is empty)."""
    inferred: bool = False
    """Whether reading it took an inference (a year added, a month read as its last day)."""

    @property
    def readable(self) -> bool:
        """Whether it names a day."""
        return self.day is not None

    def overdue(self, on: date) -> bool | None:
        """Whether the day passed before `on`; None when there is no day to judge by."""
        return None if self.day is None else self.day < on


def long_date(day: date) -> str:
    """A day as American readers write it: "January 15, 2027"."""
    return f"{calendar.month_name[day.month]} {day.day}, {day.year}"


def read_due(text: str, since: date) -> DueDate:
    """`text` read as a day, a date without a year taken as the first on or after `since`.

    Args:
        text: the "by when" as typed.
        since: the day the date was set (the meeting's): a year left out is the year
            that puts the date on or after it.
    """
    cleaned = _LEAD.sub("", " ".join(text.split())).strip().rstrip(".")
    if not cleaned:
        return DueDate(text)
    found = _read(cleaned, since)
    if found is None:
        return DueDate(text)
    day, inferred = found
    return DueDate(text, day, inferred)


def _read(text: str, since: date) -> tuple[date, bool] | None:
    if match := _ISO.match(text):
        return _day(int(match[1]), int(match[2]), int(match[3]), False)
    if match := _NUMERIC.match(text):
        month, day, year = int(match[1]), int(match[2]), match[3]
        if year is None:
            return _without_year(month, day, since)
        full = int(year) + (2000 if len(year) == 2 else 0)
        return _day(full, month, day, False)
    for pattern, month_at, day_at in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        if match := pattern.match(text):
            month = _MONTHS[match[month_at].lower()]
            day = int(match[day_at])
            if match[3] is None:
                return _without_year(month, day, since)
            return _day(int(match[3]), month, day, False)
    if match := _END_OF_MONTH.match(text):
        month = _MONTHS[match[1].lower()]
        if match[2] is not None:
            year = int(match[2])
        else:
            year = since.year if month >= since.month else since.year + 1
        return date(year, month, calendar.monthrange(year, month)[1]), True
    return None


def _day(year: int, month: int, day: int, inferred: bool) -> tuple[date, bool] | None:
    try:
        return date(year, month, day), inferred
    except ValueError:  # February 30, month 13: not a day
        return None


def _without_year(month: int, day: int, since: date) -> tuple[date, bool] | None:
    for year in (since.year, since.year + 1, since.year + 2, since.year + 3, since.year + 4):
        found = _day(year, month, day, True)
        if found is not None and found[0] >= since:
            return found
    return None  # February 29 with no leap year near, or a day no month has
