"""Every write to a business record is audited, whatever the route, and the log cannot be edited."""
import pytest
from django.db import DatabaseError, connection, transaction

from geo_api.audit.models import AuditEntry
from geo_api.shelters.models import Shelter
from tests import factories

pytestmark = pytest.mark.django_db


def test_bulk_update_is_audited_row_by_row():
    shelters = [factories.shelter(i) for i in range(3)]
    Shelter.objects.filter(pk__in=[s.pk for s in shelters]).update(area_m2=84)  # capacity 42, computed
    entries = AuditEntry.objects.filter(table_name="onemap_shelter", action="update")
    assert sorted(int(e.row_pk) for e in entries) == sorted(s.pk for s in shelters)
    assert all(e.changes["capacity"] == {"old": 2500, "new": 42} for e in entries)
    assert all(e.actor.startswith("system:") for e in entries)


def test_raw_sql_writes_are_audited_too():
    shelter = factories.shelter(1)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE onemap_shelter SET name = '改名' WHERE id = %s", [shelter.pk])
    entry = AuditEntry.objects.get(table_name="onemap_shelter", row_pk=str(shelter.pk), action="update")
    assert entry.changes["name"]["new"] == "改名"


def test_admin_edit_is_audited_with_user_and_route(client, django_user_model):
    admin = django_user_model.objects.create_superuser("chief", password="correct-horse-battery")
    shelter = factories.shelter(1)
    client.force_login(admin)
    client.post(f"/admin/shelters/shelter/{shelter.pk}/delete/", {"post": "yes"})
    entry = AuditEntry.objects.get(table_name="onemap_shelter", row_pk=str(shelter.pk), action="delete")
    assert entry.actor == f"user:{admin.pk}:chief"
    assert entry.route == f"POST /admin/shelters/shelter/{shelter.pk}/delete/"


def test_audit_log_cannot_be_changed():
    factories.shelter(1)
    entry = AuditEntry.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor="someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).actor == entry.actor


def test_history_view(client, editor):
    shelter = factories.shelter(1)
    Shelter.objects.filter(pk=shelter.pk).update(area_m2=20)  # capacity 10, computed
    history = client.get(f"/api/layers/shelters/features/{shelter.pk}/history/").json()["history"]
    assert [h["action"] for h in history] == ["insert", "update"]
    assert history[1]["changes"]["capacity"] == {"old": 2500, "new": 10}


def test_settings_do_not_leak_between_requests(client, editor):
    """The actor of a write must not stick to the connection and be blamed for later writes."""
    client.force_login(editor)
    client.post("/api/layers/shelters/features/", {}, content_type="application/json")
    factories.shelter(7)
    entry = AuditEntry.objects.get(table_name="onemap_shelter", action="insert")
    assert entry.actor.startswith("system:")


def test_bulk_demo_load_is_one_entry_not_a_million():
    from data.generate import load

    load(scale=1, replace=True)
    assert not AuditEntry.objects.filter(table_name="onemap_camera").exists()
    entry = AuditEntry.objects.get(action="load")
    assert entry.changes["rows"]["reference.Camera"] == 1500 and entry.route == "manage.py load_demo_data"
    Shelter.objects.filter(pk=Shelter.objects.first().pk).update(area_m2=2)
    assert AuditEntry.objects.filter(table_name="onemap_shelter", action="update").count() == 1
