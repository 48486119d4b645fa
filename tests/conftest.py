import time

import pytest
from django.contrib.auth.models import Group, User
from django.core.management.base import CommandError
from django.test import Client


@pytest.fixture(scope="session", autouse=True)
def _flush_survives_a_deadlock():
    """A transactional test ends with TRUNCATE of every table. The served platform (tests/server.py)
    may still be answering the page's last request or deciding a live frame: one statement over a
    view locks its tables one by one while TRUNCATE takes them in another order, and PostgreSQL
    breaks the deadlock by aborting one of the two. When the flush is the one aborted it is simply
    run again (the server's statement has finished by then)."""
    from django.core.management.commands import flush

    original = flush.Command.handle

    def handle(self, **options):
        for attempt in range(1, 6):
            try:
                return original(self, **options)
            except CommandError as exc:
                if attempt == 5 or "deadlock detected" not in str(exc.__cause__ or ""):
                    raise
                time.sleep(0.2 * attempt)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


def user_with_roles(username, *roles):
    user = User.objects.create_user(username, password="correct-horse-battery")
    # The groups come from `migrate` (accounts.role_groups); a role without one fails here.
    user.groups.add(*[Group.objects.get(name=role) for role in roles])
    return user


@pytest.fixture
def staff_user(db):
    """Reads internal layers, may not read restricted ones nor edit shelters or risk zones."""
    return user_with_roles("staff", "law_enforcement")


@pytest.fixture
def commander(db):
    return user_with_roles("commander", "commander")


@pytest.fixture
def editor(db):
    return user_with_roles("editor", "gis_analyst")


@pytest.fixture
def one_of_each(db):
    from tests import factories

    return factories.one_of_each()


@pytest.fixture(scope="session")
def served(django_db_setup, django_db_blocker):
    """The platform as `make run` serves it (tests/server.py), on a free port, against the test
    database: one per test session (per xdist worker). Tests using it must commit their data."""
    from django.db import connection

    from tests.server import Server

    server = Server(connection.settings_dict["NAME"]).start()
    yield server
    server.stop()


@pytest.fixture
def as_role(db):
    """A signed-in test client for a new user holding `roles` (none: signed in without a role);
    the same name gives the same user within a test."""
    made = {}

    def make(*roles, name=None):
        name = name or "_".join(roles) or "no_role"
        user = made.get(name) or user_with_roles(name, *roles)
        made[name] = user
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make
