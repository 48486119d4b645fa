"""A small world for the phone app: the plans/tasks world (departments, people, a hazchem plan),
an activated plan with tasks for the fire brigade's liaison, a responder account linked to a
Responder row, and a 24-hour shift of today with that responder's duty person on it."""
import json
from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from geo_api.duty.models import DutyPerson, Roster, Shift, ShiftMember, ShiftTemplate
from geo_api.incidents.models import Event
from geo_api.responders.models import Responder
from tests import factories
from tests.plans.world import plan_document, world


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def todays_shift(*members):
    now = timezone.localtime()
    start = timezone.make_aware(datetime.combine(now.date(), time(0, 0)))
    template = ShiftTemplate.objects.create(name="全天班", day_start=time(0, 0), slots=[{"name": "全天", "hours": 24}],
                                            groups=1, anchor_date=now.date())
    roster = Roster.objects.create(template=template, month=now.date().replace(day=1), generated_at=timezone.now())
    shift = Shift.objects.create(roster=roster, date=now.date(), slot=0, name="全天", starts_at=start,
                                 ends_at=start + timedelta(days=1))
    for person, role in members:
        ShiftMember.objects.create(shift=shift, person=person, role=role)
    return shift


@pytest.fixture
def phone_world(db):
    w = world()
    admin = client_for(w["people"]["admin"])
    response = post(admin, "/api/plans/import/", plan_document())
    assert response.status_code == 201, response.content
    w["plan"] = response.json()
    w["event"] = factories.event(1, event_type="危险化学品泄漏", title="虹桥路危险化学品泄漏", severity=3,
                                 district=w["street"])
    Event.objects.filter(pk=w["event"].pk).update(status="verified")
    response = post(client_for(w["people"]["duty"]), f"/api/plans/{w['plan']['id']}/activations/",
                    {"event": w["event"].pk, "response_level": 3, "reason": "现场确认泄漏"})
    assert response.status_code == 201, response.content
    w["responder_row"] = Responder.objects.create(name="现场队员甲", organization="区应急管理局", on_duty=True,
                                                  user=w["people"]["responder"])
    leader = DutyPerson.objects.create(name="带班领导", phone="13800000001", username="commander")
    me = DutyPerson.objects.create(name="现场队员甲", phone="13800000002", username="responder")
    w["shift"] = todays_shift((leader, "leader"), (me, "officer"))
    return w
