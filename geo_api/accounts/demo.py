"""Demo accounts, one per role, so a newcomer can try every role right after `make run`.
Only where settings.ONEMAP_DEMO_ACCOUNTS is on (local settings); production never has them.

Staff status (entering /admin/) follows one rule, the one to apply to real accounts too: a role
that may write some editable layer (the registry's write_roles, plus administrators) is staff,
and inside the admin it sees only the ledgers of the layers it may write (reference.ledger_admin).
Roles that only read (department liaisons, field responders, external agencies) are not staff."""
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .roles import Role

DEMO_PASSWORD = "onemap-demo-2026"


@transaction.atomic
def demo_accounts_ensure() -> list[tuple[str, str]]:
    """Create (or reset) `<role>` users with the demo password; returns (username, role label)."""
    if not getattr(settings, "ONEMAP_DEMO_ACCOUNTS", False):
        raise ImproperlyConfigured("demo accounts are only created where ONEMAP_DEMO_ACCOUNTS is on (local settings)")
    from geo_api.reference.ledger_admin import layer_writer_roles

    staff_roles = layer_writer_roles()
    made = []
    for role in Role:
        user, _ = User.objects.get_or_create(username=role.value)
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.is_staff = role.value in staff_roles
        user.is_superuser = role == Role.ADMINISTRATOR
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        made.append((role.value, str(role.label)))
    _join_demo_department()
    _link_demo_responder()
    return made


def _join_demo_department() -> None:
    """The demo liaison works for the bureau, so plan tasks of that department reach the account."""
    from geo_api.plans.models import Department

    bureau = Department.objects.filter(code="YJJ").first()
    if bureau is not None:
        bureau.members.add(User.objects.get(username=Role.DEPARTMENT_LIAISON.value))


def _link_demo_responder() -> None:
    """The demo field responder is a responder on duty, so the phone app can share its position
    and check in (POST /api/positions/, /api/events/{id}/check-ins/)."""
    from geo_api.responders.models import Responder

    user = User.objects.get(username=Role.FIELD_RESPONDER.value)
    Responder.objects.update_or_create(user=user, defaults={
        "name": "演示队员", "organization": "长宁区应急管理局", "role": "应急队员", "on_duty": True})
