"""The /ogc pages people open in a browser: Chinese first, Shanghai times, nothing from a CDN,
each collection's own extent and property types as stored (ogc/pages.py, ogc/templates,
ogc/extents.py)."""
import re
from datetime import datetime, timezone

import pytest
from django.db import connection

from ogc import extents
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = [
    "/ogc?f=html", "/ogc/collections?f=html", "/ogc/collections/shelters?f=html",
    "/ogc/collections/shelters/items?f=html", "/ogc/collections/shelters/queryables?f=html",
    "/ogc/collections/shelters/schema?f=html", "/ogc/collections/shelters/tiles?f=html",
    "/ogc/conformance?f=html", "/ogc/TileMatrixSets?f=html", "/ogc/TileMatrixSets/WebMercatorQuad?f=html",
    "/ogc/openapi?f=html", "/ogc/collections/shelters/items/{shelter}?f=html",
]
ASSET = re.compile(r'<(?:script|link|img)\b[^>]*?(?:src|href)="([^"]+)"', re.I)


@pytest.fixture(autouse=True)
def _fresh_extents():
    extents.forget()
    yield
    extents.forget()


@pytest.fixture
def rows(db):
    shelter = factories.shelter(1, x=121.3601, y=31.2101)
    factories.shelter(2, x=121.3702, y=31.2203)
    factories.camera(1)  # 121.4102, 31.23: well away from the shelters
    factories.warning(1, sent=datetime(2026, 11, 29, 6, 5, tzinfo=timezone.utc))
    return shelter


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_chinese_and_load_nothing_from_elsewhere(client, rows, path):
    response = client.get(path.format(shelter=rows.pk), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200, response.content[:500]
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "长宁区应急管理一张图" in html and "图层" in html
    for url in ASSET.findall(html):
        # Stylesheets, scripts and images are our own (same origin); links to other pages are
        # fine, but not to a CDN.
        assert not re.match(r"(?i)(https?:)?//(?!testserver(/|$))", url), f"{path} loads {url}"
    assert "unpkg.com" not in html and "cdnjs" not in html


def test_english_only_when_asked(client, rows):
    html = client.get("/ogc/collections?f=html&lang=en").content.decode()
    assert '<html lang="en">' in html and "Collections" in html


def test_item_values_in_shanghai_time_and_chinese_labels(client, rows):
    html = client.get("/ogc/collections/warnings/items?f=html").content.decode()
    # 06:05 UTC is 14:05 in Shanghai; the machine-readable instant is kept in the attribute.
    assert ">2026-11-29 14:05</time>" in html
    assert "预警级别" in html or "预警等级" in html  # the property's Chinese label, not `level`
    shelters = client.get("/ogc/collections/shelters/items?f=html").content.decode()
    assert "避难场所1" in shelters and "Ⅱ类" in shelters or "II类" in shelters or "Ⅱ 类" in shelters


def _extent_of(table, where="TRUE"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM "
                       f"(SELECT ST_Extent(geom) e FROM {table} WHERE {where}) x")
        return [round(v, 6) for v in cursor.fetchone()]


def test_each_collection_reports_its_own_extent(client, rows):
    body = client.get("/ogc/collections?f=json").json()
    bbox = {c["id"]: c["extent"]["spatial"]["bbox"][0] for c in body["collections"]}
    # The base tables, with the layers' rules written out (shelters: every row is published).
    assert bbox["shelters"] == pytest.approx(_extent_of("onemap_shelter"), abs=1e-6)
    assert bbox["shelters"] == pytest.approx([121.3601, 31.2101, 121.3702, 31.2203], abs=1e-6)
    assert bbox["warnings"] == pytest.approx(_extent_of("onemap_warning"), abs=1e-6)


def test_internal_collection_extent_is_its_own(as_role, rows):
    client = as_role("law_enforcement")
    cameras = client.get("/ogc/collections/cameras?f=json").json()["extent"]["spatial"]["bbox"][0]
    shelters = client.get("/ogc/collections/shelters?f=json").json()["extent"]["spatial"]["bbox"][0]
    assert cameras == pytest.approx(_extent_of("onemap_camera"), abs=1e-6)
    assert cameras != shelters


def test_property_types_as_stored(client, rows):
    queryables = client.get("/ogc/collections/shelters/queryables?f=json").json()["properties"]
    assert queryables["area_m2"]["type"] == "number"
    assert queryables["capacity"]["type"] == "integer"
    schema = client.get("/ogc/collections/shelters/schema?f=json").json()["properties"]
    assert schema["area_m2"]["type"] == "number"
    html = client.get("/ogc/collections/shelters/queryables?f=html").content.decode()
    assert re.search(r'data-prop="area_m2">.*?<td data-type>number', html, re.S)


def test_each_host_gets_its_own_links_in_pages(client, rows):
    """pygeoapi caches one translated configuration per language for every configuration; each
    public URL (and audience) must still get its own links."""
    first = client.get("/ogc/collections?f=html", HTTP_HOST="127.0.0.1:8000").content.decode()
    second = client.get("/ogc/collections?f=html", HTTP_HOST="localhost:8123").content.decode()
    assert "http://127.0.0.1:8000/ogc/collections" in first
    assert "http://localhost:8123/ogc/collections" in second
    assert "127.0.0.1:8000" not in second


def test_page_for_an_unreadable_collection_is_refused_in_chinese(client, rows):
    response = client.get("/ogc/collections/cameras/items?f=html")
    assert response.status_code == 401


def test_missing_item_page_is_chinese(client, rows):
    response = client.get("/ogc/collections/shelters/items/999999?f=html")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html and "请求未能完成" in html
