"""The test suite: `make test`."""
import os

from .base import *  # noqa: F401,F403
from .base import CACHES, DATABASES

DATABASES["default"]["TEST"] = {"NAME": os.environ.get("ONEMAP_TEST_DB", "test_onemap")}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Tests hold one connection per thread inside a transaction; a pool adds nothing there.
DATABASES["default"]["OPTIONS"].pop("pool", None)
# Cheap PBKDF2 (1000 iterations): fast tests, and hashes a real server verifies (tests/server.py).
PASSWORD_HASHERS = ["tests.server.QuickPBKDF2PasswordHasher"]
# Each test database has its own cache keys (sign-in budgets), so parallel runs stay apart.
CACHES["default"]["KEY_PREFIX"] = "test-" + DATABASES["default"]["TEST"]["NAME"]
# Tasks sent by tests go to their own queue: a developer's `make run` worker on the same Redis
# (queue "celery") must never run them against its own database. Tests that need a worker start
# one (tests/jobs/).
CELERY_TASK_DEFAULT_QUEUE = "onemap-test"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# The agencies' simulators (/simulators/<feed>/, etl/feeds/simulators/): the feed tests pull from them.
ONEMAP_FEED_SIMULATORS = True
