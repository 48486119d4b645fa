"""Opening shelters in an event: a ShelterOpening per shelter and event (the FK named `event` puts
it on the event's live topic), and arrivals / departures as an append-only list from which the
number of people inside is kept (never above the capacity, never below zero)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ShelterOpening(models.Model):
    shelter = models.ForeignKey("shelters.Shelter", models.PROTECT, related_name="openings", verbose_name=_("shelter"))
    event = models.ForeignKey("incidents.Event", models.PROTECT, related_name="shelter_openings",
                              verbose_name=_("event"))
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True)
    # People inside now: the sum of the movements, kept here under the row lock.
    occupants = models.PositiveIntegerField(_("people inside"), default=0)
    # The shelter's capacity when it was opened (the bound arrivals are checked against).
    capacity = models.PositiveIntegerField(_("capacity (persons)"))

    class Meta:
        db_table = "onemap_shelter_opening"
        ordering = ["-opened_at", "-id"]
        verbose_name = _("shelter opening")
        verbose_name_plural = _("shelter openings")
        constraints = [models.UniqueConstraint(fields=["shelter"], condition=Q(closed_at__isnull=True),
                                               name="shelter_open_once")]

    @property
    def remaining(self) -> int:
        return max(0, self.capacity - self.occupants)


class ShelterMovement(models.Model):
    class Kind(models.TextChoices):
        ARRIVAL = "arrival", _("Arrival")
        DEPARTURE = "departure", _("Departure")

    opening = models.ForeignKey(ShelterOpening, models.PROTECT, related_name="movements")
    event = models.ForeignKey("incidents.Event", models.PROTECT, related_name="+", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    count = models.PositiveIntegerField(_("people"))
    names = models.TextField(_("names"), blank=True)
    occupants_after = models.PositiveIntegerField(_("people inside after"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        db_table = "onemap_shelter_movement"
        ordering = ["recorded_at", "id"]
        verbose_name = _("arrival or departure")
        verbose_name_plural = _("arrivals and departures")
