"""The shelter list (desk page, GET /api/shelters/ and its exports), read over the `shelters` layer
view through LayerQuery so the layer's row filter and its published `available` rule apply."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from layers.query import LayerQuery
from layers.registry import load_catalog

from .evaluation import CONCLUSIONS
from .models import Shelter

COLUMNS = ("id, code, name, shelter_class, shelter_type, space_type, tier, area_m2, capacity, designation_status, "
           "evaluation_conclusion, available, managing_unit, address, phone, district_name, ST_X(geom), ST_Y(geom)")
NAMES = [c.strip() for c in COLUMNS.replace("ST_X(geom)", "lon").replace("ST_Y(geom)", "lat").split(",")]
MAX_ROWS = 5000


def _all(choices):
    return [("", _("All")), *choices]


class ShelterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(Shelter.Designation.choices))
    shelter_type = forms.ChoiceField(label=_("Type"), required=False, choices=_all(Shelter.ShelterType.choices))
    evaluation = forms.ChoiceField(label=_("Evaluation"), required=False, choices=_all(CONCLUSIONS))
    available = forms.ChoiceField(label=_("Available for opening"), required=False,
                                  choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))])


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value or "—"))


def shelter_rows(user, data: dict) -> list[dict]:
    """The shelters this user may see under the filters (ShelterFilterForm.cleaned_data), by code."""
    query = LayerQuery.of(load_catalog().get("shelters"), user)
    if data.get("status"):
        query = query.equals("designation_status", data["status"])
    if data.get("shelter_type"):
        query = query.equals("shelter_type", data["shelter_type"])
    if data.get("evaluation"):
        query = query.equals("evaluation_conclusion", data["evaluation"])
    if data.get("available"):
        query = query.equals("available", data["available"] == "yes")
    if data.get("q"):
        pattern = f"%{_escape_like(data['q'])}%"
        query = query.where("(name ILIKE %s OR code ILIKE %s OR address ILIKE %s)", pattern, pattern, pattern)
    rows = [dict(zip(NAMES, r)) for r in query.fetch(COLUMNS, order="code", limit=MAX_ROWS)]
    for row in rows:
        row.update(
            shelter_class_label=_label(Shelter.ShelterClass.choices, row["shelter_class"]),
            shelter_type_label=_label(Shelter.ShelterType.choices, row["shelter_type"]),
            space_type_label=_label(Shelter.SpaceType.choices, row["space_type"]),
            tier_label=_label(Shelter.Tier.choices, row["tier"]),
            status_label=_label(Shelter.Designation.choices, row["designation_status"]),
            evaluation_label=_label(CONCLUSIONS, row["evaluation_conclusion"]) if row["evaluation_conclusion"] else "—",
        )
    return rows
