"""Reads of the resource ledger: the filtered list (type, street, owner, text, status, distance from
a point or an event), its statistics by type and street, and the rows for exports.

The ledger lists retired resources too when asked (the map layer never shows them: its `where`)."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Count, F, FloatField, Q, Sum
from django.db.models.expressions import RawSQL

from geo_api.common.errors import NotFound
from layers.query import LayerQuery
from layers.registry import load_catalog

from ..models import Resource

_POINT = "ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography"


@dataclass(frozen=True)
class Origin:
    lon: float
    lat: float
    label: str


def event_origin(user, event_id: int) -> Origin:
    """Where an event happened, if this user may see it (the events layer's access and row filter)."""
    from layers.access import can_read

    layer = load_catalog().get("events")
    rows = LayerQuery.of(layer, user).id_is(event_id).fetch("ST_X(geom), ST_Y(geom), title") if can_read(user, layer) \
        else []
    if not rows:
        from django.utils.translation import gettext as _

        raise NotFound(_("There is no event %(id)s you may see.") % {"id": event_id})
    lon, lat, title = rows[0]
    return Origin(lon, lat, title)


def resources_filtered(data: dict, origin: Origin | None = None):
    """`data`: kind, district (id), owner, q, status, show (active|retired|all), radius_m."""
    qs = Resource.objects.select_related("district")
    show = data.get("show") or "active"
    if show == "active":
        qs = qs.filter(retired_at__isnull=True)
    elif show == "retired":
        qs = qs.filter(retired_at__isnull=False)
    for name in ("kind", "status"):
        if data.get(name):
            qs = qs.filter(**{name: data[name]})
    if data.get("district"):
        qs = qs.filter(district_id=data["district"])
    if data.get("owner"):
        qs = qs.filter(owner_unit__icontains=data["owner"])
    if data.get("q"):
        text = data["q"]
        qs = qs.filter(Q(name__icontains=text) | Q(specialty__icontains=text) | Q(owner_unit__icontains=text)
                       | Q(contact__icontains=text) | Q(phone__icontains=text))
    if origin is not None:
        qs = qs.annotate(distance_m=RawSQL(f"ST_Distance(onemap_resource.geom::geography, {_POINT})",
                                           (origin.lon, origin.lat), output_field=FloatField()))
        if data.get("radius_m"):
            qs = qs.alias(near=RawSQL(f"ST_DWithin(onemap_resource.geom::geography, {_POINT}, %s)",
                                      (origin.lon, origin.lat, data["radius_m"]), output_field=BooleanField()))
            qs = qs.filter(near=True)
        qs = qs.order_by("distance_m", "id")
    else:
        qs = qs.order_by("kind", "name", "id")
    return qs


def resource_statistics(qs) -> dict:
    """Counts (and summed quantities) by type and by street under the list's filters."""
    by_kind = {r["kind"]: r for r in qs.order_by().values("kind").annotate(n=Count("id"), total=Sum("quantity"))}
    kinds = [{"value": v, "label": str(label), "count": by_kind.get(v, {}).get("n", 0),
              "quantity": by_kind.get(v, {}).get("total") or 0} for v, label in Resource.Kind.choices]
    streets = [{"label": r["street"] or "—", "count": r["n"], "quantity": r["total"] or 0}
               for r in qs.order_by().values(street=F("district__name")).annotate(n=Count("id"), total=Sum("quantity"))
               .order_by("street")]
    return {"by_kind": kinds, "by_street": streets}
