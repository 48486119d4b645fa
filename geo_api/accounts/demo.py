"""Demo accounts, one per role, so a newcomer can try every role right after `make run`.
Only where settings.ONEMAP_DEMO_ACCOUNTS is on (local settings); production never has them."""
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
    made = []
    for role in Role:
        user, _ = User.objects.get_or_create(username=role.value)
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.is_staff = role == Role.ADMINISTRATOR
        user.is_superuser = role == Role.ADMINISTRATOR
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        made.append((role.value, str(role.label)))
    return made
