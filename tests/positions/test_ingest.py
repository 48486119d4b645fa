"""POST /api/positions/: each rejection and flag reason, the latest position, idempotent replays."""
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_api.responders.models import PositionReport, ResponderPosition

from .conftest import post, sample

pytestmark = pytest.mark.django_db


def latest(responder):
    return ResponderPosition.objects.filter(responder=responder).first()


def test_one_sample_becomes_history_and_the_latest(field):
    client = field()
    s = sample(121.401, 31.211, seconds_ago=5, speed_mps=1.5, heading=90)
    answer = post(client, s)
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"accepted": 1, "flagged": [], "rejected": []}
    row = PositionReport.objects.get(responder=client.responder)
    assert (row.geom.x, row.geom.y, row.flag, row.speed_mps) == (121.401, 31.211, "", 1.5)
    assert latest(client.responder).geom.x == 121.401


def test_each_rejection_reason(field):
    client = field()
    future = sample(seconds_ago=-120)
    cases = {
        "out_of_range": sample(lon=200), "outside_area": sample(lon=116.4, lat=39.9),  # Beijing
        "future": future, "invalid": sample(recorded_at="yesterday"),
    }
    no_offset = sample()
    no_offset["recorded_at"] = "2026-11-29T14:05:00"
    missing = sample()
    del missing["lat"]
    answer = post(client, {"samples": [*cases.values(), no_offset, missing, sample(responder=999999)]}).json()
    reasons = [r["reason"] for r in answer["rejected"]]
    assert reasons == ["out_of_range", "outside_area", "future", "invalid", "invalid", "invalid", "not_yours"]
    assert answer["accepted"] == 0 and all(r["detail"] for r in answer["rejected"])
    assert [r["client_id"] for r in answer["rejected"][:4]] == [c["client_id"] for c in cases.values()]
    assert not PositionReport.objects.exists() and latest(client.responder) is None


def test_thirty_seconds_of_clock_skew_is_allowed(field):
    assert post(field(), sample(seconds_ago=-20)).json()["accepted"] == 1


def test_poor_accuracy_is_stored_flagged_and_never_the_latest(field):
    client = field()
    post(client, sample(121.400, 31.210, seconds_ago=10))
    answer = post(client, sample(121.401, 31.210, seconds_ago=5, accuracy_m=350)).json()
    assert answer["accepted"] == 0 and [f["reason"] for f in answer["flagged"]] == ["poor_accuracy"]
    assert PositionReport.objects.get(flag="poor_accuracy").geom.x == 121.401
    assert latest(client.responder).geom.x == 121.400


def test_an_impossible_jump_is_flagged_and_the_next_good_sample_is_judged_from_the_last_trusted(field):
    client = field()
    post(client, sample(121.400, 31.210, seconds_ago=30))
    # ~9.5 km in 10 s from the last trusted position: 950 m/s.
    jump = post(client, sample(121.500, 31.210, seconds_ago=20)).json()
    assert [f["reason"] for f in jump["flagged"]] == ["speed_jump"]
    assert latest(client.responder).geom.x == 121.400
    # 100 m in 20 s from the last trusted one (not from the jump): accepted.
    walk = post(client, sample(121.401, 31.210, seconds_ago=10)).json()
    assert walk["accepted"] == 1 and latest(client.responder).geom.x == 121.401
    assert PositionReport.objects.filter(responder=client.responder).count() == 3


def test_a_batch_is_judged_in_time_order_and_an_older_sample_never_replaces_the_latest(field):
    client = field()
    batch = [sample(121.4020, 31.21, seconds_ago=1), sample(121.4000, 31.21, seconds_ago=20),
             sample(121.4010, 31.21, seconds_ago=10)]
    assert post(client, {"samples": batch}).json()["accepted"] == 3
    assert latest(client.responder).geom.x == 121.402
    assert post(client, sample(121.4015, 31.21, seconds_ago=5)).json()["accepted"] == 1
    assert latest(client.responder).geom.x == 121.402  # stored in history, older than the latest


def test_a_replayed_sample_answers_the_original_result_and_is_stored_once(field):
    client = field()
    good, bad = sample(seconds_ago=3), sample(lon=500)
    first = post(client, {"samples": [good, bad]}).json()
    again = post(client, {"samples": [good, bad, good]}).json()
    assert first == {"accepted": 1, "flagged": [], "rejected": [
        {"client_id": bad["client_id"], "reason": "out_of_range", "detail": first["rejected"][0]["detail"]}]}
    assert again["accepted"] == 2 and again["rejected"] == first["rejected"]
    assert PositionReport.objects.count() == 1


def test_a_replay_is_answered_as_first_even_if_the_situation_changed(field):
    client = field()
    s = sample(seconds_ago=2)
    assert post(client, s).json()["accepted"] == 1
    client.responder.on_duty = False
    client.responder.save()
    assert post(client, s).json()["accepted"] == 1  # the queued sample was taken on duty
    assert post(client, sample()).json()["rejected"][0]["reason"] == "not_sharing"


def test_sharing_only_on_duty_or_assigned(field):
    from tests import factories

    client = field(on_duty=False)
    assert post(client, sample()).json()["rejected"][0]["reason"] == "not_sharing"
    # A check-in on an open event makes the responder assigned; the samples carry the event.
    event = factories.event(1, status="responding")
    from geo_api.responders.models import CheckIn
    from django.contrib.gis.geos import Point
    CheckIn.objects.create(event=event, responder=client.responder, at=timezone.now(), geom=Point(121.40, 31.21),
                           distance_m=10)
    assert post(client, sample()).json()["accepted"] == 1
    assert PositionReport.objects.get().event_id == event.pk
    assert latest(client.responder).event_id == event.pk


def test_a_body_that_is_not_samples_is_a_400(field):
    client = field()
    for body in ([], {"samples": []}, {"samples": "x"}):
        answer = post(client, body)
        assert answer.status_code == 400 and answer.json()["detail"]
    assert post(client, {"samples": [sample()] * 1001}).status_code == 400


def test_speed_limit_counts_from_time_not_from_order(field):
    client = field()
    post(client, sample(121.400, 31.21, seconds_ago=600))
    # 2 km in 10 minutes: 3.3 m/s
    assert post(client, sample(121.421, 31.21, seconds_ago=0)).json()["accepted"] == 1
    assert timezone.now() - latest(client.responder).recorded_at < timedelta(seconds=5)
