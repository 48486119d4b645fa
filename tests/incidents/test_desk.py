"""The intake form (/duty/intake/) and the event page (/desk/events/<id>/) through htmx requests."""
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_api.incidents.models import Event, UpwardReport
from tests import factories

from .conftest import feature, post

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def form(**overrides):
    data = {"category": "ACCIDENT", "type": "危险化学品泄漏", "severity": "3", "title": "", "address": "虹桥路2550号",
            "lon": "121.3655", "lat": "31.1945", "crs": "EPSG:4326",
            "reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "source": "fire_119",
            "reporter": "119", "phone": "", "casualties": "0", "description": "槽罐车泄漏"}
    return {**data, **overrides}


def test_the_intake_page_is_the_duty_desks(as_role):
    page = as_role("duty_officer").get("/duty/intake/")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="intake-form"' in html and 'data-module="intake"' in html
    assert 'id="intake-map"' in html and "intake-map" in html  # the Vite entry
    assert as_role("field_responder").get("/duty/intake/").status_code == 403
    assert as_role("external_agency").get("/duty/intake/").status_code == 403


def test_category_to_type_cascade(as_role):
    html = as_role("duty_officer").get("/duty/intake/types/", {"category": "NATURAL"}, **HTMX).content.decode()
    assert "暴雨 (11B03)" in html and "危险化学品泄漏" not in html and "气象灾害" in html


def test_the_form_records_an_event_and_names_bad_fields(as_role):
    duty = as_role("duty_officer")
    saved = duty.post("/duty/intake/", form(), **HTMX)
    assert saved.status_code == 200 and 'data-state="saved"' in saved.content.decode()
    event = Event.objects.get()
    assert event.title == "虹桥路2550号危险化学品泄漏" and event.code.startswith("EV-")
    bad = duty.post("/duty/intake/", form(lon="", lat=""), **HTMX)
    assert bad.status_code == 400 and 'data-error="geometry"' in bad.content.decode()
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    bad = duty.post("/duty/intake/", form(reported_at=future), **HTMX)
    assert bad.status_code == 400 and 'data-error="reported_at"' in bad.content.decode()
    assert Event.objects.count() == 1


def test_cgcs2000_in_the_form(as_role):
    saved = as_role("duty_officer").post("/duty/intake/", form(crs="EPSG:4490"), **HTMX)
    assert saved.status_code == 200
    assert abs(Event.objects.get().geom.x - 121.3655) < 1e-5


def test_duplicates_panel_and_attach(as_role):
    duty = as_role("duty_officer")
    first = post(duty, "/api/events/", feature()).json()
    panel = duty.get("/duty/intake/duplicates/", form(lon="121.3660"), **HTMX).content.decode()
    assert f'data-duplicate="{first["id"]}"' in panel and f'name="attach_to" value="{first["id"]}"' in panel
    empty = duty.get("/duty/intake/duplicates/", form(type=""), **HTMX).content.decode()
    assert "data-duplicate" not in empty
    attached = duty.post("/duty/intake/", {**form(reporter="王先生"), "attach_to": str(first["id"])}, **HTMX)
    assert attached.status_code == 200 and 'data-state="saved"' in attached.content.decode()
    assert Event.objects.count() == 1 and Event.objects.get().reports.count() == 2


def test_place_search_covers_streets_and_addresses(as_role):
    factories.district()
    factories.shelter(1, address="长宁区虹桥路999号")
    duty = as_role("duty_officer")
    street = duty.get("/duty/intake/search/", {"q": "街道"}, **HTMX)  # street names (the districts layer)
    assert 'class="intake-place"' in street.content.decode()
    address = duty.get("/duty/intake/search/", {"q": "虹桥路999"}, **HTMX).content.decode()
    assert "长宁区虹桥路999号" in address and 'data-lon="121.' in address


def test_the_event_page_acts_through_htmx(as_role):
    duty, commander = as_role("duty_officer"), as_role("commander")
    event_id = post(duty, "/api/events/", feature(severity=3)).json()["id"]
    page = duty.get(f"/desk/events/{event_id}/").content.decode()
    assert 'data-transition="verify"' in page and 'data-transition="dismiss"' in page
    assert 'data-transition="respond"' not in page  # the commander's
    assert "upward-table" in page and "接报时间" in page
    verified = duty.post(f"/desk/events/{event_id}/transition/", {"transition": "verify"}, **HTMX)
    assert verified.status_code == 200 and 'data-status="verified"' in verified.content.decode()
    refused = duty.post(f"/desk/events/{event_id}/transition/", {"transition": "respond"}, **HTMX)
    assert refused.status_code == 403 and 'data-state="error"' in refused.content.decode()
    assert 'data-transition="respond"' in commander.get(f"/desk/events/{event_id}/").content.decode()
    severity = duty.post(f"/desk/events/{event_id}/severity/", {"severity": "2", "reason": ""}, **HTMX)
    assert severity.status_code == 400
    severity = duty.post(f"/desk/events/{event_id}/severity/", {"severity": "2", "reason": "扩散"}, **HTMX)
    assert severity.status_code == 200 and 'data-severity="2"' in severity.content.decode()
    follow = duty.post(f"/desk/events/{event_id}/follow-up/", {"text": "已疏散50人", "casualties": "2"}, **HTMX)
    assert follow.status_code == 200 and "已疏散50人" in follow.content.decode()
    report = UpwardReport.objects.get(event_id=event_id, recipient="district")
    submitted = duty.post(f"/desk/upward-reports/{report.pk}/submit/", {"text": "首报正文"}, **HTMX)
    assert submitted.status_code == 200
    report.refresh_from_db()
    assert report.submitted_at and report.text == "首报正文"
    drafted = duty.post(f"/desk/events/{event_id}/upward-reports/", {"kind": "follow_up", "recipient": "district"}, **HTMX)
    assert drafted.status_code == 201 or drafted.status_code == 200
    assert UpwardReport.objects.filter(event_id=event_id, kind="follow_up").count() == 1


def test_the_event_list_links_rows_to_the_event_page(as_role):
    event = factories.event(1)
    html = as_role("duty_officer").get("/desk/events/").content.decode()
    assert f'href="/desk/events/{event.pk}/"' in html


def test_event_page_refusals(as_role):
    minor = factories.event(1, severity=4)
    assert as_role("external_agency").get(f"/desk/events/{minor.pk}/").status_code == 404  # outside its rows
    assert as_role("duty_officer").get("/desk/events/999999/").status_code == 404
    from django.test import Client

    assert Client().get(f"/desk/events/{minor.pk}/").status_code == 302
    # A field responder sees the page and may add follow-ups, not upward reports.
    page = as_role("field_responder").get(f"/desk/events/{minor.pk}/").content.decode()
    assert "event-followup" in page and "upward-table" not in page


def test_a_verified_event_page_loads_the_plan_matches_panel(as_role):
    """The event page asks the plans app for its ranked matches (with reasons and activation)."""
    duty = as_role("duty_officer")
    event = factories.event(status="verified")
    html = duty.get(f"/desk/events/{event.id}/").content.decode()
    assert f'hx-get="/plans/matches/{event.id}/"' in html
    panel = duty.get(f"/plans/matches/{event.id}/", **HTMX)
    assert panel.status_code == 200
    reported = factories.event(status="reported", code="EV-REPORTED-1")
    assert "/plans/matches/" not in duty.get(f"/desk/events/{reported.id}/").content.decode()
