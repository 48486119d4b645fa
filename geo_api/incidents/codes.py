"""Event codes: EV-YYYYMMDD-NNNN, numbered per day (Asia/Shanghai) in the order events are
received. One statement takes the next number (INSERT ... ON CONFLICT DO UPDATE ... RETURNING
locks the day's row), so two intakes at the same moment never get the same code; the first
number of a day starts after any code of that day already present (imports, demo data)."""
from datetime import datetime

from django.db import connection
from django.utils import timezone

PREFIX = "EV"


def next_event_code(at: datetime | None = None) -> str:
    """The next code for an event received at `at` (now by default). Call inside the
    transaction that saves the event: a rolled-back intake gives its number back."""
    day = timezone.localtime(at or timezone.now()).date()
    stem = f"{PREFIX}-{day:%Y%m%d}-"
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO onemap_event_code_sequence (day, last)
            SELECT %(day)s, COALESCE(MAX(substring(code FROM %(tail)s)::int), 0) + 1
              FROM onemap_event WHERE code ~ %(pattern)s
            ON CONFLICT (day) DO UPDATE SET last = onemap_event_code_sequence.last + 1
            RETURNING last
            """,
            {"day": day, "tail": f"^{stem}(\\d+)$", "pattern": f"^{stem}\\d+$"},
        )
        number = cursor.fetchone()[0]
    return f"{stem}{number:04d}"
