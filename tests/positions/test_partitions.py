"""The position history is partitioned by month; the beat job makes partitions ahead and moves
rows that waited in the default partition into their month."""
from datetime import datetime, timedelta, timezone

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from geo_api.jobs.periodic import declared
from geo_api.responders.models import PositionReport
from geo_api.responders.partitions import ensure_partitions, partitions
from tests import factories

pytestmark = pytest.mark.django_db


def partition_of(report_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM onemap_positionreport WHERE id = %s", [report_id])
        return cursor.fetchone()[0]


def test_the_table_is_partitioned_with_months_ahead_and_a_default():
    with connection.cursor() as cursor:
        cursor.execute("SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'onemap_positionreport'::regclass")
        assert cursor.fetchone() == ("r",)
    now = datetime.now(timezone.utc)
    names = partitions()
    assert "onemap_positionreport_default" in names
    assert f"onemap_positionreport_y{now:%Y}m{now:%m}" in names
    assert len([n for n in names if n != "onemap_positionreport_default"]) >= 3
    assert "responders.position_partitions" in declared()


def test_a_sample_lands_in_its_month_and_an_old_one_in_the_default():
    r = factories.responder(1)
    now = datetime.now(timezone.utc)
    recent = PositionReport.objects.create(responder=r, recorded_at=now, geom=Point(121.4, 31.2, srid=4326))
    old = PositionReport.objects.create(responder=r, recorded_at=now - timedelta(days=400), geom=Point(121.4, 31.2, srid=4326))
    assert partition_of(recent.pk) == f"onemap_positionreport_y{now:%Y}m{now:%m}"
    assert partition_of(old.pk) == "onemap_positionreport_default"


def test_making_partitions_moves_waiting_rows_and_is_safe_twice():
    r = factories.responder(1)
    with connection.cursor() as cursor:  # pretend next year's partitions do not exist yet
        cursor.execute("SELECT onemap_position_partitions(14)")
    ahead = datetime.now(timezone.utc).replace(day=15) + timedelta(days=31 * 16)
    early = PositionReport.objects.create(responder=r, recorded_at=ahead, geom=Point(121.4, 31.2, srid=4326))
    assert partition_of(early.pk) == "onemap_positionreport_default"
    with connection.cursor() as cursor:
        cursor.execute("SELECT onemap_position_partitions(17)")
        assert cursor.fetchone()[0] >= 1
    assert partition_of(early.pk) == f"onemap_positionreport_y{ahead:%Y}m{ahead:%m}"
    assert PositionReport.objects.filter(pk=early.pk).count() == 1
    assert ensure_partitions() == 0
