"""The typed errors of generic edits, each a DomainError: the DRF handler and the OGC mapping
give them their status, message and extra JSON, so no view translates them. Who may edit is
decided, and a refusal worded, in one place: layers.api_access (NotSignedIn or Refused)."""
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput, PreconditionFailed, PreconditionRequired


class FeatureValidationError(InvalidInput):
    """Field-by-field problems with a submitted feature: {"field or geometry": [messages]}.
    The answer carries them as `errors`, which the editor's form shows next to each field."""

    def __init__(self, errors: dict[str, list[str]]):
        problems = "; ".join(f"{field}: {' '.join(str(m) for m in messages)}" for field, messages in errors.items())
        super().__init__(_("The feature was not saved; correct these fields and send it again: %(problems)s")
                         % {"problems": problems}, errors=errors)
        self.errors = errors


class StaleVersion(PreconditionFailed):
    """The edit was based on a version of the feature that is no longer current. The answer
    carries the current version as its ETag and, once the caller adds it (with_current), the
    current feature as `current`, so the client can show it and apply the change again."""

    def __init__(self, current_version: str | None):
        super().__init__(
            _("Someone else changed this feature since you read it (its current version is %(version)s); "
              "read it again and apply your change to the current version.") % {"version": current_version},
            headers={"ETag": current_version} if current_version else None)
        self.current_version = current_version

    def with_current(self, feature: dict | None) -> "StaleVersion":
        self.detail["current"] = feature
        return self


class VersionRequired(PreconditionRequired):
    """An edit of an existing feature must say which version it is based on (If-Match)."""

    def __init__(self):
        super().__init__(_("Send If-Match with the ETag of the feature you are changing; read the feature "
                           "first to get its ETag."))
