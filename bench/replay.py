"""Replay benchmark (issue 10): server time of a seek — GET /api/events/{id}/replay/?at= — at
random instants of a 3-hour event with 50 responders sending one sample every 5 s (108,000
samples in the position history), plus busy timeline (transitions, 20 plan tasks moving, 300
notes and reports spread over the 3 hours). Target: a seek under 200 ms server time.

  .venv/bin/python bench/replay.py [--seeks 200] [--responders 50] [--hours 3] [--every 5]

Server time is measured in-process: the request goes through Django's full stack (middleware,
session, access checks, the view, JSON rendering) through the test client, without a socket, so
it is what the server spends and nothing of the network. The positions query alone (the LATERAL
probe per responder on (responder_id, recorded_at DESC)) is timed too. The database is its own
(BENCH_DATABASE_URL, default onemap_bench_replay), migrated once; the event is built once and reused (--fresh: a new one).
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
    event_transition(event_id=event.pk, transition="close", user=commander, reason="基准：结束响应")
    event.refresh_from_db()
    return event, commander


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeks", type=int, default=200)
    parser.add_argument("--responders", type=int, default=50)
    parser.add_argument("--hours", type=float, default=3)
    parser.add_argument("--every", type=int, default=5, help="seconds between a responder's samples")
    parser.add_argument("--fresh", action="store_true", help="build a new event even if one was built before")
    args = parser.parse_args()
    prepare_database()
    setup_django()
    from django.test import Client

    from geo_api.cases.models import Case
    from geo_api.responders.selectors import positions_at

    from geo_api.incidents.models import Event

    t = time.perf_counter()
    event = None if args.fresh else Event.objects.filter(code__startswith="BENCH-", status="closed").order_by("-id").first()
    if event is not None:
        commander = account("bench_commander", "commander")
        print(f"reusing {event.code} (--fresh to build a new one)")
    else:
        event, commander = build_event(args.responders, args.hours, args.every)
    print(f"event {event.code} built and closed in {time.perf_counter() - t:.1f} s "
          f"(case snapshot: {len(Case.objects.get(event=event).snapshot['responders'])} responders)")
    client = Client(SERVER_NAME="localhost")  # a host local settings allow
    client.force_login(commander)
    outline = client.get(f"/api/events/{event.pk}/replay/").json()
    start, end = event.occurred_at, event.closed_at
    rng = random.Random(7)
    instants = [start + (end - start) * rng.random() for _ in range(args.seeks)]
    client.get(f"/api/events/{event.pk}/replay/", {"at": instants[0].isoformat()})  # warm the connection
    seek_ms, sql_ms = [], []
    ids = list(Case.objects.get(event=event).snapshot["responder_ids"])
    for at in instants:
        t = time.perf_counter()
        response = client.get(f"/api/events/{event.pk}/replay/", {"at": at.isoformat()})
        seek_ms.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200 and len(response.json()["positions"]) == args.responders, response.content[:300]
        t = time.perf_counter()
        positions_at(responder_ids=ids, at=at)
        sql_ms.append((time.perf_counter() - t) * 1000)
    print(f"\n{len(outline['moments'])} moments on the slider; {args.seeks} seeks at random instants, "
          f"{args.responders} responders, {args.responders * int(args.hours * 3600 / args.every):,} samples")
    print("| measure | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|")
    print(f"| seek, server time (GET /api/events/{{id}}/replay/?at=) | {statistics.median(seek_ms):.1f} | "
          f"{percentile(seek_ms, 95):.1f} | {max(seek_ms):.1f} |")
    print(f"| of which positions_at (LATERAL, {args.responders} responders) | {statistics.median(sql_ms):.1f} | "
          f"{percentile(sql_ms, 95):.1f} | {max(sql_ms):.1f} |")
    verdict = "met" if percentile(seek_ms, 95) < TARGET_MS else "NOT met"
    print(f"target: a seek under {TARGET_MS} ms server time (p95): {verdict}")


if __name__ == "__main__":
    main()
