"""Thin HTTP layer over tasks.selectors / tasks.services. The mobile client uses these routes."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput, NotSignedIn, Refused
from geo_api.timeline.apis import transition_input
from geo_api.timeline.selectors import entry_json, timeline_for

from . import services
from .access import sees_no_tasks
from .models import Task
from .selectors import task_json, tasks_list
from .workflow import TASK_WORKFLOW


def _signed_in_with_tasks(user) -> None:
    if not (user and user.is_authenticated):
        raise NotSignedIn(_("Sign in to see your tasks."))
    if sees_no_tasks(user):
        raise Refused(_("Your account has no plan tasks."))


def _int(value, name):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("%(name)s must be a number.") % {"name": name}, errors={name: [_("A number.")]}) from None


class TaskListApi(APIView):
    @extend_schema(operation_id="tasks_list", responses={200: dict})
    def get(self, request):
        _signed_in_with_tasks(request.user)
        params = request.query_params
        status = params.get("status", "")
        if status and status not in Task.Status.values:
            raise InvalidInput(_("status must be one of %(v)s.") % {"v": ", ".join(Task.Status.values)})
        tasks = tasks_list(request.user, mine=params.get("mine") in ("1", "true"), event_id=_int(params.get("event"), "event"),
                           status=status, overdue=params.get("overdue") in ("1", "true"))
        return Response({"tasks": [task_json(t, request.user) for t in tasks[:500]]})


class TaskDetailApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, task_id):
        task = TASK_WORKFLOW.readable(task_id, request.user)
        return Response({**task_json(task, request.user),
                         "timeline": [entry_json(e) for e in timeline_for(task)]})


class TaskTransitionsApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, task_id):
        task = TASK_WORKFLOW.readable(task_id, request.user)
        return Response({"id": task.pk, "state": task.status, "allowed": task_json(task, request.user)["allowed"]})

    @extend_schema(request=dict, responses={200: dict, 400: dict, 403: dict, 404: dict, 409: dict},
                   examples=[OpenApiExample("accept", value={"to": "accepted"}, request_only=True),
                             OpenApiExample("reject", value={"to": "rejected", "reason": "不属本部门职责"},
                                            request_only=True)])
    def post(self, request, task_id):
        body = transition_input(request)
        unknown = sorted(set(body) - {"to", "reason"})
        if unknown:
            raise InvalidInput(_("Unknown fields: %(f)s. Send to and reason.") % {"f": ", ".join(unknown)},
                               errors={k: [_("Unknown field.")] for k in unknown})
        to = body.get("to")
        if not isinstance(to, str) or not to:
            raise InvalidInput(_('Say which state: {"to": "accepted"}.'), errors={"to": [_("Required.")]})
        result = services.task_transition(task_id=task_id, to=to, user=request.user, reason=body["reason"])
        return Response({**task_json(result.instance, request.user), "entry": entry_json(result.entry)})


class TaskReassignApi(APIView):
    @extend_schema(request=dict, responses={200: dict, 400: dict, 403: dict, 404: dict, 409: dict})
    def post(self, request, task_id):
        body = transition_input(request)
        unknown = sorted(set(body) - {"assignee", "department", "reason"})
        if unknown:
            raise InvalidInput(_("Unknown fields: %(f)s. Send assignee or department, and reason.") % {
                "f": ", ".join(unknown)}, errors={k: [_("Unknown field.")] for k in unknown})
        result = services.task_reassign(task_id=task_id, user=request.user, reason=body["reason"],
                                        assignee_id=_int(body.get("assignee"), "assignee"),
                                        department_id=_int(body.get("department"), "department"))
        return Response({**task_json(result.instance, request.user), "entry": entry_json(result.entry)})
