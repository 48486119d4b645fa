"""Thin HTTP layer over duty.services and duty.selectors (/api/duty/...)."""
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput, NotFound
from geo_api.timeline.apis import TimelineApi, TransitionApi, TransitionListApi, only_keys

from . import calendar as cal
from . import excel, selectors, services
from .access import require_desk, require_on_duty_reader
from .models import DutyPerson, Roster, ShiftTemplate
from .services import SWAP_WORKFLOW


def _body(request) -> dict:
    body = request.data if request.data else {}
    if not isinstance(body, dict):
        raise InvalidInput(_("Send a JSON object."))
    return body


def _int(value, field: str, *, required: bool = True):
    if value in (None, "") and not required:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("%(field)s must be an id.") % {"field": field}, errors={field: [_("Give an id.")]}) from None


def parse_instant(text: str | None) -> datetime:
    """?at=2026-10-01T08:00:00+08:00 (a time without zone is Shanghai time); now if absent."""
    if not text:
        return timezone.now()
    try:
        value = datetime.fromisoformat(text.strip().replace(" ", "T").replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(_("Give the time as 2026-10-01T08:00:00+08:00."),
                           errors={"at": [_("Give the time as 2026-10-01T08:00:00+08:00.")]}) from None
    return value if value.tzinfo else value.replace(tzinfo=cal.SHANGHAI)


class OnDutyNowApi(APIView):
    """Who is on duty now (or `?at=`): each current shift with its leader and officers and their
    phones. At a shift boundary the incoming shift answers."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        require_on_duty_reader(request.user)
        at = parse_instant(request.query_params.get("at"))
        return Response({"at": at.astimezone(cal.SHANGHAI).isoformat(),
                         "shifts": [selectors.shift_json(s) for s in selectors.on_duty_at(at)]})


class PeopleApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        require_desk(request.user)
        return Response({"people": [selectors.person_json(p) for p in DutyPerson.objects.filter(active=True)]})


class TemplatesApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        require_desk(request.user)
        return Response({"templates": [
            {"id": t.pk, "name": t.name, "day_start": t.day_start.strftime("%H:%M"), "slots": t.slots,
             "groups": t.groups, "days": t.days, "leader_rule": t.leader_rule, "anchor_date": t.anchor_date.isoformat(),
             "members": [{"person": m.person_id, "name": m.person.name, "role": m.role, "offset": m.offset}
                         for m in t.members.select_related("person")]}
            for t in ShiftTemplate.objects.all()]})


def _roster_or_404(roster_id: int) -> Roster:
    roster = Roster.objects.select_related("template").filter(pk=roster_id).first()
    if roster is None:
        raise NotFound(_("There is no roster %(id)s.") % {"id": roster_id})
    return roster


def roster_json(roster: Roster) -> dict:
    return {"id": roster.pk, "template": roster.template_id, "template_name": roster.template.name,
            "month": f"{roster.month:%Y-%m}", "shifts": [selectors.shift_json(s) for s in selectors.roster_shifts(roster)]}


class RostersApi(APIView):
    """GET ?month=2026-10 lists the month's rosters; POST {"template": id, "month": "2026-10"}
    generates (or regenerates) one from its template."""

    @extend_schema(operation_id="duty_rosters_list", responses={200: dict})
    def get(self, request):
        require_desk(request.user)
        query = Roster.objects.select_related("template")
        if request.query_params.get("month"):
            query = query.filter(month=cal.parse_month(request.query_params["month"]))
        return Response({"rosters": [{"id": r.pk, "template": r.template_id, "template_name": r.template.name,
                                      "month": f"{r.month:%Y-%m}"} for r in query]})

    @extend_schema(request=dict, responses={201: dict})
    def post(self, request):
        require_desk(request.user, write=True)
        body = _body(request)
        roster = services.roster_generate(template_id=_int(body.get("template"), "template"),
                                          month=cal.parse_month(body.get("month")), user=request.user)
        return Response(roster_json(roster), status=201)


class RosterApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, roster_id):
        require_desk(request.user)
        return Response(roster_json(_roster_or_404(roster_id)))


class RosterExportApi(APIView):
    @extend_schema(responses={200: bytes})
    def get(self, request, roster_id):
        require_desk(request.user)
        roster = _roster_or_404(roster_id)
        response = HttpResponse(excel.roster_workbook(roster),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{excel.export_filename(roster)}"'
        return response


class RosterImportApi(APIView):
    """multipart/form-data with `file` (.xlsx): all rows or nothing."""

    @extend_schema(request=dict, responses={200: dict, 400: dict})
    def post(self, request, roster_id):
        require_desk(request.user, write=True)
        roster = _roster_or_404(roster_id)
        upload = request.FILES.get("file")
        data = upload.read(excel.MAX_BYTES + 1) if upload else b""
        excel.roster_import(roster=roster, data=data, user=request.user)
        return Response(roster_json(roster))


class ShiftMembersApi(APIView):
    """PUT {"leader": id|null, "officers": [id, ...]}: edit one cell of the roster."""

    @extend_schema(request=dict, responses={200: dict})
    def put(self, request, shift_id):
        require_desk(request.user, write=True)
        body = _body(request)
        leader = _int(body.get("leader"), "leader", required=False)
        services.shift_set_members(shift_id=shift_id, leader_id=leader,
                                   officer_ids=services.require_person_ids(body.get("officers"), "officers"),
                                   user=request.user)
        return Response(selectors.shift_json(selectors.shift(shift_id)))


class ShiftLogApi(APIView):
    """GET the shift's duty log; POST {"kind", "text", "event"?, "is_open"?} adds an entry."""

    @extend_schema(responses={200: dict})
    def get(self, request, shift_id):
        require_desk(request.user)
        if selectors.shift(shift_id) is None:
            raise NotFound(_("There is no shift %(id)s.") % {"id": shift_id})
        return Response({"shift": shift_id, "log": [selectors.log_entry_json(e) for e in selectors.shift_log(shift_id)]})

    @extend_schema(request=dict, responses={201: dict})
    def post(self, request, shift_id):
        require_desk(request.user, write=True)
        body = _body(request)
        entry = services.log_entry_add(shift_id=shift_id, kind=body.get("kind"), text=body.get("text"),
                                       event_id=body.get("event"), is_open=body.get("is_open") is True,
                                       user=request.user)
        return Response(selectors.log_entry_json(entry), status=201)


class LogEntryResolveApi(APIView):
    @extend_schema(request=None, responses={200: dict})
    def post(self, request, entry_id):
        require_desk(request.user, write=True)
        return Response(selectors.log_entry_json(services.log_entry_resolve(entry_id=entry_id, user=request.user)))


class HandoverApi(APIView):
    """POST {"notes": "...", "received_by": id?}: hand the shift to the next one."""

    @extend_schema(request=dict, responses={201: dict})
    def post(self, request, shift_id):
        require_desk(request.user, write=True)
        body = _body(request)
        handover = services.handover_record(from_shift_id=shift_id, user=request.user, notes=body.get("notes"),
                                            received_by_id=_int(body.get("received_by"), "received_by", required=False))
        return Response(selectors.handover_json(handover), status=201)


class SwapsApi(APIView):
    """GET ?status=requested lists swap requests; POST {"shift", "from_person", "to_person",
    "counter_shift"?, "reason"} files one (it waits for approval)."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        require_desk(request.user)
        return Response({"swaps": [selectors.swap_json(w) for w in selectors.swaps(status=request.query_params.get("status"))]})

    @extend_schema(request=dict, responses={201: dict})
    def post(self, request):
        require_desk(request.user, write=True)
        body = _body(request)
        swap = services.swap_request(
            shift_id=_int(body.get("shift"), "shift"), from_person_id=_int(body.get("from_person"), "from_person"),
            to_person_id=_int(body.get("to_person"), "to_person"),
            counter_shift_id=_int(body.get("counter_shift"), "counter_shift", required=False),
            reason=body.get("reason"), user=request.user)
        return Response(selectors.swap_json(swap), status=201)


class SwapTransitionsApi(TransitionListApi):
    workflow, pk_kwarg = SWAP_WORKFLOW, "swap_id"


class SwapTransitionApi(TransitionApi):
    workflow, pk_kwarg = SWAP_WORKFLOW, "swap_id"

    def perform(self, request, pk, name, body):
        only_keys(body)
        return services.swap_transition(swap_id=pk, transition=name, user=request.user, reason=body["reason"])


class SwapTimelineApi(TimelineApi):
    workflow, pk_kwarg = SWAP_WORKFLOW, "swap_id"

