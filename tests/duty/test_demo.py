"""The demo duty data (data/generate/duty.py): loaded on its own, "on duty now" answers at the
reference instant with the demo duty officer on the shift and the demo commander leading it."""
import pytest
from django.db import connection
from django.utils import timezone

from data.generate import duty
from data.generate import writer as db
from data.generate.base import DEFAULT_SEED, Context
from geo_api.duty.models import LogEntry, Shift

pytestmark = pytest.mark.django_db


def test_demo_rosters_answer_on_duty_now(as_role):
    reference = timezone.now().replace(minute=0, second=0, microsecond=0)
    tables = duty.build(Context(seed=DEFAULT_SEED, scale=1, reference=reference))
    with connection.cursor() as cursor:
        for table in tables:
            db.copy(cursor, table, reference)
        db.reset_sequences(cursor, [t.model for t in tables])
    response = as_role("field_responder").get("/api/duty/now/")
    assert response.status_code == 200
    shifts = {s["template"]: s for s in response.json()["shifts"]}
    assert set(shifts) == {"区应急局总值班（上一休三）", "区城运中心联合值守（四班三倒）"}
    bureau = shifts["区应急局总值班（上一休三）"]
    from geo_api.duty.models import DutyPerson

    assert bureau["leader"]["id"] == DutyPerson.objects.get(username="commander").pk
    assert DutyPerson.objects.get(username="duty_officer").pk in {o["id"] for o in bureau["officers"]}
    assert all(p["phone"] for s in shifts.values() for p in s["officers"])
    current = Shift.objects.get(pk=bureau["id"])
    assert LogEntry.objects.filter(shift=current, is_open=True).exists()
    # Shifts follow each other without gaps across the three months of each template.
    for template in ("区应急局总值班（上一休三）", "区城运中心联合值守（四班三倒）"):
        times = list(Shift.objects.filter(roster__template__name=template).order_by("starts_at")
                     .values_list("starts_at", "ends_at"))
        assert all(a[1] == b[0] for a, b in zip(times, times[1:]))
    # Same seed, same rows.
    again = duty.build(Context(seed=DEFAULT_SEED, scale=1, reference=reference))
    assert [list(t) for t in again] == [list(t) for t in tables]
