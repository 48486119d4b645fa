"""The /shelters/ desk pages: who may open them, the list with its exports and statistics, and one
shelter walked through collection, designation, filing, evaluation, inspection, rectification and
opening by plain form posts (the browser test does it again in a real browser)."""
from datetime import timedelta

import pytest

from geo_api.shelters.models import Rectification, Shelter, ShelterOpening
from geo_api.supervision.models.hazards import today
from tests import factories

from .conftest import png

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,status", [("shelter_staff", 200), ("commander", 200), ("duty_officer", 200),
                                         ("administrator", 200), ("field_responder", 403), ("gis_analyst", 403)])
def test_who_may_open_the_module(as_role, role, status):
    shelter = factories.shelter(1)
    client = as_role(role)
    assert client.get("/shelters/").status_code == status
    assert client.get(f"/shelters/{shelter.pk}/").status_code == status
    assert client.get(f"/shelters/{shelter.pk}/inspect/").status_code == status
    nav = client.get("/desk/").content.decode()
    assert ('href="/shelters/"' in nav) == (status == 200)


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/shelters/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_list_filters_exports_and_shows_the_rules(as_role):
    district = factories.district(1, population=100_000)
    factories.shelter(1, district=district, name="天山公园避难场所")
    factories.shelter(2, district=district, designation_status="collected", name="仙霞小学避难场所")
    client = as_role("commander")
    page = client.get("/shelters/").content.decode()
    assert "天山公园避难场所" in page and 'id="capacity-by-street"' in page and "is-short" in page
    partial = client.get("/shelters/", {"status": "collected"}, HTTP_HX_REQUEST="true")
    assert "仙霞小学避难场所" in partial.content.decode() and "天山公园避难场所" not in partial.content.decode()
    export = client.get("/shelters/", {"status": "collected", "format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_shelter_walked_through_its_lifecycle_by_form_posts(as_role):
    shelter = factories.shelter(3, designation_status="collected", area_m2=20, shelter_type="fixed_short")
    staff, commander = as_role("shelter_staff"), as_role("commander")
    base = f"/shelters/{shelter.pk}"
    assert staff.post(f"{base}/collect/", {"area_m2": "40", "shelter_type": "fixed_short", "space_type": "outdoor"}).status_code == 302
    assert staff.post(f"{base}/photos/", {"file": png(800, 600)}).status_code == 302
    refused = commander.post(f"{base}/transitions/designate/", {"reason": "认定"})
    assert refused.status_code == 400 and 'data-testid="action-error"' in refused.content.decode()
    ok = {"document_number": "长应急〔2026〕9号", "decided_on": today().isoformat()}
    assert commander.post(f"{base}/transitions/designate/", ok).status_code == 302
    assert commander.post(f"{base}/transitions/file/", ok).status_code == 302
    results = {f"indicator-{code}": "met" for code in ("S1", "S2", "S3", "S4", "F1", "F2", "F3", "F4", "F5", "T1", "T2",
                                                         "T3", "C1", "C2", "M1", "M2", "M3", "M4")}
    assert commander.post(f"{base}/evaluate/", results).status_code == 302
    shelter.refresh_from_db()
    assert (shelter.designation_status, shelter.evaluation_conclusion, shelter.capacity) == ("evaluated", "qualified", 20)
    deadline = (today() + timedelta(days=7)).isoformat()
    inspected = staff.post(f"{base}/inspect/", {"notes": "例行检查", "lon": "121.40", "lat": "31.21", "accuracy": "8",
                                                "finding-0-description": "疏散指示牌缺失", "finding-0-severity": "veto",
                                                "finding-0-deadline": deadline, "photos": [png(400, 300)]})
    assert inspected.status_code == 302, inspected.content.decode()[:500]
    page = commander.get(f"{base}/").content.decode()
    assert 'data-testid="unavailable"' in page
    task = Rectification.objects.get(shelter=shelter)
    for client, name in ((staff, "start"), (staff, "report"), (commander, "verify")):
        assert client.post(f"{base}/rectifications/{task.pk}/{name}/").status_code == 302
    assert Rectification.objects.get(pk=task.pk).status == "closed"
    event = factories.event(5)
    assert commander.post(f"{base}/open/", {"event": event.pk}).status_code == 302
    opening = ShelterOpening.objects.get(shelter=shelter)
    assert commander.post(f"{base}/openings/{opening.pk}/", {"kind": "arrival", "count": "20"}).status_code == 302
    full = commander.post(f"{base}/openings/{opening.pk}/", {"kind": "arrival", "count": "1"})
    assert full.status_code == 409 and 'data-testid="action-error"' in full.content.decode()
    assert Shelter.objects.get(pk=shelter.pk).openings.get().occupants == 20
