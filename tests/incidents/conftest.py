import json

import pytest



@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Attachments of a test go to its own directory, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT



def post(client, url, body=None, **extra):
    return client.post(url, json.dumps(body if body is not None else {}), content_type="application/json", **extra)


def feature(lon=121.3655, lat=31.1945, **props):
    defaults = {"category": "ACCIDENT", "type": "危险化学品泄漏", "severity": 3, "title": "虹桥路危险化学品泄漏",
                "description": "槽罐车阀门泄漏，有刺激性气味", "source": "fire_119", "reporter": "119指挥中心",
                "phone": "021-12345678", "casualties": 0, "address": "长宁区虹桥路2550号"}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {**defaults, **props}}
