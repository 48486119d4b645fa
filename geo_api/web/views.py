"""The pages that host the built map client: the wall (/), the command map and the desk editor,
plus a Chinese-first sign-in page. All data comes from the JSON APIs; these only pass config."""
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import ensure_csrf_cookie

from geo_api.accounts.roles import Role, roles_of
from geo_api.command.selectors import RINGS_M
from geo_api.editing.selectors import feature_by_id
from layers.registry import load_catalog

from .basemap import with_archive_info
from .command_access import command_refusal
from .command_recipients import recipient_choices
from .strings import page_strings

# The roles that may put an event into command mode (the brief: commander, duty officer, administrator).
COMMAND_ROLES = frozenset({Role.COMMANDER, Role.DUTY_OFFICER, Role.ADMINISTRATOR})

LANG_COOKIE = "onemap_lang"


def page_lang(request) -> str:
    """?lang= first, then the client's stored choice (cookie), then Chinese."""
    for value in (request.GET.get("lang"), request.COOKIES.get(LANG_COOKIE)):
        if value and value.lower().startswith("en"):
            return "en"
        if value and value.lower().startswith("zh"):
            return "zh"
    return "zh"


def _config(request, lang, **extra):
    user = request.user
    basemaps = with_archive_info(getattr(settings, "ONEMAP_BASEMAPS", []))
    return {
        "lang": lang,
        "user": {
            "authenticated": user.is_authenticated,
            "name": (user.get_full_name() or user.get_username()) if user.is_authenticated else "",
        },
        "urls": {"login": reverse("web:login"), "logout": reverse("web:logout")},
        "csrf": get_token(request),
        # The configured base maps (geo_api/settings/basemaps.py); the map starts on the first,
        # the wall's switcher offers them all plus "none" (our own layers only).
        "basemaps": basemaps,
        "basemap": basemaps[0] if basemaps else None,
        # Whether to offer "进入指挥" (command mode); the command API decides again on each call.
        "canCommand": bool(roles_of(user) & COMMAND_ROLES),
        **extra,
    }


def _page(request, entry, view, **extra):
    lang = page_lang(request)
    context = {
        "entry": entry, "view": view, "lang": lang, "html_lang": "en" if lang == "en" else "zh-Hans",
        "s": page_strings(lang), "config": _config(request, lang, **extra),
        "page_title": page_strings(lang)[view] if view != "wall" else "",
    }
    return render(request, "web/page.html", context)


@ensure_csrf_cookie
def wall(request):
    # Every layer id of the catalogue: the wall starts the ones not on by default hidden
    # (map_client/src/controls/layer-choice.js), including layers this user cannot read.
    from etl.feeds.access import may_read as may_read_feeds
    from geo_api.duty.access import may_see_on_duty

    # The duty and feed panels only for those who may read them: others would only get refusals.
    signed_in = request.user.is_authenticated
    return _page(request, "src/views/wall.js", "wall", layerIds=[layer.id for layer in load_catalog().all()],
                 dutyPanel=bool(signed_in and may_see_on_duty(request.user)),
                 feedsPanel=bool(signed_in and may_read_feeds(request.user)))


@login_required
@ensure_csrf_cookie
def command(request, event_id):
    with translation.override("en" if page_lang(request) == "en" else "zh-hans"):
        refused = command_refusal(request.user, event_id)
    if refused is None:
        # The event and its rings come with the page so the map is made at once, centred on it,
        # while the nearest lists and the board are still being read (bench/command_view.py).
        event = feature_by_id(load_catalog().get("events"), event_id, request.user)
        return _page(request, "src/views/command.js", "command", eventId=event_id, event=event,
                     rings=list(RINGS_M), recipients=recipient_choices(event_id))
    # The page still loads (title bar, sign-out) and shows why instead of a map.
    response = _page(request, "src/views/command.js", "command", eventId=event_id, denied=refused[1])
    response.status_code = refused[0]
    return response


@login_required
@ensure_csrf_cookie
def editor(request):
    return _page(request, "src/views/editor.js", "editor")


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True
    next_page = "/"

    def dispatch(self, request, *args, **kwargs):
        self.lang = page_lang(request)
        # Form errors come out in the page's language, whatever the browser's Accept-Language.
        with translation.override("en" if self.lang == "en" else "zh-hans"):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(lang=self.lang, html_lang="en" if self.lang == "en" else "zh-Hans", s=page_strings(self.lang),
                       entry="src/views/login.js", other_lang="zh" if self.lang == "en" else "en")
        return context


class LogoutView(auth_views.LogoutView):
    next_page = "/"


def favicon(request):
    """The platform's icon (the phone app's): a redirect, resolved per request so the hashed static
    name of production is used."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("phone/icons/icon-192.png"))
