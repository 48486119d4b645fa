"""What django-axes answers when a sign-in is refused for a locked account (AXES_LOCKOUT_CALLABLE):
JSON for programs, a short page for the login form; both say when to try again, in Chinese first."""
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from .middleware import locked_response
from .routes import is_api


def lockout_response(request, original_response=None, credentials=None):
    if is_api(request.path) or "json" in request.META.get("HTTP_ACCEPT", ""):
        return locked_response()
    message = escape(_("This account is locked after repeated failed sign-ins from this address; try again in "
                       "15 minutes or ask an administrator to unlock it."))
    again = escape(_("Back to sign-in"))
    return HttpResponse(f'<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>{message}</title>'
                        f'<p role="alert">{message}</p><p><a href="{escape(request.path)}">{again}</a></p></html>',
                        status=429)
