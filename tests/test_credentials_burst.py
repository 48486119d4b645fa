"""A burst of bad HTTP Basic sign-ins against the platform as `make run` serves it (uvicorn,
local settings, the psycopg pool): nobody gets a 500, and a good user's tiles stay as fast as
when the server is idle (within 2×, measured as a ratio here, not as an absolute time).

The burst mixes what was seen in the probe: made-up user names (which used to hold a pooled
connection through a full-cost PBKDF2 check each and starved the pool) and wrong passwords for a
real account with a full-cost hash."""
import base64
import statistics
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group, User

from tests import factories
from tests.helpers import tile_of

pytestmark = [pytest.mark.clients, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def fetch(url, authorization):
    request = urllib.request.Request(url, headers={"Authorization": authorization})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return status, time.perf_counter() - started


def tile_latencies(url, authorization, count):
    results = [fetch(url, authorization) for _ in range(count)]
    assert {status for status, _ in results} <= {200, 204}, results
    return [seconds for _, seconds in results]


def test_bad_basic_burst_leaves_tiles_fast_for_others(served):
    data = factories.one_of_each()
    good = User.objects.create_user("gis_good", password=PASSWORD)
    good.groups.add(Group.objects.get(name="commander"))
    # A real account with a full-cost hash (Django's default iterations), as in production.
    victim = User.objects.create_user("victim")
    victim.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    victim.save()

    point = data["personnel_positions"].geom
    z = 15
    x, y = tile_of(point.x + 1e-6, point.y - 1e-6, z)
    tile = f"{served.url}/ogc/collections/personnel_positions/tiles/WebMercatorQuad/{z}/{y}/{x}"
    auth = basic("gis_good", PASSWORD)
    tile_latencies(tile, auth, 10)  # warm up: credentials remembered by the workers, caches filled
    idle = statistics.median(tile_latencies(tile, auth, 30))

    statuses = []
    barrier = threading.Barrier(100)

    def attacker(i):
        barrier.wait()
        name, password = (f"ghost{i}", "guess") if i % 4 else ("victim", f"guess{i}")
        statuses.append(fetch(f"{served.url}/ogc/collections/personnel_positions/items?f=json",
                              basic(name, password))[0])

    threads = [threading.Thread(target=attacker, args=(i,)) for i in range(100)]
    for thread in threads:
        thread.start()
    during = []
    while any(thread.is_alive() for thread in threads) or len(during) < 30:
        during += tile_latencies(tile, auth, 1)
    for thread in threads:
        thread.join()

    assert len(statuses) == 100 and set(statuses) <= {401, 429}, sorted(set(statuses))
    ratio = statistics.median(during) / idle
    print(f"tile latency idle {idle * 1000:.1f} ms, under the burst ×{ratio:.2f} ({len(during)} tiles)")
    assert ratio <= 2.0, f"tile latency {statistics.median(during) * 1000:.1f} ms under the burst vs " \
                         f"{idle * 1000:.1f} ms idle (×{ratio:.2f})"
    # The lockout holds for the real account, and the server still answers the good user at once.
    assert fetch(f"{served.url}/ogc/collections/personnel_positions/items?f=json",
                 basic("victim", PASSWORD))[0] == 429
    assert fetch(tile, auth)[0] in (200, 204)
