"""The background load. Safe to run twice (acks_late): a job that is no longer queued is left alone."""
from celery import shared_task


@shared_task(ignore_result=True, acks_late=True)
def import_load(job_id: int) -> None:
    from .services import import_run

    import_run(job_id)


@shared_task(ignore_result=True)
def resend_queued_imports() -> list[int]:
    from .sweep import imports_resend_queued

    return imports_resend_queued()
