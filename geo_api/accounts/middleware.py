"""Credentials sent with each request by programs rather than browsers: HTTP Basic (QGIS, GDAL,
OWSLib) and API tokens (`Authorization: Bearer <key>` or `X-API-Key: <key>`). Where each is
accepted, and the cross-site rule for Basic, is in routes.py.

A request that carries credentials is judged by them alone: wrong ones get a 401 that says why,
never a silent fall-back to anonymous; credentials sent where they are not accepted get a 401 or
403 that says where they are. Such requests never create a session."""
import base64
import binascii

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.http import JsonResponse
from django.utils.translation import gettext as _

from . import basic_cache, ratelimit, routes, services
from .backends import client_address

CHALLENGE = 'Bearer realm="onemap", Basic realm="onemap", charset="UTF-8"'


def _refuse(message, status=401, code="Unauthorized", retry_after=None):
    response = JsonResponse({"code": code, "description": str(message)}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = CHALLENGE
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def locked_response(retry_after=None):
    return _refuse(_("This account is locked after repeated failed sign-ins from this address; try again in "
                     "15 minutes or ask an administrator to unlock it."), status=429, code="AccountLocked",
                   retry_after=retry_after)


def budget_response(retry_after):
    return _refuse(_("Too many sign-in attempts from this address or for this account; wait %(seconds)s "
                     "seconds and try again.") % {"seconds": retry_after}, status=429,
                   code="TooManyRequests", retry_after=retry_after)


class CredentialsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _sp, value = header.partition(" ")
        scheme = scheme.lower()
        api_key = request.META.get("HTTP_X_API_KEY")
        if scheme == "basic":
            refusal = self._basic(request, value)
        elif scheme in ("bearer", "token") or api_key:
            refusal = self._token(request, value.strip() if scheme in ("bearer", "token") else api_key)
        else:
            refusal = None
        return refusal or self.get_response(request)

    def _basic(self, request, value):
        if not routes.is_ogc(request.path):
            return _refuse(_("HTTP Basic credentials are accepted only on /ogc (desktop GIS). Sign in on the "
                             "login page, or use an API token for /api."))
        try:
            username, _sep, password = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return _refuse(_("The Authorization header is not valid Basic credentials."))
        if "\x00" in username or "\x00" in password or not username:
            return _refuse(_("The Authorization header is not valid Basic credentials."))
        if request.method not in routes.SAFE_METHODS and routes.cross_site(request):
            # A browser that answered the /ogc password prompt resends Basic credentials by itself.
            return _refuse(_("Writes with HTTP Basic credentials are not accepted from another web site."),
                           status=403, code="Forbidden")
        user = basic_cache.cached_user(username, password)
        if user is None:
            # QGIS opens with a dozen parallel requests carrying the same new credentials: one
            # check per process, the others then find them remembered.
            with basic_cache.single_flight(username, password):
                user = basic_cache.cached_user(username, password)
                if user is None:
                    return self._basic_check(request, username, password)
        if AxesProxyHandler.is_locked(request, {"username": username}):
            return locked_response()  # remembered credentials stop at a lockout at once
        self._sign_in(request, user, None)
        return None

    def _basic_check(self, request, username, password):
        """The password check of unremembered Basic credentials: a refusal, or None once signed in."""
        # Spent before any database work, so a burst beyond the budgets costs one Redis call each.
        try:
            wait = ratelimit.password_check_spend(client=client_address(request), account=username)
        except ratelimit.PairLocked as locked:
            return locked_response(locked.retry_after)
        if wait is not None:
            return budget_response(wait)
        request.onemap_budget_spent = True
        user = authenticate(request, username=username, password=password)
        if user is None:
            if getattr(request, "axes_locked_out", False):
                return locked_response()
            return _refuse(_("Wrong user name or password."))
        AxesProxyHandler.reset_attempts(username=username, ip_address=client_address(request))
        basic_cache.remember(username, password, user)
        self._sign_in(request, user, None)
        return None

    def _token(self, request, key):
        if not routes.is_api(request.path):
            return _refuse(_("API tokens are accepted only on /api and /ogc, never on the admin or the sign-in "
                             "pages. Sign in with your password there."), status=403, code="Forbidden")
        client = client_address(request)
        wait = ratelimit.token_failure_wait(client=client)
        if wait is not None:
            return budget_response(wait)
        token = services.token_authenticate(key=key or "")
        if token is None:
            ratelimit.token_failure_record(client=client)
            return _refuse(_("The API token is unknown, expired or revoked."))
        needed = routes.scope_for(request.method)
        if needed not in token.scopes:
            return _refuse(_("This API token has the scopes %(scopes)s; %(method)s needs the \"%(needed)s\" "
                             "scope. Ask an administrator for a token with it.")
                           % {"scopes": ", ".join(token.scopes), "method": request.method, "needed": needed},
                           status=403, code="Forbidden")
        self._sign_in(request, token.owner, token)
        return None

    @staticmethod
    def _sign_in(request, user, token):
        if token is not None:
            user._onemap_token_scopes = frozenset(token.scopes)
        request.user = user
        request.onemap_credentials = token or "basic"
        # Tokens are never sent by a browser on its own; Basic writes passed the cross-site check.
        request._dont_enforce_csrf_checks = True
