import pytest
from django.contrib.auth.models import Group, User

from layers.database_views import sync_layer_views


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # --reuse-db skips migrate, and with it the post_migrate hooks: rebuild the derived schema.
    from audit.triggers import attach

    with django_db_blocker.unblock():
        sync_layer_views()
        attach()


def user_with_roles(username, *roles):
    user = User.objects.create_user(username, password="correct-horse-battery")
    # get_or_create: transactional tests flush the groups the migration created.
    user.groups.add(*[Group.objects.get_or_create(name=role)[0] for role in roles])
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
