"""Small, explicit rows for API tests: one test's data never depends on the demo generator."""
from datetime import date, datetime, timedelta, timezone

from django.contrib.gis.geos import MultiPolygon, Point, Polygon  # noqa: F401 (Point used by tests)

from geo_api.incidents import models as incidents_models
from geo_api.reference import models as reference_models
from geo_api.resources import models as resources_models
from geo_api.responders import models as responders_models
from geo_api.shelters import models as shelters_models
from geo_api.supervision import models as supervision_models
from geo_api.warnings import models as warnings_models

T0 = datetime(2026, 11, 24, 0, 0, tzinfo=timezone.utc)
CENTRE = (121.40, 31.21)


def square(x, y, d=0.01):
    return MultiPolygon(Polygon(((x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y))), srid=4326)


def district(i=0, **kw):
    x = 121.34 + i * 0.01
    defaults = dict(code=f"3101050{i:02d}000", name=f"测试街道{i}", kind="street", population=1000,
                    area_km2=1.0, synthetic=True, geom=square(x, 31.19, 0.04))
    return reference_models.District.objects.create(**{**defaults, **kw})


def shelter(i=0, x=None, y=None, capacity=None, **kw):
    """`capacity` is computed from area and type (geo_api/shelters/capacity.py): asking for one sets
    the area that gives it."""
    from geo_api.shelters.capacity import PER_PERSON_M2

    defaults = dict(code=f"SH{i:05d}", name=f"避难场所{i}", shelter_class="II", shelter_type="fixed_short",
                    space_type="outdoor", tier="street", area_m2=5000.0,
                    designation_status="designated", managing_unit="长宁区应急管理局", address=f"长宁区天山路{i}号",
                    geom=Point(x if x is not None else 121.36 + i * 0.0005, y if y is not None else 31.21, srid=4326))
    values = {**defaults, **kw}
    if capacity is not None:
        values["area_m2"] = capacity * PER_PERSON_M2[values["shelter_type"]]
    created = shelters_models.Shelter.objects.create(**values)
    created.refresh_from_db(fields=["capacity"])
    return created


def rectification(i=0, on=None, **kw):
    """An open rectification task from an inspection finding of the shelter `on` (a new one if None)."""
    place = on or shelter(900 + i)
    inspection = shelters_models.Inspection.objects.create(shelter=place, due_on=date(2026, 11, 1))
    finding = shelters_models.Finding.objects.create(inspection=inspection, shelter=place, description=f"灭火器过期{i}",
                                                     severity=kw.pop("severity", "general"))
    defaults = dict(finding=finding, shelter=place, description=finding.description, severity=finding.severity,
                    deadline=date(2026, 12, 31), responsible_unit="长宁区应急管理局", geom=place.geom)
    return shelters_models.Rectification.objects.create(**{**defaults, **kw})


def warehouse(i=0, **kw):
    defaults = dict(code=f"WH{i:03d}", name=f"物资仓库{i}", level="district", managing_unit="长宁区应急管理局",
                    address=f"长宁区金钟路{i}号", geom=Point(121.37 + i * 0.001, 31.22, srid=4326))
    w = resources_models.Warehouse.objects.create(**{**defaults, **kw})
    resources_models.StockItem.objects.create(warehouse=w, material_code="1010101", name="帐篷", unit="顶", quantity=100)
    return w


def resource(i=0, **kw):
    defaults = dict(name=f"救援队{i}", kind="team", owner_unit="长宁区消防救援支队",
                    geom=Point(121.38 + i * 0.001, 31.20, srid=4326))
    return resources_models.Resource.objects.create(**{**defaults, **kw})


def enterprise(i=0, **kw):
    defaults = dict(name=f"化工企业{i}", credit_code=f"91310105{i:09d}X", kind="hazchem_storage",
                    risk_colour="orange", address="长宁区临虹路1号", geom=Point(121.35, 31.22 + i * 0.001, srid=4326))
    return supervision_models.Enterprise.objects.create(**{**defaults, **kw})


def hazard(i=0, **kw):
    defaults = dict(code=f"HZ{i:05d}", name=f"隐患{i}", kind="hidden_hazard", grade="general",
                    category="消防安全", found_on=date(2026, 11, 1), responsible_unit="某公司",
                    geom=Point(121.39, 31.19 + i * 0.001, srid=4326))
    return supervision_models.Hazard.objects.create(**{**defaults, **kw})


def camera(i=0, **kw):
    defaults = dict(code=f"CAM{i:06d}", name=f"摄像头{i}", kind="fixed", heading=90.0, field_of_view=60.0,
                    geom=Point(121.41 + i * 0.0002, 31.23, srid=4326))
    return reference_models.Camera.objects.create(**{**defaults, **kw})


def warning(i=0, **kw):
    defaults = dict(identifier=f"31010500000000_20261124080000_{i % 10}", sender="上海市气象局", sent=T0,
                    event_type="11B03", event_name="暴雨", level=2, headline=f"暴雨橙色预警{i}",
                    description="预计未来6小时降雨量将达50毫米以上", effective=T0, onset=T0,
                    expires=T0 + timedelta(days=3650), area_desc="长宁区", geom=square(121.36, 31.20, 0.02))
    return warnings_models.Warning.objects.create(**{**defaults, **kw})


def event(i=0, **kw):
    defaults = dict(code=f"EV{i:05d}", title=f"火灾事件{i}", category="ACCIDENT", event_type="火灾", severity=3,
                    occurred_at=T0, reported_at=T0, address="长宁区仙霞路1号",
                    geom=Point(121.40, 31.21 + i * 0.001, srid=4326))
    return incidents_models.Event.objects.create(**{**defaults, **kw})


def responder(i=0, on_duty=True, **kw):
    r = responders_models.Responder.objects.create(name=f"队员{i}", organization="长宁区应急管理局", on_duty=on_duty)
    responders_models.ResponderPosition.objects.create(
        responder=r, recorded_at=T0, geom=Point(121.42, 31.20 + i * 0.001, srid=4326), **kw
    )
    return r


def risk_zone(i=0, **kw):
    defaults = dict(name=f"易涝区域{i}", zone_type="waterlogging", risk_colour="yellow",
                    responsible_unit="长宁区水务局", geom=square(121.43, 31.215 + i * 0.003, 0.002))
    return supervision_models.RiskZone.objects.create(**{**defaults, **kw})


def one_of_each():
    data = {
        "districts": district(), "shelters": shelter(), "warehouses": warehouse(), "resources": resource(),
        "enterprises": enterprise(), "hazards": hazard(), "cameras": camera(), "warnings": warning(),
        "events": event(), "personnel_positions": responder().position, "risk_zones": risk_zone(),
    }
    data["shelter_coverage"] = data["districts"]  # the same streets, shaded by shelter capacity
    data["shelter_rectifications"] = rectification(on=data["shelters"])
    return data
