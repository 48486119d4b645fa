"""LayerQuery, the one query builder over a layer view, against real PostGIS: the row filter is
always there, the view's own rule (no drills) holds, spatial clauses are exact, and client values
only ever travel as bound parameters."""
import psycopg
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from pygeofilter.parsers.cql2_json import parse as parse_cql2_json

from layers.query import LayerQuery, run
from layers.registry import load_catalog
from ogc.cql2_sql import Cql2ToSql
from ogc.providers.features import layer_fields
from ogc.providers.tiles import tile_sql
from tests import factories
from tests.conftest import user_with_roles
from tests.helpers import tile_of

pytestmark = pytest.mark.django_db
EVENTS = load_catalog().get("events")
ORIGIN = (121.40, 31.21)
# Metres per degree near 31.21°N (WGS84), for placing points at known distances.
M_PER_DEG_LAT = 110_870.0
M_PER_DEG_LON = 95_290.0


@pytest.fixture
def events():
    """Severities 1..4 on a line going north from ORIGIN, plus a drill of severity 1."""
    rows = {s: factories.event(s, severity=s, geom=factories.Point(ORIGIN[0], ORIGIN[1] + s * 0.001, srid=4326))
            for s in (1, 2, 3, 4)}
    rows["drill"] = factories.event(9, severity=1, is_drill=True, title="演练事件")
    return rows


@pytest.fixture
def agency(db):
    return user_with_roles("agency", "external_agency")


@pytest.fixture
def commander_user(db):
    return user_with_roles("cmd", "commander")


def severities(query: LayerQuery) -> list[int]:
    return [row[0] for row in query.fetch("severity", order="severity")]


def test_external_agency_sees_major_events_only(events, agency, commander_user):
    assert severities(LayerQuery.of(EVENTS, agency)) == [1, 2]
    assert LayerQuery.of(EVENTS, agency).count() == 2
    assert severities(LayerQuery.of(EVENTS, commander_user)) == [1, 2, 3, 4]
    # A client clause narrows within the row filter; it can never widen it.
    widened = LayerQuery.of(EVENTS, agency).where("severity > 0 OR severity = 4")
    assert severities(widened) == [1, 2]


def test_drills_never_leave_the_view(events, commander_user, agency):
    drill = events["drill"]
    for user in (commander_user, agency, AnonymousUser()):
        assert LayerQuery.of(EVENTS, user).id_is(drill.pk).fetch("id") == []
        assert LayerQuery.of(EVENTS, user).visible_ids([drill.pk]) == set()


def test_visible_ids_is_the_read_rule(events, agency, commander_user):
    ids = [events[s].pk for s in (1, 2, 3, 4)] + [events["drill"].pk, 987654321]
    assert LayerQuery.of(EVENTS, agency).visible_ids(ids) == {events[1].pk, events[2].pk}
    assert LayerQuery.of(EVENTS, commander_user).visible_ids(ids) == {events[s].pk for s in (1, 2, 3, 4)}
    assert LayerQuery.of(EVENTS, agency).visible_ids([]) == set()


def test_bbox_and_tile_clauses(events, commander_user):
    rows = LayerQuery.of(EVENTS, commander_user)
    # A box around the points of severity 2 and 3 only.
    box = (ORIGIN[0] - 0.0005, ORIGIN[1] + 0.0015, ORIGIN[0] + 0.0005, ORIGIN[1] + 0.0035)
    assert severities(rows.bbox(*box)) == [2, 3]
    z = 19  # a tile ~65 m high: it holds one point of the line at most
    x, y = tile_of(ORIGIN[0], ORIGIN[1] + 0.003, z)
    assert 3 in severities(rows.in_tile(z, x, y)) and 1 not in severities(rows.in_tile(z, x, y))


def test_tile_statement_keeps_the_row_filter(events, agency, commander_user):
    z = 19
    x, y = tile_of(ORIGIN[0], ORIGIN[1] + 0.004, z)  # only the severity-4 event is drawn here
    assert severities(LayerQuery.of(EVENTS, commander_user).in_tile(z, x, y)) == [4]
    commander_tile = run(*tile_sql(LayerQuery.of(EVENTS, commander_user), z, x, y))[0][0]
    agency_tile = run(*tile_sql(LayerQuery.of(EVENTS, agency), z, x, y))[0][0]
    assert len(bytes(commander_tile)) > 0
    assert bytes(agency_tile) == b""


@pytest.mark.parametrize("metres, inside", [(480, True), (520, False)])
@pytest.mark.parametrize("direction", ["north", "east"])
def test_within_metres_is_exact(commander_user, metres, inside, direction):
    # East-west degrees are shorter than north-south ones: the index prefilter must not cut off
    # a point that is truly within the radius, and the exact test must drop one just outside.
    dx, dy = (metres / M_PER_DEG_LON, 0) if direction == "east" else (0, metres / M_PER_DEG_LAT)
    event = factories.event(1, geom=factories.Point(ORIGIN[0] + dx, ORIGIN[1] + dy, srid=4326))
    found = LayerQuery.of(EVENTS, commander_user).within_m(*ORIGIN, 500).fetch(
        "id, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography)", before=ORIGIN)
    assert [row[0] for row in found] == ([event.pk] if inside else [])
    if inside:
        assert abs(found[0][1] - metres) < 5  # the placement above is right to a few metres


MALICIOUS = "x'); DROP TABLE onemap_event; --"


def test_values_stay_values(events, commander_user):
    sneaky = factories.event(7, title=MALICIOUS)
    rows = LayerQuery.of(EVENTS, commander_user)
    assert [r[0] for r in rows.equals("title", MALICIOUS).fetch("id")] == [sneaky.pk]
    assert rows.where("title = %s", "' OR '1'='1").fetch("id") == []
    query, params = rows.equals("title", MALICIOUS).select("id", limit=5)
    assert MALICIOUS not in query.as_string(connection.connection) and MALICIOUS in params
    # CQL2 literals become parameters too.
    cql = parse_cql2_json({"op": "=", "args": [{"property": "title"}, MALICIOUS]})
    clause, cql_params = Cql2ToSql(layer_fields(EVENTS)).translate(cql)
    assert [r[0] for r in rows.where(clause, *cql_params).fetch("id")] == [sneaky.pk]
    assert MALICIOUS in cql_params
    assert LayerQuery.of(EVENTS, commander_user).count() == 5  # the table is still there


def test_property_names_are_identifiers_and_a_failure_is_contained(events, commander_user):
    rows = LayerQuery.of(EVENTS, commander_user)
    with pytest.raises(psycopg.errors.UndefinedColumn):
        rows.equals('title" = title OR "1', "x").fetch("id")
    # The failed statement ran under a savepoint: the surrounding transaction goes on.
    assert connection.in_atomic_block
    assert rows.count() == 4


def test_queries_compose_without_changing_each_other(events, commander_user):
    base = LayerQuery.of(EVENTS, commander_user)
    narrowed = base.where("severity >= %s", 3).after(events[3].pk - 1)
    assert severities(base) == [1, 2, 3, 4]
    assert severities(narrowed) == [3, 4]
    page, params = narrowed.select("id", order="id", limit=1, offset=1)
    assert params == [3, events[3].pk - 1, 1, 1]
    assert [r[0] for r in run(page, params)] == [events[4].pk]
