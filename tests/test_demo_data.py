"""The Changning demo-data generator against a real PostGIS (no mocks).

Run alone with: ONEMAP_TEST_DB=test_onemap_data .venv/bin/pytest tests/test_demo_data.py -p no:xdist
"""
import json
import re
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import F
from django.db import connection
from django.utils import timezone

from data.generate import DEFAULT_SEED, generate, load
from data.generate.base import Table
from data.generate.enterprises import credit_check
from data.generate.geometry import BOUNDARY_PATH, allocate
from geo_api.incidents import models as incidents_models
from geo_api.reference import models as reference_models
from geo_api.resources import models as resources_models
from geo_api.responders import models as responders_models
from geo_api.shelters import models as shelters_models
from geo_api.supervision import models as supervision_models
from geo_api.warnings import models as warnings_models

REFERENCE = datetime(2026, 11, 24, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
STREETS = {
    "310105001000": "华阳路街道", "310105002000": "江苏路街道", "310105004000": "新华路街道",
    "310105005000": "周家桥街道", "310105006000": "天山路街道", "310105008000": "仙霞新村街道",
    "310105009000": "虹桥街道", "310105010000": "程家桥街道", "310105011000": "北新泾街道",
    "310105102000": "新泾镇",
}
POINT_TABLES = [shelters_models.Shelter, resources_models.Warehouse, resources_models.Resource, supervision_models.Enterprise, supervision_models.Hazard, reference_models.Camera,
                incidents_models.Event, responders_models.ResponderPosition, responders_models.PositionReport]
ALL_MODELS = [reference_models.District, *POINT_TABLES, resources_models.StockItem, warnings_models.Warning, responders_models.Responder]
BOUNDARY = json.dumps(json.loads(BOUNDARY_PATH.read_text(encoding="utf-8"))["features"][0]["geometry"])


@pytest.fixture
def loaded(db):
    return load(reference=REFERENCE)


def scalar(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


def dump() -> dict[str, tuple[int, str]]:
    """Row count and md5 of every demo table, rows in id order as PostgreSQL prints them."""
    result = {}
    for model in ALL_MODELS:
        table = model._meta.db_table
        result[table] = (scalar(f"SELECT count(*) FROM {table}"),
                         scalar(f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM {table} t"))
    return result


def test_counts_at_scale_1(loaded):
    expected = {reference_models.District: 10, shelters_models.Shelter: 60, resources_models.Warehouse: 15, resources_models.Resource: 300,
                supervision_models.Enterprise: 150, supervision_models.Hazard: 400, reference_models.Camera: 1_500, warnings_models.Warning: 0,
                incidents_models.Event: 30, responders_models.Responder: 200, responders_models.ResponderPosition: 200, supervision_models.RiskZone: 15}
    for model, count in expected.items():
        assert model.objects.count() == count, model
        assert loaded[model._meta.label] == count
    assert 15 * 5 <= resources_models.StockItem.objects.count() <= 15 * 18
    assert set(resources_models.Warehouse.objects.filter(stock__isnull=True)) == set()
    # Each responder's short trail; the tracks sent while working the finished events are casework's.
    assert 3 * 200 <= responders_models.PositionReport.objects.filter(event__isnull=True).count() <= 6 * 200


def test_every_layer_shows_its_variety(loaded):
    def values(model, field):
        return set(model.objects.values_list(field, flat=True))

    assert values(resources_models.Resource, "kind") == set(resources_models.Resource.Kind.values)
    assert values(supervision_models.Hazard, "kind") == set(supervision_models.Hazard.Kind.values)
    hidden = supervision_models.Hazard.objects.filter(kind="hidden_hazard")
    assert set(hidden.values_list("rectification_status", flat=True)) == set(supervision_models.Hazard.Rectification.values)
    assert supervision_models.Hazard.objects.filter(enterprise__isnull=False).count() > 50
    assert values(supervision_models.Enterprise, "risk_colour") == {"red", "orange", "yellow", "blue"}
    assert supervision_models.Enterprise.objects.filter(major_hazard_grade__isnull=False).exists()
    assert values(incidents_models.Event, "category") == {"NATURAL", "ACCIDENT", "PUBLIC_HEALTH", "SOCIAL_SECURITY"}
    assert values(incidents_models.Event, "severity") == {1, 2, 3, 4}
    assert incidents_models.Event.objects.filter(is_drill=True).count() == 2
    closed = incidents_models.Event.objects.filter(status="closed")
    assert closed.exists() and not closed.filter(closed_at__isnull=True).exists()
    finished = ["closed", "dismissed", "archived"]
    assert not incidents_models.Event.objects.exclude(status__in=finished).filter(closed_at__isnull=False).exists()
    assert values(incidents_models.Event, "status") == set(incidents_models.Event.Status.values)
    # Every event has its first call; some incidents were called in more than once; upward reports
    # are mostly submitted, a few overdue (geo_api/incidents/deadlines.py).
    assert not incidents_models.Event.objects.filter(reports__isnull=True).exists()
    assert incidents_models.EventReport.objects.filter(kind="call").count() > 30
    assert incidents_models.EventReport.objects.filter(kind="follow_up").exists()
    upward = incidents_models.UpwardReport.objects
    assert upward.filter(submitted_at__isnull=False).count() > upward.filter(submitted_at__isnull=True).count()
    # Warnings are not generated: they arrive through the weather-warnings feed (etl/feeds/demo.py).
    assert len(values(shelters_models.Shelter, "designation_status")) == 5
    assert values(shelters_models.Shelter, "shelter_class") == {"I", "II", "III"}
    assert 130 <= responders_models.Responder.objects.filter(on_duty=True).count() <= 170
    cameras = reference_models.Camera.objects
    assert cameras.filter(status="offline").exists()
    assert cameras.filter(heading__isnull=False, field_of_view__isnull=False).exists()
    assert cameras.filter(heading__isnull=True).exists()


def test_shelter_capacity_follows_area(loaded):
    per_person = {"emergency": 0.5, "fixed_short": 2.0, "fixed_medium": 3.0, "fixed_long": 4.5, "central": 4.5}
    for shelter in shelters_models.Shelter.objects.all():
        assert shelter.capacity == int(shelter.area_m2 // per_person[shelter.shelter_type])


def test_every_feature_lies_inside_the_boundary(loaded):
    boundary = "ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)"
    for model in POINT_TABLES:
        table = model._meta.db_table
        assert scalar(f"SELECT count(*) FROM {table} WHERE NOT ST_Within(geom, {boundary})", [BOUNDARY]) == 0, table
        if any(f.name == "district" for f in model._meta.fields):
            # The district key names the polygon the point lies in.
            outside = scalar(f"SELECT count(*) FROM {table} t JOIN onemap_district d ON d.id = t.district_id "
                             "WHERE NOT ST_Within(t.geom, d.geom)")
            assert outside == 0, table
            assert not model.objects.filter(district__isnull=True).exists()
    assert scalar(f"SELECT count(*) FROM onemap_warning WHERE NOT ST_Intersects(geom, {boundary})", [BOUNDARY]) == 0


def test_districts_are_the_real_streets_with_synthetic_polygons_tiling_the_boundary(loaded):
    assert dict(reference_models.District.objects.values_list("code", "name")) == STREETS
    assert reference_models.District.objects.get(code="310105102000").kind == "town"
    assert reference_models.District.objects.filter(kind="street").count() == 9
    assert reference_models.District.objects.filter(synthetic=False).count() == 0
    assert abs(sum(reference_models.District.objects.values_list("population", flat=True)) - 690_000) < 10_000
    areas = "SELECT sum(ST_Area(geom::geography)), ST_Area(ST_Union(geom)::geography) FROM onemap_district"
    with connection.cursor() as cursor:
        cursor.execute(areas)
        total, union = cursor.fetchone()
    boundary = scalar("SELECT ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)::geography)", [BOUNDARY])
    assert abs(total - boundary) / boundary < 0.001
    assert abs(union - boundary) / boundary < 0.001
    overlap = scalar("SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0) "
                     "FROM onemap_district a JOIN onemap_district b ON a.id < b.id AND ST_Intersects(a.geom, b.geom)")
    assert overlap / boundary < 1e-6
    for district in reference_models.District.objects.all():
        geodesic = scalar("SELECT ST_Area(geom::geography) / 1e6 FROM onemap_district WHERE id = %s", [district.id])
        assert district.area_km2 == pytest.approx(geodesic, rel=0.001)
    assert 36 < total / 1e6 < 39


def test_same_seed_same_rows_in_memory():
    def rows(tables: list[Table]):
        return [(t.model._meta.label, list(t)) for t in tables]

    first, second = rows(generate(reference=REFERENCE)), rows(generate(reference=REFERENCE))
    assert first == second
    assert rows(generate(seed=DEFAULT_SEED + 1, reference=REFERENCE)) != first


def test_same_seed_same_rows_in_the_database(db):
    load(reference=REFERENCE)
    before = dump()
    load(reference=REFERENCE, replace=True)
    assert dump() == before
    load(seed=7, reference=REFERENCE, replace=True)
    assert dump()["onemap_camera"] != before["onemap_camera"]


def test_scale_multiplies_the_point_layers(db):
    load(scale=2, reference=REFERENCE)
    assert reference_models.Camera.objects.count() == 3_000
    assert supervision_models.Hazard.objects.count() == 800
    assert resources_models.Resource.objects.count() == 600
    assert shelters_models.Shelter.objects.count() == 60


def test_command_loads_warnings_in_force_now(db):
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert "reference.Camera" in out.getvalue() and "1,500" in out.getvalue()
    now = timezone.now()
    # Late November's warnings, delivered as CAP through the weather-warnings feed: no heat, no red.
    assert warnings_models.Warning.objects.filter(onset__lte=now, expires__gt=now).count() == 4
    assert set(warnings_models.Warning.objects.values_list("event_name", flat=True)) == {"寒潮", "大风", "大雾", "道路结冰"}
    assert set(warnings_models.Warning.objects.values_list("level", flat=True)) <= {3, 4}
    identifier = re.compile(r"^310105\d{8}_\d{14}_\d$")
    for warning in warnings_models.Warning.objects.all():
        assert identifier.match(warning.identifier) and len(warning.identifier) == 31
        beijing = warning.sent.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y%m%d%H%M%S")
        assert warning.identifier.split("_")[1] == beijing
    on_duty = responders_models.ResponderPosition.objects.filter(responder__on_duty=True)
    assert not on_duty.filter(recorded_at__lt=now - timedelta(hours=1, minutes=10)).exists()
    # The warehouse page shows the demo's low and expiring lines at once, not after the hourly check.
    low = resources_models.StockItem.objects.filter(quantity__lt=F("minimum"))
    assert low.exists() and resources_models.StockAlert.objects.filter(
        resolved_at__isnull=True, kind="below_minimum").count() == low.count()


def test_sample_rows_pass_model_validation(loaded):
    for model in [*ALL_MODELS, responders_models.PositionReport]:
        for obj in model.objects.order_by("id")[:25]:
            obj.full_clean()
    for code in resources_models.StockItem.objects.values_list("material_code", flat=True):
        assert re.fullmatch(r"[1-3](\d{2}){0,3}", code)
    for code in supervision_models.Enterprise.objects.values_list("credit_code", flat=True):
        assert credit_check(code[:17]) == code[17]


def test_credit_check_matches_the_standards_example():
    assert credit_check("91350100M000100Y4") == "3"  # GB 32100-2015, appendix example


def test_allocate_splits_exactly():
    assert allocate(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(allocate(1_050_000, [0.3, 0.2, 0.5, 0.01])) == 1_050_000


def test_loading_twice_does_not_duplicate(db):
    call_command("load_demo_data", "--reference", REFERENCE.isoformat(), stdout=StringIO())
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert "already loaded" in out.getvalue()
    assert reference_models.District.objects.count() == 10
    assert reference_models.Camera.objects.count() == 1_500


@pytest.mark.django_db(transaction=True)
def test_a_failure_mid_load_leaves_the_database_unchanged(monkeypatch):
    from data.generate import cameras

    original = cameras.build

    def failing(ctx):
        (table,) = original(ctx)

        def rows():
            for i, row in enumerate(table):
                if i == 700:
                    raise RuntimeError("camera feed broke")
                yield row

        return [Table(table.model, table.columns, rows, table.count)]

    monkeypatch.setattr(cameras, "build", failing)
    with pytest.raises(RuntimeError, match="camera feed broke"):
        call_command("load_demo_data", "--reference", REFERENCE.isoformat(), stdout=StringIO())
    assert all(count == 0 for count, _ in dump().values())

    monkeypatch.setattr(cameras, "build", original)
    call_command("load_demo_data", "--reference", REFERENCE.isoformat(), stdout=StringIO())
    before = dump()
    monkeypatch.setattr(cameras, "build", failing)
    with pytest.raises(RuntimeError):
        call_command("load_demo_data", "--replace", "--scale", "2", stdout=StringIO())
    assert dump() == before
    assert reference_models.Camera.objects.count() == 1_500


def test_replace_respects_rows_of_other_apps_that_point_at_demo_rows(db):
    """TRUNCATE cannot run while another table refers to onemap tables; the reload falls back to
    DELETE, which goes through while nothing refers to the old rows and refuses when something does."""
    from django.core.management.base import CommandError

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE demo_probe (event_id bigint REFERENCES onemap_event (id))")
    load(reference=REFERENCE)
    load(reference=REFERENCE, replace=True)
    assert incidents_models.Event.objects.count() == 30
    before = dump()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO demo_probe SELECT min(id) FROM onemap_event")
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_demo_data", "--replace", stdout=StringIO())
    assert dump() == before


def _finished():
    return incidents_models.Event.objects.filter(status__in=("closed", "archived"))


def test_closed_and_archived_events_have_cases_that_replay(loaded):
    """After the load, /cases/ lists every finished event and each replays with its story."""
    from django.test import Client

    from geo_api.cases.models import Case
    from tests.plans.world import person

    finished = _finished()
    assert finished.count() >= 2 and loaded["cases.Case"] == finished.count()
    assert set(Case.objects.values_list("event_id", flat=True)) == set(finished.values_list("id", flat=True))
    archived = Case.objects.filter(event__status="archived")
    assert archived.exists() and not archived.filter(archived_at__isnull=True).exists()
    assert not Case.objects.filter(event__status="closed", archived_at__isnull=False).exists()

    client = Client()
    client.force_login(person("commander", "commander"))
    listed = client.get("/api/cases/", {"drills": "1"}).json()
    assert listed["count"] == finished.count()
    for event in finished.order_by("id")[:3]:
        outline = client.get(f"/api/events/{event.pk}/replay/").json()
        kinds = [m["kind"] for m in outline["moments"]]
        assert kinds.count("transition") >= 3, kinds
        mid = event.reported_at + (event.closed_at - event.reported_at) * 0.6
        state = client.get(f"/api/events/{event.pk}/replay/", {"at": mid.isoformat()}).json()
        assert state["state"] in ("responding", "recovering"), state["state"]
        assert len(state["positions"]) == 4 and all(p["recorded_at"] <= state["at"] for p in state["positions"])
        end = client.get(f"/api/events/{event.pk}/replay/", {"at": outline["end"]}).json()
        assert end["state"] == event.status


def test_reloading_keeps_one_story_per_case(db):
    from geo_api.cases.models import Case
    from geo_api.timeline.models import TimelineEntry

    def story():
        return (Case.objects.count(), TimelineEntry.objects.filter(event_id__in=_finished().values("id")).count(),
                responders_models.PositionReport.objects.filter(event__isnull=False).count())

    load(reference=REFERENCE)
    before = story()
    assert all(before)
    load(reference=REFERENCE, replace=True)
    assert story() == before
