"""When upward information reports (突发事件信息报告) are due: the one rule table.

Requirement (../shared/reference/code-lists.md, "Upward information reports", from local
government rules; deadlines differ by jurisdiction, so these are defaults a deployment overrides
with settings.INCIDENT_REPORT_DEADLINES, same shape):
- district level: by phone within 20–30 min and in writing within 40–60 min of receiving the
  report; major (Ⅱ) and especially major (Ⅰ) events are reported faster and reach the higher
  level within 2 h at the latest;
- follow-ups (续报) report what changed; long, complex events get a daily report (日报);
- the final report (终报) follows the end of the response.
Minutes are counted from the moment the desk received the report (Event.reported_at) for the
initial report, from the latest submitted report to the same recipient for a follow-up, and
from closing for the final report. None = no deadline (e.g. a Ⅳ event need not go to the city
unless it is sensitive; it may still be reported)."""
from datetime import datetime, timedelta

from django.conf import settings

DEFAULTS = {
    # kind → recipient → {severity: minutes}
    "initial": {
        "district": {1: 30, 2: 30, 3: 60, 4: 60},
        "city": {1: 60, 2: 120, 3: 120, 4: None},
    },
    "follow_up": {  # the daily report of a long event
        "district": {1: 24 * 60, 2: 24 * 60, 3: 24 * 60, 4: 24 * 60},
        "city": {1: 24 * 60, 2: 24 * 60, 3: 24 * 60, 4: None},
    },
    "final": {  # after the response ends
        "district": {1: 7 * 24 * 60, 2: 7 * 24 * 60, 3: 3 * 24 * 60, 4: 3 * 24 * 60},
        "city": {1: 7 * 24 * 60, 2: 7 * 24 * 60, 3: 7 * 24 * 60, 4: None},
    },
}


def rules() -> dict:
    return getattr(settings, "INCIDENT_REPORT_DEADLINES", DEFAULTS)


def minutes_for(kind: str, recipient: str, severity: int) -> int | None:
    return rules().get(kind, {}).get(recipient, {}).get(int(severity))


def due_at(kind: str, recipient: str, severity: int, start: datetime | None) -> datetime | None:
    """The deadline of a report of `kind` to `recipient` counted from `start`, or None."""
    minutes = minutes_for(kind, recipient, severity)
    if minutes is None or start is None:
        return None
    return start + timedelta(minutes=minutes)
