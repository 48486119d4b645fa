"""Fan-out of feature changes to live clients through the Channels layer (Redis).

A change is durable in the audit log before it is announced; clients that miss an announcement
(Redis down, socket closed) catch up from /api/changes/?after=<seq>. So a failed announcement
is logged and the edit stands."""
import logging

import redis.exceptions
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from geo_api.audit.models import AuditEntry

from .selectors import change_message

GROUP = "feature-changes"
log = logging.getLogger(__name__)


def announce(layer, feature_id) -> None:
    entry = AuditEntry.objects.filter(table_name=layer.model_class._meta.db_table,
                                      row_pk=str(feature_id)).order_by("-id").first()
    channel_layer = get_channel_layer()
    if entry is None or channel_layer is None:
        return
    try:
        async_to_sync(channel_layer.group_send)(
            GROUP, {"type": "feature.change", "change": change_message(entry, layer.id)})
    except (redis.exceptions.ConnectionError, OSError) as exc:
        log.warning("live announcement of %s %s failed; clients will poll it: %s", layer.id, feature_id, exc)
