"""Field reports up (信息上报) on POST /api/events/{id}/reports/: a responder on the event sends
text, photos (type by content, size capped), lon/lat, exactly once per client_id; the desk's
Feature form (attach a call) keeps working; the board lists the report with its photo URLs."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from geo_api.incidents.models import Attachment, EventReport
from geo_api.timeline.models import TimelineEntry

from .conftest import on_duty, post

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def url(scene):
    return f"/api/events/{scene['event'].pk}/reports/"


def test_a_responder_on_duty_reports_text_photo_and_place_once(scene):
    on_duty(scene["people"]["responder"])
    client = scene["clients"]["responder"]
    form = {"text": "东侧仍有刺激性气味，已拉警戒线", "lon": "121.4003", "lat": "31.2112", "client_id": "r-1",
            "files": [SimpleUploadedFile("现场.png", PNG, content_type="image/png")]}
    response = client.post(url(scene), form)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "follow_up" and body["source"] == "field"
    assert body["geometry"]["coordinates"] == [121.4003, 31.2112]
    assert [a["name"] for a in body["attachments"]] == ["现场.png"]
    again = client.post(url(scene), {**form, "files": [SimpleUploadedFile("现场.png", PNG)]})
    assert again.status_code == 201 and again.json() == body
    assert EventReport.objects.filter(kind="follow_up").count() == 1 and Attachment.objects.count() == 1
    entry = TimelineEntry.objects.get(payload__what="field_report")
    assert entry.kind == "report" and entry.actor == scene["people"]["responder"] and entry.payload["lon"] == 121.4003
    board = scene["clients"]["commander"].get(f"/api/events/{scene['event'].pk}/board/").json()
    report = next(r for r in board["reports"] if r["id"] == body["id"])
    assert report["photos"] == [body["attachments"][0]["url"]] and report["lon"] == 121.4003


def test_a_responder_addressed_by_an_instruction_may_report_json_without_photos(scene):
    people = scene["people"]
    post(scene["clients"]["commander"], f"/api/events/{scene['event'].pk}/instructions/",
         {"text": "到场核查", "to_users": [people["other_responder"].pk]})
    response = post(scene["clients"]["other_responder"], url(scene), {"text": "已到场，火势已控制"})
    assert response.status_code == 201 and response.json()["geometry"] is None


def test_refusals_name_what_to_fix(scene):
    # Not on the event: no task, no instruction, no check-in, not on duty.
    assert post(scene["clients"]["responder"], url(scene), {"text": "x"}).status_code == 403
    on_duty(scene["people"]["responder"])
    client = scene["clients"]["responder"]
    cases = [({"text": ""}, "text"), ({"text": "x", "lon": "east", "lat": "1"}, "lon"),
             ({"text": "x", "lon": 200, "lat": 1}, "lon"), ({"text": "x", "colour": "red"}, "colour")]
    for body, field in cases:
        response = post(client, url(scene), body)
        assert response.status_code == 400 and field in response.json()["errors"], (body, response.content)
    script = SimpleUploadedFile("photo.png", b"#!/bin/sh\nrm -rf /\n", content_type="image/png")
    response = client.post(url(scene), {"text": "x", "files": [script]})
    assert response.status_code == 400 and "attachments" in response.json()["errors"]
    assert scene["clients"]["liaison"].post(url(scene), {"text": "x"}).status_code == 403  # not a field role
    assert scene["anonymous"].post(url(scene), {"text": "x"}).status_code == 401
    assert not EventReport.objects.exists() and not Attachment.objects.exists()


def test_the_desk_still_attaches_a_call_as_a_feature(scene):
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.40, 31.21]},
               "properties": {"description": "又一位市民来电", "source": "phone", "reporter": "市民"}}
    response = post(scene["clients"]["duty"], url(scene), feature)
    assert response.status_code == 201 and response.json()["kind"] == "call"
