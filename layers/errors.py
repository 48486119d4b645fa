from django.utils.translation import gettext as _

from geo_api.common.errors import NotFound


class LayerRegistryError(ValueError):
    """A registry entry contradicts the models, the styles or another entry."""


class UnknownLayer(NotFound, LookupError):
    """No layer has this id: a 404 wherever it escapes (/api through the DRF handler, /ogc
    through ogc/errors.py)."""

    def __init__(self, layer_id: str):
        super().__init__(_("There is no layer “%(id)s”; /api/layers/ lists the layers you may read.")
                         % {"id": layer_id})
        self.layer_id = layer_id
