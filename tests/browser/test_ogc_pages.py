"""The /ogc pages in Chromium: the items drawn on our own map (no web tiles, nothing from a CDN),
Chinese first, no console errors."""
from urllib.parse import urlparse

import pytest

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shelters(transactional_db):
    factories.district(0)
    return [factories.shelter(i, x=121.36 + i * 0.004, y=31.21) for i in range(3)]


def _outside(page, base):
    host = urlparse(base).netloc
    return [url for _, url in page.requests if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != host]


def test_items_page_draws_its_items_on_our_own_map(make_page, served, shelters):
    page = make_page(1600, 900, locale="en-US")
    page.open("/ogc/collections/shelters/items?f=html")
    page.wait_idle()
    assert page.js("window.onemapTestHook.ogcFeatures") == 3
    drawn = page.js("window.onemapTestHook.map.queryRenderedFeatures({layers: ['overlay-point']}).length")
    assert drawn == 3
    assert page.page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.page.locator("h1").inner_text() == "应急避难场所"
    assert page.page.locator("th[data-prop=name]").inner_text() == "名称"
    assert not _outside(page, served.url)
    page.shot("ogc-items")
    assert not page.errors and not [m for m in page.console if m.startswith("error")], page.console


def test_collection_page_shows_its_extent(make_page, served, shelters):
    page = make_page(1600, 900)
    page.open("/ogc/collections/shelters?f=html")
    page.wait_idle()
    ring = page.js("window.onemapTestHook.ogcOverlay.features[0].geometry.coordinates[0]")
    assert ring[0] == pytest.approx([121.36, 31.21], abs=1e-6)
    assert ring[2] == pytest.approx([121.368, 31.21], abs=1e-6)
    # and the items inside it
    assert page.js("window.onemapTestHook.ogcFeatures") == 4
    assert page.js("window.onemapTestHook.map.queryRenderedFeatures({layers: ['overlay-point']}).length") == 3
    page.shot("ogc-collection")
    assert not page.errors and not [m for m in page.console if m.startswith("error")], page.console


def test_openapi_page_lists_operations_without_swagger_from_a_cdn(make_page, served, shelters):
    page = make_page(1600, 900)
    page.open("/ogc/openapi?f=html")
    page.wait("document.querySelectorAll('#openapi-operations tbody tr').length > 5")
    assert not _outside(page, served.url)
    assert not page.errors
