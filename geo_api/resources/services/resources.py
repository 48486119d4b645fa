"""The resource ledger's writes: register, edit, retire (a state, never a delete) and reinstate.
The fields come from the desk form (validated there); who may write is decided here."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput, NotFound

from ..access import require_write
from ..models import Resource

EDITABLE = ("name", "kind", "specialty", "quantity", "unit", "owner_unit", "contact", "phone", "status", "district",
            "geom")


def _locked(resource_id: int) -> Resource:
    try:
        return Resource.objects.select_for_update().get(pk=resource_id)
    except Resource.DoesNotExist:
        raise NotFound(_("There is no resource %(id)s.") % {"id": resource_id})


def resource_register(*, user, **fields) -> Resource:
    require_write(user)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    resource = Resource(**fields)
    resource.full_clean()
    resource.save()
    return resource


def resource_update(*, resource_id: int, user, **fields) -> Resource:
    require_write(user)
    with transaction.atomic():
        resource = _locked(resource_id)
        if resource.retired:
            raise Conflict(_("This resource is retired; reinstate it before editing."))
        for name, value in fields.items():
            if name not in EDITABLE:
                raise InvalidInput(_("Unknown fields: %(fields)s.") % {"fields": name})
            setattr(resource, name, value)
        resource.full_clean()
        resource.save()
        return resource


def resource_retire(*, resource_id: int, user, reason: str) -> Resource:
    """Off the map and out of the default lists, kept in the ledger with when and why."""
    require_write(user)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the resource is retired."), errors={"reason": [_("This field is required.")]})
    with transaction.atomic():
        resource = _locked(resource_id)
        if resource.retired:
            raise Conflict(_("This resource is already retired."))
        resource.retired_at = timezone.now()
        resource.retired_reason = reason[:200]
        resource.save(update_fields=["retired_at", "retired_reason", "updated_at"])
        return resource


def resource_reinstate(*, resource_id: int, user) -> Resource:
    require_write(user)
    with transaction.atomic():
        resource = _locked(resource_id)
        if not resource.retired:
            raise Conflict(_("This resource is not retired."))
        resource.retired_at = None
        resource.retired_reason = ""
        resource.save(update_fields=["retired_at", "retired_reason", "updated_at"])
        return resource
