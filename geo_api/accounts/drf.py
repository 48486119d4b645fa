"""DRF sees the user the credentials middleware signed in, without a second password check and
without CSRF; browser sessions still go through SessionAuthentication (with CSRF)."""
from rest_framework.authentication import BaseAuthentication


class CredentialsAuthentication(BaseAuthentication):
    def authenticate(self, request):
        credentials = getattr(request._request, "onemap_credentials", None)
        if credentials is None:
            return None
        return request._request.user, credentials

    def authenticate_header(self, request):
        return 'Bearer realm="onemap", Basic realm="onemap"'
