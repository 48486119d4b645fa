"""The overdue check on a real Celery worker; drill events kept out of real lists, counters,
search and the live channel."""
import asyncio
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_api.incidents import tasks
from geo_api.incidents.models import UpwardReport
from geo_api.jobs.periodic import declared
from geo_api.timeline.models import TimelineEntry
from tests import factories
from tests.conftest import user_with_roles
from tests.jobs.test_worker import job_env, queue  # noqa: F401 (fixtures: a worker on its own queue)

from .conftest import feature, post

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_overdue_check_is_scheduled():
    entry = declared()["incidents.mark_overdue_upward_reports"]
    assert entry["task"] == "geo_api.incidents.tasks.mark_overdue_upward_reports"
    assert entry["schedule"] <= timedelta(minutes=5)


def test_an_overdue_upward_report_is_flagged_by_the_job_on_a_real_worker(queue, client):  # noqa: F811
    duty = user_with_roles("duty", "duty_officer")
    client.force_login(duty)
    reported = timezone.now() - timedelta(minutes=45)
    event_id = post(client, "/api/events/", feature(severity=2, reported_at=reported.isoformat())).json()["id"]
    # Ⅱ: the district's first report was due 30 min after receipt (15 min ago); the city's is not due yet.
    district = UpwardReport.objects.get(event_id=event_id, recipient="district")
    city = UpwardReport.objects.get(event_id=event_id, recipient="city")
    assert district.is_overdue() and not city.is_overdue()
    flagged = tasks.mark_overdue_upward_reports.apply_async(queue=queue).get(timeout=60)
    assert flagged == [district.pk]
    district.refresh_from_db()
    assert district.overdue_at is not None
    reports = client.get(f"/api/events/{event_id}/upward-reports/").json()["upward_reports"]
    assert {r["recipient"]: r["overdue"] for r in reports} == {"district": True, "city": False}
    entry = TimelineEntry.objects.get(event_id=event_id, kind="note", payload__action="overdue")
    assert entry.actor_label == "system"
    # The desk's event page shows it.
    page = client.get(f"/desk/events/{event_id}/").content.decode()
    assert 'data-overdue="true"' in page
    # …and the intake page, where the duty officer works, lists it.
    intake = client.get("/duty/intake/").content.decode()
    assert 'data-state="overdue-reports"' in intake and f"/desk/events/{event_id}/" in intake


def test_a_drill_is_absent_from_real_lists_counters_search_and_live(client):
    from channels.db import database_sync_to_async

    from tests.live.sockets import Frames, open_socket

    commander = user_with_roles("commander", "commander")
    client.force_login(commander)
    real = factories.event(1, title="真实燃气泄漏", event_type="燃气泄漏")
    open_before = client.get("/api/stats/").json()["open_events"]

    async def scenario():
        frames = Frames(await open_socket(client))
        drill = await database_sync_to_async(post)(client, "/api/events/", feature(is_drill=True, title="演练危化品泄漏"))
        marker = await database_sync_to_async(post)(client, "/api/events/", feature(title="真实危化品泄漏"))
        await frames.until(lambda c: c["layer"] == "events" and c["id"] == marker.json()["id"])
        await frames.quiet(0.3)
        await frames.close()
        return drill.json(), marker.json(), frames

    drill, marker, frames = asyncio.run(scenario())
    assert drill["properties"]["is_drill"] is True and drill["properties"]["code"].startswith("EV-")
    assert drill["id"] not in {c["id"] for c in frames.changes if c["layer"] == "events"}
    # Counters: the real intake counts, the drill does not.
    assert client.get("/api/stats/").json()["open_events"] == open_before + 1
    # Search, OGC items, the desk list.
    assert client.get("/api/search/", {"q": "演练危化品"}).json()["results"] == []
    assert [r["id"] for r in client.get("/api/search/", {"q": "危化品泄漏"}).json()["results"]] == [marker["id"]]
    items = client.get("/ogc/collections/events/items?f=json&limit=100").json()["features"]
    assert drill["id"] not in {f["id"] for f in items} and real.pk in {f["id"] for f in items}
    desk = client.get("/desk/events/").content.decode()
    assert "演练危化品泄漏" not in desk and "真实危化品泄漏" in desk
    # Drill duplicates match drills only, real ones real ones.
    near = {"type": "危险化学品泄漏", "lon": 121.3655, "lat": 31.1945}
    assert [r["id"] for r in client.get("/api/events/duplicates/", near).json()["results"]] == [marker["id"]]
    assert [r["id"] for r in client.get("/api/events/duplicates/", {**near, "is_drill": "1"}).json()["results"]] == [
        drill["id"]]
    # The drill is still worked in drill mode: its follow-ups are accepted.
    assert post(client, f"/api/events/{drill['id']}/follow-ups/", {"text": "演练：泄漏已控制"}).status_code == 201
