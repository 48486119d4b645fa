"""A month's roster as an Excel workbook (openpyxl), out and back in.

One sheet, one row per shift: 日期 | 班次 | 开始 | 结束 | 节假日 | 带班领导 | 值班人员 (officers
separated by 、 or commas). Start, end and holiday are written for the reader and recomputed from
the template on import. An import checks every row first and changes nothing if any row is wrong;
each error names its row and column (第 5 行 F 列（带班领导）：...)."""
from __future__ import annotations

import re
from datetime import date, datetime
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from geo_api.common.errors import InvalidInput

from . import calendar as cal
from .models import DutyPerson, Roster
from .selectors import roster_shifts, shift_json
from .services import PlannedShift, roster_replace

HEADERS = ("日期", "班次", "开始", "结束", "节假日", "带班领导", "值班人员")
DATE, SLOT, _START, _END, _HOLIDAY, LEADER, OFFICERS = range(7)
MAX_BYTES = 2 * 1024 * 1024
SEPARATORS = re.compile(r"[、,，;；\s]+")
HOLIDAY_FILL = PatternFill("solid", fgColor="FDE2E1")


def _holiday_text(s: dict) -> str:
    if s["is_adjusted_workday"]:
        return f"调休上班（{s['holiday_label']}）" if s["holiday_label"] else "调休上班"
    if s["is_holiday"]:
        return s["holiday_label"] or "休息日"
    return ""


def roster_workbook(roster: Roster) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{roster.month:%Y-%m}"[:31]
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for s in map(shift_json, roster_shifts(roster)):
        sheet.append([s["date"], s["name"], s["starts"], s["ends"], _holiday_text(s),
                      s["leader"]["name"] if s["leader"] else "", "、".join(o["name"] for o in s["officers"])])
        if s["is_holiday"]:
            for cell in sheet[sheet.max_row]:
                cell.fill = HOLIDAY_FILL
    for index, width in enumerate((12, 8, 18, 18, 16, 12, 36), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    for row in sheet.iter_rows(min_row=2):
        row[OFFICERS].alignment = Alignment(wrap_text=True)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def export_filename(roster: Roster) -> str:
    return f"duty-roster-{roster.month:%Y-%m}-{roster.template_id}.xlsx"


def _cell(row_number: int, column: int, message: str) -> str:
    return _("Row %(row)s, column %(col)s (%(header)s): %(message)s") % {
        "row": row_number, "col": get_column_letter(column + 1), "header": HEADERS[column], "message": message}


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        return None


def parse_roster(roster: Roster, data: bytes) -> list[PlannedShift]:
    """Every row checked; InvalidInput listing each bad cell (errors["rows"]) if any is wrong."""
    if not data:
        raise InvalidInput(_("Choose an Excel file (.xlsx) to import."), errors={"file": [_("No file was sent.")]})
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("The file is larger than 2 MB; a month's roster is far smaller."),
                           errors={"file": [_("File too large.")]})
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput(_("The file is not an Excel workbook (.xlsx); export a roster to see the expected form."),
                           errors={"file": [_("Not an .xlsx workbook.")]}) from None
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    if not rows or tuple(_text(v) for v in rows[0][:len(HEADERS)]) != HEADERS:
        raise InvalidInput(_("The first row must be the headers %(headers)s.") % {"headers": " | ".join(HEADERS)},
                           errors={"rows": [_("Row 1: the headers must be %(headers)s.") % {"headers": " | ".join(HEADERS)}]})
    template = roster.template
    slot_of = {s["name"]: i for i, s in enumerate(template.slots)}
    people = {p.name: p.pk for p in DutyPerson.objects.filter(active=True)}
    days = set(cal.month_days(roster.month))
    errors, plan, seen = [], [], {}
    for number, raw in enumerate(rows[1:], start=2):
        values = list(raw[:len(HEADERS)]) + [None] * (len(HEADERS) - len(raw[:len(HEADERS)]))
        if all(_text(v) == "" for v in values):
            continue
        row_errors = []
        day = _date(values[DATE])
        if day is None:
            row_errors.append(_cell(number, DATE, _("write the date as 2026-10-01.")))
        elif day not in days:
            row_errors.append(_cell(number, DATE, _("%(day)s is not in %(month)s.") % {
                "day": day.isoformat(), "month": f"{roster.month:%Y-%m}"}))
        slot = slot_of.get(_text(values[SLOT]))
        if slot is None:
            row_errors.append(_cell(number, SLOT, _("“%(value)s” is not a shift of this template (%(names)s).") % {
                "value": _text(values[SLOT]), "names": "、".join(slot_of)}))
        leader_name = _text(values[LEADER])
        leader = None
        if leader_name:
            leader = people.get(leader_name)
            if leader is None:
                row_errors.append(_cell(number, LEADER, _("“%(name)s” is not on the duty list.") % {"name": leader_name}))
        names = [n for n in SEPARATORS.split(_text(values[OFFICERS])) if n]
        officers = []
        if not names:
            row_errors.append(_cell(number, OFFICERS, _("a shift needs at least one duty officer.")))
        for name in names:
            if name not in people:
                row_errors.append(_cell(number, OFFICERS, _("“%(name)s” is not on the duty list.") % {"name": name}))
            elif people[name] == leader:
                row_errors.append(_cell(number, OFFICERS, _("%(name)s is already the leader of this shift.") % {"name": name}))
            elif people[name] not in officers:
                officers.append(people[name])
        if day is not None and slot is not None:
            key = (day, slot)
            if key in seen:
                row_errors.append(_cell(number, SLOT, _("this shift is already on row %(row)s.") % {"row": seen[key]}))
            seen.setdefault(key, number)
        if row_errors:
            errors.extend(row_errors)
        else:
            plan.append(PlannedShift(day, slot, leader, tuple(officers)))
    if errors:
        shown = errors[:50]
        raise InvalidInput(_("Nothing was imported: %(count)s problem(s) in the file. %(first)s") % {
            "count": len(errors), "first": shown[0]}, errors={"rows": shown})
    if not plan:
        raise InvalidInput(_("The file has no shifts; nothing was imported."), errors={"rows": [_("No rows.")]})
    return plan


def roster_import(*, roster: Roster, data: bytes, user) -> Roster:
    """All rows or nothing: a valid file makes the roster exactly the file's shifts."""
    from .access import require_desk

    require_desk(user, write=True)
    return roster_replace(roster=roster, plan=parse_roster(roster, data), user=user)
