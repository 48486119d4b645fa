"""信息采集: a shelter's usable area and type (its capacity follows, computed by the database from
geo_api/shelters/capacity.py) and its photos."""
from django.db import transaction
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import timeline_record
from geo_api.timeline.transitions import readable_instance

from ..access import require
from ..models import Shelter
from .files import attach_file
from .lifecycle import SHELTER_WORKFLOW


def shelter_collect(*, shelter_id: int, user, area_m2=None, shelter_type=None, space_type=None) -> Shelter:
    """信息采集: the usable area and the type (the capacity follows, computed by the database)."""
    require(user, "collect")
    changes = {}
    if area_m2 not in (None, ""):
        try:
            area = float(area_m2)
        except (TypeError, ValueError):
            raise InvalidInput(_("area_m2 must be a number of square metres."), errors={"area_m2": [_("A number.")]}) from None
        if not (0 <= area <= 5_000_000):
            raise InvalidInput(_("area_m2 must be from 0 to 5,000,000 m²."), errors={"area_m2": [_("Out of range.")]})
        changes["area_m2"] = area
    for name, value, choices in (("shelter_type", shelter_type, Shelter.ShelterType),
                                 ("space_type", space_type, Shelter.SpaceType)):
        if value not in (None, ""):
            if value not in choices.values:
                raise InvalidInput(_("%(name)s must be one of %(values)s.") % {"name": name, "values": ", ".join(choices.values)},
                                   errors={name: [_("Unknown value.")]})
            changes[name] = value
    if not changes:
        raise InvalidInput(_("Send area_m2, shelter_type or space_type."))
    with transaction.atomic():
        shelter = readable_instance(SHELTER_WORKFLOW, shelter_id, user, lock=True)
        before = {k: getattr(shelter, k) for k in changes}
        for name, value in changes.items():
            setattr(shelter, name, value)
        shelter.save(update_fields=[*changes, "updated_at"])
        shelter.refresh_from_db(fields=["capacity"])
        timeline_record(subject=shelter, kind=TimelineEntry.Kind.NOTE, actor=user, reason=_("Information collected."),
                        payload={"before": before, "after": changes, "capacity": shelter.capacity})
    return shelter


def shelter_add_photo(*, shelter_id: int, user, upload):
    require(user, "collect")
    with transaction.atomic():
        shelter = readable_instance(SHELTER_WORKFLOW, shelter_id, user)
        return attach_file(shelter=shelter, kind="photo", upload=upload, user=user)

