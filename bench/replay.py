"""Replay benchmark (issue 10): server time of a seek — GET /api/events/{id}/replay/?at= — at
random instants of a 3-hour event with 50 responders sending one sample every 5 s (108,000
samples in the position history), a busy timeline (transitions, 300 notes and reports), 20 plan
tasks moving through their states, 30 field reports and 10 instructions acknowledged by 10 people
each, spread over the 3 hours. Two such events: one closed (its record read by one statement at
each seek) and one archived (its record cached), measured in interleaved rounds.
Target: a seek under 200 ms server time.

  .venv/bin/python bench/replay.py [--seeks 200] [--responders 50] [--hours 3] [--every 5]

Server time is measured in-process: the request goes through Django's full stack (middleware,
session, access checks, the view, JSON rendering) through the test client, without a socket, so
it is what the server spends and nothing of the network. The positions query alone (the LATERAL
probe per responder on (responder_id, recorded_at DESC)) is timed too. The database is its own
(BENCH_DATABASE_URL, default onemap_bench_replay), migrated once; the events are built once and reused (--fresh:
new ones).
"""
from __future__ import annotations

import argparse
import functools
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

print = functools.partial(print, flush=True)  # noqa: A001
ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgis://postgres@127.0.0.1:5432/onemap_bench_replay")
TARGET_MS = 200


def prepare_database() -> None:
    import psycopg

    url = BENCH_DB.replace("postgis:", "postgresql:")
    admin, name = url.rsplit("/", 1)[0] + "/postgres", url.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": BENCH_DB, "DJANGO_SETTINGS_MODULE": "geo_api.settings.local"}
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_api.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def account(name: str, role: str):
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username=name)
    user.groups.add(Group.objects.get(name=role))
    return user


def build_event(responders: int, hours: float, every_s: int):
    """The event, its responders' history, tasks and timeline; closed at the end (writes the case)."""
    from django.contrib.gis.geos import Point
    from django.db import connection
    from django.utils import timezone

    from geo_api.incidents.models import Event
    from geo_api.incidents.services import event_transition
    from geo_api.responders.models import Responder
    from geo_api.timeline.models import TimelineEntry
    from geo_api.timeline.services import timeline_record

    commander, duty = account("bench_commander", "commander"), account("bench_duty", "duty_officer")
    end = timezone.now().replace(microsecond=0)
    start = end - timedelta(hours=hours)
    run = int(time.time())
    event = Event.objects.create(code=f"BENCH-{run}", title="回放基准：危险化学品泄漏", category="ACCIDENT",
                                 event_type="危险化学品泄漏", severity=2, occurred_at=start, reported_at=start,
                                 address="长宁区虹桥路1000号", geom=Point(121.41, 31.205, srid=4326))
    event_transition(event_id=event.pk, transition="verify", user=duty)
    event_transition(event_id=event.pk, transition="respond", user=commander)
    rng = random.Random(run)
    people = [Responder.objects.create(name=f"基准队员{i:02d}", organization="长宁区应急管理局", on_duty=True)
              for i in range(responders)]
    steps = int(hours * 3600 / every_s)
    print(f"writing {responders * steps:,} position samples ...")
    with connection.cursor() as cursor:
        for r in people:
            lon, lat = 121.41 + rng.uniform(-0.02, 0.02), 31.205 + rng.uniform(-0.015, 0.015)
            rows = []
            for k in range(steps):
                lon += rng.uniform(-0.0002, 0.0002)
                lat += rng.uniform(-0.0002, 0.0002)
                rows.append((r.pk, start + timedelta(seconds=k * every_s), f"SRID=4326;POINT({lon} {lat})", 5.0, event.pk))
            cursor.executemany("INSERT INTO onemap_positionreport (responder_id, recorded_at, geom, accuracy_m, event_id, "
                               "flag) VALUES (%s, %s, %s, %s, %s, '')", rows)
        cursor.execute("ANALYZE onemap_positionreport")
    for n in range(300):  # notes and reports spread over the event
        timeline_record(subject=event, kind=rng.choice([TimelineEntry.Kind.NOTE, TimelineEntry.Kind.REPORT]),
                        actor=commander, at=start + timedelta(seconds=rng.uniform(0, hours * 3600)),
                        reason=f"现场情况 {n}")
    work_of_the_event(event, commander, start, hours, rng)
    event_transition(event_id=event.pk, transition="close", user=commander, reason="基准：结束响应")
    event.refresh_from_db()
    return event, commander


def work_of_the_event(event, commander, start, hours: float, rng) -> None:
    """What a seek reads besides the timeline: 20 plan tasks (the plan activated through the
    service) moving through their states, 30 field reports and 10 instructions to 10 people each,
    acknowledged, all spread over the event. The timeline is append-only and the services stamp
    "now", so the tasks' times and transitions are written back-dated here (a bench, not a story)."""
    from geo_api.command.models import Instruction, InstructionDelivery
    from geo_api.incidents.models import EventReport
    from geo_api.plans.models import Department
    from geo_api.plans.services import plan_activate, plan_import
    from geo_api.tasks.models import Task
    from geo_api.timeline.models import TimelineEntry
    from geo_api.timeline.services import timeline_record

    at = lambda: start + timedelta(seconds=rng.uniform(0, hours * 3600))  # noqa: E731
    Department.objects.get_or_create(code="BENCH-ZH", defaults={"name": "基准现场指挥部"})
    admin = account("bench_admin", "administrator")
    actions = [{"order": k + 1, "title": f"基准任务{k + 1:02d}", "description": "", "deadline_minutes": 30 + 5 * k,
                "departments": ["BENCH-ZH"], "people": []} for k in range(20)]
    version = plan_import(user=admin, data={
        "format": "onemap-plan/1", "code": f"BENCH-{event.pk}", "title": "回放基准预案", "plan_type": "special",
        "level": "district", "owner": "BENCH-ZH", "event_types": [event.event_type], "area_scope": "district",
        "district": None, "valid_from": "2024-01-01", "valid_until": None, "revised_on": "2024-01-01",
        "revision_note": "基准", "last_drilled_on": "2025-06-01", "summary": "", "resources": [], "shelters": [],
        "responses": [{"response_level": event.severity, "severities": [event.severity], "condition": "基准",
                       "actions": actions}]})
    plan_activate(plan_id=version.plan_id, event_id=event.pk, response_level=event.severity, reason="基准", user=commander)
    for task in Task.objects.filter(event=event):
        created = at()
        Task.objects.filter(pk=task.pk).update(created_at=created, deadline=created + timedelta(minutes=45))
        moment, state = created, "assigned"
        for to in ("accepted", "in_progress", "done")[:rng.randint(1, 3)]:
            moment += timedelta(minutes=rng.uniform(2, 40))
            timeline_record(subject=task, kind=TimelineEntry.Kind.TRANSITION, actor=admin, at=moment,
                            from_state=state, to_state=to, transition=to)
            state = to
    for n in range(30):
        EventReport.objects.create(event=event, kind="follow_up", received_at=at(), text=f"现场回传 {n}",
                                   reporter="基准队员")
    people = [account(f"bench_field_{k:02d}", "field_responder") for k in range(10)]
    for n in range(10):
        sent = at()
        instruction = Instruction.objects.create(event=event, text=f"基准指令 {n}", sent_by=commander, sent_at=sent)
        for person in people:
            InstructionDelivery.objects.create(instruction=instruction, event=event, user=person, via="user",
                                               acknowledged_at=sent + timedelta(minutes=rng.uniform(1, 30)))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench_event(status: str, args):
    """The newest bench event in `status` (closed, or archived: its case frozen), built if none."""
    from geo_api.incidents.models import Event
    from geo_api.incidents.services import event_transition

    t = time.perf_counter()
    event = None if args.fresh else Event.objects.filter(code__startswith="BENCH-", status=status).order_by("-id").first()
    if event is not None:
        print(f"reusing {event.code}, {status} (--fresh to build new ones)")
        return event
    event, _ = build_event(args.responders, args.hours, args.every)
    if status == "archived":
        event_transition(event_id=event.pk, transition="archive", user=account("bench_duty", "duty_officer"))
        event.refresh_from_db()
    print(f"event {event.code} built and {status} in {time.perf_counter() - t:.1f} s")
    return event


def seeks(client, event, instants, responders: int) -> tuple[list[float], list[float]]:
    """Server time of each seek, and of the positions query alone at the same instant."""
    from geo_api.cases.models import Case
    from geo_api.responders.selectors import positions_at

    client.get(f"/api/events/{event.pk}/replay/", {"at": instants[0].isoformat()})  # warm the connection (and cache)
    seek_ms, sql_ms = [], []
    ids = list(Case.objects.get(event=event).responder_ids)
    for at in instants:
        t = time.perf_counter()
        response = client.get(f"/api/events/{event.pk}/replay/", {"at": at.isoformat()})
        seek_ms.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200 and len(response.json()["positions"]) == responders, response.content[:300]
        t = time.perf_counter()
        positions_at(responder_ids=ids, at=at)
        sql_ms.append((time.perf_counter() - t) * 1000)
    return seek_ms, sql_ms


def row(label: str, values: list[float]) -> str:
    return f"| {label} | {statistics.median(values):.1f} | {percentile(values, 95):.1f} | {max(values):.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeks", type=int, default=200)
    parser.add_argument("--responders", type=int, default=50)
    parser.add_argument("--hours", type=float, default=3)
    parser.add_argument("--every", type=int, default=5, help="seconds between a responder's samples")
    parser.add_argument("--fresh", action="store_true", help="build new events even if some were built before")
    args = parser.parse_args()
    prepare_database()
    setup_django()
    from django.test import Client

    closed, archived = bench_event("closed", args), bench_event("archived", args)
    commander = account("bench_commander", "commander")
    client = Client(SERVER_NAME="localhost")  # a host local settings allow
    client.force_login(commander)
    outline = client.get(f"/api/events/{closed.pk}/replay/").json()
    print(f"load average before: {open('/proc/loadavg').read().strip()}")
    results = {}
    # Interleaved in rounds, so both kinds of case see the same machine load.
    for _ in range(4):
        for event in (closed, archived):
            start, end = event.occurred_at, event.closed_at
            rng = random.Random(7 + len(results.get(event.pk, ([], []))[0]))
            instants = [start + (end - start) * rng.random() for _ in range(max(1, args.seeks // 4))]
            seek_ms, sql_ms = seeks(client, event, instants, args.responders)
            done = results.setdefault(event.pk, ([], []))
            done[0].extend(seek_ms)
            done[1].extend(sql_ms)
    print(f"load average after: {open('/proc/loadavg').read().strip()}")
    print(f"\n{len(outline['moments'])} moments on the slider; {len(results[closed.pk][0])} seeks at random instants "
          f"per event, {args.responders} responders, {args.responders * int(args.hours * 3600 / args.every):,} samples")
    print("| measure | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|")
    print(row("seek of a closed event (record read: one statement)", results[closed.pk][0]))
    print(row("seek of an archived case (record cached)", results[archived.pk][0]))
    print(row(f"of which positions_at (LATERAL, {args.responders} responders)",
              results[closed.pk][1] + results[archived.pk][1]))
    worst = max(percentile(results[closed.pk][0], 95), percentile(results[archived.pk][0], 95))
    print(f"target: a seek under {TARGET_MS} ms server time (p95): {'met' if worst < TARGET_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
