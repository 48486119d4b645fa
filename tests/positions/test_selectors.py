"""The selectors the replay imports: where each responder was at a moment, and tracks."""
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point

from geo_api.responders.models import PositionReport, Responder
from geo_api.responders.selectors import positions_at, responder_for, tracks
from tests import factories
from tests.conftest import user_with_roles

pytestmark = pytest.mark.django_db
T0 = factories.T0


def sample(responder, minutes, lon=121.40, flag=""):
    return PositionReport.objects.create(responder=responder, recorded_at=T0 + timedelta(minutes=minutes),
                                         geom=Point(lon, 31.21, srid=4326), accuracy_m=5, flag=flag)


def test_positions_at_takes_the_last_trusted_sample_before_the_moment():
    a, b = factories.responder(1), factories.responder(2)
    sample(a, 0, 121.401), sample(a, 10, 121.402), sample(a, 12, 121.499, flag="speed_jump"), sample(a, 20, 121.403)
    sample(b, 30, 121.41)
    got = positions_at(responder_ids=[a.pk, b.pk], at=T0 + timedelta(minutes=15))
    assert [(p["responder"], p["lon"], p["recorded_at"]) for p in got] == [(a.pk, 121.402, T0 + timedelta(minutes=10))]
    assert got[0]["name"] == a.name and got[0]["lat"] == pytest.approx(31.21)
    assert positions_at(responder_ids=[], at=T0) == []


def test_tracks_are_ordered_trusted_and_bounded():
    a, b = factories.responder(1), factories.responder(2)
    for m in (5, 1, 3):
        sample(a, m, 121.40 + m / 1000)
    sample(a, 4, 121.9, flag="poor_accuracy"), sample(a, 60, 121.41)
    got = tracks(responder_ids=[a.pk, b.pk], start=T0, end=T0 + timedelta(minutes=5))
    assert [p["recorded_at"] for p in got[a.pk]] == [T0 + timedelta(minutes=m) for m in (1, 3, 5)]
    assert got[b.pk] == []


def test_responder_for_a_linked_account():
    user = user_with_roles("p_sel", "field_responder")
    assert responder_for(user) is None
    r = Responder.objects.create(name="张三", organization="消防", user=user)
    assert responder_for(user) == r
    from django.contrib.auth.models import AnonymousUser
    assert responder_for(AnonymousUser()) is None
