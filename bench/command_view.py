"""Command view benchmark: time to first idle of /command/{id}/ against the wall (/), in the same run,
the same browser and the same database, at 1920×1080 and 3840×1080 (headless Debian Chromium,
software WebGL through SwiftShader). Target (issue 10): the command view within 1.2× of the wall.

  .venv/bin/python bench/command_view.py [--runs 3] [--sizes 1920x1080,3840x1080]

"First idle" is the map's first `idle` event after its onLoad settled (map_client/src/core/map.js),
in ms since navigation (performance.now() in the page). Both pages are signed in as the demo
commander (ONEMAP_BENCH_USER / ONEMAP_BENCH_PASSWORD to change), so the wall draws every layer the
commander may read. The database is BENCH_DATABASE_URL (default: onemap_bench_command, made, migrated
and loaded with the demo data the first time). Page loads alternate wall / command, the first of
each size with a cold tile cache (a new browser context every load).
"""
from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

print = functools.partial(print, flush=True)  # noqa: A001
ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT))
from bench.map_wall import CHROMIUM, CHROMIUM_ARGS, ensure_client  # noqa: E402
from bench.server import free_port  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgis://postgres@127.0.0.1:5432/onemap_bench_command")
TARGET = 1.2


def start_server(env, port, timeout=180):
    """One uvicorn worker (ASGI, as bench/server.py starts it), waited for patiently: on a busy
    machine the first answer (imports, the layer registry) can take longer than a request timeout."""
    import requests

    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "uvicorn"), "geo_api.asgi:application", "--host", "127.0.0.1",
                             "--port", str(port), "--workers", "1", "--log-level", "warning", "--no-access-log"],
                            cwd=ROOT, env=env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited")
        try:
            requests.get(f"http://127.0.0.1:{port}/api/layers/", timeout=10)
            return proc
        except requests.RequestException:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start")


def manage(*args, env):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(env) -> int:
    """Creates, migrates and fills the benchmark database once; returns the event to command."""
    url = BENCH_DB.replace("postgis:", "postgresql:")
    admin, name = url.rsplit("/", 1)[0] + "/postgres", url.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput", "-v", "0", env=env)
    with psycopg.connect(url) as conn:
        if not conn.execute("SELECT count(*) FROM onemap_shelter").fetchone()[0]:
            print(f"loading the demo data into {name} (once) ...")
            manage("load_demo_data", env=env)
            manage("create_demo_accounts", env=env)
        row = conn.execute("SELECT id FROM layer_events WHERE status IN ('responding', 'verified', 'reported') "
                           "ORDER BY severity, id LIMIT 1").fetchone()
    if row is None:
        raise SystemExit("the demo data has no open event to command")
    return row[0]


# Every request the page made up to its first idle: path, start and end (ms since navigation).
NETWORK_LOG = """() => performance.getEntriesByType('resource')
  .filter((e) => e.startTime <= window.onemapTestHook.idleAt)
  .map((e) => ({ path: new URL(e.name).pathname + new URL(e.name).search, start: e.startTime, end: e.responseEnd }))"""

# What was drawn at first idle, by source (registry layers are vector-tile sources named by layer id).
DRAWN_BY_SOURCE = """() => window.onemapTestHook.map.queryRenderedFeatures()
  .reduce((n, f) => ({ ...n, [f.source]: (n[f.source] || 0) + 1 }), {})"""


def duplicates(network) -> list[str]:
    """Addresses fetched more than once before the first idle (a wasted round trip each)."""
    seen = {}
    for r in network:
        seen[r["path"]] = seen.get(r["path"], 0) + 1
    return [f"{path} ×{n}" for path, n in seen.items() if n > 1]


def api_requests(network) -> str:
    """The page's own API calls (not tiles, scripts or fonts), in order, with when they ran."""
    calls = [r for r in network if r["path"].startswith("/api/") and "/tiles/" not in r["path"]]
    return ", ".join(f"{r['path'].split('?')[0]} {r['start']:.0f}–{r['end']:.0f}" for r in calls)


def tiles_by_layer(urls) -> dict:
    """{"layer zN": count} from .../collections/<layer>/tiles/WebMercatorQuad/<z>/<y>/<x> addresses."""
    counts, distinct = {}, {}
    for url in urls:
        parts = url.split("?")[0].split("/")
        if "collections" in parts and len(parts) >= 4:
            key = f"{parts[parts.index('collections') + 1]} z{parts[-3]}"
            counts[key] = counts.get(key, 0) + 1
            distinct.setdefault(key, set()).add(url)
    return {k: f"{n}" if n == len(distinct[k]) else f"{n} ({len(distinct[k])} distinct)" for k, n in counts.items()}


def panels_filled(page, timeout=60) -> dict | None:
    """On the command view: when its panels were filled (ms since navigation), waited for after the
    first idle since the board, cameras and stock are asked for then; None on the wall."""
    if not page.evaluate("!!window.onemapTestHook.command"):
        return None
    deadline = time.monotonic() + timeout
    done = "(s => (s.boardLoads > 0 || s.boardMissing) && s.cameras && s.nearby)(window.onemapTestHook.command.state)"
    while not page.evaluate(done) and time.monotonic() < deadline:
        time.sleep(0.05)
    return page.evaluate("window.onemapTestHook.command.state.filledAt")


def first_idle(browser, base, path, width, height, user, password) -> dict:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.add_init_script("window.onemapTestHook = {}")  # the opt-in test hook (src/core/test-hook.js)
    tiles = []  # vector tiles are fetched by MapLibre's workers: not in the page's resource timing
    context.on("request", lambda r: tiles.append(r.url) if "/tiles/" in r.url else None)
    page = context.new_page()
    # Signed in towards the icon, not the wall: a wall loading its tiles while the measured page
    # starts would slow whichever page comes next.
    page.goto(f"{base}/accounts/login/?next=/favicon.ico")
    page.fill("#id_username", user)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    tiles.clear()
    t0 = time.monotonic()
    page.goto(f"{base}{path}")
    deadline = time.monotonic() + 300
    while not page.evaluate("window.onemapTestHook && window.onemapTestHook.idle === true"):
        if time.monotonic() > deadline:
            raise SystemExit(f"{path} at {width}x{height} never became idle")
        time.sleep(0.05)
    tiles_at_idle = len(tiles)
    out = {"idle_ms": page.evaluate("window.onemapTestHook.idleAt"), "wall_s": time.monotonic() - t0,
           "timings": page.evaluate("window.onemapTestHook.timings"),
           "drawn": page.evaluate("window.onemapTestHook.map.queryRenderedFeatures().length"),
           "by_source": page.evaluate(DRAWN_BY_SOURCE),
           "html_ms": page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd"),
           "network": page.evaluate(NETWORK_LOG)}
    out["filled"] = panels_filled(page)
    out["requests"] = len(out["network"])
    out["tiles"] = tiles_at_idle
    out["tiles_by_layer"] = tiles_by_layer(tiles[:tiles_at_idle])
    context.close()
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads of each page at each size")
    parser.add_argument("--sizes", default="1920x1080,3840x1080")
    args = parser.parse_args()
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",")]
    user = os.environ.get("ONEMAP_BENCH_USER", "commander")
    password = os.environ.get("ONEMAP_BENCH_PASSWORD", "onemap-demo-2026")

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "geo_api.settings.local", "DATABASE_URL": BENCH_DB}
    ensure_client()
    event_id = prepare_database(env)
    results = {}
    with tempfile.TemporaryDirectory(prefix="onemap-bench-") as var:
        env["ONEMAP_VAR_DIR"] = var
        manage("collectstatic", "--noinput", "-v", "0", env=env)
        port = free_port()
        server = start_server(env, port)
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                version = browser.version
                base = f"http://127.0.0.1:{port}"
                for width, height in sizes:
                    for i in range(args.runs):
                        for name, path in (("wall", "/"), ("command", f"/command/{event_id}/")):
                            r = first_idle(browser, base, path, width, height, user, password)
                            results.setdefault((width, height, name), []).append(r)
                            print(f"  {width}x{height} {name:7s} run {i + 1}/{args.runs}: first idle {r['idle_ms']:.0f} ms, "
                                  f"{r['drawn']} features drawn, {r['requests']} requests, {r['tiles']} tiles")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)

    print(f"Command view vs wall: time to first idle, {args.runs} loads each, event {event_id}, signed in as {user}, "
          f"Chromium {version} (SwiftShader), {os.cpu_count()} CPUs")
    for width, height in sizes:
        wall = statistics.median(r["idle_ms"] for r in results[(width, height, "wall")])
        command = statistics.median(r["idle_ms"] for r in results[(width, height, "command")])
        ratio = command / wall
        print(f"{width}x{height}: wall {wall:.0f} ms, command view {command:.0f} ms, ratio {ratio:.2f}x "
              f"({'within' if ratio <= TARGET else 'over'} the {TARGET}x target)")
        for name in ("wall", "command"):
            runs = results[(width, height, name)]
            print(f"    {name:7s} vector tiles requested up to the first idle: {statistics.median(r['tiles'] for r in runs):.0f} (median); "
                  f"last load: {', '.join(f'{k} {v}' for k, v in sorted(runs[-1]['tiles_by_layer'].items()))}")
            med = {k: statistics.median(r["timings"][k] for r in runs) for k in ("created", "load", "ready", "idle")}
            print(f"    {name:7s} medians: map created {med['created']:.0f} ms, style loaded {med['load']:.0f} ms, "
                  f"onLoad done {med['ready']:.0f} ms, idle {med['idle']:.0f} ms; {runs[-1]['drawn']} features drawn, "
                  f"{runs[-1]['requests']} requests")
            last = runs[-1]["network"]
            drawn = sorted(runs[-1]["by_source"].items(), key=lambda kv: -kv[1])
            print(f"      drawn by source: {', '.join(f'{k} {v}' for k, v in drawn)}")
            print(f"      page HTML answered at {statistics.median(r['html_ms'] for r in runs):.0f} ms (median)")
            if runs[-1]["filled"] is not None:
                # Panels filled after the first idle (the board, cameras and stock are asked for then).
                print(f"      last load's panels filled at (ms): "
                      f"{', '.join(f'{k} {v:.0f}' for k, v in sorted(runs[-1]['filled'].items(), key=lambda kv: kv[1]))}")
            print(f"      last load's API calls (ms): {api_requests(last) or 'none'}")
            print(f"      fetched twice before idle: {', '.join(duplicates(last)) or 'nothing'}")


if __name__ == "__main__":
    sys.exit(main())
