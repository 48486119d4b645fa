"""The app under uvicorn on a free loopback port, for the benchmarks."""
import socket
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env, port, ready_path="/api/layers/"):
    """One uvicorn worker (ASGI: the live-changes socket is real); returns once it answers."""
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "uvicorn"), "geo_api.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1", "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, env=env,
    )
    for _ in range(150):
        if proc.poll() is not None:
            raise SystemExit("the server exited")
        try:
            requests.get(f"http://127.0.0.1:{port}{ready_path}", timeout=2)
            return proc
        except requests.ConnectionError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")
