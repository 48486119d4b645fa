"""/m/ (signed in only, the phone entry and its config), the web app manifest (installable:
Chinese name, standalone, start_url and scope /m/, PNG icons that exist) and the service worker
served under /m/ with the header that lets it control /m/."""
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from geo_api.accounts.roles import Role

pytestmark = pytest.mark.django_db


def config_of(html: str) -> dict:
    start = html.index('id="onemap-config"')
    body = html[html.index(">", start) + 1:html.index("</script>", start)]
    return json.loads(body)


def test_signed_out_goes_to_the_sign_in_page_and_comes_back():
    response = Client().get("/m/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/m/"


def test_the_page_loads_the_phone_entry_with_the_persons_config(as_role):
    client = as_role(Role.SHELTER_STAFF)
    response = client.get("/m/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<link rel="manifest" href="/m/manifest.webmanifest">' in html
    assert 'name="viewport"' in html and "长宁应急" in html
    config = config_of(html)
    assert config["phone"]["userId"] == client.user.pk and config["phone"]["serviceWorker"] == "/m/sw.js"
    assert config["phone"]["scope"] == "/m/"
    # shelter staff may record shelter inspections: the 执法检查 menu offers them
    assert config["phone"]["inspections"]["shelters"]["url"] == "/shelters/"
    assert response["Cache-Control"].startswith("max-age=0")


def test_inspection_entries_only_for_who_may_record_them(as_role):
    config = config_of(as_role(Role.FIELD_RESPONDER).get("/m/").content.decode())
    assert config["phone"]["inspections"] == {}


def test_due_shelter_inspections_link_to_the_phone_inspection_page(as_role):
    from datetime import timedelta

    from django.utils import timezone

    from geo_api.shelters.models import Inspection
    from tests import factories

    shelter = factories.shelter(1, name="中山公园避难场所")
    Inspection.objects.create(shelter=shelter, due_on=timezone.localdate() - timedelta(days=1))
    config = config_of(as_role(Role.COMMANDER).get("/m/").content.decode())
    [item] = config["phone"]["inspections"]["shelters"]["items"]
    assert item == {"label": "中山公园避难场所", "due_on": str(timezone.localdate() - timedelta(days=1)),
                    "overdue": True, "url": f"/shelters/{shelter.pk}/inspect/"}


def test_manifest_is_installable():
    response = Client().get("/m/manifest.webmanifest")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["short_name"] == "长宁应急" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/m/" and manifest["scope"] == "/m/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert path, icon["src"]
        data = Path(path).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]


def test_service_worker_is_served_under_m_with_its_scope_header():
    built = Path(settings.BASE_DIR) / "map_client" / "dist" / "sw.js"
    if not built.exists():
        pytest.fail("The map client is not built: cd map_client && npm run build")
    response = Client().get("/m/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/m/"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    body = response.content.decode()
    assert "/static/assets/phone-" in body  # the phone shell is precached
    assert "/static/assets/wall-" not in body and "/static/assets/editor-" not in body
