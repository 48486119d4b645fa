"""Password sign-in with lockout: the login page, the admin and HTTP Basic all come through here."""
from django.contrib.auth.backends import ModelBackend

from . import services


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        if services.login_is_locked(username=username):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        remote = request.META.get("REMOTE_ADDR") if request is not None else None
        if user is None:
            services.login_failure_record(username=username, remote_addr=remote)
        else:
            services.login_success_record(username=username)
        return user
