"""CAP 1.2 / GB/T 35965.1 weather warnings through the push API (issue #13, "CAP done right")."""
import http.server
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from etl.feeds.models import FeedMessage, FeedRecord
from etl.feeds.simulators.weather_warnings import SENDER, cap_alert, identifier
from geo_api.reference.models import District
from geo_api.warnings.models import Warning

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
CAP = "application/cap+xml"


def _now():
    return timezone.now().astimezone(CST).replace(microsecond=0)


def test_bilingual_alert_shows_zh_and_keeps_english(push, streets):
    sent = _now() - timedelta(minutes=5)
    xml = cap_alert(ident=identifier(sent), sent=sent, event="寒潮", code="11B05", level=4,
                    areas=[{"desc": "长宁区全境", "geocodes": ["310105"]}],
                    english={"event": "Cold wave", "headline": "Blue cold-wave warning for Changning",
                             "description": "Temperature drops by 8 °C."})
    response = push("weather-warnings", xml, CAP)
    assert response.status_code == 202, response.json()
    assert response.json()["state"] == "applied"
    warning = Warning.objects.get()
    assert warning.language == "zh-CN" and warning.headline == f"{SENDER}发布长宁区寒潮蓝色预警"
    assert warning.level == 4 and warning.event_type == "11B05" and warning.event_name == "寒潮"
    assert [i["language"] for i in warning.other_infos] == ["en-US"]
    assert warning.other_infos[0]["headline"] == "Blue cold-wave warning for Changning"
    # 310105 is the whole district: every street's polygon is inside the area.
    for street in District.objects.all():
        assert warning.geom.buffer(1e-9).contains(street.geom)
    assert warning.source_message_id == response.json()["id"]


def test_same_alert_three_times_is_one_warning(push, streets):
    sent = _now()
    xml = cap_alert(ident=identifier(sent), sent=sent, areas=[{"geocodes": ["310105003000"]}])
    answers = [push("weather-warnings", xml, CAP) for _ in range(3)]
    assert [a.status_code for a in answers] == [202, 200, 200]
    assert len({a.json()["id"] for a in answers}) == 1
    assert Warning.objects.count() == 1 and FeedMessage.objects.count() == 1


def test_update_and_cancel_through_references(push, streets):
    first_sent = _now() - timedelta(hours=2)
    first_id = identifier(first_sent, 1)
    push("weather-warnings", cap_alert(ident=first_id, sent=first_sent, event="大风", code="11B06", level=4,
                                       areas=[{"geocodes": ["310105001000"]}]), CAP)
    # An Update raises the level to yellow: the new warning is in force, the first one superseded.
    update_sent = first_sent + timedelta(hours=1)
    update_id = identifier(update_sent, 2)
    response = push("weather-warnings", cap_alert(
        ident=update_id, sent=update_sent, msg_type="Update", event="大风", code="11B06", level=3,
        references=[(SENDER, first_id, first_sent)], areas=[{"geocodes": ["310105001000", "310105002000"]}]), CAP)
    assert response.status_code == 202, response.json()
    first, updated = Warning.objects.get(identifier=first_id), Warning.objects.get(identifier=update_id)
    assert first.state == "superseded" and first.ended_by == update_id and first.expires == update_sent
    assert updated.state == "active" and updated.level == 3 and updated.msg_type == "Update"
    from geo_api.warnings.selectors import active_warnings

    assert [w.identifier for w in active_warnings()] == [update_id]
    # A Cancel (no info block) ends the update.
    cancel_sent = update_sent + timedelta(minutes=30)
    response = push("weather-warnings", cap_alert(ident=identifier(cancel_sent, 3), sent=cancel_sent,
                                                  msg_type="Cancel", references=[(SENDER, update_id, update_sent)],
                                                  with_info=False), CAP)
    assert response.status_code == 202, response.json()
    updated.refresh_from_db()
    assert updated.state == "cancelled" and updated.expires == cancel_sent
    assert list(active_warnings()) == []
    assert Warning.objects.count() == 2  # a cancel is not a warning of its own


def test_cancel_of_unknown_alert_is_a_dead_letter(push, streets):
    sent = _now()
    response = push("weather-warnings", cap_alert(ident=identifier(sent), sent=sent, msg_type="Cancel",
                                                  references=[(SENDER, identifier(sent - timedelta(days=1)),
                                                               sent - timedelta(days=1))], with_info=False), CAP)
    assert response.status_code == 400
    assert "references" in response.json()["detail"]
    assert FeedMessage.objects.get().state == "dead"


def test_geocode_only_area_lands_on_its_street(push, streets):
    sent = _now()
    response = push("weather-warnings", cap_alert(ident=identifier(sent), sent=sent, event="道路结冰", code="11B21",
                                                  level=3, areas=[{"desc": "某街道", "geocodes": ["310105004000"]}]),
                    CAP)
    assert response.status_code == 202, response.json()
    warning = Warning.objects.get()
    street = District.objects.get(code="310105004000")
    assert warning.geom.equals_exact(street.geom, 1e-9) or warning.geom.sym_difference(street.geom).area < 1e-12
    assert warning.geocodes == ["310105004000"]


def test_geocodes_outside_changning_are_refused(push, streets):
    sent = _now()
    response = push("weather-warnings", cap_alert(ident=identifier(sent), sent=sent,
                                                  areas=[{"geocodes": ["310104001000"]}]), CAP)
    assert response.status_code == 400
    assert "310104001000" in response.json()["detail"] and not Warning.objects.exists()


def test_multi_polygon_area_keeps_every_polygon(push, streets):
    sent = _now()
    west = [(121.35, 31.20), (121.36, 31.20), (121.36, 31.21), (121.35, 31.21), (121.35, 31.20)]
    east = [(121.42, 31.20), (121.43, 31.20), (121.43, 31.21), (121.42, 31.21), (121.42, 31.20)]
    north = [(121.38, 31.23), (121.39, 31.23), (121.39, 31.235), (121.38, 31.235), (121.38, 31.23)]
    # Two polygons in one area, a third in a second area.
    response = push("weather-warnings", cap_alert(ident=identifier(sent), sent=sent, areas=[
        {"desc": "西部和东部", "polygons": [west, east]}, {"desc": "北部", "polygons": [north]}]), CAP)
    assert response.status_code == 202, response.json()
    warning = Warning.objects.get()
    assert warning.geom.num_geom == 3
    from django.contrib.gis.geos import Point

    for x, y in ((121.355, 31.205), (121.425, 31.205), (121.385, 31.232)):
        assert warning.geom.contains(Point(x, y, srid=4326))
    assert not warning.geom.contains(Point(121.40, 31.205, srid=4326))
    assert warning.area_desc == "西部和东部；北部"


def test_circle_is_buffered_in_metres(push, streets):
    sent = _now()
    response = push("weather-warnings", cap_alert(ident=identifier(sent), sent=sent, event="大雾", code="11B17",
                                                  level=3, areas=[{"circles": [(121.36, 31.2, 2)]}]), CAP)
    assert response.status_code == 202, response.json()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(geom::geography) FROM onemap_warning")
        area = cursor.fetchone()[0]
    assert abs(area - 3.14159 * 2000 ** 2) / (3.14159 * 2000 ** 2) < 0.01


@pytest.mark.parametrize("severity, level", [("Red", 1), ("Severe", 2), ("Yellow", 3), ("Minor", 4)])
def test_severity_maps_to_the_four_levels(push, streets, severity, level):
    sent = _now()
    xml = cap_alert(ident=identifier(sent), sent=sent, level=4, areas=[{"geocodes": ["310105"]}])
    xml = xml.replace("<severity>Blue</severity>", f"<severity>{severity}</severity>")
    assert push("weather-warnings", xml, CAP).status_code == 202
    assert Warning.objects.get().level == level


def test_unknown_severity_takes_the_colour_word(push, streets):
    sent = _now()
    xml = cap_alert(ident=identifier(sent), sent=sent, level=2, event="大雾", code="11B17",
                    areas=[{"geocodes": ["310105"]}]).replace("<severity>Orange</severity>", "<severity>Unknown</severity>")
    assert push("weather-warnings", xml, CAP).status_code == 202
    assert Warning.objects.get().level == 2


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<!ENTITY x 'pwned'>")

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    _Recorder.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol4;</identifier></alert>"""


def _xxe(url):
    return f"""<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY remote SYSTEM "{url}"><!ENTITY local SYSTEM "file:///etc/passwd">
<!ENTITY % param SYSTEM "{url}param"> %param;]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&remote;&local;</identifier></alert>"""


@pytest.mark.parametrize("attack", ["billion_laughs", "xxe"])
def test_entity_and_xxe_attacks_are_refused_and_nothing_fetched(push, streets, listener, attack):
    url = f"http://127.0.0.1:{listener.server_address[1]}/evil"
    body = BILLION_LAUGHS if attack == "billion_laughs" else _xxe(url)
    response = push("weather-warnings", body, CAP)
    assert response.status_code == 400
    assert "DTD" in response.json()["detail"]
    assert _Recorder.hits == []  # nothing was fetched
    assert not Warning.objects.exists() and not FeedRecord.objects.exists()
    message = FeedMessage.objects.get()  # only the dead letter, with its reason
    assert message.state == "dead" and "DTD" in message.error and message.raw == body


def test_malformed_alert_is_dead_then_replayed_after_a_fix(push, streets, as_role):
    sent = _now()
    good = cap_alert(ident=identifier(sent), sent=sent, areas=[{"geocodes": ["310105002000"]}])
    broken = good.replace("<msgType>Alert</msgType>", "<msgType>Alarm</msgType>")
    response = push("weather-warnings", broken, CAP)
    assert response.status_code == 400 and "msgType" in response.json()["detail"]
    dead_id = response.json()["id"]
    officer = as_role("duty_officer")
    listed = officer.get("/api/feeds/weather-warnings/messages/?state=dead").json()["messages"]
    assert [m["id"] for m in listed] == [dead_id] and "msgType" in listed[0]["error"]
    fixed = officer.post(f"/api/feeds/messages/{dead_id}/replay/", {"raw": good}, content_type="application/json")
    assert fixed.status_code == 200, fixed.json()
    assert fixed.json()["state"] == "applied" and fixed.json()["edited"] is True
    message = FeedMessage.objects.get(pk=dead_id)
    assert message.original_raw == broken and message.raw == good
    assert Warning.objects.get().identifier == identifier(sent)
    # Replaying what is no longer dead is refused.
    again = officer.post(f"/api/feeds/messages/{dead_id}/replay/", {}, content_type="application/json")
    assert again.status_code == 409


def test_wrong_content_type_is_refused(push, streets):
    sent = _now()
    response = push("weather-warnings", cap_alert(ident=identifier(sent), sent=sent), "text/plain")
    assert response.status_code == 400 and "application/cap+xml" in response.json()["detail"]
    assert not FeedMessage.objects.exists()


def test_expiry_job_marks_past_warnings(push, streets):
    from etl.feeds.services import warnings_expire

    sent = _now() - timedelta(hours=3)
    push("weather-warnings", cap_alert(ident=identifier(sent), sent=sent, expires=sent + timedelta(hours=1),
                                       areas=[{"geocodes": ["310105"]}]), CAP)
    later = _now() - timedelta(minutes=10)
    push("weather-warnings", cap_alert(ident=identifier(later), sent=later, areas=[{"geocodes": ["310105"]}]), CAP)
    expired = warnings_expire()
    assert len(expired) == 1
    assert Warning.objects.get(pk=expired[0]).state == "expired"
    assert warnings_expire() == []  # safe to run twice


def test_the_status_counts_each_cap_alert_as_one_item(push, streets, as_role):
    """A CAP alert is applied whole (never split into items): the status page counts it."""
    for minutes in (10, 5):
        sent = _now() - timedelta(minutes=minutes)
        assert push("weather-warnings", cap_alert(ident=identifier(sent), sent=sent,
                                                  areas=[{"geocodes": ["310105003000"]}]), CAP).status_code == 202
    push("weather-warnings", b"<alert>not CAP</alert>", CAP)
    feeds = {f["feed"]: f for f in as_role("duty_officer").get("/api/feeds/").json()["feeds"]}
    assert feeds["weather-warnings"]["counts"] == {"received": 0, "applied": 2, "duplicate": 0, "dead": 1}
