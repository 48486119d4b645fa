"""Who the command view's instruction form offers (reads only; POST /api/events/{id}/instructions/
decides again who may send and to whom): the people on the event (assigned a task, checked in),
responders on duty with an account, and members of the plans' departments; and every department."""
from django.contrib.auth import get_user_model

from geo_api.command.access import everyone_on
from geo_api.plans.models import Department
from geo_api.responders.models import Responder

LIMIT = 300


def _label(user) -> str:
    return user.get_full_name() or user.get_username()


def recipient_choices(event_id: int) -> dict:
    names = dict(Responder.objects.filter(user__isnull=False).values_list("user_id", "name"))
    on_duty = set(Responder.objects.filter(user__isnull=False, on_duty=True).values_list("user_id", flat=True))
    members = set(Department.objects.values_list("members", flat=True)) - {None}
    ids = everyone_on(event_id) | on_duty | members
    users = get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")[:LIMIT]
    return {
        "users": [{"id": u.pk, "label": names.get(u.pk) or _label(u)} for u in users],
        "departments": [{"id": d.pk, "label": d.name} for d in Department.objects.order_by("name")[:LIMIT]],
    }
