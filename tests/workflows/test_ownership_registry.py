"""Field ownership is declared in the registry and checked there."""
import pytest

from layers.errors import LayerRegistryError
from layers.registry import Layer, Prop, load_catalog

COMPUTED = Prop("big", sql="t.capacity > 5000", label_zh="大型", label_en="Large", type="boolean")


def entry(**overrides):
    base = dict(id="owned_shelters", title_zh="避难场所", title_en="Shelters", model="shelters.Shelter",
                geometry_type="Point", properties=("name", "designation_status", COMPUTED), style="shelters",
                group="shelters")
    return Layer(**{**base, **overrides})


@pytest.mark.parametrize("owned,message", [
    ({"capacity": "/api/shelters/{id}/transitions/"}, "not a published model field"),
    ({"big": "/api/shelters/{id}/transitions/"}, "not a published model field"),
    ({"designation_status": "/api/shelters/transitions/"}, "must be a path with {id}"),
    ({"designation_status": "shelters/{id}/transitions/"}, "must be a path with {id}"),
])
def test_owned_fields_must_be_published_model_fields_with_an_endpoint(owned, message):
    with pytest.raises(LayerRegistryError, match=message):
        entry(workflow_fields=owned).validate()


def test_the_catalogue_declares_the_converted_state_fields():
    from django_fsm import FSMField

    owned = {layer.id: layer.workflow_fields for layer in load_catalog().all() if layer.workflow_fields}
    assert owned == {
        # capacity is a generated column (area ÷ per-person area), owned by information collection.
        "shelters": {"designation_status": "/api/shelters/{id}/transitions/",
                     "evaluation_conclusion": "/api/shelters/{id}/evaluations/",
                     "capacity": "/api/shelters/{id}/collection/"},
        "shelter_rectifications": {"status": "/api/shelter_rectifications/{id}/transitions/"},
        "hazards": {"rectification_status": "/api/hazards/{id}/transitions/"},
        "events": {"status": "/api/events/{id}/transitions/", "closed_at": "/api/events/{id}/transitions/",
                   "severity": "/api/events/{id}/severity/"},
    }
    for layer_id, fields in owned.items():
        model = load_catalog().get(layer_id).model_class
        states = [name for name in fields if isinstance(model._meta.get_field(name), FSMField)]
        assert len(states) == 1 and model._meta.get_field(states[0]).protected
