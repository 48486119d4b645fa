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


def full_cost_account(name):
    """A real account with a full-cost hash (Django's default iterations), as in production."""
    user = User.objects.create_user(name)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save()
    return user


def burst(served, tile, auth, attempt):
    """100 bad sign-ins at once (made-up names, and wrong passwords for a full-cost account of its
    own, so a second burst is as costly as the first: the lockout counts per name and address);
    returns their statuses, the good user's median tile latency before and during it."""
    victim = full_cost_account(f"victim{attempt}")
    idle = statistics.median(tile_latencies(tile, auth, 30))
    statuses = []
    barrier = threading.Barrier(100)

    def attacker(i):
        barrier.wait()
        name, password = (f"ghost{attempt}-{i}", "guess") if i % 4 else (victim.username, f"guess{i}")
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
    return statuses, idle, statistics.median(during), victim


def test_bad_basic_burst_leaves_tiles_fast_for_others(served):
    data = factories.one_of_each()
    good = User.objects.create_user("gis_good", password=PASSWORD)
    good.groups.add(Group.objects.get(name="commander"))

    point = data["personnel_positions"].geom
    z = 15
    x, y = tile_of(point.x + 1e-6, point.y - 1e-6, z)
    tile = f"{served.url}/ogc/collections/personnel_positions/tiles/WebMercatorQuad/{z}/{y}/{x}"
    auth = basic("gis_good", PASSWORD)
    tile_latencies(tile, auth, 10)  # warm up: credentials remembered by the workers, caches filled

    # Best of two bursts: the other test worker shares the two cores, and one of its browser tests
    # can double a 15 ms tile on its own. A server the burst really slows (a pooled connection or the
    # event loop held through each full-cost hash) is slow in both, by far more than 2x.
    ratios = []
    for attempt in (1, 2):
        statuses, idle, during, victim = burst(served, tile, auth, attempt)
        assert len(statuses) == 100 and set(statuses) <= {401, 429}, sorted(set(statuses))
        ratios.append((during / idle, during, idle))
        print(f"tile latency idle {idle * 1000:.1f} ms, under burst {attempt} x{during / idle:.2f}")
        # The lockout holds for the real account, and the server still answers the good user at once.
        assert fetch(f"{served.url}/ogc/collections/personnel_positions/items?f=json",
                     basic(victim.username, PASSWORD))[0] == 429
        assert fetch(tile, auth)[0] in (200, 204)
        if ratios[-1][0] <= 2.0:
            break
    ratio, during, idle = min(ratios)
    assert ratio <= 2.0, f"tile latency {during * 1000:.1f} ms under the burst vs {idle * 1000:.1f} ms idle (x{ratio:.2f})"
