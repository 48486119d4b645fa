from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from editing.selectors import feature_by_id
from layers.api_access import readable_layer_or_refuse

from . import selectors


def _bounded_int(request, name, default, low, high):
    raw = request.query_params.get(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({name: [f"{name} must be an integer."]}) from None
    if not low <= value <= high:
        raise ValidationError({name: [f"{name} must be between {low} and {high}."]})
    return value


class WallStatsView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        return Response(selectors.wall_stats(request.user))


class SearchView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        text = request.query_params.get("q", "").strip()
        if not text:
            raise ValidationError({"q": ["Type part of a name to search for."]})
        if len(text) > 100:
            raise ValidationError({"q": ["Search text is limited to 100 characters."]})
        limit = _bounded_int(request, "limit", 10, 1, 50)
        return Response({"results": selectors.search(request.user, text, limit)})


class EventNearbyView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, event_id):
        layer = readable_layer_or_refuse(request, "events")
        event = feature_by_id(layer, event_id, request.user)
        if event is None:
            raise NotFound("No such event.")
        radius = _bounded_int(request, "radius", max(selectors.RINGS_M), 50, 20_000)
        limit = _bounded_int(request, "limit", 10, 1, 100)
        lon, lat = event["geometry"]["coordinates"]
        return Response({"event": event, "rings": list(selectors.RINGS_M),
                         "nearby": selectors.nearby(request.user, lon, lat, radius, limit)})
