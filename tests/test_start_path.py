"""A newcomer's first `make run`, step by step: a new, empty database made by scripts/services.sh,
`manage.py migrate` alone (no shortcut), demo data and demo accounts, then the server as the
Procfile starts it. Every registered layer must answer items and a tile to an administrator,
and the role groups must be exactly the roles in code."""
import base64
import json
import os
import subprocess
import urllib.error
import urllib.request
import uuid

import psycopg
import pytest

from geo_api.accounts.demo import DEMO_PASSWORD
from geo_api.accounts.roles import ALL_ROLES
from layers.registry import load_catalog
from tests.helpers import tile_of
from tests.server import BASE_DIR, Server, database_url

ADMIN = "administrator"  # the demo account of the administrator role (geo_api/accounts/demo.py)


def pg_uri(url):
    return url.replace("postgis://", "postgresql://", 1)


@pytest.fixture(scope="module")
def fresh():
    name = f"onemap_start_{uuid.uuid4().hex[:8]}"
    server = Server(name)
    admin_uri = pg_uri(database_url("postgres"))
    try:
        # `make prepare`: services.sh creates the database (and PostGIS), then migrate builds the rest.
        made = subprocess.run(["bash", "scripts/services.sh"], cwd=BASE_DIR, env=server.env, capture_output=True,
                              text=True, timeout=120)
        assert made.returncode == 0, made.stderr
        server.manage("migrate", "--noinput", timeout=600)
        with psycopg.connect(pg_uri(server.env["DATABASE_URL"])) as conn:
            groups = {row[0] for row in conn.execute("SELECT name FROM auth_group")}
        server.manage("load_demo_data")
        server.manage("create_demo_accounts")
        server.start()
        yield server, groups
    finally:
        server.stop()
        with psycopg.connect(admin_uri, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def get(server, path):
    token = base64.b64encode(f"{ADMIN}:{DEMO_PASSWORD}".encode()).decode()
    request = urllib.request.Request(server.url + path, headers={"Authorization": f"Basic {token}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_migrate_alone_creates_a_group_per_role_and_nothing_else(fresh):
    _, groups = fresh
    assert groups == set(ALL_ROLES)


def test_every_layer_serves_items_and_a_tile_after_migrate(fresh):
    server, _ = fresh
    layers = load_catalog().all()
    assert layers
    with_features = 0
    for layer in layers:
        status, headers, body = get(server, f"/ogc/collections/{layer.id}/items?f=json&limit=5")
        assert status == 200, (layer.id, body[:300], server.log())
        assert headers["Content-Type"].split(";")[0] in ("application/geo+json", "application/json"), layer.id
        collection = json.loads(body)
        assert collection["type"] == "FeatureCollection", layer.id
        z = max(layer.minzoom, 14)
        features = [f for f in collection["features"] if f.get("geometry")]
        if features:
            with_features += 1
            coords = features[0]["geometry"]["coordinates"]
            while isinstance(coords[0], list):
                coords = coords[0]
            x, y = tile_of(coords[0], coords[1], z)
            expected = {200}  # a tile over one of the layer's features has that feature
        else:
            x, y = tile_of(121.40, 31.21, z)
            expected = {200, 204}
        status, headers, body = get(server, f"/ogc/collections/{layer.id}/tiles/WebMercatorQuad/{z}/{y}/{x}")
        assert status in expected, (layer.id, status, body[:300])
        if status == 200:
            assert headers["Content-Type"] == "application/vnd.mapbox-vector-tile" and body, layer.id
    # The demo data fills the layers: an empty answer everywhere would mean the views are wrong.
    assert with_features >= len(layers) - 2, with_features


def test_the_server_writes_links_with_its_own_port(fresh):
    server, _ = fresh
    status, _, body = get(server, "/ogc/collections?f=json")
    assert status == 200, server.log()
    hrefs = [link["href"] for c in json.loads(body)["collections"] for link in c["links"]]
    assert hrefs and all(h.startswith(server.url + "/") for h in hrefs), hrefs[:5]
    assert os.path.exists(os.path.join(server.var_dir, "static")), "collectstatic ran for WhiteNoise"
