"""Warning-to-exposure: what lies inside an active warning's area, as this user may see it.

The rule (written out, and checked by tests/exposure against a direct PostGIS query on the base
tables): a feature is exposed when its geometry intersects the warning's (multi)polygon; only
published rows count — the rows of the layer's view (layers/database_views.py: its `where`,
e.g. retired resources and drill events are not published) further narrowed by this user's row
filter (layers/query.py LayerQuery), and a layer this user may not read is reported as such,
not counted. No exposure layer holds drills: drill events live in the events layer, which is not
one of them.

Population: reference.District.population (resident population of the street) weighted by the
share of the street's area inside the warning (street population × intersection area / street
area, areas on the spheroid). That assumes people are spread evenly over the street: an
estimate, marked as such; the demo streets' boundaries are synthetic and say so; a street with
no population figure is listed with population null, never a made-up number."""
from __future__ import annotations

import json
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict
from layers.access import can_read
from layers.api_access import layer_title
from layers.query import LayerQuery, run
from layers.registry import load_catalog

from .models import Warning


@dataclass(frozen=True)
class ExposureLayer:
    id: str
    columns: tuple[str, ...]


EXPOSURE_LAYERS = (
    ExposureLayer("enterprises", ("name", "kind", "risk_colour", "major_hazard_grade", "address", "district_name")),
    ExposureLayer("hazards", ("name", "code", "kind", "grade", "risk_colour", "rectification_status", "district_name")),
    ExposureLayer("shelters", ("name", "code", "shelter_type", "capacity", "designation_status", "district_name")),
    ExposureLayer("warehouses", ("name", "code", "level", "address", "district_name")),
    ExposureLayer("cameras", ("name", "code", "kind", "status", "district_name")),
)
INSIDE = ("geom && (SELECT w.geom FROM onemap_warning w WHERE w.id = %s) AND "
          "ST_Intersects(geom, (SELECT w.geom FROM onemap_warning w WHERE w.id = %s))")


def is_active(warning: Warning, now=None) -> bool:
    now = now or timezone.now()
    return (warning.state == Warning.State.ACTIVE and warning.msg_type != Warning.MsgType.CANCEL
            and warning.expires > now)


def require_active(warning: Warning) -> None:
    if not is_active(warning):
        raise Conflict(_("Warning “%(headline)s” is no longer in force (%(state)s); exposure is computed for "
                         "warnings in force.") % {"headline": warning.headline, "state": warning.get_state_display()})


def exposed_rows(warning_id: int, layer_id: str, user, ids=None) -> list[dict]:
    spec = next(s for s in EXPOSURE_LAYERS if s.id == layer_id)
    layer = load_catalog().get(layer_id)
    query = LayerQuery.of(layer, user).where(INSIDE, warning_id, warning_id)
    if ids is not None:
        query = query.ids_in(ids)
    names = ("id", *spec.columns)
    rows = query.fetch(", ".join(f'"{c}"' for c in names) + ", ST_X(ST_PointOnSurface(geom)), "
                       "ST_Y(ST_PointOnSurface(geom))", order="id")
    return [{**dict(zip(names, r[:len(names)])), "lon": round(r[-2], 6), "lat": round(r[-1], 6)} for r in rows]


def _summary(layer_id: str, rows: list[dict]) -> dict:
    out: dict = {}
    if layer_id in ("enterprises", "hazards"):
        colours: dict[str, int] = {}
        for r in rows:
            colours[r.get("risk_colour") or ""] = colours.get(r.get("risk_colour") or "", 0) + 1
        out["by_risk_colour"] = colours
    if layer_id == "enterprises":
        out["major_hazard"] = sum(1 for r in rows if r.get("major_hazard_grade"))
    if layer_id == "shelters":
        out["capacity"] = sum(r.get("capacity") or 0 for r in rows)
    return out


def population_by_street(warning_id: int) -> list[dict]:
    rows = run(
        "SELECT d.id, d.code, d.name, d.population, d.synthetic, ST_Area(d.geom::geography), "
        "ST_Area(ST_Intersection(d.geom, w.geom)::geography) FROM onemap_district d JOIN onemap_warning w "
        "ON w.id = %s WHERE d.geom && w.geom AND ST_Intersects(d.geom, w.geom) ORDER BY d.code", [warning_id])
    out = []
    for pk, code, name, population, synthetic, area, inter in rows:
        share = (inter / area) if area else 0.0
        if share <= 0:
            continue
        out.append({"id": pk, "code": code, "name": name, "population": population,
                    "area_km2": round(area / 1e6, 3), "inside_km2": round(inter / 1e6, 3), "share": round(share, 4),
                    "exposed_population": round(population * share) if population is not None else None,
                    "estimate": True, "synthetic_boundary": synthetic})
    return out


def exposure(*, warning: Warning, user) -> dict:
    require_active(warning)
    catalog = load_catalog()
    layers = {}
    for spec in EXPOSURE_LAYERS:
        layer = catalog.get(spec.id)
        if not can_read(user, layer):
            layers[spec.id] = {"title": layer_title(layer), "readable": False, "count": None, "features": []}
            continue
        rows = exposed_rows(warning.pk, spec.id, user)
        layers[spec.id] = {"title": layer_title(layer), "readable": True, "count": len(rows),
                           "summary": _summary(spec.id, rows), "features": rows}
    streets = population_by_street(warning.pk)
    known = [s["exposed_population"] for s in streets if s["exposed_population"] is not None]
    return {
        "warning": {"id": warning.pk, "identifier": warning.identifier, "headline": warning.headline,
                    "level": warning.level, "colour": {1: "red", 2: "orange", 3: "yellow"}.get(warning.level, "blue"),
                    "event_name": warning.event_name, "area_desc": warning.area_desc, "status": warning.status,
                    "expires": timezone.localtime(warning.expires).strftime("%Y-%m-%d %H:%M"),
                    "geometry": json.loads(warning.geom.json)},
        "counts": {k: v["count"] for k, v in layers.items()},
        "layers": layers,
        "population": {
            "streets": streets, "exposed_total": sum(known) if known else None,
            "streets_without_figure": [s["name"] for s in streets if s["population"] is None],
            "method": _("Street resident population × share of the street's area inside the warning (an "
                        "estimate: people assumed evenly spread)."),
        },
        "computed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
