"""Credentials sent with each request by programs rather than browsers: HTTP Basic (QGIS, GDAL,
OWSLib) and API tokens (`Authorization: Bearer <key>` or `X-API-Key: <key>`).

A request that carries credentials is judged by them alone: wrong ones get a 401 that says why,
never a silent fall-back to anonymous. Such requests are not subject to CSRF (no browser sends
them on its own); cookie sessions are."""
import base64
import binascii

from django.contrib.auth import authenticate
from django.http import JsonResponse

from . import basic_cache, services


def _refuse(message):
    response = JsonResponse({"code": "Unauthorized", "description": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="onemap", Basic realm="onemap", charset="UTF-8"'
    return response


class CredentialsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, value = header.partition(" ")
        scheme = scheme.lower()
        api_key = request.META.get("HTTP_X_API_KEY")
        if scheme == "basic":
            try:
                username, _, password = base64.b64decode(value.strip()).decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return _refuse("The Authorization header is not valid Basic credentials.")
            user = basic_cache.cached_user(username, password)
            if user is None:
                user = authenticate(request, username=username, password=password)
                if user is None:
                    return _refuse("Wrong user name or password, or the account is locked after repeated failures.")
                basic_cache.remember(username, password, user)
            self._sign_in(request, user, None)
        elif scheme in ("bearer", "token") or api_key:
            token = services.token_authenticate(key=(value.strip() if scheme in ("bearer", "token") else api_key))
            if token is None:
                return _refuse("The API token is unknown, expired or revoked.")
            self._sign_in(request, token.owner, token)
        return self.get_response(request)

    @staticmethod
    def _sign_in(request, user, token):
        if token is not None:
            user._onemap_token_scopes = frozenset(token.scopes)
        request.user = user
        request.onemap_credentials = token or "basic"
        # No browser attaches these credentials by itself, so there is no cross-site request to forge.
        request._dont_enforce_csrf_checks = True
