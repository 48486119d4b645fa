"""Roles are code (roles.py); their groups are derived schema, made by every `migrate` (like
Django's own permissions), so a role added in code exists on every database after migrating."""
from django.contrib.auth.models import Group

from .roles import ALL_ROLES


def sync_role_groups(**kwargs) -> list[str]:
    existing = set(Group.objects.filter(name__in=ALL_ROLES).values_list("name", flat=True))
    missing = sorted(ALL_ROLES - existing)
    Group.objects.bulk_create([Group(name=name) for name in missing])
    return missing
