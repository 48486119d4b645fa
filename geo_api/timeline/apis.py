"""Thin HTTP bases for the workflow routes every stateful domain offers:

  GET  /api/<layer>/<id>/transitions/          the transitions this user may perform now
  POST /api/<layer>/<id>/transitions/<name>/   {"reason": "...", ...} performs one
  GET  /api/<layer>/<id>/timeline/             what happened to the record, oldest first

A domain app subclasses them with its `workflow` and the service that performs a transition;
errors are geo_api.common.errors raised by the services and answered by the DRF handler."""
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput

from .selectors import entry_json, timeline_for
from .transitions import Workflow, _state_detail, readable_instance, transition_answer


class TransitionBody(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def transition_input(request) -> dict:
    """The JSON body as a dict with a string `reason`; anything else is a 400 that says what."""
    body = request.data if request.data else {}
    if not isinstance(body, dict):
        raise InvalidInput(_('Send a JSON object such as {"reason": "..."}.'))
    reason = body.get("reason", "")
    if reason is None:
        reason = ""
    if not isinstance(reason, str):
        raise InvalidInput(_("The reason must be text."), errors={"reason": [_("The reason must be text.")]})
    return {**body, "reason": reason}


def only_keys(body: dict, *allowed: str) -> None:
    unknown = sorted(set(body) - {"reason", *allowed})
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s. Send only %(allowed)s.") % {
            "fields": ", ".join(unknown), "allowed": ", ".join(["reason", *allowed])},
            errors={name: [_("Unknown field.")] for name in unknown})


class _WorkflowApi(APIView):
    workflow: Workflow
    pk_kwarg: str

    def pk(self, kwargs) -> int:
        return kwargs[self.pk_kwarg]


class TransitionListApi(_WorkflowApi):
    @extend_schema(responses={200: dict})
    def get(self, request, **kwargs):
        instance = readable_instance(self.workflow, self.pk(kwargs), request.user)
        return Response({"id": instance.pk, **_state_detail(self.workflow, instance, request.user)})


class TransitionApi(_WorkflowApi):
    """Subclasses implement `perform(request, pk, name, body)` → TransitionResult."""

    def perform(self, request, pk, name, body):
        raise NotImplementedError

    @extend_schema(request=TransitionBody, responses={200: dict, 400: dict, 403: dict, 404: dict, 409: dict},
                   examples=[OpenApiExample("reason", value={"reason": "现场核实属实"}, request_only=True)])
    def post(self, request, name, **kwargs):
        result = self.perform(request, self.pk(kwargs), name, transition_input(request))
        return Response(transition_answer(self.workflow, result, request.user))


class TimelineApi(_WorkflowApi):
    def entries(self, instance):
        return timeline_for(instance)

    @extend_schema(responses={200: dict})
    def get(self, request, **kwargs):
        instance = readable_instance(self.workflow, self.pk(kwargs), request.user)
        return Response({"id": instance.pk, "timeline": [entry_json(e) for e in self.entries(instance)]})
