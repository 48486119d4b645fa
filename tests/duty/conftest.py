from datetime import date, time

import pytest

from geo_api.duty.models import DutyPerson, ShiftTemplate, TemplateMember



@pytest.fixture
def people(db):
    """Four groups of a leader and two officers; the leader of group 0 is the account `leader0`."""
    out = {}
    for group in range(4):
        out[f"L{group}"] = DutyPerson.objects.create(name=f"领导{group}", phone=f"1380000{group}000",
                                                     username=f"leader{group}")
        for k in range(2):
            out[f"O{group}{k}"] = DutyPerson.objects.create(name=f"值班员{group}{k}", phone=f"1390000{group}{k}00")
    out["spare"] = DutyPerson.objects.create(name="替班员", phone="13700000000")
    return out


def make_template(people, *, slots=None, groups=4, anchor=date(2026, 10, 1), days=ShiftTemplate.Days.EVERY_DAY,
                  leader_rule=ShiftTemplate.LeaderRule.EVERY_SHIFT, name="上一休三", day_start=time(8, 0)):
    template = ShiftTemplate.objects.create(name=name, day_start=day_start,
                                            slots=slots or [{"name": "全天", "hours": 24}], groups=groups,
                                            anchor_date=anchor, days=days, leader_rule=leader_rule)
    for group in range(groups):
        TemplateMember.objects.create(template=template, person=people[f"L{group}"], role="leader", offset=group)
        for k in range(2):
            TemplateMember.objects.create(template=template, person=people[f"O{group}{k}"], role="officer", offset=group)
    return template


@pytest.fixture
def template(people):
    return make_template(people)
