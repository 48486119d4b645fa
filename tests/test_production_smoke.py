"""The production shape serves: what users of a deployment go through, end to end.

Production settings under uvicorn, started by the image's own start command (deploy/start.sh:
migrate, compilemessages, collectstatic, uvicorn), behind Debian's nginx running
deploy/nginx.conf on high ports with a certificate from deploy/self-signed-cert.sh. Through
nginx over https: sign in on the login page (CSRF and Secure cookies), read an internal layer,
fetch a vector tile, write through the API and receive the change on the WebSocket; plain http is
redirected to https. Where a Docker daemon runs, the same checks against `docker compose up`.

The application reads the database pytest-django created, so this module commits its own rows
and removes them afterwards (the audit log keeps its entries: it refuses deletes).
"""
import asyncio
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import mapbox_vector_tile
import pytest
import requests
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.helpers import tile_of
from tests.server import free_port, stop_process

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
HOST = "localhost"
USERNAME = "smoke_staff"
PASSWORD = "smoke-test-passphrase-2026"
STARTUP_SECONDS = 60
# Far from the factories' and demo data's usual places, so the tile holds our rows only.
RESOURCE_POINTS = [(121.4301 + i * 0.0004, 31.2102) for i in range(3)]
HAZARD_POINT = (121.4311, 31.2112)
# pytest-django creates the test database only for a session that has a test marked django_db.
pytestmark = pytest.mark.django_db


@dataclass
class Site:
    """A running deployment as a client sees it."""
    https_port: int
    http_port: int
    cafile: str
    resource_ids: list[int]
    hazard_id: int
    app_port: int | None = None  # the application server itself, when reachable
    logs: list[Path] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.https_port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def session(self) -> requests.Session:
        session = requests.Session()
        session.verify = self.cafile
        session.trust_env = False  # REQUESTS_CA_BUNDLE would replace our certificate
        return session

    def log_tail(self, lines=40) -> str:
        return "\n".join(f"--- {p.name}\n" + "\n".join(p.read_text(errors="replace").splitlines()[-lines:])
                         for p in self.logs if p.exists())


# ---------------------------------------------------------------------------------------------
# The checks, shared by the nginx and the docker compose runs.

def check_plain_http_redirects(site: Site):
    for method, path in (("GET", "/ogc/collections?f=json"), ("POST", "/accounts/login/"), ("GET", "/ws/changes/")):
        response = requests.request(method, f"http://{HOST}:{site.http_port}{path}", allow_redirects=False, timeout=10)
        assert response.status_code == 301, (method, path, response.status_code)
        assert response.headers["Location"] == site.url(path)


def check_https_headers_and_links(site: Site):
    response = site.session().get(site.url("/ogc/collections?f=json"), timeout=20)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    # Every link the OGC API writes points at the public https address: no mixed content.
    hrefs = [link["href"] for link in response.json()["links"]]
    assert hrefs and all(href.startswith(site.origin + "/") for href in hrefs), hrefs


def sign_in(site: Site) -> requests.Session:
    session = site.session()
    page = session.get(site.url("/accounts/login/"), timeout=20)
    assert page.status_code == 200, page.text[:500]
    csrf_cookie = next(c for c in session.cookies if c.name == "csrftoken")
    assert csrf_cookie.secure
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    form = {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD, "next": "/"}

    # CSRF is checked against the origin nginx passes on (Host with its port, https).
    forged = session.post(site.url("/accounts/login/"), data=form, allow_redirects=False, timeout=20,
                          headers={"Origin": "https://attacker.example", "Referer": "https://attacker.example/"})
    assert forged.status_code == 403

    response = session.post(site.url("/accounts/login/"), data=form, allow_redirects=False, timeout=20,
                            headers={"Origin": site.origin, "Referer": site.url("/accounts/login/")})
    assert response.status_code == 302, response.text[:1000]
    session_cookie = next(c for c in session.cookies if c.name == "sessionid")
    assert session_cookie.secure and session_cookie.has_nonstandard_attr("HttpOnly")
    return session


def check_internal_layer_and_tile(site: Site, session: requests.Session):
    items = "/ogc/collections/resources/items?f=json&limit=1000"
    assert site.session().get(site.url(items), timeout=20).status_code == 401  # internal: not for anonymous
    response = session.get(site.url(items), timeout=20)
    assert response.status_code == 200, response.text[:500]
    features = {f["id"]: f for f in response.json()["features"]}
    assert set(site.resource_ids) <= set(features), sorted(features)
    lon, lat = RESOURCE_POINTS[0]
    assert features[site.resource_ids[0]]["geometry"]["coordinates"] == pytest.approx([lon, lat])

    z = 14
    x, y = tile_of(lon, lat, z)
    tile = session.get(site.url(f"/ogc/collections/resources/tiles/WebMercatorQuad/{z}/{y}/{x}"), timeout=20)
    assert tile.status_code == 200, tile.text[:500]
    assert tile.headers["Content-Type"] == "application/vnd.mapbox-vector-tile"
    decoded = mapbox_vector_tile.decode(tile.content)
    assert set(site.resource_ids) <= {f["id"] for f in decoded["resources"]["features"]}
    far = session.get(site.url("/ogc/collections/resources/tiles/WebMercatorQuad/14/0/0"), timeout=20)
    assert far.status_code == 204


def check_live_socket(site: Site, session: requests.Session):
    """The socket opens through nginx over wss with the session cookie, and a write made through
    the API (CSRF header over https) arrives on it; a foreign Origin is refused."""
    context = ssl.create_default_context(cafile=site.cafile)
    uri = f"wss://{HOST}:{site.https_port}/ws/changes/"
    cookie = {"Cookie": f"sessionid={session.cookies['sessionid']}"}
    feature_url = site.url(f"/api/layers/hazards/features/{site.hazard_id}/")

    def edit():
        etag = session.get(feature_url, timeout=20).headers["ETag"]
        body = {"type": "Feature", "geometry": None, "properties": {"responsible_unit": f"冒烟测试{secrets.token_hex(3)}"}}
        return session.patch(feature_url, json=body, timeout=20, headers={
            "X-CSRFToken": session.cookies["csrftoken"], "Origin": site.origin, "Referer": site.url("/editor/"),
            "If-Match": etag})

    def mentions_hazard(value) -> bool:
        if isinstance(value, dict):
            if value.get("layer") == "hazards" and value.get("id") == site.hazard_id:
                return True
            return any(mentions_hazard(v) for v in value.values())
        if isinstance(value, list):
            return any(mentions_hazard(v) for v in value)
        return False

    async def scenario():
        async with connect(uri, ssl=context, origin=site.origin, additional_headers=cookie, open_timeout=15) as ws:
            response = await asyncio.to_thread(edit)
            assert response.status_code == 200, response.text[:500]
            frames = []
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    frame = json.loads(await asyncio.wait_for(ws.recv(), deadline - time.monotonic()))
                except TimeoutError:
                    break
                frames.append(frame)
                if mentions_hazard(frame):
                    return
            raise AssertionError(f"the edit did not arrive on the socket; frames: {frames}")

    asyncio.run(scenario())

    async def foreign_origin():
        async with connect(uri, ssl=context, origin="https://attacker.example", additional_headers=cookie,
                           open_timeout=15):
            pass

    with pytest.raises(InvalidStatus) as refused:
        asyncio.run(foreign_origin())
    assert refused.value.response.status_code == 403


def check_static_and_body_limit(site: Site):
    page = site.session().get(site.url("/accounts/login/"), timeout=20)
    script = re.search(r'<script[^>]+src="(/static/[^"]+\.js)"', page.text).group(1)
    asset = site.session().get(site.url(script), timeout=20)
    assert asset.status_code == 200 and "javascript" in asset.headers["Content-Type"]
    assert asset.headers["X-Content-Type-Options"] == "nosniff"
    # nginx refuses bodies over the application's own limit before they reach a worker.
    big = site.session().post(site.url("/ogc/collections/shelters/items"), data=b"x" * (6 * 1024 * 1024),
                              headers={"Content-Type": "application/json"}, timeout=30)
    assert big.status_code == 413


def check_everything(site: Site):
    check_plain_http_redirects(site)
    check_https_headers_and_links(site)
    session = sign_in(site)
    check_internal_layer_and_tile(site, session)
    check_live_socket(site, session)
    check_static_and_body_limit(site)


# ---------------------------------------------------------------------------------------------
# Debian's nginx in front of uvicorn, both started here.

def wait_for_port(port: int, process: subprocess.Popen, logs: list[Path], seconds=STARTUP_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    tails = "\n".join(p.read_text(errors="replace")[-4000:] for p in logs if p.exists())
    pytest.fail(f"nothing listens on port {port} (exit code {process.poll()}):\n{tails}")


def required_program(name: str) -> str:
    path = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.path.exists(p)), None)
    if not path:
        pytest.fail(f"{name} is missing: `make setup` (scripts/bootstrap.sh) installs it with apt.")
    return path


def render_site_config(values: dict[str, str]) -> str:
    """deploy/nginx.conf with its ${ONEMAP_*} filled in, as the nginx image's templates do."""
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace("${" + name + "}", value)
    left = re.findall(r"\$\{ONEMAP_\w+\}", text)
    assert not left, f"deploy/nginx.conf uses placeholders the test does not fill: {left}"
    return text


@pytest.fixture(scope="module")
def workdir():
    # nginx's workers drop root privileges: the directory must be readable by them (pytest's
    # tmp_path is private to the user).
    path = Path(tempfile.mkdtemp(prefix="onemap-smoke-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def certificate(workdir):
    required_program("openssl")
    subprocess.run(["sh", str(ROOT / "deploy" / "self-signed-cert.sh"), str(workdir / "certs"), HOST, "127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return workdir / "certs" / "fullchain.pem", workdir / "certs" / "privkey.pem"


@pytest.fixture(scope="module")
def committed_rows(django_db_setup, django_db_blocker):
    """A staff account (law enforcement: reads internal layers, edits hazards) and a few rows,
    committed so that the server processes see them; removed afterwards."""
    from django.contrib.auth.models import Group, User
    from django.contrib.gis.geos import Point
    from django.contrib.sessions.models import Session
    from django.db import connection

    from tests import factories

    with django_db_blocker.unblock():
        user = User.objects.create_user(USERNAME, password=PASSWORD)
        user.groups.add(Group.objects.get(name="law_enforcement"))
        resources = [factories.resource(900 + i, name=f"冒烟测试资源{i}", geom=Point(x, y, srid=4326))
                     for i, (x, y) in enumerate(RESOURCE_POINTS)]
        hazard = factories.hazard(900, code="HZ-SMOKE", geom=Point(*HAZARD_POINT, srid=4326))
        database = dict(connection.settings_dict)
        # The server signs sessions with its own key, so ours are told apart by being new.
        sessions_before = set(Session.objects.values_list("session_key", flat=True))
    try:
        yield {"resource_ids": [r.id for r in resources], "hazard_id": hazard.id, "database": database}
    finally:
        with django_db_blocker.unblock():
            type(hazard).objects.filter(pk=hazard.pk).delete()
            type(resources[0]).objects.filter(pk__in=[r.pk for r in resources]).delete()
            Session.objects.exclude(session_key__in=sessions_before).delete()
            user.delete()


def database_url(settings_dict: dict) -> str:
    credentials = quote(settings_dict["USER"] or "", safe="")
    if settings_dict.get("PASSWORD"):
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgis://{credentials}@{host}:{port}/{settings_dict['NAME']}"


@pytest.fixture(scope="module")
def nginx_site(workdir, certificate, committed_rows):
    nginx = required_program("nginx")
    if not (ROOT / "map_client" / "dist" / ".vite" / "manifest.json").exists():
        pytest.fail("the map client is not built: `cd map_client && npm run build` (make test does it)")
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    app_log, nginx_log = workdir / "app.log", workdir / "nginx-error.log"
    logs = [app_log, nginx_log]

    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "geo_api.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "ONEMAP_PUBLIC_URL": f"https://{HOST}:{https_port}",
        "DATABASE_URL": database_url(committed_rows["database"]),
        "ONEMAP_VAR_DIR": str(workdir / "var"),
        "HOST": "127.0.0.1", "PORT": str(app_port), "WORKERS": "1", "FORWARDED_ALLOW_IPS": "127.0.0.1",
    }
    for name in ("DJANGO_DEBUG", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                 "ONEMAP_BEHIND_TLS_PROXY"):
        env.pop(name, None)
    with app_log.open("wb") as out:
        app = subprocess.Popen(["sh", str(ROOT / "deploy" / "start.sh")], cwd=ROOT, env=env, stdout=out,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port(app_port, app, logs)

        cert, key = certificate
        site_conf = workdir / "onemap.conf"
        site_conf.write_text(render_site_config({
            "ONEMAP_APP_UPSTREAM": f"127.0.0.1:{app_port}",
            "ONEMAP_TILESERV_UPSTREAM": f"127.0.0.1:{free_port()}",  # no pg_tileserv here
            "ONEMAP_LISTEN_HTTP": f"127.0.0.1:{http_port}",
            "ONEMAP_LISTEN_HTTPS": f"127.0.0.1:{https_port}",
            "ONEMAP_HTTPS_PORT": str(https_port),
            "ONEMAP_TLS_CERTIFICATE": str(cert),
            "ONEMAP_TLS_CERTIFICATE_KEY": str(key),
            "ONEMAP_STATIC_ROOT": f"{workdir / 'var' / 'static'}/",
            "ONEMAP_CACHE_DIR": str(workdir / "nginx-cache"),
        }), encoding="utf-8")
        temp = workdir / "nginx-temp"
        main_conf = workdir / "nginx.conf"
        main_conf.write_text(f"""
daemon off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {nginx_log} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {workdir}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site_conf};
}}
""", encoding="utf-8")
        temp.mkdir()
        with (workdir / "nginx.out").open("wb") as out:
            web = subprocess.Popen([nginx, "-p", str(workdir), "-c", str(main_conf), "-e", str(nginx_log)],
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        logs.append(workdir / "nginx.out")
        try:
            wait_for_port(https_port, web, logs, seconds=15)
            yield Site(https_port=https_port, http_port=http_port, cafile=str(cert), app_port=app_port,
                       resource_ids=committed_rows["resource_ids"], hazard_id=committed_rows["hazard_id"], logs=logs)
        finally:
            stop_process(web)
    finally:
        stop_process(app)


def test_plain_http_is_redirected_to_https(nginx_site):
    check_plain_http_redirects(nginx_site)


def test_https_answers_with_hsts_and_https_links(nginx_site):
    check_https_headers_and_links(nginx_site)


def test_application_port_redirects_plain_http_itself(nginx_site):
    """Behind nginx, Django still redirects a plain-http request that reaches it some other way."""
    response = requests.get(f"http://127.0.0.1:{nginx_site.app_port}/ogc/collections", allow_redirects=False,
                            headers={"Host": HOST}, timeout=10)
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://{HOST}/ogc/collections"


def test_sign_in_read_internal_layer_tile_and_live_socket(nginx_site):
    try:
        session = sign_in(nginx_site)
        check_internal_layer_and_tile(nginx_site, session)
        check_live_socket(nginx_site, session)
    except AssertionError as failure:
        raise AssertionError(f"{failure}\n{nginx_site.log_tail()}") from failure


def test_static_files_and_body_limit(nginx_site):
    check_static_and_body_limit(nginx_site)


# ---------------------------------------------------------------------------------------------
# docker compose: only where a Docker daemon runs.

def compose_command() -> list[str] | None:
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


CREATE_ROWS = f"""
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Point
from geo_api.resources.models import Resource
from geo_api.supervision.models import Hazard
import json
user = User.objects.create_user({USERNAME!r}, password={PASSWORD!r})
user.groups.add(Group.objects.get(name="law_enforcement"))
ids = [Resource.objects.create(name="冒烟测试资源%d" % i, kind="team", owner_unit="长宁区消防救援支队",
                               geom=Point(x, y, srid=4326)).id for i, (x, y) in enumerate({RESOURCE_POINTS!r})]
hazard = Hazard.objects.create(code="HZ-SMOKE", name="冒烟测试隐患", kind="hidden_hazard", grade="general",
                               category="消防安全", found_on="2026-11-01", responsible_unit="某公司",
                               geom=Point(*{HAZARD_POINT!r}, srid=4326))
print("ROWS" + json.dumps({{"resource_ids": ids, "hazard_id": hazard.id}}))
"""


def test_docker_compose_stack_serves(workdir, certificate):
    if not shutil.which("docker"):
        pytest.skip("docker compose part skipped: no docker command on this machine")
    info = subprocess.run(["docker", "info"], capture_output=True, text=True)
    if info.returncode != 0:
        said = ((info.stderr or info.stdout).strip().splitlines() or ["no output"])[-1]
        reason = f"docker compose part skipped: no Docker daemon (`docker info`: {said})"
        warnings.warn(reason, pytest.PytestWarning)  # shown in every run's summary, not only with -rs
        pytest.skip(reason)
    compose = compose_command()
    if compose is None:
        pytest.fail("a Docker daemon runs but neither `docker compose` nor `docker-compose` is installed")
    http_port, https_port = free_port(), free_port()
    project = f"onemap_smoke_{secrets.token_hex(3)}"
    env = {**os.environ, "COMPOSE_PROJECT_NAME": project, "POSTGRES_PASSWORD": secrets.token_hex(12),
           "TILESERV_PASSWORD": secrets.token_hex(12), "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
           "HTTP_PORT": str(http_port), "HTTPS_PORT": str(https_port), "ALLOWED_HOSTS": HOST,
           "ONEMAP_PUBLIC_URL": f"https://{HOST}:{https_port}", "TLS_CERT_DIR": str(certificate[0].parent),
           "WORKERS": "2"}

    def run(*args, timeout=900, check=True):
        result = subprocess.run([*compose, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            pytest.fail(f"{' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    try:
        run("up", "-d", "--build")
        deadline = time.monotonic() + 600
        while True:
            try:
                if requests.get(f"https://{HOST}:{https_port}/ogc/collections?f=json", verify=str(certificate[0]),
                                timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the compose stack did not serve within 10 minutes:\n" + run("logs", "--tail", "50").stdout)
            time.sleep(3)
        created = run("exec", "-T", "app", "python", "manage.py", "shell", "-c", CREATE_ROWS)
        rows = json.loads(created.stdout.split("ROWS", 1)[1])
        site = Site(https_port=https_port, http_port=http_port, cafile=str(certificate[0]), **rows)
        check_everything(site)
        for service in ("worker", "beat"):
            containers = run("ps", "-q", service).stdout.split()
            running = [subprocess.run(["docker", "inspect", "-f", "{{.State.Running}}", c], capture_output=True,
                                      text=True).stdout.strip() for c in containers]
            assert running and all(r == "true" for r in running), f"the {service} service is not running"
    finally:
        run("down", "-v", "--remove-orphans", timeout=300, check=False)
