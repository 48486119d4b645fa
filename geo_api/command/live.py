"""The live records of command mode (geo_api/live/records.py): instructions and their
acknowledgements, and field reports. Each decision is the same code as the read APIs."""
from geo_api.incidents.models import EventReport
from geo_api.incidents.selectors import events_layer
from layers.access import can_read

from . import access
from .models import Instruction, InstructionDelivery


def visible_report_ids(user, ids) -> set[int]:
    """A field report is read by whoever may read its event (as GET /api/events/{id}/reports/)."""
    if not can_read(user, events_layer()):
        return set()
    rows = list(EventReport.objects.filter(pk__in=list(ids)).values_list("pk", "event_id"))
    readable = access.readable_event_ids(user, {e for _, e in rows})
    return {pk for pk, event_id in rows if event_id in readable}


def register() -> None:
    from geo_api.live.records import register_record

    register_record(Instruction._meta.db_table, "instruction", access.visible_instruction_ids,
                    user_topics=access.instruction_people)
    register_record(InstructionDelivery._meta.db_table, "instruction_ack", access.visible_delivery_ids,
                    user_topics=access.delivery_people)
    register_record(EventReport._meta.db_table, "event_report", visible_report_ids)
