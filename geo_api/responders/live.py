"""The `check_in` live record (geo_api/live/records.py): a check-in reaches the event's readers on
`event.N` and the responder on `user.N`; who receives it is decided by the same code as
GET /api/events/{id}/check-ins/ (event readable by incidents.selectors.event_for, then
access.check_ins_visible)."""
from geo_api.common.errors import DomainError

from .access import check_ins_visible
from .models import CheckIn


def visible_check_in_ids(user, ids) -> set[int]:
    from geo_api.incidents.selectors import event_for

    rows = CheckIn.objects.filter(pk__in=list(ids))
    try:
        rows = check_ins_visible(user, rows)
    except DomainError:
        return set()
    out = set()
    by_event: dict[int, list[int]] = {}
    for check_in_id, event_id in rows.values_list("pk", "event_id"):
        by_event.setdefault(event_id, []).append(check_in_id)
    for event_id, check_ins in by_event.items():
        try:
            event_for(user, event_id)
        except DomainError:
            continue
        out.update(check_ins)
    return out


def check_in_people(ids) -> dict[int, list[int]]:
    return {check_in_id: [user_id] for check_in_id, user_id in
            CheckIn.objects.filter(pk__in=list(ids), responder__user__isnull=False).values_list("pk", "responder__user_id")}


def register() -> None:
    from geo_api.live.records import register_record

    register_record(CheckIn._meta.db_table, "check_in", visible_check_in_ids, user_topics=check_in_people)
