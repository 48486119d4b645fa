"""Sending a job from a request: after the commit, and never failing the answer.

A job is sent once the transaction that asked for it has committed (the worker must find the
rows). When the broker (Redis) is down or stalls, the write has already committed: the answer must
still be the write's own (201/202), not a 500 that invites a duplicate retry. The send is skipped,
logged and noted on the answer (geo_api/common/degraded.py); callers keep the state that says the
work is still to do (a message `received`, an import `queued`), and their scheduled sweep sends it
again when the broker is back."""
from __future__ import annotations

from django.db import transaction

from geo_api.common.degraded import redis_safely


def send_now(task, *, args=(), kwargs=None, **options) -> bool:
    """True when the broker took the job."""
    sent = redis_safely(lambda: task.apply_async(args=args, kwargs=kwargs or {}, retry=False, **options) or True,
                        False, f"job {task.name}")
    return bool(sent)


def enqueue_on_commit(task, *, args=(), kwargs=None, **options) -> None:
    transaction.on_commit(lambda: send_now(task, args=args, kwargs=kwargs, **options))
