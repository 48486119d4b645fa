"""Credentials hold only where they are meant to (geo_api/accounts/routes.py): tokens on /api and
/ogc within their scopes, never the admin, the sign-in pages or a session; Basic only on /ogc, and
never for writes started by another web site; every state-changing browser route needs CSRF."""
import base64
import json
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from geo_api.accounts import ratelimit, services
from geo_api.accounts.models import ApiToken

pytestmark = pytest.mark.django_db
FEATURE = json.dumps({"type": "Feature", "geometry": None, "properties": {}})


@pytest.fixture(autouse=True)
def _fresh_budgets():
    ratelimit.reset(client="127.0.0.1")
    yield
    ratelimit.reset(client="127.0.0.1")


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", password="correct-horse-battery")


def token(owner, *scopes):
    return services.token_create(owner=owner, created_by=owner, name="t", scopes=list(scopes), expires_in_days=1)[1]


def basic(username="root", password="correct-horse-battery"):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/apitoken/add/", "/admin/auth/user/add/",
                                  "/accounts/login/", "/accounts/logout/", "/", "/editor/", "/i18n/setlang/"])
def test_a_token_never_signs_in_outside_the_api(root, path):
    key = token(root, "read", "write")
    client = Client(enforce_csrf_checks=True)
    for method in ("get", "post"):
        response = getattr(client, method)(path, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 403, (method, path, response.status_code)
        assert "/api" in response.json()["description"]
        assert "sessionid" not in response.cookies
        response = getattr(client, method)(path, HTTP_X_API_KEY=key)
        assert response.status_code == 403


def test_a_read_token_cannot_make_tokens_or_users(root):
    """The probe: a read token created a write token and a new user through the admin."""
    key = token(root, "read")
    client = Client(enforce_csrf_checks=True)
    client.post("/admin/accounts/apitoken/add/", {"name": "x", "owner": root.pk, "scopes": ["write"],
                                                  "expires_in_days": 30}, HTTP_AUTHORIZATION=f"Bearer {key}")
    client.post("/admin/auth/user/add/", {"username": "intruder", "password1": "x-long-passphrase-1",
                                          "password2": "x-long-passphrase-1"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert ApiToken.objects.count() == 1 and not User.objects.filter(username="intruder").exists()
    assert "sessionid" not in client.cookies


def test_scopes_by_method(root, one_of_each):
    read, write, write_only = token(root, "read"), token(root, "read", "write"), token(root, "write")
    client = Client()
    assert client.get("/api/layers/", HTTP_AUTHORIZATION=f"Bearer {read}").status_code == 200
    assert client.get("/ogc/collections?f=json", HTTP_AUTHORIZATION=f"Bearer {read}").status_code == 200
    for url in ("/api/layers/events/features/", "/ogc/collections/events/items"):
        refused = client.post(url, FEATURE, content_type="application/geo+json", HTTP_AUTHORIZATION=f"Bearer {read}")
        assert refused.status_code == 403 and "write" in refused.json()["description"]
        passed = client.post(url, FEATURE, content_type="application/geo+json", HTTP_AUTHORIZATION=f"Bearer {write}")
        assert passed.status_code in (400, 415), passed.content  # past the scope check, refused as input
    refused = client.get("/api/layers/", HTTP_AUTHORIZATION=f"Bearer {write_only}")
    assert refused.status_code == 403 and "read" in refused.json()["description"]


def test_basic_only_on_ogc(root, one_of_each):
    client = Client()
    assert client.get("/ogc/collections?f=json", HTTP_AUTHORIZATION=basic()).status_code == 200
    for path in ("/api/layers/", "/admin/", "/", "/accounts/login/"):
        refused = client.get(path, HTTP_AUTHORIZATION=basic())
        assert refused.status_code == 401 and "/ogc" in refused.json()["description"], path


def test_basic_writes_refused_from_another_site(root, one_of_each):
    """A browser that answered the /ogc prompt resends Basic by itself: cross-site writes are
    refused by Origin / Sec-Fetch-Site; QGIS and GDAL send neither and are unaffected."""
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=basic())
    url = "/ogc/collections/events/items"
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site"},
                    {"HTTP_ORIGIN": "null"}, {"HTTP_SEC_FETCH_SITE": "same-site"}):
        refused = client.post(url, FEATURE, content_type="application/geo+json", **headers)
        assert refused.status_code == 403, headers
    assert client.post(url, FEATURE, content_type="application/geo+json").status_code == 400  # QGIS, GDAL
    assert client.post(url, FEATURE, content_type="application/geo+json", HTTP_ORIGIN="http://testserver",
                       HTTP_SEC_FETCH_SITE="same-origin").status_code == 400
    # Reads stay open to any origin (a map on another site may show public layers).
    assert client.get("/ogc/collections?f=json", HTTP_ORIGIN="https://evil.example").status_code == 200


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if text.startswith("admin/"):
                continue  # the admin's own views: Django's CSRF, checked by test_admin_needs_csrf
            yield from _routes(pattern, text)
        elif isinstance(pattern, URLPattern):
            yield text


def _concrete(route, world):
    route = route.replace("^", "").replace("$", "").replace("/?", "/")
    values = {"cid": "events", "collection_id": "events", "layer_id": "events", "feature_id": world["events"].pk,
              "item_id": world["events"].pk, "event_id": world["events"].pk, "matrix_id": "WebMercatorQuad",
              "tilematrixset_id": "WebMercatorQuad", "z": 14, "y": 6000, "x": 13000, "path": "img/logo.png"}
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values.get(m.group(1), 1)), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), 1)), route)
    return "/" + route


def test_every_state_changing_browser_route_needs_csrf(root, one_of_each):
    """Signed in with a session and no CSRF token, no route changes anything: each write is
    refused (403) or not a method the route has (405); nothing is created."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(root)
    counts = {model: model.objects.count() for model in (User, ApiToken)}
    wrong = []
    for route in sorted(set(_routes())):
        url = _concrete(route, one_of_each)
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, FEATURE, content_type="application/geo+json")
            body = response.content.decode(errors="replace")
            if response.status_code == 405:
                continue
            if response.status_code != 403 or "CSRF" not in body:
                wrong.append(f"{method.upper()} {url}: {response.status_code} {body[:120]}")
    assert not wrong, "\n".join(wrong)
    assert counts == {model: model.objects.count() for model in (User, ApiToken)}


def test_admin_needs_csrf(root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(root)
    response = client.post("/admin/auth/user/add/", {"username": "x", "password1": "a-long-passphrase-1",
                                                     "password2": "a-long-passphrase-1"})
    assert response.status_code == 403 and not User.objects.filter(username="x").exists()
