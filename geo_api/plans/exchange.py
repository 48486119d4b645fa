"""A plan version as a document: JSON (one object) and Excel (openpyxl, three sheets), both ways.

The two formats carry the same fields. Import is validate-everything-first: `clean_plan` reads the
whole document and collects every problem with where it is (sheet, row and field for Excel; a
path such as responses[1].actions[0].deadline_minutes for JSON) before anything is written; one
problem and nothing is written (services.plan_import).

Excel layout (a workbook exported from here is the template):
  预案 Plan          field | 说明 label | value         one row per plan field
  响应级别 Levels     response_level | severities | condition
  措施 Actions        response_level | order | title | description | deadline_minutes | departments | people
Lists inside a cell are separated by ";" (departments by code, people by user name)."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput
from geo_api.reference.models import District

from .models import AreaScope, Department, PlanLevel, PlanType
from .types import node_of

FORMAT = "onemap-plan/1"
MAX_XLSX_BYTES = 2 * 1024 * 1024
PLAN_SHEET, LEVEL_SHEET, ACTION_SHEET = "预案", "响应级别", "措施"
PLAN_FIELDS = (
    ("code", "预案编号"), ("title", "预案名称"), ("plan_type", "预案类型"), ("level", "预案层级"),
    ("owner", "牵头部门（编码）"), ("event_types", "适用事件类型"), ("area_scope", "适用范围"),
    ("district", "适用街镇（行政区划代码）"), ("valid_from", "生效日期"), ("valid_until", "失效日期"),
    ("revised_on", "修订日期"), ("revision_note", "修订说明"), ("last_drilled_on", "最近演练日期"),
    ("summary", "摘要"), ("resources", "关联应急资源（编号）"), ("shelters", "关联避难场所（编码）"),
)
LEVEL_COLUMNS = ("response_level", "severities", "condition")
ACTION_COLUMNS = ("response_level", "order", "title", "description", "deadline_minutes", "departments", "people")
LIST_FIELDS = {"event_types", "resources", "shelters", "severities", "departments", "people"}


# -- export ------------------------------------------------------------------------------------------
def version_to_dict(version) -> dict:
    plan = version.plan
    return {
        "format": FORMAT, "code": plan.code, "version": version.number, "title": version.title,
        "plan_type": version.plan_type, "level": version.level, "owner": version.owner.code,
        "event_types": list(version.event_types), "area_scope": version.area_scope,
        "district": version.district.code if version.district_id else None,
        "valid_from": version.valid_from.isoformat(),
        "valid_until": version.valid_until.isoformat() if version.valid_until else None,
        "revised_on": version.revised_on.isoformat(), "revision_note": version.revision_note,
        "last_drilled_on": plan.last_drilled_on.isoformat() if plan.last_drilled_on else None,
        "summary": version.summary,
        "resources": sorted(version.resources.values_list("id", flat=True)),
        "shelters": sorted(version.shelters.values_list("code", flat=True)),
        "responses": [{
            "response_level": r.response_level, "severities": sorted(r.severities), "condition": r.condition,
            "actions": [{
                "order": a.order, "title": a.title, "description": a.description,
                "deadline_minutes": a.deadline_minutes,
                "departments": sorted(a.departments.values_list("code", flat=True)),
                "people": sorted(a.people.values_list("username", flat=True)),
            } for a in r.actions.order_by("order")],
        } for r in version.responses.order_by("response_level")],
    }


def _cell(value):
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def dict_to_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = PLAN_SHEET
    sheet.append(["field", "说明", "value"])
    for name, label in PLAN_FIELDS:
        sheet.append([name, label, _cell(data.get(name))])
    levels = book.create_sheet(LEVEL_SHEET)
    levels.append(list(LEVEL_COLUMNS))
    actions = book.create_sheet(ACTION_SHEET)
    actions.append(list(ACTION_COLUMNS))
    for response in data.get("responses", []):
        levels.append([response["response_level"], _cell(response["severities"]), response["condition"]])
        for action in response["actions"]:
            actions.append([response["response_level"], *(_cell(action[c]) for c in ACTION_COLUMNS[1:])])
    for ws, widths in ((sheet, (18, 24, 60)), (levels, (16, 14, 60)), (actions, (16, 8, 30, 50, 18, 30, 30))):
        for index, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- import: reading -----------------------------------------------------------------------------------
@dataclass
class Problems:
    items: list[dict] = field(default_factory=list)

    def add(self, where: dict, field_name: str, message: str) -> None:
        self.items.append({**where, "field": field_name, "message": str(message)})

    def raise_if_any(self) -> None:
        if self.items:
            lines = [_where_text(p) + p["message"] for p in self.items]
            raise InvalidInput(_("The plan was not imported; nothing was written. Correct these and import again: ")
                               + "; ".join(lines[:20]) + ("…" if len(lines) > 20 else ""), problems=self.items)


def _where_text(p: dict) -> str:
    if p.get("sheet"):
        return _("sheet %(sheet)s, row %(row)s, field %(field)s: ") % p
    return f"{p.get('path') or p['field']}: "


def _split(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, (int, float)):
        return [value]
    return [part.strip() for part in str(value).replace("；", ";").replace(",", ";").replace("，", ";").split(";")
            if part.strip()]


def xlsx_to_dict(content: bytes) -> dict:
    """The workbook as the JSON document, each part remembering its sheet and row for messages."""
    from openpyxl import load_workbook

    if len(content) > MAX_XLSX_BYTES:
        raise InvalidInput(_("The workbook is larger than 2 MB; a plan fits in far less."))
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise InvalidInput(_("This file cannot be read as an Excel workbook (.xlsx): %(error)s") % {
            "error": exc.__class__.__name__}) from exc
    missing = [name for name in (PLAN_SHEET, LEVEL_SHEET, ACTION_SHEET) if name not in book.sheetnames]
    if missing:
        raise InvalidInput(_("The workbook lacks the sheet(s) %(sheets)s; export a plan to get the template.") % {
            "sheets": "、".join(missing)})
    data: dict = {"format": FORMAT, "_where": {}}
    for row_number, row in enumerate(book[PLAN_SHEET].iter_rows(min_row=2, values_only=True), start=2):
        if not row or row[0] in (None, ""):
            continue
        name = str(row[0]).strip()
        value = row[2] if len(row) > 2 else None
        data[name] = _split(value) if name in LIST_FIELDS else value
        data["_where"][name] = {"sheet": PLAN_SHEET, "row": row_number}
    responses: dict = {}
    data["responses"] = []
    for row_number, row in enumerate(book[LEVEL_SHEET].iter_rows(min_row=2, values_only=True), start=2):
        if not row or all(v in (None, "") for v in row):
            continue
        values = dict(zip(LEVEL_COLUMNS, row))
        item = {"response_level": values.get("response_level"), "severities": _split(values.get("severities")),
                "condition": values.get("condition") or "", "actions": [],
                "_where": {"sheet": LEVEL_SHEET, "row": row_number}}
        data["responses"].append(item)
        responses.setdefault(str(item["response_level"]), item)
    orphans = []
    for row_number, row in enumerate(book[ACTION_SHEET].iter_rows(min_row=2, values_only=True), start=2):
        if not row or all(v in (None, "") for v in row):
            continue
        values = dict(zip(ACTION_COLUMNS, row))
        action = {c: (_split(values.get(c)) if c in LIST_FIELDS else values.get(c)) for c in ACTION_COLUMNS[1:]}
        action["_where"] = {"sheet": ACTION_SHEET, "row": row_number}
        level = responses.get(str(values.get("response_level")))
        if level is None:
            orphans.append({"sheet": ACTION_SHEET, "row": row_number, "level": values.get("response_level")})
        else:
            level["actions"].append(action)
    data["_orphans"] = orphans
    return data


# -- import: validating ----------------------------------------------------------------------------------
@dataclass
class CleanAction:
    order: int
    title: str
    description: str
    deadline_minutes: int
    departments: list
    people: list


@dataclass
class CleanResponse:
    response_level: int
    severities: list[int]
    condition: str
    actions: list[CleanAction]


@dataclass
class CleanPlan:
    code: str
    title: str
    plan_type: str
    level: str
    owner: Department
    event_types: list[str]
    area_scope: str
    district: District | None
    valid_from: date
    valid_until: date | None
    revised_on: date
    revision_note: str
    last_drilled_on: date | None
    summary: str
    resources: list
    shelters: list
    responses: list[CleanResponse]


class _Reader:
    """Reads one part of the document, recording problems with where they are."""

    def __init__(self, problems: Problems, where: dict, path: str):
        self.problems, self.where, self.path = problems, where, path

    def at(self, name):
        if self.where.get("sheet"):
            return self.where
        return {"path": f"{self.path}.{name}" if self.path else name}

    def fail(self, name, message):
        self.problems.add(self.at(name), name, message)

    def text(self, data, name, *, required=True, max_length=200):
        value = data.get(name)
        value = "" if value is None else str(value).strip()
        if required and not value:
            self.fail(name, _("This field is required."))
        elif len(value) > max_length:
            self.fail(name, _("At most %(n)s characters.") % {"n": max_length})
        return value

    def choice(self, data, name, choices):
        value = self.text(data, name)
        if value and value not in choices.values:
            self.fail(name, _("%(value)s is not one of %(allowed)s.") % {"value": value, "allowed": ", ".join(choices.values)})
        return value

    def day(self, data, name, *, required=True):
        value = data.get(name)
        if value in (None, ""):
            if required:
                self.fail(name, _("This field is required."))
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(name, _("%(value)s is not a date; write it as 2026-11-29.") % {"value": value})
            return None

    def integer(self, data, name, low, high):
        value = data.get(name)
        try:
            number = int(value)
            if isinstance(value, float) and value != number or isinstance(value, bool):
                raise ValueError
        except (TypeError, ValueError):
            self.fail(name, _("%(value)s is not a whole number.") % {"value": value})
            return None
        if not low <= number <= high:
            self.fail(name, _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
            return None
        return number

    def listed(self, data, name):
        value = data.get(name, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(name, _("Must be a list."))
            return []
        return value


def clean_plan(data) -> CleanPlan:
    """Every problem of the document at once (InvalidInput with `problems`), or the clean plan."""
    if not isinstance(data, dict):
        raise InvalidInput(_("Send the plan as one JSON object (export a plan to see the format)."))
    problems = Problems()
    where = data.get("_where", {})
    top = _Reader(problems, {}, "")

    def reader(name):
        return _Reader(problems, where.get(name, {}), "")

    if data.get("format") not in (None, FORMAT):
        top.fail("format", _("Unknown format %(value)s; expected %(format)s.") % {"value": data.get("format"),
                                                                                    "format": FORMAT})
    known = {n for n, _l in PLAN_FIELDS} | {"format", "version", "responses", "_where", "_orphans"}
    for name in sorted(set(data) - known):
        problems.add(where.get(name, {"path": name}), name, _("Unknown field."))
    code = reader("code").text(data, "code", max_length=40)
    title = reader("title").text(data, "title")
    plan_type = reader("plan_type").choice(data, "plan_type", PlanType)
    level = reader("level").choice(data, "level", PlanLevel)
    owner_code = reader("owner").text(data, "owner", max_length=32)
    owner = Department.objects.filter(code=owner_code).first() if owner_code else None
    if owner_code and owner is None:
        reader("owner").fail("owner", _("No department with code %(code)s.") % {"code": owner_code})
    nodes = []
    for raw in reader("event_types").listed(data, "event_types"):
        node = node_of(raw)
        if node is None:
            reader("event_types").fail("event_types", _(
                "%(value)s is not an event category, group or type of the code list.") % {"value": raw})
        elif node not in nodes:
            nodes.append(node)
    if not nodes and not any(p["field"] == "event_types" for p in problems.items):
        reader("event_types").fail("event_types", _("Name at least one event category, group or type."))
    area_scope = reader("area_scope").choice(data, "area_scope", AreaScope)
    district = None
    district_code = reader("district").text(data, "district", required=False, max_length=12)
    if area_scope == AreaScope.STREET:
        district = District.objects.filter(code=district_code).first() if district_code else None
        if district is None:
            reader("district").fail("district", _(
                "A street plan needs the administrative code of a street or town of Changning (e.g. 310105009000)."))
    elif district_code:
        reader("district").fail("district", _("Only a street plan names a street; leave it empty for %(scope)s.") % {
            "scope": area_scope})
    valid_from = reader("valid_from").day(data, "valid_from")
    valid_until = reader("valid_until").day(data, "valid_until", required=False)
    if valid_from and valid_until and valid_until < valid_from:
        reader("valid_until").fail("valid_until", _("The end of validity is before its start."))
    revised_on = reader("revised_on").day(data, "revised_on")
    last_drilled_on = reader("last_drilled_on").day(data, "last_drilled_on", required=False)
    resources = _resources(reader("resources"), data)
    shelters = _shelters(reader("shelters"), data)
    responses = _responses(problems, data)
    for orphan in data.get("_orphans", []):
        problems.add({"sheet": orphan["sheet"], "row": orphan["row"]}, "response_level", _(
            "Level %(level)s has no row on the sheet %(sheet)s.") % {"level": orphan["level"], "sheet": LEVEL_SHEET})
    problems.raise_if_any()
    return CleanPlan(code=code, title=title, plan_type=plan_type, level=level, owner=owner, event_types=nodes,
                     area_scope=area_scope, district=district, valid_from=valid_from, valid_until=valid_until,
                     revised_on=revised_on, revision_note=reader("revision_note").text(
                         data, "revision_note", required=False, max_length=300),
                     last_drilled_on=last_drilled_on,
                     summary=reader("summary").text(data, "summary", required=False, max_length=5000),
                     resources=resources, shelters=shelters, responses=responses)


def _resources(read: _Reader, data) -> list:
    from geo_api.resources.models import Resource

    wanted = []
    for raw in read.listed(data, "resources"):
        try:
            wanted.append(int(raw))
        except (TypeError, ValueError):
            read.fail("resources", _("%(value)s is not a resource number.") % {"value": raw})
    found = {r.pk: r for r in Resource.objects.filter(pk__in=wanted)}
    for pk in wanted:
        if pk not in found:
            read.fail("resources", _("No emergency resource number %(id)s.") % {"id": pk})
    return [found[pk] for pk in wanted if pk in found]


def _shelters(read: _Reader, data) -> list:
    from geo_api.shelters.models import Shelter

    wanted = [str(v).strip() for v in read.listed(data, "shelters")]
    found = {s.code: s for s in Shelter.objects.filter(code__in=wanted)}
    for code in wanted:
        if code not in found:
            read.fail("shelters", _("No shelter with code %(code)s.") % {"code": code})
    return [found[code] for code in wanted if code in found]


def _responses(problems: Problems, data) -> list[CleanResponse]:
    items = data.get("responses")
    if not isinstance(items, list) or not items:
        problems.add({"sheet": LEVEL_SHEET, "row": 2} if data.get("_where") else {"path": "responses"},
                     "responses", _("A plan needs at least one response level."))
        return []
    out, levels_seen, severities_seen = [], set(), {}
    users = get_user_model()
    for index, item in enumerate(items):
        path = f"responses[{index}]"
        if not isinstance(item, dict):
            problems.add({"path": path}, "responses", _("Each response level is an object."))
            continue
        read = _Reader(problems, item.get("_where", {}), path)
        level = read.integer(item, "response_level", 1, 4)
        if level is not None:
            if level in levels_seen:
                read.fail("response_level", _("Level %(level)s appears twice.") % {"level": level})
            levels_seen.add(level)
        severities, before = [], len(problems.items)
        for raw in read.listed(item, "severities"):
            number = _severity(raw)
            if number is None:
                read.fail("severities", _("%(value)s is not a severity (1–4 or Ⅰ–Ⅳ).") % {"value": raw})
            elif number in severities_seen and severities_seen[number] != level:
                read.fail("severities", _("Severity %(s)s already triggers level %(level)s.") % {
                    "s": number, "level": severities_seen[number]})
            else:
                severities_seen[number] = level
                severities.append(number)
        if not severities and len(problems.items) == before:
            read.fail("severities", _("Name the severities (1–4) that trigger this level."))
        actions, orders = [], set()
        raw_actions = item.get("actions") or []
        if not isinstance(raw_actions, list) or not raw_actions:
            read.fail("actions", _("Each response level needs at least one action."))
            raw_actions = raw_actions if isinstance(raw_actions, list) else []
        for a_index, raw in enumerate(raw_actions):
            a_path = f"{path}.actions[{a_index}]"
            if not isinstance(raw, dict):
                problems.add({"path": a_path}, "actions", _("Each action is an object."))
                continue
            act = _Reader(problems, raw.get("_where", {}), a_path)
            order = act.integer(raw, "order", 1, 999)
            if order is not None and order in orders:
                act.fail("order", _("Order %(order)s appears twice in this level.") % {"order": order})
            orders.add(order)
            title = act.text(raw, "title")
            minutes = act.integer(raw, "deadline_minutes", 1, 60 * 24 * 30)
            codes = [str(c).strip() for c in act.listed(raw, "departments")]
            departments = list(Department.objects.filter(code__in=codes))
            for code in sorted(set(codes) - {d.code for d in departments}):
                act.fail("departments", _("No department with code %(code)s.") % {"code": code})
            names = [str(n).strip() for n in act.listed(raw, "people")]
            people = list(users.objects.filter(username__in=names, is_active=True))
            for name in sorted(set(names) - {u.username for u in people}):
                act.fail("people", _("No active account named %(name)s.") % {"name": name})
            if not codes and not names:
                act.fail("departments", _("Name at least one responsible department or person."))
            actions.append(CleanAction(order or 0, title, act.text(raw, "description", required=False, max_length=5000),
                                       minutes or 0, departments, people))
        out.append(CleanResponse(level or 0, sorted(severities), read.text(item, "condition", required=False,
                                                                              max_length=300), actions))
    return out


ROMAN_VALUES = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "I": 1, "II": 2, "III": 3, "IV": 4}


def _severity(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)) and raw == int(raw) and 1 <= int(raw) <= 4:
        return int(raw)
    text = str(raw).strip().upper()
    if text.isdigit() and 1 <= int(text) <= 4:
        return int(text)
    return ROMAN_VALUES.get(text)
