"""Fan-out of feature changes to live clients through the Channels layer (Redis).

A change is durable in FeatureChange before it is announced; clients that miss an announcement
(Redis down, socket closed) catch up from /api/changes/?after=<seq>. So a failed announcement
is logged and the edit stands."""
import logging

import redis.exceptions
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from .selectors import change_message

GROUP = "feature-changes"
log = logging.getLogger(__name__)


def announce(change) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(GROUP, {"type": "feature.change", "change": change_message(change)})
    except (redis.exceptions.ConnectionError, OSError) as exc:
        log.warning("live announcement of change %s failed; clients will poll it: %s", change.id, exc)
