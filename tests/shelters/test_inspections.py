"""检查计划 and 整改闭环: due dates of recurring plans, the job that makes inspections due, an
inspection from the phone with findings, each finding's rectification task through its states,
overdue marking, and a shelter unavailable for opening while a veto finding is open."""
from datetime import date, timedelta

import pytest
from django.db import connection

from geo_api.shelters import plans
from geo_api.shelters.models import Finding, Inspection, Rectification, Shelter
from geo_api.shelters.selectors import unavailable_reasons
from geo_api.shelters.services import plans_make_due, rectifications_mark_overdue
from geo_api.supervision.models.hazards import today
from geo_api.timeline.models import TimelineEntry
from tests import factories

from .conftest import png, post

D = date(2026, 1, 31)


@pytest.mark.parametrize("every,unit,k,expected", [
    (7, "days", 0, date(2026, 1, 31)), (7, "days", 2, date(2026, 2, 14)),
    (1, "months", 1, date(2026, 2, 28)), (1, "months", 2, date(2026, 3, 31)),   # clamped, then back to the 31st
    (3, "months", 4, date(2027, 1, 31)), (1, "months", 13, date(2027, 2, 28)),
])
def test_occurrences_never_drift(every, unit, k, expected):
    assert plans.occurrence(D, every, unit, k) == expected


def test_next_due_dates():
    assert plans.first_due_on_or_after(D, 1, "months", date(2026, 1, 1)) == D            # not started yet
    assert plans.first_due_on_or_after(D, 1, "months", date(2026, 3, 1)) == date(2026, 3, 31)
    assert plans.first_due_on_or_after(D, 1, "months", date(2026, 3, 31)) == date(2026, 3, 31)
    assert plans.first_due_after(D, 1, "months", date(2026, 3, 31)) == date(2026, 4, 30)
    assert plans.first_due_after(D, 10, "days", date(2026, 2, 10)) == date(2026, 2, 20)
    assert plans.first_due_after(D, 10, "days", date(2026, 2, 9)) == date(2026, 2, 10)


@pytest.mark.django_db
def test_a_plan_per_street_makes_inspections_due_once_and_moves_on(as_role, district):
    a = factories.shelter(1, district=district)
    b = factories.shelter(2, district=district)
    factories.shelter(3, district=district, designation_status="revoked")
    factories.shelter(4)  # another street
    staff = as_role("shelter_staff")
    start = today() - timedelta(days=3)
    response = post(staff, "/api/shelters/inspection-plans/",
                    {"name": "月度检查", "every": 7, "unit": "days", "starts_on": start.isoformat(), "district": district.pk})
    assert response.status_code == 201, response.json()
    assert response.json()["next_due"] == (start + timedelta(days=7)).isoformat()  # first on or after today
    started = post(staff, "/api/shelters/inspection-plans/",
                   {"name": "周检", "every": 7, "unit": "days", "starts_on": today().isoformat(), "shelter": a.pk})
    assert started.json()["next_due"] == today().isoformat()
    made = plans_make_due()
    assert sorted(Inspection.objects.filter(pk__in=made).values_list("shelter_id", flat=True)) == [a.pk]
    assert plans_make_due() == []  # nothing twice
    later = today() + timedelta(days=7)
    made = plans_make_due(on=later)
    assert sorted(Inspection.objects.filter(pk__in=made).values_list("shelter_id", flat=True)) == sorted([a.pk, a.pk, b.pk])
    assert plans_make_due(on=later) == []
    bad = post(staff, "/api/shelters/inspection-plans/", {"name": "x", "every": 0, "unit": "weeks", "starts_on": "soon"})
    assert bad.status_code == 400
    assert post(as_role("field_responder"), "/api/shelters/inspection-plans/",
                {"name": "x", "every": 1, "unit": "days", "starts_on": "2026-12-01"}).status_code == 403


def finding(severity="general", deadline=None):
    return {"description": "应急照明损坏", "severity": severity,
            "deadline": (deadline or today() + timedelta(days=10)).isoformat()}


@pytest.mark.django_db
def test_the_rectification_closed_loop(as_role):
    shelter = factories.shelter(5)
    staff, commander = as_role("shelter_staff"), as_role("commander")
    due = Inspection.objects.create(shelter=shelter, due_on=today())
    response = staff.post(f"/api/shelters/{shelter.pk}/inspections/", {
        "inspection": due.pk, "notes": "例行检查", "lon": "121.4011", "lat": "31.2102", "accuracy": "12",
        "findings": '[{"description": "应急照明损坏", "severity": "important", "deadline": "%s"}]'
                    % (today() + timedelta(days=5)).isoformat(), "photos": [png(3000, 2000)]})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] == due.pk and body["position"] == {"lon": 121.4011, "lat": 31.2102, "accuracy": 12.0}
    assert body["photos"][0]["width"] == 1600  # shrunk on the server
    task = Rectification.objects.get(finding_id=body["findings"][0]["id"])
    assert (task.status, task.geom.x) == ("open", 121.4011)
    assert post(staff, f"/api/shelters/{shelter.pk}/inspections/", {"inspection": due.pk}).status_code == 409

    base = f"/api/shelter_rectifications/{task.pk}/transitions"
    assert post(commander, f"{base}/start/").status_code == 403          # the shelter's staff do the work
    assert post(staff, f"{base}/start/").json()["state"] == "rectifying"
    assert post(staff, f"{base}/verify/").status_code == 403             # not their own verification
    assert post(staff, f"{base}/report/").json()["state"] == "rectified"
    assert post(commander, f"{base}/reject/").status_code == 400         # needs a reason
    assert post(commander, f"{base}/reject/", {"reason": "照明仍不亮"}).json()["state"] == "rectifying"
    assert Finding.objects.get(pk=task.finding_id).closed_at is None
    assert post(staff, f"{base}/report/").json()["state"] == "rectified"
    assert post(commander, f"{base}/verify/", {"reason": "现场验收合格"}).json()["state"] == "closed"
    task.refresh_from_db()
    assert task.closed_at is not None and Finding.objects.get(pk=task.finding_id).closed_at is not None
    assert [e.transition for e in TimelineEntry.objects.filter(subject_id=task.pk, kind="transition").order_by("id")] == [
        "start", "report", "reject", "report", "verify"]
    illegal = post(commander, f"{base}/verify/")
    assert illegal.status_code == 409 and illegal.json()["allowed"] == []


@pytest.mark.django_db
def test_an_open_veto_finding_makes_the_shelter_unavailable_until_verified(as_role):
    shelter = factories.shelter(6)
    staff, commander = as_role("shelter_staff"), as_role("commander")

    def available():
        with connection.cursor() as cursor:
            cursor.execute('SELECT available FROM "layer_shelters" WHERE id = %s', [shelter.pk])
            published = cursor.fetchone()[0]
        assert published == (not unavailable_reasons(Shelter.objects.get(pk=shelter.pk)))  # SQL and Python agree
        return published

    assert available() is True
    response = post(staff, f"/api/shelters/{shelter.pk}/inspections/",
                    {"notes": "出入口被占用", "findings": [finding("veto"), finding("general")]})
    assert response.status_code == 201, response.json()
    assert available() is False
    assert "否决项" in unavailable_reasons(shelter)[0]
    veto = Rectification.objects.get(shelter=shelter, severity="veto")
    for actor, name in ((staff, "start"), (staff, "report"), (commander, "verify")):
        assert post(actor, f"/api/shelter_rectifications/{veto.pk}/transitions/{name}/").status_code == 200
    assert available() is True  # the general finding does not block opening
    Shelter.objects.filter(pk=shelter.pk).update(evaluation_conclusion="unqualified")
    assert available() is False


@pytest.mark.django_db
def test_bad_inspection_input_is_refused_whole(as_role):
    shelter = factories.shelter(7)
    staff = as_role("shelter_staff")
    cases = [
        {"findings": [finding("fatal")]},
        {"findings": [{**finding(), "deadline": "2020-01-01"}]},
        {"findings": [{"severity": "general", "deadline": "2030-01-01"}]},
        {"position": {"lon": 0, "lat": 0}},
        {"findings": "lots"},
    ]
    for body in cases:
        assert post(staff, f"/api/shelters/{shelter.pk}/inspections/", body).status_code == 400, body
    assert not Inspection.objects.exists()


@pytest.mark.django_db
def test_overdue_rectifications_are_marked_once_and_shown(as_role):
    late = factories.rectification(1, deadline=today() - timedelta(days=1))
    on_time = factories.rectification(2, deadline=today())
    closed = factories.rectification(3, deadline=today() - timedelta(days=9), status="closed")
    assert rectifications_mark_overdue() == [late.pk]
    assert rectifications_mark_overdue() == []
    late.refresh_from_db()
    assert late.overdue_since == today()
    entry = TimelineEntry.objects.get(subject_id=late.pk, subject_type="shelters.rectification")
    assert entry.actor is None
    stats = as_role("commander").get("/api/shelters/statistics/").json()
    assert [r["id"] for r in stats["overdue_rectifications"]] == [late.pk]
    assert stats["open_rectifications"] == 2
    assert on_time.overdue_since is None and closed.pk not in [r["id"] for r in stats["overdue_rectifications"]]
