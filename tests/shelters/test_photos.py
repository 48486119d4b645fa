"""信息采集 photos: type and size checked from the bytes, shrunk with Pillow, stored under
MEDIA_ROOT and served only after an access check."""
import io

import pytest
from django.conf import settings

from geo_api.shelters.models import ShelterFile
from tests import factories

from .conftest import png

pytestmark = pytest.mark.django_db


def test_a_photo_is_shrunk_stored_and_served_to_staff_only(as_role, client):
    shelter = factories.shelter(1)
    staff = as_role("shelter_staff")
    response = staff.post(f"/api/shelters/{shelter.pk}/photos/", {"file": png(4000, 3000)})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["width"], body["height"], body["content_type"]) == (1600, 1200, "image/png")
    record = ShelterFile.objects.get()
    assert str(settings.MEDIA_ROOT) in record.file.path and "photo.png" not in record.file.name
    served = as_role("commander").get(body["url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(body["url"]).status_code == 401                       # anonymous
    assert as_role("external_agency").get(body["url"]).status_code == 403   # other agencies' systems
    assert staff.get("/api/shelters/files/999999/").status_code == 404
    sheet = staff.get(f"/api/shelters/{shelter.pk}/collection/").json()
    assert [p["id"] for p in sheet["photos"]] == [record.pk]


def test_not_a_photo_or_too_big_is_refused(as_role):
    shelter = factories.shelter(2)
    staff = as_role("shelter_staff")
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "photo.jpg"
    response = staff.post(f"/api/shelters/{shelter.pk}/photos/", {"file": fake})
    assert response.status_code == 400 and "file" in response.json()["errors"]
    assert staff.post(f"/api/shelters/{shelter.pk}/photos/", {}).status_code == 400
    big = io.BytesIO(b"\xff" * (4 * 1024 * 1024 + 10))
    big.name = "big.jpg"
    assert staff.post(f"/api/shelters/{shelter.pk}/photos/", {"file": big}).status_code == 400
    assert as_role("commander").post(f"/api/shelters/{shelter.pk}/photos/", {"file": png()}).status_code == 403
    assert not ShelterFile.objects.exists()
