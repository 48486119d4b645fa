"""Real OGC clients (GDAL's OAPIF driver, which QGIS uses, and OWSLib) against the platform as
`make run` serves it: uvicorn on a free, non-default port (tests/server.py)."""
import json
import os
import re
import subprocess
import urllib.request

import pytest
from owslib.ogcapi.features import Features

from tests import factories
from tests.helpers import PUBLIC_IDS, db_count

pytestmark = [pytest.mark.clients, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server(served):
    factories.one_of_each()
    for i in range(1, 30):
        factories.shelter(i)
    return served.url


def ogrinfo(*args, env=None):
    result = subprocess.run(["ogrinfo", "-ro", *args], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "GDAL_HTTP_TIMEOUT": "60", **(env or {})})
    return result


@pytest.mark.parametrize("layer_id", PUBLIC_IDS)
def test_ogrinfo_counts_match_database(server, layer_id):
    summary = ogrinfo("-so", "-al", f"OAPIF:{server}/ogc/collections/{layer_id}")
    assert summary.returncode == 0, summary.stderr
    count = int(re.search(r"Feature Count: (\d+)", summary.stdout).group(1))
    assert count == db_count(layer_id)
    # Read every feature through the paging links, 7 at a time.
    full = ogrinfo("-al", "-oo", "PAGE_SIZE=7", f"OAPIF:{server}/ogc/collections/{layer_id}")
    assert full.returncode == 0, full.stderr
    assert full.stdout.count("OGRFeature(") == db_count(layer_id)


def test_ogrinfo_follows_next_links_on_the_port_it_was_given(server):
    """`make run` on another port: every link the server writes names that port, and GDAL pages
    through them (7 at a time) to the last shelter."""
    assert not server.endswith(":8000")
    with urllib.request.urlopen(f"{server}/ogc/collections/shelters/items?f=json&limit=7") as response:
        links = json.loads(response.read())["links"]
    assert "next" in {link["rel"] for link in links}
    assert all(link["href"].startswith(server + "/") for link in links), links
    pages = ogrinfo("-al", "-oo", "PAGE_SIZE=7", f"OAPIF:{server}/ogc/collections/shelters",
                    env={"CPL_DEBUG": "ON"})
    assert pages.returncode == 0, pages.stderr
    assert pages.stdout.count("OGRFeature(") == db_count("shelters") == 30
    fetched = re.findall(r"HTTP: Fetch\(([^)]+)\)|GET (http\S+)", pages.stderr)
    urls = [a or b for a, b in fetched]
    assert sum("cursor=" in u or "offset=" in u for u in urls) >= 4, pages.stderr[-2000:]
    assert all(u.startswith(server) for u in urls if u.startswith("http")), urls


def test_ogrinfo_lists_collections_from_the_base_url(server):
    listing = ogrinfo(f"OAPIF:{server}/ogc")
    assert listing.returncode == 0, listing.stderr
    for layer_id in PUBLIC_IDS:
        assert layer_id in listing.stdout
    assert "personnel_positions" not in listing.stdout


def test_ogrinfo_restricted_layer_needs_credentials(server, commander):
    url = f"OAPIF:{server}/ogc/collections/personnel_positions"
    assert ogrinfo("-so", "-al", url).returncode != 0
    signed_in = ogrinfo("-so", "-al", url, env={"GDAL_HTTP_USERPWD": "commander:correct-horse-battery",
                                                  "GDAL_HTTP_AUTH": "BASIC"})
    assert signed_in.returncode == 0, signed_in.stderr
    assert "Feature Count: 1" in signed_in.stdout


@pytest.mark.parametrize("layer_id", PUBLIC_IDS)
def test_owslib_reads_every_public_collection(server, layer_id):
    api = Features(f"{server}/ogc")
    assert layer_id in [c["id"] for c in api.collections()["collections"]]
    items = api.collection_items(layer_id, limit=1000)
    assert len(items["features"]) == db_count(layer_id)
    queryables = api.collection_queryables(layer_id)
    assert queryables["properties"]
