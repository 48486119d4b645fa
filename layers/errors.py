class LayerRegistryError(ValueError):
    """A registry entry contradicts the models, the styles or another entry."""


class UnknownLayer(LookupError):
    """No layer has this id."""
