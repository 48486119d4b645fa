import pytest
from django.contrib.auth.models import Permission, User

from layers.database_views import sync_layer_views


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # --reuse-db skips migrate, and with it the post_migrate hook: rebuild the derived views.
    with django_db_blocker.unblock():
        sync_layer_views()


@pytest.fixture
def staff_user(db):
    return User.objects.create_user("staff", password="correct-horse-battery")


@pytest.fixture
def commander(db):
    user = User.objects.create_user("commander", password="correct-horse-battery")
    user.user_permissions.add(Permission.objects.get(codename="read_restricted"))
    return user


@pytest.fixture
def one_of_each(db):
    from tests import factories

    return factories.one_of_each()


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="correct-horse-battery")
    user.user_permissions.add(Permission.objects.get(codename="edit_layers"))
    return user
