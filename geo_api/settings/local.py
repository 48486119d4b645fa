"""A developer's machine: `make run`. Debug pages leak stack traces, so DEBUG is opt-in."""
import os

from .base import *  # noqa: F401,F403

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
