"""The shelters' scheduled jobs on a real Celery worker (tests/jobs/ fixtures) against the test
database: due inspections are made once, overdue rectifications marked; both are declared in
PERIODIC_TASKS and synced to beat's table."""
from datetime import timedelta

import pytest

from geo_api.jobs.periodic import sync_periodic_tasks
from geo_api.shelters import tasks
from geo_api.shelters.models import Inspection, InspectionPlan, Rectification
from geo_api.supervision.models.hazards import today
from tests import factories
from tests.jobs.test_worker import job_env, queue, run  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_due_inspections_are_made_by_the_worker_once(queue):  # noqa: F811
    shelter = factories.shelter(1)
    plan = InspectionPlan.objects.create(name="月检", shelter=shelter, every=1, unit="months",
                                         starts_on=today() - timedelta(days=31), next_due=today())
    made = run(tasks.make_due_inspections, queue)
    assert [Inspection.objects.get(pk=i).shelter_id for i in made] == [shelter.pk]
    assert run(tasks.make_due_inspections, queue) == []
    plan.refresh_from_db()
    assert plan.next_due > today()


def test_overdue_rectifications_are_marked_by_the_worker(queue):  # noqa: F811
    late = factories.rectification(1, deadline=today() - timedelta(days=2))
    assert run(tasks.mark_overdue_rectifications, queue) == [late.pk]
    assert Rectification.objects.get(pk=late.pk).overdue_since == today()


def test_the_jobs_are_scheduled():
    from django_celery_beat.models import PeriodicTask

    names = sync_periodic_tasks()
    assert {"shelters.make_due_inspections", "shelters.mark_overdue_rectifications"} <= set(names)
    assert PeriodicTask.objects.get(name="shelters.make_due_inspections").task == "geo_api.shelters.tasks.make_due_inspections"
