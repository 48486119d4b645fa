"""Which of our streets a point lies in (feeds place cameras, warehouses and events)."""
from geo_api.reference.models import District


def district_at(point):
    return District.objects.filter(geom__intersects=point).only("id").first()
