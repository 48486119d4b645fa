"""Query-string parameters parsed once, with messages a person can act on."""
from rest_framework.exceptions import ValidationError


def bounded_int(request, name, default, low, high) -> int:
    raw = request.query_params.get(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({name: [f"{name} must be an integer."]}) from None
    if not low <= value <= high:
        raise ValidationError({name: [f"{name} must be between {low} and {high}."]})
    return value
