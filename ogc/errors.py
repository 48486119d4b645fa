"""Errors on /ogc. Two kinds, one document: pygeoapi turns our provider errors (BadQuery,
ItemNotFound: a query or id the provider cannot answer) into an OGC exception document with the
status they carry; everything our domain refuses (geo_api.common.errors.DomainError: refusals,
invalid features, versions, workflow-owned fields, conflicts) passes through pygeoapi untouched
and `exception_response` answers it with the same status, message and headers as /api does.
Every message is written for the client: it says what to change."""
from http import HTTPStatus

from django.http import JsonResponse
from pygeoapi.provider.base import ProviderInvalidQueryError, ProviderItemNotFoundError

from geo_api.common.errors import DomainError

# OGC API exception codes (pygeoapi's own, where it has one for the status).
OGC_CODES = {
    HTTPStatus.BAD_REQUEST: "InvalidParameterValue",
    HTTPStatus.UNAUTHORIZED: "Unauthorized",
    HTTPStatus.FORBIDDEN: "Forbidden",
    HTTPStatus.NOT_FOUND: "NotFound",
    HTTPStatus.CONFLICT: "Conflict",
    HTTPStatus.PRECONDITION_FAILED: "PreconditionFailed",
    HTTPStatus.PRECONDITION_REQUIRED: "PreconditionRequired",
}


class _Said:
    """pygeoapi shows `user_msg` to the client; ours are always written for the client."""

    def __init__(self, message: str):
        super().__init__(user_msg=message)


class BadQuery(_Said, ProviderInvalidQueryError):
    """A query parameter or filter that cannot be answered as written (400)."""


class ItemNotFound(_Said, ProviderItemNotFoundError):
    """No feature has this id (404)."""


def exception_document(status: int, code: str, description: str, **extra) -> JsonResponse:
    body = {"code": code, "type": code, "description": str(description), **extra}
    return JsonResponse(body, status=int(status), json_dumps_params={"ensure_ascii": False})


def exception_response(error: DomainError) -> JsonResponse:
    """The OGC exception document for a domain error: same status and headers as /api; its
    extra JSON (field `errors`, the `current` feature, allowed transitions) travels along, and
    `reason` is the domain's own code (e.g. owned_by_workflow)."""
    status = HTTPStatus(int(error.status))
    response = exception_document(status, OGC_CODES.get(status, status.phrase.replace(" ", "")), error.message,
                                  reason=error.code, **error.detail)
    for name, value in error.headers.items():
        response[name] = value
    return response
