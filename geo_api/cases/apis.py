"""Thin HTTP layer of the case library, the replay and plan evaluations:

  GET  /api/cases/?q=&event_type=&severity=&district=&from=&to=&drills=&page=   search, 20 a page
  GET  /api/cases/{id}/                        one case: the record and its snapshot
  GET  /api/events/{id}/replay/                start, end and the moments of the slider
  GET  /api/events/{id}/replay/?at=<ISO>       the state of everything at that moment
  POST /api/plans/{id}/evaluations/            evaluate an activation after the event closed
  GET  /api/plans/{id}/evaluations/            the plan's evaluations, newest first"""
from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput
from geo_api.incidents.selectors import event_for
from geo_api.plans import access as plan_access
from geo_api.plans.evaluation import plan_evaluate
from geo_api.plans.evaluation_selectors import evaluation_json, evaluations_of_plan
from geo_api.plans.models import Plan

from . import replay, selectors


def _page(value) -> int:
    try:
        page = int(value or 1)
    except (TypeError, ValueError):
        raise InvalidInput(_("page must be a number from 1."), errors={"page": [_("Not a number.")]}) from None
    if page < 1:
        raise InvalidInput(_("page must be a number from 1."), errors={"page": [_("From 1.")]})
    return page


class CaseListApi(APIView):
    @extend_schema(operation_id="cases_list", responses={200: dict})
    def get(self, request):
        found = selectors.case_filter_from(request.query_params)
        page = _page(request.query_params.get("page"))
        cases = selectors.cases_search(request.user, found)
        total = cases.count()
        size = selectors.PAGE_SIZE
        rows = [selectors.case_summary(c) for c in cases[(page - 1) * size: page * size]]
        return Response({"count": total, "page": page, "pages": max(1, -(-total // size)), "results": rows})


class CaseDetailApi(APIView):
    @extend_schema(operation_id="cases_detail", responses={200: dict})
    def get(self, request, case_id):
        return Response(selectors.case_detail(selectors.case_for(request.user, case_id)))


def parse_at(value: str) -> datetime:
    """ISO 8601; a "+08:00" sent unencoded in a query string arrives as " 08:00"."""
    value = value.strip()
    if "T" in value and " " in value:
        value = value.replace(" ", "+")
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(_("at: an ISO 8601 time such as 2026-11-29T14:05:00+08:00."),
                           errors={"at": [_("Not a time.")]}) from None
    return timezone.make_aware(at, timezone.get_default_timezone()) if timezone.is_naive(at) else at


class EventReplayApi(APIView):
    @extend_schema(operation_id="events_replay", responses={200: dict})
    def get(self, request, event_id):
        event = event_for(request.user, event_id)
        at = request.query_params.get("at")
        if not at:
            return Response(replay.replay_outline(event))
        return Response(replay.replay_seek(event, parse_at(at), request.user))


class PlanEvaluationsApi(APIView):
    @extend_schema(operation_id="plans_evaluations_list", responses={200: dict})
    def get(self, request, plan_id):
        plan_access.require(request.user, plan_access.PLAN_READERS, _("read emergency plans"))
        if not Plan.objects.filter(pk=plan_id).exists():
            from geo_api.common.errors import NotFound

            raise NotFound(_("No plan with id %(id)s.") % {"id": plan_id})
        return Response({"evaluations": evaluations_of_plan(plan_id)})

    @extend_schema(operation_id="plans_evaluations_create", request=dict, responses={201: dict}, examples=[
        OpenApiExample("evaluation", value={"activation": 1, "ratings": [{"action": 1, "rating": "useful", "note": ""}],
                                            "proposed_actions": [{"title": "通知周边学校", "note": ""}]})])
    def post(self, request, plan_id):
        evaluation = plan_evaluate(plan_id=plan_id, body=request.data, user=request.user)
        return Response(evaluation_json(evaluation), status=201)
