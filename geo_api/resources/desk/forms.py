"""Input forms of the desk pages: they check what was typed (types, ranges, code lists); the rules
(who may, never negative, atomic) are the services'."""
from django import forms
from django.contrib.gis import forms as gis_forms
from django.utils.translation import gettext_lazy as _

from geo_api.reference.map_widget import MapWidget
from geo_api.reference.models import District

from .. import materials
from ..models import Resource, StockMovement, Warehouse

PAGE_SIZE = 25


def _all(choices):
    return [("", _("All")), *choices]


class ResourceFilterForm(forms.Form):
    SHOW = [("active", _("In service")), ("retired", _("Retired")), ("all", _("All"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)
    kind = forms.ChoiceField(label=_("Resource kind"), required=False, choices=_all(Resource.Kind.choices))
    district = forms.ModelChoiceField(label=_("Street or town"), required=False, queryset=District.objects.order_by("code"),
                                      empty_label=_("All"))
    owner = forms.CharField(label=_("Owning unit"), required=False, max_length=100, strip=True)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_all(Resource.Status.choices))
    show = forms.ChoiceField(label=_("Service"), required=False, choices=SHOW)
    event = forms.IntegerField(label=_("From event (id)"), required=False, min_value=1)
    lon = forms.FloatField(label=_("From longitude"), required=False, min_value=120.8, max_value=122.2)
    lat = forms.FloatField(label=_("From latitude"), required=False, min_value=30.6, max_value=31.9)
    radius_m = forms.IntegerField(label=_("Within (m)"), required=False, min_value=50, max_value=50_000)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=100_000)

    def clean(self):
        data = super().clean()
        if (data.get("lon") is None) != (data.get("lat") is None):
            raise forms.ValidationError(_("Give both longitude and latitude for a distance query."))
        if data.get("event") and data.get("lon") is not None:
            raise forms.ValidationError(_("Measure from an event or from a point, not both."))
        if data.get("radius_m") and not (data.get("event") or data.get("lon") is not None):
            raise forms.ValidationError(_("A distance needs a starting point: an event or a longitude and latitude."))
        return data

    def query_params(self) -> dict:
        data = self.cleaned_data
        out = {}
        for name in ("q", "kind", "owner", "status", "event", "lon", "lat", "radius_m"):
            if data.get(name) not in (None, ""):
                out[name] = data[name]
        if data.get("district"):
            out["district"] = data["district"].pk
        if data.get("show") and data["show"] != "active":
            out["show"] = data["show"]
        return out

    def selector_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["district"] = data["district"].pk if data.get("district") else None
        return data


class ResourceForm(forms.ModelForm):
    geom = gis_forms.PointField(label=_("location"), srid=4326, widget=MapWidget(attrs={"geom_type": "POINT"}))

    class Meta:
        model = Resource
        fields = ["name", "kind", "specialty", "quantity", "unit", "owner_unit", "contact", "phone", "status",
                  "district", "geom"]


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("Reason for retiring"), max_length=200, strip=True)


class WarehouseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=_all(Warehouse.Level.choices))


class MovementForm(forms.Form):
    KINDS = [(k, label) for k, label in StockMovement.Kind.choices if k != "opening"]

    kind = forms.ChoiceField(label=_("Movement kind"), choices=KINDS)
    material_code = forms.ChoiceField(label=_("Material"), choices=())
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=12, decimal_places=2)
    to_warehouse = forms.ModelChoiceField(label=_("To warehouse (transfers)"), required=False,
                                          queryset=Warehouse.objects.order_by("level", "name"))
    expires_on = forms.DateField(label=_("Expiry (stock in)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=500, strip=True)

    def __init__(self, *args, warehouse: Warehouse, **kwargs):
        super().__init__(*args, **kwargs)
        held = list(warehouse.stock.order_by("material_code").values_list("material_code", "name", "unit"))
        codes = {c for c, _n, _u in held}
        options = [(c, f"{c} {n}（{u}）") for c, n, u in held]
        options += [(c, label) for c, label in materials.choices() if c not in codes]
        self.fields["material_code"].choices = options
        self.fields["to_warehouse"].queryset = Warehouse.objects.exclude(pk=warehouse.pk).order_by("level", "name")


class LevelsForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    minimum = forms.DecimalField(label=_("Minimum level"), min_value=0, max_digits=12, decimal_places=2)
    expires_on = forms.DateField(label=_("Expiry"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
