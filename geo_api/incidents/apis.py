"""Thin HTTP layer over incidents.services and selectors (see geo_api/timeline/apis.py for the
transition shapes). Contract routes: POST /api/events/, POST /api/events/<id>/follow-ups/,
POST /api/events/<id>/transitions/ {"to", "reason"}, GET /api/events/<id>/timeline/."""
import json

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status as http
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput, NotFound
from geo_api.reference import event_types
from geo_api.timeline.apis import (TimelineApi, TransitionApi, TransitionListApi, only_keys, transition_input)
from geo_api.timeline.selectors import timeline_for_event
from geo_api.timeline.transitions import transition_answer

from . import selectors, services
from .intake import parse_intake, parse_time, point_from
from .models import Attachment, EventReport, UpwardReport
from .services import EVENT_WORKFLOW

PARSERS = [JSONParser, MultiPartParser, FormParser]


def _local(value):
    return timezone.localtime(value).isoformat() if value else None


def report_json(report: EventReport) -> dict:
    return {
        "id": report.pk, "event_id": report.event_id, "kind": report.kind, "kind_label": report.get_kind_display(),
        "received_at": _local(report.received_at), "source": report.source or None, "reporter": report.reporter,
        "phone": report.reporter_phone, "text": report.text, "casualties": report.casualties,
        "address": report.address,
        "geometry": {"type": "Point", "coordinates": [report.geom.x, report.geom.y]} if report.geom else None,
        "attachments": [attachment_json(a) for a in report.attachments.all()],
    }


def attachment_json(attachment: Attachment) -> dict:
    return {"id": attachment.pk, "name": attachment.original_name, "content_type": attachment.content_type,
            "size": attachment.size, "url": f"/api/events/{attachment.event_id}/attachments/{attachment.pk}/"}


def upward_json(report: UpwardReport, now=None) -> dict:
    return {
        "id": report.pk, "event_id": report.event_id, "kind": report.kind, "kind_label": report.get_kind_display(),
        "recipient": report.recipient, "recipient_label": report.get_recipient_display(), "number": report.number,
        "text": report.text, "due_at": _local(report.due_at), "submitted_at": _local(report.submitted_at),
        "overdue": report.is_overdue(now), "flagged_overdue_at": _local(report.overdue_at),
    }


def feature_body(request) -> dict:
    """The Feature from a JSON body, or from the `feature` field of a multipart form (with files
    in `attachments`)."""
    data = request.data
    if request.content_type.startswith(("multipart/", "application/x-www-form-urlencoded")):
        raw = data.get("feature")
        try:
            return json.loads(raw) if isinstance(raw, str) else None
        except ValueError:
            raise InvalidInput(_("feature: not valid JSON."), errors={"feature": [_("Not valid JSON.")]}) from None
    return data


def files_of(request) -> list:
    return request.FILES.getlist("attachments") if hasattr(request, "FILES") else []


class EventsApi(APIView):
    parser_classes = PARSERS

    @extend_schema(request=dict, responses={201: dict, 400: dict, 401: dict, 403: dict}, examples=[OpenApiExample(
        "intake", request_only=True, value={
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [121.3655, 31.1945]},
            "properties": {"category": "ACCIDENT", "type": "危险化学品泄漏", "severity": 3,
                           "title": "虹桥路危险化学品泄漏", "description": "槽罐车阀门泄漏",
                           "reported_at": "2026-11-29T14:05:00+08:00", "source": "fire_119", "is_drill": False,
                           "reporter": "119指挥中心", "phone": "021-00000000", "casualties": 0,
                           "address": "长宁区虹桥路1号"}})])
    def post(self, request):
        from layers.api_access import EDIT, refuse_unless

        refuse_unless(request.user, selectors.events_layer(), EDIT)  # before reading the body
        event = services.event_intake(user=request.user, intake=parse_intake(feature_body(request)),
                                      files=files_of(request))
        return Response(selectors.event_feature(event), status=http.HTTP_201_CREATED,
                        headers={"Location": f"/api/events/{event.pk}/"}, content_type="application/geo+json")


class EventDetailApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, event_id):
        return Response(selectors.event_feature(selectors.event_for(request.user, event_id)),
                        content_type="application/geo+json")


class EventDuplicatesApi(APIView):
    """GET /api/events/duplicates/?type=&lon=&lat=&at=&crs=&is_drill= — possible duplicates of a
    report about to be filed."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        from layers.api_access import EDIT, refuse_unless

        refuse_unless(request.user, selectors.events_layer(), EDIT)
        params = request.query_params
        found = event_types.event_type(params.get("type", ""))
        if found is None:
            raise InvalidInput(_("type: unknown event type."), errors={"type": [_("Unknown event type.")]})
        try:
            coords = [float(params.get("lon", "")), float(params.get("lat", ""))]
        except ValueError:
            raise InvalidInput(_("lon, lat: two numbers."), errors={"geometry": [_("lon and lat are numbers.")]}) from None
        point = point_from({"type": "Point", "coordinates": coords}, params.get("crs"))
        at = parse_time(params.get("at"), "at", default=timezone.now())
        is_drill = params.get("is_drill", "").lower() in ("1", "true", "on")
        rows = selectors.possible_duplicates(user=request.user, event_type=found.name_zh, point=point, at=at,
                                             is_drill=is_drill)
        return Response({
            "radius_m": selectors.duplicate_radius_m(),
            "window_minutes": int(selectors.duplicate_window().total_seconds() // 60),
            "results": [{**selectors.event_feature(e)["properties"], "distance_m": e.distance_m,
                         "reports": e.reports.count()} for e in rows],
        })


class EventReportsApi(APIView):
    parser_classes = PARSERS

    @extend_schema(responses={200: dict})
    def get(self, request, event_id):
        event = selectors.event_for(request.user, event_id)
        return Response({"id": event.pk, "reports": [report_json(r) for r in selectors.event_reports(event)]})

    @extend_schema(request=dict, responses={201: dict})
    def post(self, request, event_id):
        if is_field_report(request):
            return field_report(request, event_id)
        report = services.event_attach_report(user=request.user, event_id=event_id, body=feature_body(request),
                                              files=files_of(request))
        return Response(report_json(report), status=http.HTTP_201_CREATED)


def is_field_report(request) -> bool:
    """A call attached by the desk is a Feature (JSON, or multipart `feature`); a report from the
    field (信息上报) is {"text", "lon", "lat", "client_id"} with photos in multipart `files`."""
    data = request.data
    if not hasattr(data, "get"):
        return False
    return "feature" not in data and data.get("type") != "Feature" and "text" in data


def field_report(request, event_id):
    """信息上报 (geo_api/command/services.field_report), exactly once per client_id."""
    from geo_api.command.services import field_report as report_from_field
    from geo_api.idempotency.services import client_key, once

    data = request.data
    unknown = sorted(set(data) - {"text", "lon", "lat", "client_id", "files"})
    if unknown:
        raise InvalidInput(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)},
                           errors={n: [_("Unknown field.")] for n in unknown})
    files = request.FILES.getlist("files") if hasattr(request, "FILES") else []

    def run():
        report = report_from_field(user=request.user, event_id=event_id, text=data.get("text"),
                                   lon=data.get("lon"), lat=data.get("lat"), files=files)
        return http.HTTP_201_CREATED, report_json(report)

    key = client_key(request, data) if request.user.is_authenticated else None  # anonymous: refused by run()
    status, body = once(user=request.user, key=key, scope=f"event_report:{event_id}", run=run)
    return Response(body, status=status)


class EventFollowUpsApi(APIView):
    parser_classes = PARSERS

    @extend_schema(responses={200: dict})
    def get(self, request, event_id):
        event = selectors.event_for(request.user, event_id)
        rows = selectors.event_reports(event).filter(kind=EventReport.Kind.FOLLOW_UP)
        return Response({"id": event.pk, "follow_ups": [report_json(r) for r in rows]})

    @extend_schema(request=dict, responses={201: dict},
                   examples=[OpenApiExample("follow-up", request_only=True, value={"text": "泄漏已封堵", "casualties": 1})])
    def post(self, request, event_id):
        selectors.event_for(request.user, event_id, roles=selectors.FOLLOW_UP_ROLES)
        data = request.data if hasattr(request.data, "get") else {}
        if not hasattr(request.data, "get"):
            raise InvalidInput(_('Send a JSON object such as {"text": "..."}.'))
        unknown = sorted(set(data) - {"text", "casualties", "attachments"})
        if unknown:
            raise InvalidInput(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)},
                               errors={n: [_("Unknown field.")] for n in unknown})
        report = services.event_follow_up(user=request.user, event_id=event_id, text=data.get("text"),
                                          casualties=data.get("casualties"), files=files_of(request))
        return Response(report_json(report), status=http.HTTP_201_CREATED)


class EventSeverityApi(APIView):
    @extend_schema(request=dict, responses={200: dict},
                   examples=[OpenApiExample("raise", request_only=True, value={"severity": 2, "reason": "伤亡人数上升"})])
    def post(self, request, event_id):
        selectors.event_for(request.user, event_id, roles=selectors.DESK_ROLES)
        body = transition_input(request)
        only_keys(body, "severity")
        event = services.event_change_severity(user=request.user, event_id=event_id, severity=body.get("severity"),
                                               reason=body["reason"])
        return Response(selectors.event_feature(event), content_type="application/geo+json")


class EventUpwardReportsApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, event_id):
        event = selectors.event_for(request.user, event_id, roles=selectors.DESK_ROLES)
        now = timezone.now()
        return Response({"id": event.pk, "upward_reports": [upward_json(r, now) for r in selectors.upward_reports(event)]})

    @extend_schema(request=dict, responses={201: dict},
                   examples=[OpenApiExample("follow-up", request_only=True, value={"kind": "follow_up", "recipient": "district"})])
    def post(self, request, event_id):
        data = request.data if isinstance(request.data, dict) else {}
        report = services.upward_report_draft(user=request.user, event_id=event_id, kind=data.get("kind"),
                                              recipient=data.get("recipient"))
        return Response(upward_json(report), status=http.HTTP_201_CREATED)


class UpwardReportSubmitApi(APIView):
    @extend_schema(request=dict, responses={200: dict})
    def post(self, request, report_id):
        data = request.data if isinstance(request.data, dict) else {}
        report = services.upward_report_submit(user=request.user, report_id=report_id, text=data.get("text"))
        return Response(upward_json(report))


class AttachmentApi(APIView):
    """The file, to users who may read the event (MEDIA_ROOT itself is never served)."""

    @extend_schema(responses={200: bytes})
    def get(self, request, event_id, attachment_id):
        event = selectors.event_for(request.user, event_id)
        attachment = Attachment.objects.filter(pk=attachment_id, event=event).first()
        if attachment is None:
            raise NotFound(_("No attachment %(id)s on this event.") % {"id": attachment_id})
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise NotFound(_("The file of attachment %(id)s is missing from storage.") % {"id": attachment_id}) from None
        response = FileResponse(handle, content_type=attachment.content_type, as_attachment=True,
                                filename=attachment.original_name)
        response["Cache-Control"] = "private, no-store"
        return response


class EventTypesApi(APIView):
    """The code list for category → type pickers (public reference data)."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        return Response({"categories": event_types.cascade()})


class EventTransitionsApi(TransitionListApi):
    """GET: the transitions this user may perform now. POST {"to": "...", "reason": "..."}: the
    contract form; an illegal move is a 409 listing the allowed ones."""

    workflow, pk_kwarg = EVENT_WORKFLOW, "event_id"

    @extend_schema(operation_id="events_transition_to", request=dict, responses={200: dict, 400: dict, 403: dict, 404: dict, 409: dict},
                   examples=[OpenApiExample("verify", request_only=True, value={"to": "verified", "reason": "现场核实属实"})])
    def post(self, request, event_id):
        body = transition_input(request)
        only_keys(body, "to")
        if "to" not in body:
            raise InvalidInput(_('Say which state: {"to": "verified", "reason": "..."}.'), errors={"to": [_("Required.")]})
        result = services.event_transition_to(event_id=event_id, to=body["to"], user=request.user, reason=body["reason"])
        return Response(transition_answer(self.workflow, result, request.user))


class EventTransitionApi(TransitionApi):
    workflow, pk_kwarg = EVENT_WORKFLOW, "event_id"

    def perform(self, request, pk, name, body):
        only_keys(body)
        return services.event_transition(event_id=pk, transition=name, user=request.user, reason=body["reason"])


class EventTimelineApi(TimelineApi):
    """Everything about the incident, not only its own state changes (instructions, reports and
    check-ins name the event too)."""

    workflow, pk_kwarg = EVENT_WORKFLOW, "event_id"

    def entries(self, instance):
        return timeline_for_event(instance.pk)
