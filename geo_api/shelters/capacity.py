"""How many people a shelter holds: its usable (effective) area divided by the per-person area of
its type. One table, read by the database column (Shelter.capacity is a generated column built
from it), the demo data and the statistics, so a capacity is never typed by hand.

GB 51143-2015 《防灾避难场所设计规范》 per-person effective area (m²), as listed in
/work/shared/reference/code-lists.md — marked "?" there (secondary source; not yet checked
against the standard's text):
  紧急避难场所 0.5 · 固定避难场所 短期 2.0 / 中期 3.0 / 长期 4.5.
A central shelter (中心避难场所) is a long-term fixed shelter with command functions and is sized
like one (4.5 m²).

The ≥ 15 % rule (code-lists.md ✓): the fixed shelters of an area hold at least 15 % of its
planned population. Fixed = the three fixed types and central shelters; emergency shelters are
for the first hours and do not count towards it."""
from decimal import Decimal

VERIFIED = False  # code-lists.md marks the per-person areas "?"

PER_PERSON_M2 = {
    "emergency": 0.5,
    "fixed_short": 2.0,
    "fixed_medium": 3.0,
    "fixed_long": 4.5,
    "central": 4.5,
}
FIXED_TYPES = ("fixed_short", "fixed_medium", "fixed_long", "central")
POPULATION_SHARE = Decimal("0.15")

# Service radius (m) drawn on the map around a shelter, by type. code-lists.md gives none; these are
# the radii commonly used in Chinese shelter planning (紧急 ≈ 500 m walking distance, 固定 up to
# 2–3 km), kept here as the one place to correct once the planning standard's text is read.
SERVICE_RADIUS_M = {
    "emergency": 500,
    "fixed_short": 1000,
    "fixed_medium": 1500,
    "fixed_long": 2500,
    "central": 3000,
}


def capacity_of(area_m2: float, shelter_type: str) -> int:
    """Whole persons: floor(area / per-person area)."""
    per_person = PER_PERSON_M2[shelter_type]
    return int((area_m2 or 0) // per_person)


def required_capacity(population: int | None) -> int:
    """15 % of the population, rounded up to a whole person."""
    if not population:
        return 0
    share = POPULATION_SHARE * population
    return int(share) + (0 if share == int(share) else 1)


def capacity_expression():
    """The SQL of the generated column: floor(area_m2 / per-person area of shelter_type)."""
    from django.db.models import Case, F, FloatField, IntegerField, Value, When
    from django.db.models.functions import Cast, Floor

    per_person = Case(*[When(shelter_type=t, then=Value(a)) for t, a in PER_PERSON_M2.items()],
                      default=Value(None), output_field=FloatField())
    return Cast(Floor(F("area_m2") / per_person), IntegerField())
