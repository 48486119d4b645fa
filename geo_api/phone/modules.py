"""The server half of the phone's inspection menu (执法检查): each inspection kind the platform
has offers its entries to the users who may record it. The client's registry
(map_client/src/phone/modules.js) renders them; the enforcement issue adds its kind in both."""
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.shelters import access as shelter_access
from geo_api.shelters.models import Inspection

DUE_LIMIT = 20


def shelter_inspections(user) -> dict | None:
    """Shelter inspections (避难场所检查) for those who may record them: the due ones, soonest first,
    each opening the shelters app's phone inspection page."""
    if not shelter_access.may(user, shelter_access.INSPECT):
        return None
    due = (Inspection.objects.filter(recorded_at__isnull=True).select_related("shelter")
           .order_by("due_on", "id")[:DUE_LIMIT])
    today = timezone.localdate()
    return {
        "id": "shelters", "title": _("Shelter inspections"), "url": reverse("shelters:index"),
        "items": [{"label": i.shelter.name, "due_on": i.due_on.isoformat(), "overdue": i.due_on < today,
                   "url": reverse("shelters:inspect", args=[i.shelter_id])} for i in due],
    }


PROVIDERS = [shelter_inspections]


def inspection_entries(user) -> dict:
    return {entry["id"]: entry for entry in (p(user) for p in PROVIDERS) if entry}
