"""What a transition declaration names: who may perform it (`permission=`) and what must hold
first (`conditions=`). Imported by models, so it imports nothing heavier than the roles."""
from geo_api.accounts.roles import Role, roles_of


def roles_may(*roles: str):
    """A transition `permission=`: users holding one of these roles. Administrators may perform
    every user transition, as they may write every layer (layers/access.py)."""
    allowed = frozenset(roles) | {Role.ADMINISTRATOR}

    def permission(instance, user) -> bool:
        return bool(roles_of(user) & allowed)

    permission.roles = allowed
    return permission


def system_only(instance, user) -> bool:
    """A transition `permission=` that no user holds: run_transition(user=None) performs it."""
    return False


system_only.roles = frozenset()


def condition(message):
    """A transition `conditions=` entry whose refusal tells a person what to do first."""
    def decorate(function):
        function.message = message
        return function

    return decorate
