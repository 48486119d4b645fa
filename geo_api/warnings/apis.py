"""Thin HTTP layer over geo_api/warnings/exposure.py and the remediation tasks service."""
from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput, NotFound, NotSignedIn, Refused
from geo_api.tasks.access import oversees
from geo_api.tasks.remediation import tasks_create_from_exposure
from geo_api.tasks.selectors import task_json
from layers.access import can_read
from layers.api_access import layer_title
from layers.registry import load_catalog

from .exposure import EXPOSURE_LAYERS, exposed_rows, exposure, require_active
from .export import exposure_xlsx
from .models import Warning


def warning_or_404(warning_id: int, user) -> Warning:
    # The warnings layer is public: anyone may read a warning (and so ask what lies inside it).
    warning = Warning.objects.filter(pk=warning_id).first()
    if warning is None or not can_read(user, load_catalog().get("warnings")):
        raise NotFound(_("No warning with id %(id)s.") % {"id": warning_id})
    return warning


class _JsonOnly(DefaultContentNegotiation):
    """`?format=xlsx` names the Excel export here, not a DRF renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExposureApi(APIView):
    content_negotiation_class = _JsonOnly

    @extend_schema(operation_id="warning_exposure", responses={200: dict, 404: dict, 409: dict})
    def get(self, request, warning_id):
        data = exposure(warning=warning_or_404(warning_id, request.user), user=request.user)
        if request.query_params.get("format") == "xlsx":
            return exposure_xlsx(data)
        return Response(data)


def _int(value, name):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("%(name)s must be a number.") % {"name": name}, errors={name: [_("A number.")]}) from None


def _deadline(value) -> datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise InvalidInput(_("deadline must be a date and time, e.g. 2026-11-30T18:00+08:00."),
                           errors={"deadline": [_("Required, ISO 8601.")]})
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _chosen(warning: Warning, features, user) -> list[dict]:
    """The chosen features, each checked to be exposed and readable by this user."""
    if not isinstance(features, list) or not features:
        raise InvalidInput(_('Choose the exposed features: "features": [{"layer": "enterprises", "id": 3}].'),
                           errors={"features": [_("Required.")]})
    known = {s.id for s in EXPOSURE_LAYERS}
    out = []
    for item in features[:200]:
        if not isinstance(item, dict) or item.get("layer") not in known:
            raise InvalidInput(_("Each feature names a layer among %(layers)s and an id.") % {
                "layers": ", ".join(sorted(known))}, errors={"features": [_("Unknown layer.")]})
        layer_id, feature_id = item["layer"], _int(item.get("id"), "id")
        layer = load_catalog().get(layer_id)
        rows = exposed_rows(warning.pk, layer_id, user, ids=[feature_id]) if can_read(user, layer) else []
        if not rows:
            raise InvalidInput(_("%(layer)s %(id)s is not inside this warning's area (or not visible to you).") % {
                "layer": layer_title(layer), "id": feature_id}, errors={"features": [_("Not exposed.")]})
        out.append({"layer": layer_id, "id": feature_id, "name": rows[0].get("name") or str(feature_id),
                    "layer_title": layer_title(layer)})
    return out


class ExposureTasksApi(APIView):
    @extend_schema(operation_id="warning_exposure_tasks", request=dict,
                   responses={201: dict, 400: dict, 403: dict, 404: dict, 409: dict})
    def post(self, request, warning_id):
        if not (request.user and request.user.is_authenticated):
            raise NotSignedIn(_("Sign in to dispatch remediation tasks."))
        warning = warning_or_404(warning_id, request.user)
        require_active(warning)
        body = request.data if isinstance(request.data, dict) else {}
        unknown = sorted(set(body) - {"features", "assignee", "department", "deadline", "note"})
        if unknown:
            raise InvalidInput(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)},
                               errors={k: [_("Unknown field.")] for k in unknown})
        if not oversees(request.user):  # before looking at the features: say who may, first
            raise Refused(_("Only the duty desk and the commander dispatch remediation tasks."))
        tasks = tasks_create_from_exposure(
            warning=warning, features=_chosen(warning, body.get("features"), request.user), actor=request.user,
            deadline=_deadline(body.get("deadline")), assignee_id=_int(body.get("assignee"), "assignee"),
            department_id=_int(body.get("department"), "department"), note=str(body.get("note") or "")[:500])
        return Response({"tasks": [task_json(t, request.user) for t in tasks]}, status=status.HTTP_201_CREATED)
