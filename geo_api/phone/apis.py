"""Thin HTTP layer of the phone app: its reads (GET /api/me/today/, GET /api/me/nearby/) and the
one write it wraps, a task transition that may be replayed from the phone's outbox."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput
from geo_api.common.params import bounded_int
from geo_api.idempotency.services import client_key, once
from geo_api.tasks import services as task_services
from geo_api.tasks.selectors import task_json
from geo_api.timeline.apis import transition_input
from geo_api.timeline.selectors import entry_json

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


class MyTaskTransitionApi(APIView):
    """POST /api/me/tasks/{id}/transitions/ {"to", "reason"?, "client_id"}: the tasks app's
    transition (same rules, same timeline entry), answered once per client_id: the outbox sends
    again when a reply was lost, and the replay gets the first answer instead of a 409."""

    @extend_schema(operation_id="me_task_transition", request=dict, responses={200: dict, 400: dict, 403: dict, 404: dict, 409: dict})
    def post(self, request, task_id):
        require_phone_user(request.user)
        body = transition_input(request)
        unknown = sorted(set(body) - {"to", "reason", "client_id"})
        if unknown:
            raise InvalidInput(_("Unknown fields: %(f)s. Send to, reason and client_id.") % {"f": ", ".join(unknown)},
                               errors={k: [_("Unknown field.")] for k in unknown})
        to = body.get("to")
        if not isinstance(to, str) or not to:
            raise InvalidInput(_('Say which state: {"to": "accepted"}.'), errors={"to": [_("Required.")]})
        key = client_key(request, body)

        def run():
            result = task_services.task_transition(task_id=task_id, to=to, user=request.user, reason=body["reason"])
            return 200, {**task_json(result.instance, request.user), "entry": entry_json(result.entry)}

        status, answer = once(user=request.user, key=key, scope=f"task_transition:{task_id}", run=run)
        return Response(answer, status=status)
