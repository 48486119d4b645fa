"""Thin HTTP layer over plans.selectors / plans.services."""
import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput, NotFound

from . import access, selectors, services
from .exchange import dict_to_xlsx, version_to_dict, xlsx_to_dict
from .models import PlanAttachment, PlanLevel, PlanType

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _flag(request, name) -> bool:
    return request.query_params.get(name, "") in ("1", "true", "yes")


def _body(request) -> dict:
    body = request.data
    if not isinstance(body, dict):
        raise InvalidInput(_("Send a JSON object."))
    return body


class PlanListApi(APIView):
    @extend_schema(operation_id="plans_list", responses={200: dict})
    def get(self, request):
        access.require(request.user, access.PLAN_READERS, _("read emergency plans"))
        params = request.query_params
        plan_type, level = params.get("plan_type", ""), params.get("level", "")
        if plan_type and plan_type not in PlanType.values:
            raise InvalidInput(_("plan_type must be one of %(v)s.") % {"v": ", ".join(PlanType.values)})
        if level and level not in PlanLevel.values:
            raise InvalidInput(_("level must be one of %(v)s.") % {"v": ", ".join(PlanLevel.values)})
        plans = selectors.plans_list(q=params.get("q", "")[:100], plan_type=plan_type, level=level,
                                     event_type=params.get("event_type", "")[:50],
                                     drill_overdue=_flag(request, "drill_overdue"))
        return Response({"plans": [selectors.plan_summary(p) for p in plans]})


class PlanDetailApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, plan_id):
        return Response(selectors.plan_detail(selectors.plan_for(plan_id, request.user)))


def export_response(plan, kind: str) -> HttpResponse:
    data = version_to_dict(plan.current)
    stem = f"{plan.code}-v{plan.current.number}"
    if kind == "xlsx":
        response = HttpResponse(dict_to_xlsx(data), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    if kind != "json":
        raise InvalidInput(_("file must be json or xlsx."), errors={"file": [_("json or xlsx")]})
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
    return response


class PlanExportApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, plan_id):
        plan = selectors.plan_for(plan_id, request.user)
        return export_response(plan, request.query_params.get("file", "json"))


def document_from_upload(upload) -> dict:
    """An uploaded .json or .xlsx plan document as the dict clean_plan reads."""
    name = (upload.name or "").lower()
    content = upload.read()
    if name.endswith(".xlsx"):
        return xlsx_to_dict(content)
    if name.endswith(".json"):
        try:
            return json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise InvalidInput(_("%(name)s is not valid UTF-8 JSON: %(error)s") % {"name": upload.name, "error": exc}) from exc
    raise InvalidInput(_("Upload the plan as .json or .xlsx (export a plan to get the template)."),
                       errors={"file": [_("Wrong file type.")]})


class PlanImportApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=dict, responses={201: dict, 400: dict, 403: dict})
    def post(self, request):
        access.require(request.user, access.PLAN_EDITORS, _("import or revise plans"))
        access.require_write_scope(request.user)
        upload = request.FILES.get("file")
        data = document_from_upload(upload) if upload is not None else _body(request)
        version = services.plan_import(data=data, user=request.user)
        return Response(selectors.plan_detail(version.plan), status=201)


class PlanDrillsApi(APIView):
    @extend_schema(request=dict, responses={200: dict})
    def post(self, request, plan_id):
        from datetime import date

        access.require(request.user, access.PLAN_EDITORS, _("record plan drills"))
        access.require_write_scope(request.user)
        raw = _body(request).get("drilled_on")
        try:
            drilled_on = date.fromisoformat(str(raw))
        except ValueError:
            raise InvalidInput(_("drilled_on must be a date such as 2026-11-29."),
                               errors={"drilled_on": [_("Not a date.")]}) from None
        plan = services.plan_record_drill(plan_id=plan_id, drilled_on=drilled_on, user=request.user)
        return Response(selectors.plan_summary(plan))


class PlanAttachmentsApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=dict, responses={201: dict})
    def post(self, request, plan_id):
        access.require(request.user, access.PLAN_EDITORS, _("attach plan documents"))
        access.require_write_scope(request.user)
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput(_("Send the document as the form field file."), errors={"file": [_("Missing.")]})
        item = services.attachment_add(plan_id=plan_id, name=upload.name, content=upload.read(), user=request.user)
        return Response({"id": item.pk, "name": item.name, "size": item.size, "content_type": item.content_type},
                        status=201)


class PlanAttachmentApi(APIView):
    @extend_schema(responses={200: bytes})
    def get(self, request, plan_id, attachment_id):
        plan = selectors.plan_for(plan_id, request.user)
        item = PlanAttachment.objects.filter(pk=attachment_id, version__plan=plan).first()
        if item is None:
            raise NotFound(_("No attachment %(id)s on this plan.") % {"id": attachment_id})
        response = HttpResponse(bytes(item.content), content_type=item.content_type)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(item.name)}"
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


class PlanActivationsApi(APIView):
    @extend_schema(request=dict, responses={201: dict, 400: dict, 403: dict, 404: dict, 409: dict})
    def post(self, request, plan_id):
        from geo_api.tasks.selectors import task_json

        access.require(request.user, access.PLAN_ACTIVATORS, _("activate plans"))
        access.require_write_scope(request.user)
        body = _body(request)
        unknown = sorted(set(body) - {"event", "response_level", "reason"})
        if unknown:
            raise InvalidInput(_("Unknown fields: %(f)s. Send event, response_level and reason.") % {"f": ", ".join(unknown)},
                               errors={k: [_("Unknown field.")] for k in unknown})
        event_id = body.get("event")
        if isinstance(event_id, bool) or not isinstance(event_id, int):
            raise InvalidInput(_("event must be the id of an event."), errors={"event": [_("An event id.")]})
        reason = body.get("reason") or ""
        if not isinstance(reason, str):
            raise InvalidInput(_("The reason must be text."), errors={"reason": [_("Text.")]})
        activation = services.plan_activate(plan_id=plan_id, event_id=event_id, response_level=body.get("response_level"),
                                            reason=reason, user=request.user)
        return Response({
            "id": activation.pk, "plan": activation.plan_id, "version": activation.version.number,
            "event": activation.event_id, "response_level": activation.response_level,
            "activated_at": activation.activated_at.isoformat(),
            "tasks": [task_json(t, request.user) for t in activation.tasks.order_by("deadline", "id")],
        }, status=201)


class EventPlanMatchesApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, event_id):
        event, matches = selectors.plan_matches(event_id=event_id, user=request.user)
        return Response({"event": {"id": event.pk, "code": event.code, "title": event.title,
                                   "event_type": event.event_type, "severity": event.severity},
                         "matches": matches})
