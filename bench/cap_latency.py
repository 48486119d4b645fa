"""CAP latency benchmark: a weather warning pushed by the city bureau's system → the change seen on
a wall's live socket. Prints p50/p95/max over N messages (target p95 < 2 s).

  .venv/bin/python bench/cap_latency.py [--messages 50]

The server is uvicorn as the benchmarks start it (bench/server.py: `make run`'s command line with one
worker, local settings, the dev database DATABASE_URL, default `onemap`). The bench creates an agency account with a write token
and a push grant for `weather-warnings`, opens an anonymous socket on /ws/changes/?layers=warnings
(warnings are public, so this is what a wall sees), then, one message at a time, POSTs a CAP 1.2
alert to /api/feeds/weather-warnings/messages/ and waits for the socket frame that carries the
new warning's id. The clock runs from just before the POST to the frame's arrival: storing the raw
message, parsing, applying, the audit trigger's NOTIFY, the hub and the socket. Afterwards the
bench's warnings, messages and account are deleted.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

print = functools.partial(print, flush=True)  # noqa: A001
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_api.settings.local")

from bench.server import free_port, start_server  # noqa: E402,F401


def start(env, port):
    """bench/server.py's uvicorn command line; ready once /api/feeds/ answers (its first answer
    can take longer than start_server's 2 s read timeout while Django warms up)."""
    import subprocess

    import requests

    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "uvicorn"), "geo_api.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1", "--log-level", "warning", "--no-access-log"], cwd=ROOT, env=env)
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit("the server exited")
        try:
            requests.get(f"http://127.0.0.1:{port}/api/feeds/", timeout=30)
            return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")

CST = ZoneInfo("Asia/Shanghai")
BENCH_ORG = "999"  # GB/T 35965.1 org code of the bench's alerts: 310105 999 nnn 00
AGENCY = "bench-cap-agency"
# A 1 km square in the middle of Changning (lon, lat), closed.
SQUARE = [(121.40, 31.21), (121.41, 31.21), (121.41, 31.219), (121.40, 31.219), (121.40, 31.21)]


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def setup_agency() -> str:
    import django

    django.setup()
    from django.contrib.auth.models import Group, User

    from etl.feeds.models import FeedGrant
    from geo_api.accounts.services import token_create

    user, _ = User.objects.get_or_create(username=AGENCY)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name="external_agency"))
    FeedGrant.objects.get_or_create(feed="weather-warnings", user=user)
    return token_create(owner=user, created_by=user, name="cap latency bench", scopes=["read", "write"],
                        expires_in_days=1)[1]


def cleanup() -> None:
    from django.contrib.auth.models import User

    from etl.feeds.models import FeedMessage, FeedRecord
    from geo_api.accounts.models import ApiToken
    from geo_api.warnings.models import Warning

    bench = Warning.objects.filter(identifier__startswith=f"310105{BENCH_ORG}")
    ids = list(bench.values_list("source_message_id", flat=True))
    bench.delete()
    FeedRecord.objects.filter(feed="weather-warnings", source_id__contains=f",310105{BENCH_ORG}").delete()
    FeedMessage.objects.filter(pk__in=[i for i in ids if i]).delete()
    FeedMessage.objects.filter(received_by__username=AGENCY).delete()
    ApiToken.objects.filter(owner__username=AGENCY).delete()
    User.objects.filter(username=AGENCY).delete()


def alert(n: int, run: datetime) -> tuple[str, str]:
    from etl.feeds.simulators.weather_warnings import cap_alert

    sent = run + timedelta(seconds=n)
    ident = f"310105{BENCH_ORG}{n:03d}00_{sent.astimezone(CST):%Y%m%d%H%M%S}_{n % 10}"
    return ident, cap_alert(ident=ident, sent=sent, event="大风", code="11B06", level=4,
                            expires=sent + timedelta(minutes=30),
                            areas=[{"desc": "长宁区中部（基准测试）", "polygons": [SQUARE]}])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for one frame")
    args = parser.parse_args()

    import requests
    from websockets.sync.client import connect

    key = setup_agency()
    port = free_port()
    env = {**os.environ, "ONEMAP_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    server = start(env, port)
    base = f"http://127.0.0.1:{port}"
    latencies, missed = [], 0
    run = datetime.now(CST).replace(microsecond=0)
    from geo_api.warnings.models import Warning

    try:
        with connect(f"ws://127.0.0.1:{port}/ws/changes/?layers=warnings", origin=base, open_timeout=10) as socket:
            session = requests.Session()
            session.headers.update({"Authorization": f"Bearer {key}", "Content-Type": "application/cap+xml"})
            for n in range(args.messages):
                ident, xml = alert(n, run)
                t0 = time.perf_counter()
                response = session.post(f"{base}/api/feeds/weather-warnings/messages/", data=xml.encode("utf-8"))
                if response.status_code != 202:
                    raise SystemExit(f"message {n}: HTTP {response.status_code} {response.text[:300]}")
                warning_id = Warning.objects.get(identifier=ident).pk
                deadline = t0 + args.timeout
                seen = False
                while not seen and time.perf_counter() < deadline:
                    try:
                        frame = json.loads(socket.recv(timeout=max(0.01, deadline - time.perf_counter())))
                    except TimeoutError:
                        break
                    seen = any(c.get("layer") == "warnings" and str(c.get("id")) == str(warning_id)
                               for c in frame.get("changes", []))
                if seen:
                    latencies.append((time.perf_counter() - t0) * 1000)
                else:
                    missed += 1
    finally:
        server.terminate()
        server.wait(timeout=10)
        cleanup()

    if not latencies:
        raise SystemExit("no warning reached the socket")
    p50, p95 = statistics.median(latencies), pct(latencies, 95)
    print(f"CAP message → wall socket, {len(latencies)} of {args.messages} messages seen ({missed} missed), "
          f"one uvicorn worker (bench/server.py)")
    print(f"latency ms: p50 {p50:.0f} · p95 {p95:.0f} · max {max(latencies):.0f} · min {min(latencies):.0f}")
    print(f"target p95 < 2000 ms: {'met' if p95 < 2000 and not missed else 'NOT met'}")


if __name__ == "__main__":
    main()
