"""Thin HTTP layer of command mode. Contract routes: POST /api/events/<id>/command/,
GET /api/events/<id>/board/, GET|POST /api/events/<id>/instructions/, GET /api/instructions/?mine=1,
POST /api/instructions/<id>/acknowledge/, GET /api/events/<id>/cameras/, GET /api/events/<id>/nearby/."""
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput, NotSignedIn, Refused
from geo_api.common.params import bounded_int
from geo_api.editing.selectors import feature_by_id
from geo_api.idempotency.services import client_key, once
from geo_api.incidents.selectors import event_for
from geo_api.incidents.services import EVENT_WORKFLOW
from layers.api_access import no_such_row, readable_layer_or_refuse

from . import access, selectors, services
from .board import board
from .cameras import DEFAULT_RADIUS_M, cameras_for
from .instructions import event_instructions, instruction_json, my_instructions, with_deliveries
from .models import Instruction


def _body(request) -> dict:
    body = request.data if request.data else {}
    if not isinstance(body, dict):
        raise InvalidInput(_("Send a JSON object."))
    return dict(body)


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


class EventCommandView(APIView):
    """Enter command mode: the session (commander, start) and the event moved to responding."""

    @extend_schema(request=None, responses={200: dict, 401: dict, 403: dict, 404: dict, 409: dict})
    def post(self, request, event_id):
        session, event, waiting_for = services.command_enter(user=request.user, event_id=event_id)
        commander = session.commander
        return Response({
            "event": event.pk, "code": event.code, "status": event.status,
            "status_label": EVENT_WORKFLOW.state_label(event.status),
            "commander": {"id": commander.pk, "label": commander.get_full_name() or commander.get_username()},
            "started_at": timezone.localtime(session.started_at).isoformat(),
            "url": f"/command/{event.pk}/",
            # A step this account may not make (a duty officer cannot start the response).
            "waiting_for": waiting_for,
        })


class EventBoardView(APIView):
    @extend_schema(responses={200: dict, 401: dict, 403: dict, 404: dict})
    def get(self, request, event_id):
        return Response(board(request.user, event_for(request.user, event_id)))


class EventInstructionsView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, event_id):
        event_for(request.user, event_id)
        rows = event_instructions(request.user, event_id)[:500]
        return Response({"event": event_id, "instructions": [instruction_json(i, request.user) for i in rows]})

    @extend_schema(request=dict, responses={201: dict, 400: dict, 403: dict, 404: dict, 409: dict}, examples=[
        OpenApiExample("instruction", request_only=True, value={
            "client_id": "6f1c…", "text": "立即疏散虹桥路沿线居民", "priority": "urgent", "to_users": [7],
            "to_departments": [2], "to_everyone": False, "ack_within_min": 5})])
    def post(self, request, event_id):
        event_for(request.user, event_id, roles=access.SENDERS)  # who may, before what is wrong with the body
        body = _body(request)

        def run():
            instruction = services.instruction_send(user=request.user, event_id=event_id, body=body)
            fresh = with_deliveries(Instruction.objects.filter(pk=instruction.pk)).get()
            return 201, instruction_json(fresh, request.user)

        status, answer = once(user=request.user, key=client_key(request, body), scope=f"instruction:{event_id}",
                              run=run)
        return Response(answer, status=status)


class InstructionsView(APIView):
    """?mine=1: addressed to me on any event (?open=1: not acknowledged yet); otherwise every
    instruction I may read."""

    @extend_schema(parameters=[OpenApiParameter("mine", bool), OpenApiParameter("open", bool)],
                   responses={200: dict, 401: dict})
    def get(self, request):
        if not request.user.is_authenticated:
            raise NotSignedIn(_("Sign in to read instructions."))
        truthy = ("1", "true", "yes")
        limit = bounded_int(request, "limit", 100, 1, 500)
        if request.query_params.get("mine", "").lower() in truthy:
            rows = my_instructions(request.user, unacknowledged=request.query_params.get("open", "") in truthy)
        else:
            rows = with_deliveries(access.instructions_visible_to(request.user)).order_by("-sent_at", "-id")
        return Response({"instructions": [instruction_json(i, request.user) for i in rows[:limit]]})


class InstructionAcknowledgeView(APIView):
    @extend_schema(request=dict, responses={200: dict, 403: dict, 404: dict},
                   examples=[OpenApiExample("ack", request_only=True, value={"client_id": "a1", "note": "收到，5分钟到场"})])
    def post(self, request, instruction_id):
        if not request.user.is_authenticated:
            raise NotSignedIn(_("Sign in to acknowledge an instruction."))
        body = _body(request)
        unknown = sorted(set(body) - {"client_id", "note"})
        if unknown:
            raise InvalidInput(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)},
                               errors={n: [_("Unknown field.")] for n in unknown})

        def run():
            services.instruction_acknowledge(user=request.user, instruction_id=instruction_id,
                                             note=body.get("note") or "")
            fresh = with_deliveries(Instruction.objects.filter(pk=instruction_id)).get()
            return 200, instruction_json(fresh, request.user)

        status, answer = once(user=request.user, key=client_key(request, body),
                              scope=f"instruction_ack:{instruction_id}", run=run)
        return Response(answer, status=status)


class EventCamerasView(APIView):
    @extend_schema(parameters=[OpenApiParameter("radius", int)], responses={200: dict, 403: dict, 404: dict})
    def get(self, request, event_id):
        event = event_for(request.user, event_id)
        radius = bounded_int(request, "radius", DEFAULT_RADIUS_M, 50, 5000)
        cameras = cameras_for(request.user, event.geom.x, event.geom.y, radius)
        if cameras is None:
            raise Refused(_("Your account may not read the cameras layer."))
        return Response({"event": event.pk, "radius_m": radius, "cameras": cameras})
