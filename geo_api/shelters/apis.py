"""Thin HTTP layer over shelters.services and selectors (see geo_api/timeline/apis.py for the
workflow shapes). Errors are geo_api.common.errors raised below and answered by the DRF handler."""
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput, NotFound
from geo_api.timeline.apis import TimelineApi, TransitionApi, TransitionListApi, only_keys, transition_input
from geo_api.timeline.transitions import readable_instance, transition_answer

from . import access, capacity, evaluation, exports, selectors, services
from .listing import ShelterFilterForm, shelter_rows
from .models import Inspection, InspectionPlan, ShelterFile
from .serializers import (evaluation_json, file_json, inspection_json, movement_json, plan_json,
                          rectification_json)
from .services import RECTIFICATION_WORKFLOW, SHELTER_WORKFLOW
from .services.lifecycle import DECISION_KEYS


def body_of(request) -> dict:
    body = request.data if request.data else {}
    if not isinstance(body, dict):
        raise InvalidInput(_("Send a JSON object."))
    # A multipart form arrives as a QueryDict: one value per key.
    return {k: body.get(k) for k in body} if hasattr(body, "getlist") else dict(body)


class _JsonOnly(DefaultContentNegotiation):
    """`?format=` names an export here, not a DRF renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# -- shelters and their lifecycle ------------------------------------------------------------------
class ShelterListApi(APIView):
    content_negotiation_class = _JsonOnly

    @extend_schema(responses={200: dict})
    def get(self, request):
        form = ShelterFilterForm(request.GET)
        if not form.is_valid():
            raise InvalidInput(_("Some filters are not valid."), errors=form.errors.get_json_data())
        rows = shelter_rows(request.user, form.cleaned_data)
        kind = request.GET.get("format", "json")
        if kind == "xlsx":
            return exports.xlsx(rows, "shelters")
        if kind == "gpkg":
            return exports.gpkg(rows, "shelters")
        if kind != "json":
            raise InvalidInput(_("format must be json, xlsx or gpkg."), errors={"format": [_("json, xlsx or gpkg")]})
        return Response({"count": len(rows), "shelters": rows})


class ShelterTransitionsApi(TransitionListApi):
    workflow, pk_kwarg = SHELTER_WORKFLOW, "shelter_id"

    @extend_schema(operation_id="shelters_transition_to", request=dict,
                   responses={200: dict, 400: dict, 403: dict, 404: dict, 409: dict})
    def post(self, request, **kwargs):
        """The contract form: {"to": state, "reason": ..., decision record fields}."""
        body = transition_input(request) if not hasattr(request.data, "getlist") else body_of(request)
        only_keys(body, "to", *DECISION_KEYS, "attachment")
        result = services.shelter_transition_to(
            shelter_id=self.pk(kwargs), to=body.get("to"), user=request.user, reason=body.get("reason") or "",
            decision={k: body.get(k) for k in DECISION_KEYS}, attachment=request.FILES.get("attachment"))
        return Response(transition_answer(self.workflow, result, request.user))


class ShelterTransitionApi(TransitionApi):
    workflow, pk_kwarg = SHELTER_WORKFLOW, "shelter_id"

    def perform(self, request, pk, name, body):
        body = body_of(request) if hasattr(request.data, "getlist") else body
        only_keys(body, *DECISION_KEYS, "attachment")
        return services.shelter_transition(shelter_id=pk, transition=name, user=request.user,
                                           reason=body.get("reason") or "",
                                           decision={k: body.get(k) for k in DECISION_KEYS},
                                           attachment=request.FILES.get("attachment"))


class ShelterTimelineApi(TimelineApi):
    workflow, pk_kwarg = SHELTER_WORKFLOW, "shelter_id"


class ShelterEvaluationsApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, shelter_id):
        access.require_read(request.user)
        shelter = readable_instance(SHELTER_WORKFLOW, shelter_id, request.user)
        return Response({"id": shelter.pk, "conclusion": shelter.evaluation_conclusion,
                         "indicators": evaluation.catalogue_json(),
                         "evaluations": [evaluation_json(e) for e in shelter.evaluations.all()]})

    @extend_schema(request=dict, responses={201: dict, 400: dict, 403: dict, 404: dict, 409: dict})
    def post(self, request, shelter_id):
        body = body_of(request)
        only_keys(body, "results", "evaluated_on", "team", "note")
        record = services.shelter_evaluate(shelter_id=shelter_id, user=request.user, results=body.get("results"),
                                           evaluated_on=body.get("evaluated_on"), team=body.get("team") or "",
                                           note=body.get("note") or "", reason=body.get("reason") or "")
        return Response(evaluation_json(record), status=status.HTTP_201_CREATED)


class ShelterCollectionApi(APIView):
    """信息采集: GET the sheet (area, type, per-person area, computed capacity, photos); POST
    area_m2 / shelter_type / space_type (the capacity follows)."""

    def _sheet(self, shelter):
        return {"id": shelter.pk, "area_m2": shelter.area_m2, "shelter_type": shelter.shelter_type,
                "space_type": shelter.space_type, "per_person_m2": capacity.PER_PERSON_M2[shelter.shelter_type],
                "capacity": shelter.capacity, "rule": "GB 51143-2015",
                "photos": [file_json(f) for f in shelter.files.filter(kind=ShelterFile.Kind.PHOTO)]}

    @extend_schema(responses={200: dict})
    def get(self, request, shelter_id):
        access.require_read(request.user)
        return Response(self._sheet(readable_instance(SHELTER_WORKFLOW, shelter_id, request.user)))

    @extend_schema(request=dict, responses={200: dict, 400: dict, 403: dict})
    def post(self, request, shelter_id):
        body = body_of(request)
        only_keys(body, "area_m2", "shelter_type", "space_type")
        shelter = services.shelter_collect(shelter_id=shelter_id, user=request.user, area_m2=body.get("area_m2"),
                                           shelter_type=body.get("shelter_type"), space_type=body.get("space_type"))
        return Response(self._sheet(shelter))


class ShelterPhotosApi(APIView):
    @extend_schema(request=dict, responses={201: dict, 400: dict, 403: dict})
    def post(self, request, shelter_id):
        record = services.shelter_add_photo(shelter_id=shelter_id, user=request.user, upload=request.FILES.get("file"))
        return Response(file_json(record), status=status.HTTP_201_CREATED)


class ShelterFileApi(APIView):
    """A stored photo or attachment, to signed-in staff who may read the shelter."""

    @extend_schema(responses={200: OpenApiTypes.BINARY, 401: dict, 403: dict, 404: dict})
    def get(self, request, file_id):
        access.require_read(request.user)
        record = ShelterFile.objects.filter(pk=file_id).first()
        if record is None:
            raise NotFound(_("There is no shelter file %(id)s.") % {"id": file_id})
        readable_instance(SHELTER_WORKFLOW, record.shelter_id, request.user)
        try:
            handle = record.file.open("rb")
        except FileNotFoundError:
            raise NotFound(_("The file %(id)s is missing from storage.") % {"id": file_id}) from None
        response = FileResponse(handle, content_type=record.content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Disposition"] = "inline"
        return response


# -- statistics ---------------------------------------------------------------------------------
class CapacityByStreetApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        rows = selectors.capacity_by_street()
        # xgettext:no-python-format  (“15 % of” looks like a %o directive: msgmerge marked the translation fuzzy)
        return Response({"rule": _("Fixed shelters hold at least 15 % of the population (GB 51143-2015)."),
                         "share": float(capacity.POPULATION_SHARE), "streets": rows,
                         "short": [r["code"] for r in rows if r["population"] and not r["meets_rule"]]})


class ShelterStatisticsApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        access.require_read(request.user)
        overdue = selectors.overdue_rectifications()
        return Response({**selectors.status_counts(), "overdue_rectifications": [rectification_json(r) for r in overdue],
                         "open_rectifications": selectors.open_rectification_count()})


# -- inspections and rectification ----------------------------------------------------------------
class InspectionPlansApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        access.require_read(request.user)
        plans = InspectionPlan.objects.select_related("shelter", "district").order_by("next_due", "id")
        return Response({"plans": [plan_json(p) for p in plans]})

    @extend_schema(request=dict, responses={201: dict, 400: dict, 403: dict})
    def post(self, request):
        body = body_of(request)
        only_keys(body, "name", "every", "unit", "starts_on", "shelter", "district")
        plan = services.plan_create(user=request.user, name=body.get("name"), every=body.get("every"),
                                    unit=body.get("unit"), starts_on=body.get("starts_on"),
                                    shelter_id=body.get("shelter"), district_id=body.get("district"))
        return Response(plan_json(plan), status=status.HTTP_201_CREATED)


class ShelterInspectionsApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, shelter_id):
        access.require_read(request.user)
        shelter = readable_instance(SHELTER_WORKFLOW, shelter_id, request.user)
        rows = Inspection.objects.filter(shelter=shelter).prefetch_related("findings__rectification", "files")
        return Response({"id": shelter.pk, "inspections": [inspection_json(i) for i in rows.order_by("-due_on", "-id")]})

    @extend_schema(request=dict, responses={201: dict, 400: dict, 403: dict, 409: dict})
    def post(self, request, shelter_id):
        body = body_of(request)
        only_keys(body, "inspection", "notes", "position", "findings", "lon", "lat", "accuracy", "photos")
        if hasattr(request.data, "getlist"):  # the phone page posts a form: findings as JSON text
            import json

            position = {k: body[k] for k in ("lon", "lat", "accuracy") if body.get(k) not in (None, "")} or None
            try:
                findings = json.loads(body.get("findings") or "[]")
            except ValueError:
                raise InvalidInput(_("findings must be a JSON list."), errors={"findings": [_("A JSON list.")]}) from None
        else:
            position, findings = body.get("position"), body.get("findings")
        inspection = services.inspection_record(
            user=request.user, shelter_id=shelter_id, inspection_id=body.get("inspection"), notes=body.get("notes") or "",
            position=position, findings=findings, photos=request.FILES.getlist("photos"))
        return Response(inspection_json(inspection), status=status.HTTP_201_CREATED)


class RectificationTransitionsApi(TransitionListApi):
    workflow, pk_kwarg = RECTIFICATION_WORKFLOW, "rectification_id"


class RectificationTransitionApi(TransitionApi):
    workflow, pk_kwarg = RECTIFICATION_WORKFLOW, "rectification_id"

    def perform(self, request, pk, name, body):
        only_keys(body)
        return services.rectification_transition(rectification_id=pk, transition=name, user=request.user,
                                                 reason=body["reason"])


class RectificationTimelineApi(TimelineApi):
    workflow, pk_kwarg = RECTIFICATION_WORKFLOW, "rectification_id"


# -- opening in an event ---------------------------------------------------------------------------
class EventSheltersApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, event_id):
        from geo_api.incidents.services import EVENT_WORKFLOW

        readable_instance(EVENT_WORKFLOW, event_id, request.user)
        return Response({"event": event_id, "shelters": selectors.event_shelters(event_id)})

    @extend_schema(request=dict, responses={201: dict, 400: dict, 403: dict, 409: dict})
    def post(self, request, event_id):
        body = body_of(request)
        only_keys(body, "shelter")
        opening = services.opening_open(user=request.user, event_id=event_id, shelter_id=body.get("shelter"))
        return Response(selectors.opening_json(opening), status=status.HTTP_201_CREATED)


class OpeningMovementsApi(APIView):
    @extend_schema(request=dict, responses={201: dict, 400: dict, 403: dict, 409: dict})
    def post(self, request, event_id, opening_id):
        body = body_of(request)
        only_keys(body, "kind", "count", "names")
        count = body.get("count")
        if isinstance(count, str) and count.strip().isdigit():
            count = int(count)
        movement = services.movement_record(user=request.user, event_id=event_id, opening_id=opening_id,
                                            kind=body.get("kind"), count=count, names=body.get("names") or "")
        return Response({**movement_json(movement), "opening": selectors.opening_json(movement.opening)},
                        status=status.HTTP_201_CREATED)


class OpeningCloseApi(APIView):
    @extend_schema(request=dict, responses={200: dict, 403: dict, 409: dict})
    def post(self, request, event_id, opening_id):
        body = body_of(request)
        only_keys(body)
        opening = services.opening_close(user=request.user, event_id=event_id, opening_id=opening_id,
                                         reason=body.get("reason") or "")
        return Response(selectors.opening_json(opening))
