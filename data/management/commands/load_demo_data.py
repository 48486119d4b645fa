"""manage.py load_demo_data [--seed 20261124] [--scale N] [--replace] [--reference ISO-8601]"""
import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from data.generate import DEFAULT_SEED, AlreadyLoaded, load


def reference_instant(value: str | None) -> datetime:
    """The instant all generated times hang off. By default the current hour, so that the
    warnings are in force and the responders' positions fresh when the data is loaded."""
    if value is None:
        return timezone.now().replace(minute=0, second=0, microsecond=0)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--reference {value!r}: {exc}") from exc
    if parsed.tzinfo is None:
        raise CommandError("--reference needs a UTC offset, e.g. 2026-11-24T08:00:00+08:00")
    return parsed


class Command(BaseCommand):
    help = "Load the deterministic Changning demo data (synthetic street polygons, every One-Map layer)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
        parser.add_argument("--scale", type=int, default=1,
                            help="multiply cameras, hazards and resources (700 gives over a million cameras)")
        parser.add_argument("--replace", action="store_true", help="delete every onemap row first and reload")
        parser.add_argument("--reference", help="instant generated times are relative to (default: this hour)")

    def handle(self, *args, seed, scale, replace, reference, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more")
        started = time.monotonic()
        instant = reference_instant(reference)
        try:
            counts = load(seed=seed, scale=scale, reference=instant, replace=replace)
        except AlreadyLoaded as exc:
            self.stdout.write(f"Demo data is already loaded ({exc}); use --replace to reload it.")
            return
        except (ValueError, DatabaseError) as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        for label, count in counts.items():
            self.stdout.write(f"{label:<28}{count:>10,}")
        # Warnings, today's alarms, the Center's cameras and duty, the city's warehouses and stock
        # arrive as the agencies send them: through the feeds' simulators and adapters (etl/feeds/demo.py).
        from etl.feeds.demo import deliver

        for feed, count in deliver(instant).items():
            self.stdout.write(f"{'feed ' + feed:<28}{count:>10,}")
        # The hourly stock check's first run: the demo's low and expiring lines are on the
        # warehouse page at once, not at the top of the next hour.
        from geo_api.resources.services import stock_alerts_refresh

        self.stdout.write(f"{'stock alerts':<28}{stock_alerts_refresh()['open']:>10,}")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {sum(counts.values()):,} rows (seed {seed}, scale {scale}) in {elapsed:.1f} s."))
