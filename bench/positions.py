"""Live positions benchmark (issue 11): N simulated responders each POSTing one sample per second
to /api/positions/ over HTTP (one keep-alive connection per phone, signed in by session), and M
commanders' WebSockets on /ws/changes/, against uvicorn started as `make run` starts it (Procfile:
2 workers, local settings).

Measured:
- end-to-end latency: sample sent → the frame announcing it received by a commander's socket.
  Each sample's recorded_at is the moment it is sent; a frame names the audit entry (seq) of the
  latest-position row it announces, whose new recorded_at is read back after the run, so
  latency = frame arrival − recorded_at of that very sample (same machine, same clock).
  Frames coalesce per row (100 ms), so a sample superseded inside a window is not announced on
  its own — by design; the latest always is.
- lost latest positions: 2 s after the last sample, for every socket × responder, whether the
  socket has seen the last change of that responder's row;
- HTTP answer time and errors; CPU of the server processes (/proc, master + workers).

The phones run in this process, the map clients' sockets in a process of their own (a frame's
arrival time must not include the phones' event loop; both in positions_clients.py); the bench
client's CPU is both. The figures are computed in positions_report.py.

The latest-position, session, responder and account tables are vacuumed and analysed every 10 s during a run (vacuuming):
autovacuum's job, which this machine's PostgreSQL has switched off.

  .venv/bin/python bench/positions.py [--responders 1000] [--clients 50] [--seconds 60] [--baseline-seconds 30]

With --baseline-seconds, the same load first runs that long against a server with the phones'
group-commit path off (ONEMAP_POSITIONS_GROUP_COMMIT=0: every sample through Django and DRF), and
the figures are printed with their ratios to that baseline measured in the same run.

The database is its own (default `onemap_bench_positions` on DATABASE_URL's server), migrated once
and kept; responders, accounts and sessions are made once per size.
"""
from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

print = functools.partial(print, flush=True)  # noqa: A001
ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT))
from bench.positions_clients import Http, listeners_main, loop_factory  # noqa: E402
from bench.positions_report import report  # noqa: E402
from bench.server import free_port  # noqa: E402

CENTRE = (121.40, 31.21)
SERVER_LOG = Path(os.environ.get("TMPDIR", "/tmp")) / "bench_positions_server.log"  # errors, if any
PASSWORDLESS = "!bench"  # an unusable password: these accounts sign in by session only


def database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/onemap")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def ensure_database(url: str, env: dict) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [parts.path[1:]]).fetchone()
        if not exists:
            print(f"creating database {parts.path[1:]} ...")
            conn.execute(f'CREATE DATABASE "{parts.path[1:]}"')
    print("migrating ...")
    subprocess.run([PY, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)


def ensure_people(env: dict, responders: int, clients: int) -> tuple[list[tuple[int, int, str]], list[str]]:
    """(responder id, latest-position row id, session key) per responder; commanders' session keys."""
    code = f"""
import json, random, secrets
import django; django.setup()
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone
from geo_api.responders.models import Responder, ResponderPosition

def session_for(user):
    s = SessionStore()
    s["_auth_user_id"] = str(user.pk)
    s["_auth_user_backend"] = "geo_api.accounts.backends.PasswordBackend"
    s["_auth_user_hash"] = user.get_session_auth_hash()
    s.create()
    return s.session_key

with transaction.atomic():
    field = Group.objects.get(name="field_responder")
    from django.contrib.sessions.models import Session; Session.objects.all().delete()
    have = set(User.objects.filter(username__startswith="bench_r").values_list("username", flat=True))
    new = [User(username=f"bench_r{{i:05d}}", password="{PASSWORDLESS}") for i in range({responders}) if f"bench_r{{i:05d}}" not in have]
    User.objects.bulk_create(new, batch_size=2000)
    users = list(User.objects.filter(username__startswith="bench_r").order_by("username")[:{responders}])
    field.user_set.add(*users)
    linked = dict(Responder.objects.filter(user__in=users).values_list("user_id", "id"))
    Responder.objects.bulk_create([Responder(name=u.username, organization="bench", on_duty=True, user=u)
                                   for u in users if u.pk not in linked], batch_size=2000)
    Responder.objects.filter(user__in=users).update(on_duty=True)
    rows = {{r.user_id: r for r in Responder.objects.filter(user__in=users)}}
    have_pos = set(ResponderPosition.objects.filter(responder__in=rows.values()).values_list("responder_id", flat=True))
    def start(r):  # where the bench's phone of this responder starts (run(): phone)
        at = random.Random(r.pk)
        return Point({CENTRE[0]} + at.uniform(-0.02, 0.02), {CENTRE[1]} + at.uniform(-0.02, 0.02), srid=4326)
    ResponderPosition.objects.bulk_create([ResponderPosition(responder=r, recorded_at=timezone.now(), geom=start(r))
                                           for r in rows.values() if r.pk not in have_pos], batch_size=2000)
    positions = dict(ResponderPosition.objects.filter(responder__in=rows.values()).values_list("responder_id", "id"))
    commander_group = Group.objects.get(name="commander")
    commanders = []
    for i in range({clients}):
        u, _ = User.objects.get_or_create(username=f"bench_c{{i:03d}}", defaults={{"password": "{PASSWORDLESS}"}})
        commander_group.user_set.add(u)
        commanders.append(session_for(u))
    out = [(rows[u.pk].pk, positions[rows[u.pk].pk], session_for(u)) for u in users]
print("BENCH" + json.dumps({{"responders": out, "commanders": commanders}}))
"""
    done = subprocess.run([PY, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"making the bench accounts failed:\n{done.stderr[-3000:]}")
    line = next(l for l in done.stdout.splitlines() if l.startswith("BENCH"))
    data = json.loads(line[5:])
    return [tuple(r) for r in data["responders"]], data["commanders"]


def cpu_seconds_at(before: dict, pids: list[int]) -> float:
    return sum(before.get(pid, 0.0) for pid in pids)


def cpu_by_pid(pids: list[int]) -> dict[int, float]:
    return {pid: cpu_seconds([pid]) for pid in pids}


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except FileNotFoundError:
            pass
    return total


def server_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [master, *[int(p) for p in children.read_text().split()]] if children.exists() else [master]


def start_server(env: dict, port: int) -> subprocess.Popen:
    """uvicorn exactly as the Procfile's `web` line (2 workers unless WORKERS says otherwise)."""
    import requests

    command = [str(ROOT / ".venv" / "bin" / "uvicorn"), "geo_api.asgi:application", "--host", "127.0.0.1",
               "--port", str(port), "--no-access-log", "--ws-per-message-deflate", "false", "--no-proxy-headers",
               "--workers", os.environ.get("WORKERS", "2")]
    if os.environ.get("BENCH_PROFILE"):  # where the time goes: one worker under cProfile, to that file
        command = [PY, "-m", "cProfile", "-o", os.environ["BENCH_PROFILE"], "-m", "uvicorn", *command[1:-1], "1"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(SERVER_LOG, "a"))
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit("the server exited")
        try:
            requests.get(f"http://127.0.0.1:{port}/api/layers/", timeout=5)
            time.sleep(2)  # both workers up and listening for changes
            return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


async def run(port: int, people, commanders, seconds: float, rate: float, proc) -> dict:
    import multiprocessing

    import orjson

    http_times: list[float] = []
    statuses: dict[int, int] = {}
    sent, accepted = [0], [0]

    async def phone(responder_id: int, session: str, stop_at: float):
        csrf = secrets.token_hex(16)
        http = Http(port, f"sessionid={session}; csrftoken={csrf}", csrf)
        # The same start per responder in every run: a phone that reappeared kilometres from its
        # last trusted position seconds later would be flagged speed_jump and never move the map.
        start = random.Random(responder_id)
        lon, lat = CENTRE[0] + start.uniform(-0.02, 0.02), CENTRE[1] + start.uniform(-0.02, 0.02)
        await asyncio.sleep(random.uniform(0, 1 / rate))
        next_at = time.monotonic()
        while time.time() < stop_at:
            lon += random.uniform(-0.00005, 0.00005)
            lat += random.uniform(-0.00005, 0.00005)
            now = time.time()
            body = orjson.dumps({"client_id": secrets.token_hex(8), "lon": lon, "lat": lat, "accuracy_m": 8,
                                 "recorded_at": datetime.fromtimestamp(now, timezone.utc).isoformat()})
            try:
                status, answer = await http.post("/api/positions/", body)
                if status == 200:
                    accepted[0] += orjson.loads(answer).get("accepted", 0)
            except (ConnectionError, asyncio.IncompleteReadError):
                http.writer, status = None, 0
            http_times.append(time.time() - now)
            statuses[status] = statuses.get(status, 0) + 1
            sent[0] += 1
            next_at += 1 / rate
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))

    stop = asyncio.Event()
    vacuum = asyncio.create_task(vacuuming(stop))  # before database_pids: its CPU counts as PostgreSQL's
    pipe, child_end = multiprocessing.get_context("spawn").Pipe()
    listeners = multiprocessing.get_context("spawn").Process(
        target=listeners_main, args=(port, commanders, [position for _, position, _ in people], child_end), daemon=True)
    listeners.start()
    if not await asyncio.to_thread(pipe.poll, 90) or await asyncio.to_thread(pipe.recv) != "ready":
        raise SystemExit("the map clients' sockets did not open")
    await asyncio.sleep(1)
    pids = server_pids(proc.pid)
    own = [os.getpid(), listeners.pid]  # the bench client: the phones and the map clients
    db_pids = await asyncio.to_thread(database_pids)
    cpu0, t0, own0, db0 = cpu_seconds(pids), time.time(), cpu_seconds(own), cpu_by_pid(db_pids)
    start_seq = await asyncio.to_thread(max_seq)
    stop_at = time.time() + seconds
    await asyncio.gather(*[phone(rid, session, stop_at) for rid, _, session in people])
    cpu1, t1, own1 = cpu_seconds(pids), time.time(), cpu_seconds(own)
    # Backends opened during the run (the pools grow) count from their start; the others from t0.
    db_pids = await asyncio.to_thread(database_pids)
    db1 = cpu_seconds(db_pids)
    await asyncio.sleep(2.0)  # the latest of every responder must have arrived by now
    stop.set()
    pipe.send("stop")
    heard = await asyncio.to_thread(pipe.recv)
    listeners.join(10)
    await asyncio.gather(vacuum, return_exceptions=True)
    return {"received": heard["received"], "reloads": heard["reloads"], "http_times": http_times, "statuses": statuses,
            "sent": sent[0], "accepted": accepted[0], "cpu": (cpu1 - cpu0) / (t1 - t0),
            "own_cpu": (own1 - own0) / (t1 - t0), "db_cpu": (db1 - cpu_seconds_at(db0, db_pids)) / (t1 - t0),
            "start_seq": start_seq, "wall": t1 - t0}


DB_URL = None
VACUUMED = ("onemap_responderposition", "django_session", "onemap_responder", "auth_user", "auth_user_groups")
VACUUM_EVERY = 10  # seconds


async def vacuuming(stop: asyncio.Event) -> None:
    """What autovacuum does in any deployment, which this machine's PostgreSQL has off (its CI
    configuration): the latest-position table gets a new row version per sample (the geometry is
    indexed, so no HOT update), ~1,000 a second. Unvacuumed, 1,000 rows grew to 700,000 dead
    versions over a few runs and every upsert and layer read walked them. Vacuumed once before
    the run and every VACUUM_EVERY seconds during it, on a connection counted as the database's."""
    import psycopg

    async with await psycopg.AsyncConnection.connect(
            urlunsplit(urlsplit(DB_URL)._replace(scheme="postgresql")), autocommit=True) as conn:
        while True:
            for table in VACUUMED:
                await conn.execute(f'VACUUM (ANALYZE) "{table}"')
            try:
                await asyncio.wait_for(stop.wait(), VACUUM_EVERY)
                return
            except TimeoutError:
                continue


def _connect():
    import psycopg

    return psycopg.connect(urlunsplit(urlsplit(DB_URL)._replace(scheme="postgresql")))


def database_pids() -> list[int]:
    """The PostgreSQL backends serving the bench database (the server's pool and LISTEN sessions)."""
    with _connect() as conn:
        return [row[0] for row in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")]


def max_seq() -> int:
    with _connect() as conn:
        return conn.execute("SELECT coalesce(max(id), 0) FROM audit_auditentry").fetchone()[0]


def audit_entries(start_seq: int) -> tuple[dict[int, tuple[float, float]], dict[int, int]]:
    """(recorded_at, written at) (epoch) of the sample each seq announces -- `at` is the audit
    trigger's clock_timestamp(), so a latency splits into sample -> row written (HTTP, queue,
    group commit) and row written -> socket (commit, NOTIFY, hub, frame); the last seq of each
    latest-position row."""
    announced, last = {}, {}
    with _connect() as conn:
        rows = conn.execute(
            "SELECT id, row_pk::bigint, changes->'recorded_at'->>'new', extract(epoch FROM at) FROM audit_auditentry "
            "WHERE table_name = 'onemap_responderposition' AND id > %s ORDER BY id", [start_seq]).fetchall()
    for seq, row, recorded, written in rows:
        if recorded:
            announced[seq] = (datetime.fromisoformat(recorded).timestamp(), float(written))
        last[row] = seq
    return announced, last


def main() -> None:
    global DB_URL
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responders", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=1.0, help="samples per second per responder")
    parser.add_argument("--database", default="onemap_bench_positions")
    parser.add_argument("--skip-migrate", action="store_true")
    parser.add_argument("--baseline-seconds", type=float, default=0,
                        help="first run this long with the group-commit path off, and print ratios to it")
    args = parser.parse_args()
    DB_URL = database_url(args.database)
    env = {**os.environ, "DATABASE_URL": DB_URL, "DJANGO_SETTINGS_MODULE": "geo_api.settings.local",
           "CHANNELS_PREFIX": "bench-positions", "CACHE_PREFIX": "bench-positions"}
    if not args.skip_migrate:
        ensure_database(DB_URL, env)
    people, commanders = ensure_people(env, args.responders, args.clients)
    print(f"{len(people)} responders, {len(commanders)} commanders")
    baseline = None
    if args.baseline_seconds:
        print("baseline: group commit off (every sample through Django and DRF) ...")
        baseline = measure({**env, "ONEMAP_POSITIONS_GROUP_COMMIT": "0"}, people, commanders, args.baseline_seconds,
                           args.rate)
        print(json.dumps(baseline, ensure_ascii=False))
    print("group commit on ...")
    figures = measure(env, people, commanders, args.seconds, args.rate)
    if baseline:
        figures["ratio_to_baseline"] = {
            key: round(figures[key] / baseline[key], 2) if baseline[key] else None
            for key in ("samples_per_s", "http_ms_p50", "latency_ms_p95", "server_cpu_ms_per_sample")}
    print(json.dumps(figures, ensure_ascii=False, indent=1))


def measure(env, people, commanders, seconds, rate) -> dict:
    port = free_port()
    load_before = Path("/proc/loadavg").read_text().split()[0]
    proc = start_server(env, port)
    try:
        result = asyncio.run(run(port, people, commanders, seconds, rate, proc), loop_factory=loop_factory())
    finally:
        # uvicorn re-raises the signal it stopped on: SIGINT ends cProfile with its file written.
        proc.send_signal(signal.SIGINT) if os.environ.get("BENCH_PROFILE") else proc.terminate()
        proc.wait(10)
    result["load"] = f"{load_before} -> {Path('/proc/loadavg').read_text().split()[0]}"
    figures = report(result, *audit_entries(result["start_seq"]), len(people), len(commanders), seconds)
    if any(str(code).startswith("5") or code == 0 for code in figures["http_status"]):
        print(f"server errors: see {SERVER_LOG}")
    return figures


if __name__ == "__main__":
    main()
