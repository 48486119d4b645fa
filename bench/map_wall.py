"""Map wall benchmark: the wall (/) with the full demo data of the dev database plus 1,000 points
moving at 1 Hz, in headless Chromium (Debian's, software WebGL through SwiftShader).

Prints the time to the map's first `idle` (page navigation to every visible tile and label drawn)
and, per 1 Hz update tick of the 1,000 points (one `updateData` diff on a GeoJSON source), the JS
time of the tick and the time until the map is idle again.

  .venv/bin/python bench/map_wall.py [--seconds 30] [--points 1000] [--size 1920x1080] [--runs 3]

Anonymous by default (public layers: streets, shelters, warehouses, warnings). To load every
layer, sign in as a user of your dev database: ONEMAP_BENCH_USER=... ONEMAP_BENCH_PASSWORD=...
The server is uvicorn (ASGI, so the live-changes socket is real) on a free port, with static files
collected into a temporary directory; the database is DATABASE_URL (default: the dev `onemap`).
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


print = functools.partial(print, flush=True)  # noqa: A001
ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT))
from bench.server import free_port, start_server  # noqa: E402
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

TICK = """async () => {
  const map = window.onemapTestHook.map;
  const t0 = performance.now();
  const sizes = window.onemapTestHook.simulator.tick();
  const js = performance.now() - t0;
  const settled = await new Promise((resolve) => {
    map.once('idle', () => resolve(true));
    setTimeout(() => resolve(false), 5000);
  });
  return { js, idle: performance.now() - t0, updated: sizes.update, settled };
}"""


def ensure_client() -> None:
    if not (ROOT / "map_client" / "dist" / ".vite" / "manifest.json").exists():
        print("building the map client ...")
        subprocess.run(["npm", "ci"], cwd=ROOT / "map_client", check=True)
        subprocess.run(["npm", "run", "build"], cwd=ROOT / "map_client", check=True)


def ensure_data(env) -> dict:
    import psycopg

    url = env.get("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/onemap").replace("postgis:", "postgresql:")
    layers = ["districts", "shelters", "warehouses", "warnings", "resources", "hazards", "enterprises",
              "cameras", "events", "personnel_positions"]
    counts = {}
    with psycopg.connect(url) as conn:
        for layer in layers:
            try:
                counts[layer] = conn.execute(f'SELECT count(*) FROM "layer_{layer}"').fetchone()[0]
            except psycopg.Error:
                conn.rollback()
                counts[layer] = None
    if not counts.get("shelters"):
        print("no demo data in the database: manage.py load_demo_data ...")
        subprocess.run([PY, "manage.py", "load_demo_data"], cwd=ROOT, env=env, check=True)
        return ensure_data(env)
    return counts




def wait(page, expression, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {expression}")


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_once(browser, base, args, width, height, user, password):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    # The page publishes its map to this opt-in hook only (map_client/src/core/test-hook.js).
    context.add_init_script("window.onemapTestHook = {}")
    page = context.new_page()
    if user:
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", user)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
    t0 = time.monotonic()
    page.goto(f"{base}/")
    wait(page, "window.onemapTestHook.idle === true")
    wall_s = time.monotonic() - t0
    in_page_ms = page.evaluate("window.onemapTestHook.idleAt")
    timings = page.evaluate("window.onemapTestHook.timings")
    drawn = page.evaluate("window.onemapTestHook.map.queryRenderedFeatures().length")
    page.evaluate(f"window.onemapTestHook.simulator.simulate({args.points})")
    wait(page, f"window.onemapTestHook.map.querySourceFeatures('live-points').length >= {args.points} * 0.9")
    ticks = []
    next_at = time.monotonic()
    for _ in range(args.seconds):
        next_at += 1.0
        ticks.append(page.evaluate(TICK))
        time.sleep(max(0.0, next_at - time.monotonic()))
    live_drawn = page.evaluate("window.onemapTestHook.map.queryRenderedFeatures({layers: ['live-points']}).length")
    unsettled = sum(1 for t in ticks if not t["settled"])
    if unsettled:
        print(f"  {unsettled} ticks did not reach idle within 5 s")
    context.close()
    return {"timings": timings, "idle_ms": in_page_ms, "wall_s": wall_s, "drawn": drawn, "ticks": ticks, "live_drawn": live_drawn}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=30, help="1 Hz ticks per run")
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--runs", type=int, default=3, help="page loads (first one with a cold tile cache)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    user, password = os.environ.get("ONEMAP_BENCH_USER"), os.environ.get("ONEMAP_BENCH_PASSWORD", "")

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "geo_api.settings.local"}
    ensure_client()
    counts = ensure_data(env)
    with tempfile.TemporaryDirectory(prefix="onemap-bench-") as var:
        env["ONEMAP_VAR_DIR"] = var
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        port = free_port()
        env["ONEMAP_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
        server = start_server(env, port)
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                results = []
                for i in range(args.runs):
                    results.append(run_once(browser, f"http://127.0.0.1:{port}", args, width, height, user, password))
                    print(f"  run {i + 1}/{args.runs}: first idle {results[-1]['idle_ms']:.0f} ms")
                version = browser.version
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)

    print(f"Map wall benchmark: {width}x{height}, {args.points} moving points at 1 Hz for {args.seconds} s, "
          f"{args.runs} page loads, Chromium {version} (SwiftShader), {'signed in as ' + user if user else 'anonymous'}")
    print("demo data rows: " + ", ".join(f"{k}={v}" for k, v in counts.items() if v is not None))
    for i, r in enumerate(results, 1):
        js = [t["js"] for t in r["ticks"]]
        idle = [t["idle"] for t in r["ticks"]]
        print(f"run {i}: first idle {r['idle_ms']:.0f} ms after navigation ({r['wall_s']:.2f} s wall clock), "
              f"{r['drawn']} features drawn; tick: JS p50 {statistics.median(js):.1f} ms / p95 {pct(js, 95):.1f} ms, "
              f"to idle p50 {statistics.median(idle):.1f} ms / p95 {pct(idle, 95):.1f} ms / max {max(idle):.1f} ms; "
              f"{r['live_drawn']} live points drawn")
        t = r["timings"]
        print(f"       map created {t['created']:.0f} ms, style and first tiles loaded {t['load']:.0f} ms, "
              f"label points in {t['ready']:.0f} ms, idle {t['idle']:.0f} ms")
    all_idle = [t["idle"] for r in results for t in r["ticks"]]
    all_js = [t["js"] for r in results for t in r["ticks"]]
    print(f"summary: time to first idle median {statistics.median(r['idle_ms'] for r in results):.0f} ms "
          f"(cold {results[0]['idle_ms']:.0f} ms); per update tick of {args.points} points: "
          f"{statistics.median(all_js):.1f} ms JS, {statistics.median(all_idle):.1f} ms to idle (p95 {pct(all_idle, 95):.1f} ms)")


if __name__ == "__main__":
    sys.exit(main())
