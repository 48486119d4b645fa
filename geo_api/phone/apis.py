"""Thin HTTP layer of the phone app's own reads: GET /api/me/today/ and GET /api/me/nearby/."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput
from geo_api.common.params import bounded_int

from . import selectors
from .access import require_phone_user


def _coordinate(request, name, low, high) -> float:
    raw = request.query_params.get(name)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise InvalidInput(_("%(name)s is required, in degrees (WGS84).") % {"name": name},
                           errors={name: [_("A number in degrees.")]}) from None
    if not low <= value <= high:
        raise InvalidInput(_("%(name)s must be between %(low)s and %(high)s.") % {"name": name, "low": low, "high": high},
                           errors={name: [_("Out of range.")]})
    return value


class TodayApi(APIView):
    """My day on the phone: duty today, open tasks, instructions to me, events I may work on."""

    @extend_schema(operation_id="me_today", responses={200: dict})
    def get(self, request):
        require_phone_user(request.user)
        return Response(selectors.today(request.user))


class NearMeApi(APIView):
    """Shelters, warehouses with their stock, resources and cameras near a point (the phone's)."""

    @extend_schema(operation_id="me_nearby", responses={200: dict})
    def get(self, request):
        require_phone_user(request.user)
        lon = _coordinate(request, "lon", -180, 180)
        lat = _coordinate(request, "lat", -90, 90)
        radius = bounded_int(request, "radius", 2000, 50, 10_000)
        limit = bounded_int(request, "limit", 8, 1, 50)
        return Response({"lon": lon, "lat": lat, "radius_m": radius,
                         "nearby": selectors.near_me(request.user, lon, lat, radius, limit)})
