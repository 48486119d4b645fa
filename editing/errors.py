class FeatureValidationError(Exception):
    """Field-by-field problems with a submitted feature: {"field or geometry": [messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


class NotEditable(PermissionError):
    """The layer is not editable, or this user may not edit it."""
