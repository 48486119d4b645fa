"""Dates of recurring inspection plans. Occurrences are counted from the start date (month steps
keep the start's day of month, clamped to the month's last day: from 31 January monthly gives
28/29 February, then 31 March), so a plan never drifts."""
from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def occurrence(starts_on: date, every: int, unit: str, k: int) -> date:
    """The k-th due date (k = 0 is the start date)."""
    if unit == "days":
        return starts_on + timedelta(days=every * k)
    return add_months(starts_on, every * k)


def _index_at_or_after(starts_on: date, every: int, unit: str, day: date) -> int:
    if day <= starts_on:
        return 0
    if unit == "days":
        return -(-(day - starts_on).days // every)
    k = max(0, ((day.year - starts_on.year) * 12 + day.month - starts_on.month) // every - 1)
    while occurrence(starts_on, every, unit, k) < day:
        k += 1
    return k


def first_due_on_or_after(starts_on: date, every: int, unit: str, day: date) -> date:
    """The first due date on or after `day` (the plan's next_due when it is made on `day`)."""
    return occurrence(starts_on, every, unit, _index_at_or_after(starts_on, every, unit, day))


def first_due_after(starts_on: date, every: int, unit: str, day: date) -> date:
    """The first due date strictly after `day` (where the job moves next_due once it has made the
    inspections due on or before `day`)."""
    return first_due_on_or_after(starts_on, every, unit, day + timedelta(days=1))
