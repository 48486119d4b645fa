"""Shared requests and fixtures of the hostile-input tests (issue 8): each such request gets a 4xx
a person can act on, never a 500, and writes nothing."""
import json
from functools import partial

import pytest

from geo_api.audit.models import AuditEntry

ITEMS = "/ogc/collections/shelters/items"
SHELTER = {"code": "SH-HOSTILE-1", "name": "测试避难点", "shelter_class": "III", "shelter_type": "emergency",
           "space_type": "outdoor", "tier": "community", "area_m2": 600, "capacity": 300,
           "managing_unit": "长宁区应急管理局", "address": "长宁区仙霞路9号"}
POINT = {"type": "Point", "coordinates": [121.402, 31.212]}
GEOJSON = "application/geo+json"
dumps = partial(json.dumps, ensure_ascii=False)


def feature(geometry=POINT, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": {**SHELTER, **properties}}


@pytest.fixture
def editing(client, editor):
    client.force_login(editor)
    return client


def nested(levels):
    return "[" * levels + "]" * levels


def shelters_written():
    return AuditEntry.objects.filter(table_name="onemap_shelter").count()


def described(response):
    body = response.json()
    return body.get("description") or body.get("detail")


def reason(response):
    """The machine-readable code: `reason` in OGC exception documents, `code` under /api."""
    body = response.json()
    return body.get("reason") or body.get("code")
