class FeatureValidationError(Exception):
    """Field-by-field problems with a submitted feature: {"field or geometry": [messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


class NotEditable(PermissionError):
    """The layer is not editable, or this user may not edit it."""


class StaleVersion(Exception):
    """The edit was based on a version of the feature that is no longer current."""

    def __init__(self, current_version: str | None):
        super().__init__(current_version)
        self.current_version = current_version


class VersionRequired(Exception):
    """An edit of an existing feature must say which version it is based on (If-Match)."""
