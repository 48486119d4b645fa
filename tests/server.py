"""The platform as users run it, for tests that need a real server: the Procfile's `web` line
(uvicorn, geo_api.asgi:application, local settings, the psycopg pool, the Redis channel layer,
WhiteNoise serving the collected client) started in a subprocess on a free port.

The server is another process: it sees only committed rows (use transactional tests), and it
holds its own caches. Users created by the tests are verifiable by it because the test settings
hash passwords with PBKDF2 (few iterations; QuickPBKDF2PasswordHasher below)."""
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from django.contrib.auth.hashers import PBKDF2PasswordHasher

BASE_DIR = Path(__file__).resolve().parents[1]
PY = str(BASE_DIR / ".venv" / "bin" / "python")


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """pbkdf2_sha256 with 1000 iterations: cheap in tests, and a real server (any settings)
    verifies it, since the iteration count is stored in the hash."""

    iterations = 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile_command(name: str) -> str:
    for line in (BASE_DIR / "Procfile").read_text().splitlines():
        match = re.match(rf"^{name}:\s*(.+)$", line)
        if match:
            return match.group(1)
    raise LookupError(f"The Procfile has no {name!r} process")


def database_url(name: str) -> str:
    url = os.environ.get("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/onemap")
    return url.rsplit("/", 1)[0] + "/" + name


def server_env(db_name: str, **extra) -> dict:
    """What `make run` gives its processes, pointed at `db_name`; Redis keys kept apart from
    other servers on the same Redis (parallel test runs)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW_ASYNC"))}
    tag = uuid.uuid4().hex[:10]
    env.update({
        "DJANGO_SETTINGS_MODULE": "geo_api.settings.local", "DATABASE_URL": database_url(db_name),
        "CHANNELS_PREFIX": f"test-{tag}", "CACHE_PREFIX": f"test-{tag}", "PYTHONUNBUFFERED": "1",
        # Rows change from one test to the next: a collection's extent is measured each time.
        "ONEMAP_EXTENT_TTL": "0",
    })
    env.update(extra)
    return env


class Server:
    """One platform server; `url` is http://127.0.0.1:<port>."""

    def __init__(self, db_name: str, workers: int = 2, **env):
        self.db_name = db_name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.var_dir = tempfile.mkdtemp(prefix="onemap-served-")
        self.env = server_env(db_name, HOST="127.0.0.1", PORT=str(self.port), WORKERS=str(workers),
                              ONEMAP_VAR_DIR=self.var_dir, **env)
        self.log_path = Path(self.var_dir) / "server.log"
        self.process = None

    def manage(self, *args, timeout=300):
        """Runs manage.py as `make` does, against this server's database and settings."""
        result = subprocess.run([PY, "manage.py", *args], cwd=BASE_DIR, env=self.env, capture_output=True,
                                text=True, timeout=timeout)
        assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def start(self, timeout=60):
        # WhiteNoise serves what collectstatic gathered, as under `make run` (into this server's own
        # STATIC_ROOT, so parallel runs do not write over each other).
        self.manage("collectstatic", "--noinput")
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(["/bin/sh", "-c", procfile_command("web")], cwd=BASE_DIR, env=self.env,
                                        stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/api/layers/", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:] if self.log_path.exists() else ""

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()


def start_process(command: list[str], env: dict, log_path: Path) -> subprocess.Popen:
    """A Celery worker or beat for a test, in its own process group (killed by stop_process)."""
    log = open(log_path, "wb")
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop_process(process: subprocess.Popen):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
