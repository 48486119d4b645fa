import io
import json

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"



def post(client, url, body=None, **kw):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **kw)


@pytest.fixture
def district(db):
    return factories.district()


@pytest.fixture
def event(db):
    return factories.event(7, severity=2)


def png(width=2400, height=1200) -> io.BytesIO:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(out, "PNG")
    out.seek(0)
    out.name = "photo.png"
    return out


ALL_MET = {code: "met" for code in __import__("geo_api.shelters.evaluation", fromlist=["BY_CODE"]).BY_CODE}
