"""值班信息 (duty info) from the district City Operations Center → the duty rosters: each item is
one shift of the Center's own roster (template "区城运中心值班", created on first use), upserted on
the Center's id for it: its day, slot, times, leader and officers (people are matched by name, as
the desk's Excel import does, and their phone kept current)."""
from datetime import date, time, timedelta

from django.utils import timezone

from geo_api.accounts.roles import Role
from geo_api.duty.models import DutyPerson, Roster, Shift, ShiftTemplate
from geo_api.duty.services import shift_set_members

from .base import Applied, Fields, JsonAdapter, ParseError

TEMPLATE = "区城运中心值班"
SLOTS = [{"name": "白班", "hours": 12}, {"name": "夜班", "hours": 12}]


def _template() -> ShiftTemplate:
    template, _created = ShiftTemplate.objects.get_or_create(name=TEMPLATE, defaults={
        "day_start": time(8, 0), "slots": SLOTS, "groups": 1, "anchor_date": date(2026, 1, 1),
        "days": ShiftTemplate.Days.EVERY_DAY, "leader_rule": ShiftTemplate.LeaderRule.EVERY_SHIFT,
        "officers_per_shift": 2})
    return template


class DutyInfoAdapter(JsonAdapter):
    name = "duty-info"
    title = "值班信息"
    title_en = "Duty info"
    agency = "区城运中心"
    direction = "pull"
    interval = timedelta(minutes=30)
    actor_roles = frozenset({Role.DUTY_OFFICER})

    def _person(self, f: Fields, value, name) -> dict:
        if not isinstance(value, dict):
            raise ParseError(f"条目 {f.sid} 字段 {name}：应为 {{name, phone}} 对象",
                             f"Item {f.sid}, field {name}: must be an object {{name, phone}}.")
        person = Fields(value, f.sid)
        return {"name": person.text("name", 50), "phone": person.text("phone", 30),
                "organization": person.text("organization", 100, required=False)}

    def read(self, f: Fields) -> dict:
        day = f.text("date", 10)
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise ParseError(f"条目 {f.sid} 字段 date：应为 2026-11-29 形式", f"Item {f.sid}, field date: write 2026-11-29.") from None
        slot = f.choice("shift", [s["name"] for s in SLOTS])
        starts, ends = f.time("starts_at"), f.time("ends_at")
        if ends <= starts:
            raise ParseError(f"条目 {f.sid}：ends_at 应晚于 starts_at", f"Item {f.sid}: ends_at must be after starts_at.")
        officers = f.obj.get("officers")
        if not isinstance(officers, list) or not officers:
            raise ParseError(f"条目 {f.sid} 字段 officers：至少一名值班员", f"Item {f.sid}, field officers: at least one officer.")
        leader = f.obj.get("leader")
        return {"date": day, "slot": [s["name"] for s in SLOTS].index(slot), "name": slot, "starts_at": starts,
                "ends_at": ends, "leader": self._person(f, leader, "leader") if leader else None,
                "officers": [self._person(f, o, "officers") for o in officers]}

    @staticmethod
    def _upsert_person(person: dict) -> DutyPerson:
        found, created = DutyPerson.objects.get_or_create(name=person["name"], defaults={
            "phone": person["phone"], "organization": person["organization"] or "区城运中心"})
        if not created and (found.phone != person["phone"] or not found.active):
            found.phone, found.active = person["phone"], True
            found.save(update_fields=["phone", "active"])
        return found

    def apply(self, item, *, existing, actor, message) -> Applied:
        data = item.data
        template = _template()
        month = data["date"].replace(day=1)
        roster, _created = Roster.objects.get_or_create(template=template, month=month,
                                                        defaults={"generated_at": timezone.now()})
        shift, _created = Shift.objects.update_or_create(roster=roster, date=data["date"], slot=data["slot"], defaults={
            "name": data["name"], "starts_at": data["starts_at"], "ends_at": data["ends_at"]})
        leader = self._upsert_person(data["leader"]) if data["leader"] else None
        officers = [self._upsert_person(o) for o in data["officers"]]
        officer_ids = [o.pk for o in officers if leader is None or o.pk != leader.pk]
        shift_set_members(shift_id=shift.pk, leader_id=leader.pk if leader else None, officer_ids=officer_ids,
                          user=actor)
        return Applied(target=shift)
