"""Whether a shelter may be opened in an event: it is designated (designated, filed or evaluated),
its latest evaluation is not 不合格, and no veto finding of an inspection is open. The rule is
published on the shelters layer as `available` (this SQL, layers/catalog.py) and checked in Python
before opening (selectors.unavailable_reasons, which also says why); tests/shelters/ checks that the
two agree. Imported by the layer catalogue, so it imports no models."""

ACTIVE = ("designated", "filed", "evaluated")

AVAILABLE_SQL = (
    "(t.designation_status IN ('designated', 'filed', 'evaluated') AND t.evaluation_conclusion <> 'unqualified' "
    'AND NOT EXISTS (SELECT 1 FROM "onemap_shelter_finding" f WHERE f.shelter_id = t.id '
    "AND f.severity = 'veto' AND f.closed_at IS NULL))"
)
