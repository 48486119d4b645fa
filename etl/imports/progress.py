"""Progress of a load, written from a connection of its own in autocommit: the load's rows stay
invisible until its single transaction commits, but the job row's phase and percentage change
while it runs, so the desk's progress bar moves. The loader never locks the job row before its
final transition, so these updates never wait."""
from __future__ import annotations

import time

import psycopg
from django.db import connection


def _conninfo() -> dict:
    s = connection.settings_dict
    params = {"dbname": s["NAME"], "user": s.get("USER") or None, "password": s.get("PASSWORD") or None,
              "host": s.get("HOST") or None, "port": s.get("PORT") or None}
    return {k: v for k, v in params.items() if v}


class Progress:
    def __init__(self, job_id: int, every_s: float = 0.3):
        self.job_id = job_id
        self.every_s = every_s
        self._last = 0.0
        self._conn = psycopg.connect(**_conninfo(), autocommit=True, application_name=f"onemap-import-{job_id}")

    def set(self, phase: str, percent: float, *, force: bool = False, **fields) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.every_s:
            return
        self._last = now
        columns = {"phase": phase, "progress": round(min(max(percent, 0.0), 100.0), 1), **fields}
        assignments = ", ".join(f'"{name}" = %s' for name in columns)  # names are ours, not input
        self._conn.execute(f'UPDATE "onemap_importjob" SET {assignments} WHERE id = %s',
                           [*columns.values(), self.job_id])

    def close(self) -> None:
        self._conn.close()


class NoProgress:
    """Previews run inside a request: nobody is watching a bar."""

    def set(self, *args, **kwargs) -> None:
        pass

    def close(self) -> None:
        pass
