"""Typed errors of our providers. pygeoapi turns each into an OGC exception document with the
status code it carries, so the message must tell a person what to change."""
from http import HTTPStatus

from pygeoapi.provider.base import ProviderGenericError, ProviderInvalidQueryError, ProviderItemNotFoundError


class BadQuery(ProviderInvalidQueryError):
    """A query parameter or filter that cannot be answered as written (400)."""

    def __init__(self, message: str):
        super().__init__(user_msg=message)


class ItemNotFound(ProviderItemNotFoundError):
    """No feature has this id (404)."""

    def __init__(self, message: str):
        super().__init__(user_msg=message)


class Forbidden(ProviderGenericError):
    ogc_exception_code = "Forbidden"
    http_status_code = HTTPStatus.FORBIDDEN

    def __init__(self, message: str):
        super().__init__(user_msg=message)


class PreconditionFailed(ProviderGenericError):
    ogc_exception_code = "PreconditionFailed"
    http_status_code = HTTPStatus.PRECONDITION_FAILED

    def __init__(self, message: str):
        super().__init__(user_msg=message)


class PreconditionRequired(ProviderGenericError):
    ogc_exception_code = "PreconditionRequired"
    http_status_code = HTTPStatus.PRECONDITION_REQUIRED

    def __init__(self, message: str):
        super().__init__(user_msg=message)
