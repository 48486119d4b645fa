"""Days and shifts in Shanghai time: which days are public holidays, rest days or adjusted working
days (调休上班) according to the State Council's calendar (`chinese-calendar`), and the shifts a
template cuts a duty day into."""
from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_api.common.errors import InvalidInput

SHANGHAI = ZoneInfo("Asia/Shanghai")

# chinese_calendar names holidays in English; the desk shows them in the user's language.
HOLIDAY_NAMES = {
    "New Year's Day": gettext_lazy("New Year's Day"),
    "Spring Festival": gettext_lazy("Spring Festival"),
    "Tomb-sweeping Day": gettext_lazy("Tomb-sweeping Day"),
    "Labour Day": gettext_lazy("Labour Day"),
    "Dragon Boat Festival": gettext_lazy("Dragon Boat Festival"),
    "National Day": gettext_lazy("National Day"),
    "Mid-autumn Festival": gettext_lazy("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": gettext_lazy("Anti-Fascist 70th Day"),
}


@dataclass(frozen=True)
class DayKind:
    is_holiday: bool           # a public holiday or a rest day (weekend not moved to work)
    holiday_name: str          # the public holiday's English name ("" for an ordinary weekend)
    is_adjusted_workday: bool  # a weekend day worked in exchange for a holiday (调休上班)

    @property
    def is_working_day(self) -> bool:
        return not self.is_holiday


def day_kind(day: date) -> DayKind:
    """What the official calendar says about `day`; a year the library does not know yet is a
    400 (update chinese-calendar), not a guess."""
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError as exc:
        raise InvalidInput(_("The holiday calendar for %(year)s is not known yet; update the "
                             "chinese-calendar package.") % {"year": day.year}) from exc
    adjusted = not on_holiday and day.weekday() >= 5
    return DayKind(is_holiday=on_holiday, holiday_name=(name or "") if on_holiday or adjusted else "",
                   is_adjusted_workday=adjusted)


def holiday_label(name: str) -> str:
    return str(HOLIDAY_NAMES.get(name, name))


def month_days(month: date) -> list[date]:
    last = month_calendar.monthrange(month.year, month.month)[1]
    return [date(month.year, month.month, d) for d in range(1, last + 1)]


def parse_month(text: str | None, *, field: str = "month") -> date:
    """'2026-10' → date(2026, 10, 1); anything else is a 400 naming the field."""
    try:
        year, month = (text if isinstance(text, str) else "").strip().split("-")
        return date(int(year), int(month), 1)
    except (ValueError, TypeError):
        raise InvalidInput(_("Give the month as YYYY-MM, for example 2026-10."),
                           errors={field: [_("Give the month as YYYY-MM, for example 2026-10.")]}) from None


def validate_slots(slots) -> list[dict]:
    """[{"name": str, "hours": int}, ...] covering exactly 24 hours, names unique."""
    message = _('List the shifts of the day as [{"name": "白班", "hours": 12}, ...], 24 hours in all.')
    if not isinstance(slots, list) or not slots:
        raise InvalidInput(message, errors={"slots": [message]})
    out, names = [], set()
    for slot in slots:
        name = slot.get("name") if isinstance(slot, dict) else None
        hours = slot.get("hours") if isinstance(slot, dict) else None
        if not isinstance(name, str) or not name.strip() or len(name) > 20 or name in names \
                or not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= 24:
            raise InvalidInput(message, errors={"slots": [message]})
        names.add(name)
        out.append({"name": name.strip(), "hours": hours})
    if sum(s["hours"] for s in out) != 24:
        raise InvalidInput(message, errors={"slots": [message]})
    return out


def shift_interval(day: date, day_start: time, slots: list[dict], index: int) -> tuple[datetime, datetime]:
    """[start, end) of slot `index` of duty day `day`, aware, in Shanghai time. Arithmetic is on
    Shanghai wall time (China keeps no daylight saving)."""
    start = datetime.combine(day, day_start, tzinfo=SHANGHAI) + timedelta(hours=sum(s["hours"] for s in slots[:index]))
    return start, start + timedelta(hours=slots[index]["hours"])


def shift_number(anchor: date, day: date, slots_per_day: int, index: int) -> int:
    """Shifts counted from the template's anchor date, every slot of every calendar day."""
    return (day - anchor).days * slots_per_day + index
