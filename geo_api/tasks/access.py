"""Who sees which tasks: the duty desk and the commander see every task (they dispatch and
follow up); a department liaison sees the tasks of their departments and their own; anyone else
with a role (a field responder) sees their own only. Other agencies' systems see none."""
from django.db.models import Q, QuerySet

from geo_api.accounts.roles import Role, roles_of

from .models import Task

TASK_OVERSEERS = frozenset({Role.DUTY_OFFICER, Role.COMMANDER, Role.ADMINISTRATOR})


def oversees(user) -> bool:
    return bool(roles_of(user) & TASK_OVERSEERS)


def mine_q(user) -> Q:
    """Tasks addressed to the user: to them, or to a department they belong to."""
    return Q(assignee=user) | Q(assignee__isnull=True, department__members=user)


def sees_no_tasks(user) -> bool:
    """No role, or only an external agency's: plan tasks are none of their business (403)."""
    roles = roles_of(user)
    return not roles or roles <= {Role.EXTERNAL_AGENCY}


def tasks_visible_to(user) -> QuerySet[Task]:
    if not (user and user.is_authenticated and user.is_active) or sees_no_tasks(user):
        return Task.objects.none()
    if oversees(user):
        return Task.objects.all()
    return Task.objects.filter(mine_q(user)).distinct()
