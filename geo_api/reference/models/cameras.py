from django.contrib.gis.db import models
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _


class Camera(models.Model):
    """A video camera from the district City Operations Center's camera list."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("Fixed")
        PTZ = "ptz", _("Pan-tilt-zoom")
        DOME = "dome", _("Dome")

    class Status(models.TextChoices):
        ONLINE = "online", _("Online")
        OFFLINE = "offline", _("Offline")

    code = models.CharField(_("camera code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("camera kind"), max_length=6, choices=Kind.choices)
    heading = models.FloatField(
        _("heading (degrees)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(360)]
    )
    field_of_view = models.FloatField(
        _("field of view (degrees)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(360)]
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ONLINE)
    source = models.CharField(_("source"), max_length=50, default="区城运中心")
    stream_url = models.CharField(_("video link"), max_length=300, blank=True)
    district = models.ForeignKey("reference.District", models.PROTECT, verbose_name=_("street or town"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        db_table = "onemap_camera"
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")

    def __str__(self):
        return self.name
