"""One base for the errors our domain raises where a person can act on them. Services raise these;
the DRF exception handler (geo_api/common/drf.py) and its OGC mapping (ogc/errors.py) turn them into
4xx answers with the same status, whose message says what to do. Anything else that escapes a view
is a bug and stays a 500.

`message` is for people (translate it with gettext where it is raised: the request's language is
active then); `detail` is extra JSON for programs (e.g. `errors` per field, `current` feature);
`headers` are HTTP headers the answer must carry (e.g. ETag, WWW-Authenticate)."""
from __future__ import annotations

from http import HTTPStatus

# Programs get both schemes they may answer with: QGIS/GDAL use Basic, scripts use tokens.
AUTH_CHALLENGE = 'Bearer realm="onemap", Basic realm="onemap", charset="UTF-8"'


class DomainError(Exception):
    status = HTTPStatus.BAD_REQUEST
    code = "bad_request"
    headers: dict[str, str] = {}

    def __init__(self, message: str, *, headers: dict[str, str] | None = None, **detail):
        super().__init__(message)
        self.message = str(message)
        self.detail = detail
        self.headers = {**type(self).headers, **(headers or {})}

    def as_dict(self) -> dict:
        return {"detail": self.message, "code": self.code, **self.detail}


class InvalidInput(DomainError):
    """The submitted data cannot be accepted as written; `errors` says field by field."""

    status, code = HTTPStatus.BAD_REQUEST, "invalid"


class NotSignedIn(DomainError):
    status, code = HTTPStatus.UNAUTHORIZED, "not_authenticated"
    headers = {"WWW-Authenticate": AUTH_CHALLENGE}


class Refused(DomainError):
    """Signed in, but this account may not do this."""

    status, code = HTTPStatus.FORBIDDEN, "permission_denied"


class NotFound(DomainError):
    status, code = HTTPStatus.NOT_FOUND, "not_found"


class Conflict(DomainError):
    """The request contradicts the current state (e.g. a transition not allowed from here)."""

    status, code = HTTPStatus.CONFLICT, "conflict"


class OwnedByWorkflow(DomainError):
    """A generic edit touched a field that only a workflow may change."""

    status, code = HTTPStatus.CONFLICT, "owned_by_workflow"


class PreconditionFailed(DomainError):
    status, code = HTTPStatus.PRECONDITION_FAILED, "stale_version"


class PreconditionRequired(DomainError):
    status, code = HTTPStatus.PRECONDITION_REQUIRED, "version_required"
