from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientRequest(models.Model):
    """A request a client may send again (a phone's offline queue, a tracker's retry): the first
    answer is kept so the same (user, scope, key) replays it instead of acting twice."""

    # No index of its own: client_request_once starts with the user (every position sample adds a
    # row here; a second index on the user was one more insert each, bench/positions.py).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("account"),
                             db_index=False)
    scope = models.CharField(_("scope"), max_length=40)
    key = models.CharField(_("client key"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status"), default=0)  # 0 while the first run is under way
    body = models.JSONField(_("answer"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "onemap_clientrequest"
        verbose_name = _("client request")
        verbose_name_plural = _("client requests")
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"], name="client_request_once")]
        indexes = [models.Index(fields=["created_at"], name="client_request_age")]
