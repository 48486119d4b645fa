"""The demo's agency traffic (`manage.py load_demo_data`): what the simulators would send at the
reference instant (weather warnings, alarms) goes through the same path as a push — stored raw, split, applied item by item
by the adapters — so the demo's weather warnings (late November: cold wave, gale, fog, road icing)
and today's alarms arrive as they would from the agencies, never as direct model writes."""
from django.apps import apps

from . import simulators
from .models import FeedMessage, FeedRecord
from .services import message_process, message_receive
from .simulators.weather_warnings import season_alerts

# The generator writes the ledgers (cameras, warehouses, stock, rosters) in bulk; with `make run`
# the scheduled pulls then bring the simulated agencies' lists on top. Warnings and alarms are
# traffic, so the demo's come through the feeds at load time.
ORDER = ("alarms",)


def _forget_missing_targets() -> None:
    """After `--replace` the rows the records pointed at are gone: forget them, so the same source
    ids are applied afresh instead of being taken for updates of rows that no longer exist."""
    for record in FeedRecord.objects.all():
        model = apps.get_model(record.target)
        if not model.objects.filter(pk=record.target_id).exists():
            record.delete()


def deliver(reference) -> dict[str, int]:
    """Send the demo messages as of `reference`; returns items applied per feed."""
    FeedMessage.objects.filter(via=FeedMessage.Via.DEMO).delete()
    _forget_missing_targets()
    payloads = [(feed, simulators.payload(feed, reference)) for feed in ORDER]
    payloads += [("weather-warnings", (xml.encode("utf-8"), "application/cap+xml")) for xml in season_alerts(reference)]
    applied: dict[str, int] = {}
    for feed, (body, content_type) in payloads:
        message, _created = message_receive(feed=feed, raw=body, content_type=content_type, via=FeedMessage.Via.DEMO)
        message = message_process(message_id=message.pk)
        parts = list(message.items.all()) or [message]
        applied[feed] = applied.get(feed, 0) + sum(p.state in ("applied", "duplicate") for p in parts)
    return applied
