"""DRF's exception handler, taught our domain errors."""
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError, NotSignedIn


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        headers = {}
        if isinstance(exc, NotSignedIn):
            headers["WWW-Authenticate"] = 'Bearer realm="onemap", Basic realm="onemap"'
        return Response(exc.as_dict(), status=int(exc.status), headers=headers)
    return drf_exception_handler(exc, context)
