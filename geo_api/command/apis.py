from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.params import bounded_int
from geo_api.editing.selectors import feature_by_id
from layers.api_access import no_such_row, readable_layer_or_refuse

from . import selectors


class EventNearbyView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, event_id):
        layer = readable_layer_or_refuse(request, "events")
        event = feature_by_id(layer, event_id, request.user)
        if event is None:
            raise no_such_row(layer, event_id)
        radius = bounded_int(request, "radius", max(selectors.RINGS_M), 50, 20_000)
        limit = bounded_int(request, "limit", 10, 1, 100)
        lon, lat = event["geometry"]["coordinates"]
        return Response({"event": event, "rings": list(selectors.RINGS_M),
                         "nearby": selectors.nearby(request.user, lon, lat, radius, limit)})
