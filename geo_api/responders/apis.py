"""Thin HTTP layer: positions from phones and trackers, check-ins at an event's scene.

A phone's POST /api/positions/ (session cookie, no token) is usually answered before Django by
the group-commit path (ingest.py), with the same checks and answers; it hands this view every
request it cannot answer exactly as the view would."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput
from geo_api.idempotency.services import client_key
from geo_api.incidents.selectors import event_for

from . import services
from .access import check_ins_visible, own_responder, poster
from .selectors import check_in_json, check_ins_of

SAMPLE = {"client_id": "5f0c…-0001", "lon": 121.4012, "lat": 31.2105, "recorded_at": "2026-11-29T14:05:00+08:00",
          "accuracy_m": 8, "speed_mps": 1.2, "heading": 90}


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise InvalidInput(_("Send a JSON object."))
    return request.data


class PositionsApi(APIView):
    @extend_schema(
        operation_id="positions_create", request=dict, responses={200: dict, 400: dict, 401: dict, 403: dict},
        description="One sample, or {\"samples\": [...]} (at most 1000). A signed-in field responder posts "
                    "their own; a tracker's API token (duty officer's or administrator's account) names "
                    "`responder` in each sample. Rejected: invalid, out_of_range, outside_area, future, "
                    "not_sharing, not_yours, unknown_responder. Flagged (stored, never the latest): "
                    "poor_accuracy (> 200 m), speed_jump (> 70 m/s from the last trusted sample). "
                    "A client_id seen before is answered as the first time.",
        examples=[OpenApiExample("one", value=SAMPLE, request_only=True),
                  OpenApiExample("batch", value={"samples": [SAMPLE]}, request_only=True)])
    def post(self, request):
        own = poster(request)
        body = _body(request)
        samples = body["samples"] if "samples" in body else [body]
        return Response(services.positions_ingest(user=request.user, samples=samples, own_responder_id=own))


class CheckInsApi(APIView):
    @extend_schema(operation_id="event_check_ins_list", responses={200: dict, 403: dict, 404: dict})
    def get(self, request, event_id):
        event = event_for(request.user, event_id)
        rows = check_ins_visible(request.user, check_ins_of(event.pk))
        return Response({"event": event.pk, "check_ins": [check_in_json(c) for c in rows[:500]]})

    @extend_schema(operation_id="event_check_ins_create", request=dict,
                   responses={201: dict, 400: dict, 403: dict, 404: dict, 409: dict},
                   examples=[OpenApiExample("check in", request_only=True, value={
                       "client_id": "c1a7…", "lon": 121.4012, "lat": 31.2105, "accuracy_m": 10})])
    def post(self, request, event_id):
        responder = own_responder(request.user)
        event = event_for(request.user, event_id)
        body = _body(request)
        unknown = sorted(set(body) - {"client_id", "lon", "lat", "accuracy_m"})
        if unknown:
            raise InvalidInput(_("Unknown fields: %(f)s. Send lon, lat, accuracy_m and client_id.")
                               % {"f": ", ".join(unknown)}, errors={k: [_("Unknown field.")] for k in unknown})
        status, answer = services.check_in_create(
            user=request.user, responder=responder, event=event, lon=body.get("lon"), lat=body.get("lat"),
            accuracy_m=body.get("accuracy_m"), client_id=client_key(request, body))
        return Response(answer, status=status)
