"""HTTP Basic sign-in for desktop GIS and scripts (QGIS, GDAL, OWSLib send it natively).

Browsers keep using sessions; a request that carries a wrong password is refused outright
rather than silently treated as anonymous, so a misconfigured client sees why."""
import base64
import binascii

from django.contrib.auth import authenticate
from django.http import JsonResponse


class BasicAuthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header[:6].lower() == "basic " and not request.user.is_authenticated:
            try:
                username, _, password = base64.b64decode(header[6:].strip()).decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return self._refuse("The Authorization header is not valid Basic credentials.")
            user = authenticate(request, username=username, password=password)
            if user is None:
                return self._refuse("Wrong user name or password.")
            request.user = user
        return self.get_response(request)

    @staticmethod
    def _refuse(message):
        response = JsonResponse({"code": "Unauthorized", "description": message}, status=401)
        response["WWW-Authenticate"] = 'Basic realm="onemap", charset="UTF-8"'
        return response
