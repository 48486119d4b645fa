"""The base map from a PMTiles archive on the server (ONEMAP_PMTILES_PATH): the wall reads it
through the pmtiles protocol with HTTP range requests, draws its tiles under our layers, and the
switcher turns it off. The archive is written by the test (tests/pmtiles_archive.py): solid red
PNG tiles, so a drawn tile is visible in a screenshot."""
import io

import pytest

from tests import factories
from tests.pmtiles_archive import solid_png, write_archive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    red = solid_png((255, 0, 0))
    tiles = {(0, 0, 0): red, **{(1, x, y): red for x in (0, 1) for y in (0, 1)}}
    return write_archive(tmp_path_factory.mktemp("basemap") / "changning-test.pmtiles", tiles)


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker, archive):
    """This module's own server: the platform with a PMTiles base map configured."""
    from django.db import connection

    from tests.server import Server

    server = Server(connection.settings_dict["NAME"], ONEMAP_PMTILES_PATH=str(archive)).start()
    yield server
    server.stop()


def _pixel(page, x, y):
    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    return image.getpixel((x, y))


def _reddish(rgb):
    """Red tiles as the wall draws base maps: dimmed and desaturated over the dark background
    (#07101c, which is bluish: r < g < b)."""
    r, g, b = rgb
    return r > g + 20 and r > b + 20


def test_pmtiles_base_map_is_read_with_ranges_drawn_and_switchable(page, transactional_db, archive):
    factories.district()
    ranges = []
    page.page.on("response", lambda r: ranges.append((r.status, r.request.headers.get("range"), r.url))
                 if "/basemap/" in r.url else None)
    page.open("/").wait_idle()
    page.settle()

    # Read piecewise: every request for the archive carried a Range and got a 206.
    assert ranges, "the archive was never requested"
    assert all(status == 206 and header and header.startswith("bytes=") for status, header, _url in ranges), ranges
    assert {url.rsplit("/", 1)[1] for *_x, url in ranges} == {"changning-test.pmtiles"}
    size = archive.stat().st_size
    assert all(header != f"bytes=0-{size - 1}" or size <= 16384 for _s, header, _u in ranges)

    # Drawn under our layers: the raster layer is first after the background and its tiles loaded.
    order = page.js("window.onemapTestHook.map.getStyle().layers.map(l => l.id).slice(0, 2)")
    assert order == ["background", "basemap-0"]
    assert page.js("window.onemapTestHook.map.isSourceLoaded('basemap-0')")
    box = page.locator("#map").bounding_box()
    spot = (int(box["x"] + box["width"] / 2), int(box["y"] + box["height"] - 40))
    assert _reddish(_pixel(page, *spot)), _pixel(page, *spot)
    page.shot("wall-basemap-pmtiles")

    # The switcher: this archive and "none".
    switcher = page.locator("[data-testid=basemap-switcher]")
    assert switcher.locator("label").all_inner_texts() == ["离线底图", "无底图（仅本平台图层）"]
    switcher.locator("input[value=none]").check()
    page.wait("!window.onemapTestHook.map.getStyle().layers.some(l => l.id.startsWith('basemap'))")
    page.settle()
    assert not _reddish(_pixel(page, *spot))
    page.shot("wall-basemap-none")
    # Kept per browser.
    page.reload()
    page.wait_idle()
    assert page.locator("[data-testid=basemap-switcher] input[value=none]").is_checked()
    assert not page.js("window.onemapTestHook.map.getStyle().layers.some(l => l.id.startsWith('basemap'))")
    assert page.errors == []
    # Anonymous, the duty panel's /api/duty/now/ answers 401 (controls/duty.js, not the base map):
    # those are the only console errors allowed here.
    assert [m for m in page.console if m.startswith("error") and "401" not in m] == []
