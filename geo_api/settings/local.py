"""A developer's machine: `make run`. Debug pages leak stack traces, so DEBUG is opt-in."""
import os

from .base import *  # noqa: F401,F403

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
# One account per role for trying the platform (geo_api/accounts/demo.py); never in production.
ONEMAP_DEMO_ACCOUNTS = True
# The agencies' simulators (/simulators/<feed>/, etl/feeds/simulators/): pull feeds read them here.
ONEMAP_FEED_SIMULATORS = True
