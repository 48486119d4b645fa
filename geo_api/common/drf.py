"""DRF's exception handler, taught our domain errors: the status, body and headers come from the
error itself, so views carry no translation code of their own."""
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from .errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        set_rollback()  # as DRF does for its own errors, should a view run inside ATOMIC_REQUESTS
        return Response(exc.as_dict(), status=int(exc.status), headers=exc.headers)
    return drf_exception_handler(exc, context)
