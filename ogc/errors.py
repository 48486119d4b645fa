"""Typed errors of our providers. pygeoapi turns each into an OGC exception document with the
status code it carries, so the message must tell a person what to change."""
from http import HTTPStatus

from pygeoapi.provider.base import ProviderGenericError, ProviderInvalidQueryError, ProviderItemNotFoundError


class _Said:
    """pygeoapi shows `user_msg` to the client; ours are always written for the client."""

    def __init__(self, message: str):
        super().__init__(user_msg=message)


class BadQuery(_Said, ProviderInvalidQueryError):
    """A query parameter or filter that cannot be answered as written (400)."""


class ItemNotFound(_Said, ProviderItemNotFoundError):
    """No feature has this id (404)."""


class Forbidden(_Said, ProviderGenericError):
    ogc_exception_code = "Forbidden"
    http_status_code = HTTPStatus.FORBIDDEN


class PreconditionFailed(_Said, ProviderGenericError):
    ogc_exception_code = "PreconditionFailed"
    http_status_code = HTTPStatus.PRECONDITION_FAILED


class PreconditionRequired(_Said, ProviderGenericError):
    ogc_exception_code = "PreconditionRequired"
    http_status_code = HTTPStatus.PRECONDITION_REQUIRED
