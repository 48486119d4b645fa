"""The demo data shows the shelters' whole lifecycle: decision records, evaluations whose stored
conclusion is the guide's rule applied to the stored results, plans, inspections, an open veto
finding (its shelter unavailable), an overdue task and closed ones."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from data.generate import districts, shelters, writer
from data.generate.base import DEFAULT_SEED, Context
from geo_api.shelters import evaluation
from geo_api.shelters.models import (Finding, InspectionPlan, Rectification, Shelter, ShelterDecision,
                                     ShelterEvaluation)
from geo_api.shelters.selectors import unavailable_reasons

pytestmark = pytest.mark.django_db


REFERENCE = datetime(2026, 11, 24, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def load_streets_and_shelters():
    """The two generator modules this domain needs, written as load_demo_data writes them."""
    ctx = Context(seed=DEFAULT_SEED, scale=1, reference=REFERENCE)
    tables = districts.build(ctx) + shelters.build(ctx)
    with connection.cursor() as cursor:
        for table in tables:
            writer.copy(cursor, table, REFERENCE)
        writer.reset_sequences(cursor, list(dict.fromkeys(t.model for t in tables)))


def test_demo_lifecycle():
    load_streets_and_shelters()
    assert set(Shelter.objects.values_list("designation_status", flat=True)) == set(Shelter.Designation.values)
    assert ShelterDecision.objects.filter(kind="designation").count() >= Shelter.objects.exclude(
        designation_status="collected").count()
    conclusions = set()
    for e in ShelterEvaluation.objects.all():
        assert evaluation.conclude(e.results).conclusion == e.conclusion
        conclusions.add(e.conclusion)
        assert e.shelter.designation_status == "evaluated"
    assert conclusions == {"qualified", "basically_qualified", "unqualified"}
    assert InspectionPlan.objects.count() == 10
    assert Rectification.objects.filter(status="open").exists() and Rectification.objects.filter(status="closed").exists()
    assert Rectification.objects.filter(overdue_since__isnull=False).exclude(status="closed").exists()
    veto = Finding.objects.get(severity="veto", closed_at__isnull=True)
    assert unavailable_reasons(veto.shelter)
    with connection.cursor() as cursor:
        cursor.execute('SELECT count(*) FILTER (WHERE NOT available), count(*) FROM "layer_shelters"')
        unavailable, total = cursor.fetchone()
    assert 0 < unavailable < total
