"""The Django request being served by pygeoapi, for providers that must know who asks and what
URL was asked (keyset `next` links). Set by ogc.views around each call into pygeoapi."""
from contextvars import ContextVar

current_request = ContextVar("current_ogc_request", default=None)
