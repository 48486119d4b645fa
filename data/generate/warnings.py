"""Weather warnings are not generated: the demo's warnings arrive as CAP messages from the city
emergency bureau's simulator through the weather-warnings feed (etl/feeds/demo.py, run by
`manage.py load_demo_data` after the bulk load), fitting the season of the reference instant."""
from geo_api.warnings.models import Warning

from .base import Context, Table


def build(ctx: Context) -> list[Table]:
    # An empty table: `--replace` still empties onemap_warning, and the feed fills it again.
    columns = ("id", "identifier", "sender", "sent", "status", "msg_type", "references", "event_type", "event_name",
               "level", "urgency", "certainty", "headline", "description", "instruction", "effective", "onset",
               "expires", "area_desc", "geom")
    return [Table(Warning, columns, [])]
