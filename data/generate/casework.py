"""How the demo's closed and archived events were worked, written after the bulk load so that the
case library (/cases/) is not empty and every case replays right after `make run`:

  timeline   reported → verified → responding (→ recovering) → closed (→ archived), at times inside
             the event's own window, and its follow-up reports — through timeline_record, the
             service the transitions themselves write with (it takes the instant: the services
             that perform a transition stamp "now", which would move every closing to load time)
  positions  four responders converging on the event, one sample a minute from responding to the
             close (at most 90 minutes), sent "while working on it" (PositionReport.event)
  case       written by cases.services.case_record, the service the close and archive
             transitions call: first as closed (snapshot of timeline, reports and tracks), then
             frozen for the archived ones

Deterministic for a seed and reference like the rest of the demo. The timeline is append-only:
on a reload (--replace) the events get the same ids and times, so an event whose transitions are
already on the timeline keeps them and gets no second copy. Plan tasks are left out: an
activation names the account that activated it, and accounts are not demo data (plans.py)."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import shapely
from django.contrib.gis.geos import Point

from geo_api.cases.services import case_record
from geo_api.incidents.models import Event, EventReport
from geo_api.responders.models import PositionReport
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import timeline_record

from .geometry import boundary

RESPONDERS = 200  # responders.COUNT: ids 1..200
PER_EVENT = 4
SAMPLE_EVERY = timedelta(minutes=1)
MOST_SAMPLES = 90
CLOSING = ("险情已排除，现场处置完毕，结束应急响应。", "现场恢复正常秩序，善后工作移交属地街道，结束响应。",
           "经现场核查无次生风险，各处置力量已撤离，结束响应。")
ARCHIVING = "案例材料已整理完毕，归档。"


def _between(rng: random.Random, start: datetime, end: datetime, low: float, high: float) -> datetime:
    """An instant a fraction low..high of the way from start to end, whole seconds."""
    return (start + (end - start) * rng.uniform(low, high)).replace(microsecond=0)


def _transitions(rng: random.Random, event: Event, reference: datetime) -> list[tuple[str, str, str, datetime, str]]:
    """(transition, from, to, at, reason) of the event's life, in order, inside its window."""
    start, end = event.reported_at, event.closed_at
    verified = _between(rng, start, end, 0.02, 0.08)
    responding = _between(rng, start, end, 0.10, 0.20)
    steps = [("verify", "reported", "verified", verified, ""), ("respond", "verified", "responding", responding, "")]
    last = "responding"
    if rng.random() < 0.5:
        steps.append(("recover", "responding", "recovering", _between(rng, start, end, 0.70, 0.90), ""))
        last = "recovering"
    steps.append(("close", last, "closed", end, rng.choice(CLOSING)))
    if event.status == Event.Status.ARCHIVED:
        archived = min(end + timedelta(days=rng.uniform(1, 10)), reference - timedelta(minutes=1))
        steps.append(("archive", "closed", "archived", max(archived, end + timedelta(seconds=1)), ARCHIVING))
    return steps


def _record_timeline(event: Event, steps) -> int:
    written = 0
    for transition, source, target, at, reason in steps:
        timeline_record(subject=event, kind=TimelineEntry.Kind.TRANSITION, actor=None, at=at, reason=reason,
                        transition=transition, from_state=source, to_state=target)
        written += 1
    for report in EventReport.objects.filter(event=event, kind=EventReport.Kind.FOLLOW_UP).order_by("received_at", "id"):
        timeline_record(subject=event, kind=TimelineEntry.Kind.REPORT, actor=None, at=report.received_at,
                        reason=report.text, payload={"report_id": report.pk, "report_kind": report.kind})
        written += 1
    return written


def _positions(rng: random.Random, event: Event, start: datetime, outline) -> list[PositionReport]:
    """Each responder walks from up to 900 m out to the event, a sample a minute until the close,
    never outside the district (a step that would leave it is not taken)."""
    count = max(2, min(MOST_SAMPLES, int((event.closed_at - start) / SAMPLE_EVERY)))
    samples = []
    for responder in rng.sample(range(1, RESPONDERS + 1), PER_EVENT):
        lon0, lat0 = event.geom.x, event.geom.y
        for reach in (1.0, 0.6, 0.3, 0.1):
            x = event.geom.x + rng.choice((-1, 1)) * rng.uniform(0.004, 0.009) * reach
            y = event.geom.y + rng.choice((-1, 1)) * rng.uniform(0.003, 0.008) * reach
            if shapely.contains_xy(outline, x, y):
                lon0, lat0 = x, y
                break
        lon, lat = lon0, lat0
        for k in range(count):
            share = min(1.0, k / (count * 0.6))  # on site after 60 % of the time, then stays near it
            x = lon0 + (event.geom.x - lon0) * share + rng.uniform(-0.0002, 0.0002)
            y = lat0 + (event.geom.y - lat0) * share + rng.uniform(-0.0002, 0.0002)
            if shapely.contains_xy(outline, x, y):
                lon, lat = x, y
            samples.append(PositionReport(responder_id=responder, event_id=event.pk, recorded_at=start + SAMPLE_EVERY * k,
                                          geom=Point(round(lon, 6), round(lat, 6), srid=4326),
                                          accuracy_m=round(rng.uniform(3, 20), 1)))
    return samples


def work_finished_events(*, seed: int, reference: datetime) -> dict[str, int]:
    """Timeline, positions and case of every closed or archived demo event. Runs inside the load's
    transaction, after the bulk tables are written."""
    counts = {"timeline.TimelineEntry (cases)": 0, "responders.PositionReport (cases)": 0, "cases.Case": 0}
    events = Event.objects.filter(status__in=(Event.Status.CLOSED, Event.Status.ARCHIVED),
                                  closed_at__isnull=False).order_by("id")
    outline = boundary()
    for event in events:
        steps = _transitions(random.Random(f"{seed}-casework-{event.pk}"), event, reference)
        on_timeline = TimelineEntry.objects.filter(event_id=event.pk, kind=TimelineEntry.Kind.TRANSITION).exists()
        if not on_timeline:
            counts["timeline.TimelineEntry (cases)"] += _record_timeline(event, steps)
        responding = next(at for transition, _, _, at, _ in steps if transition == "respond")
        samples = PositionReport.objects.bulk_create(_positions(random.Random(f"{seed}-tracks-{event.pk}"),
                                                                event, responding, outline))
        counts["responders.PositionReport (cases)"] += len(samples)
        # The case is written as the close wrote it, then frozen as the archive does. An archived
        # event is read as it was when closed (the state field refuses assignment: django-fsm).
        if event.status == Event.Status.ARCHIVED:
            as_closed = Event.objects.get(pk=event.pk)
            vars(as_closed)["status"] = Event.Status.CLOSED
            case_record(event=as_closed, user=None)
        case_record(event=event, user=None)
        counts["cases.Case"] += 1
    return counts
