"""What backs a shelter's lifecycle on paper: decision records (认定, 备案, 撤销) and the files
(photos, decision attachments, inspection photos), stored under MEDIA_ROOT and served only through
GET /api/shelters/files/<id>/ after an access check (never as public media)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ShelterDecision(models.Model):
    """The decision record of a designation, filing or revocation: who decided, the document
    number and date. Written with the transition it backs (services.shelter_transition)."""

    class Kind(models.TextChoices):
        DESIGNATION = "designation", _("Designation decision")
        FILING = "filing", _("Filing record")
        REVOCATION = "revocation", _("Revocation decision")

    shelter = models.ForeignKey("shelters.Shelter", models.CASCADE, related_name="decisions", verbose_name=_("shelter"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    document_number = models.CharField(_("document number"), max_length=80)
    decided_on = models.DateField(_("decided on"))
    authority = models.CharField(_("deciding authority"), max_length=100, default="长宁区应急管理局")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True,
                                   verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "onemap_shelter_decision"
        ordering = ["decided_on", "id"]
        verbose_name = _("shelter decision record")
        verbose_name_plural = _("shelter decision records")

    def __str__(self):
        return f"{self.get_kind_display()} {self.document_number}"


def _upload_to(instance, filename):
    # The stored name is ours (the file's id comes later): never the uploader's path.
    from uuid import uuid4

    suffix = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}
    return f"shelters/{instance.shelter_id}/{uuid4().hex}{suffix.get(instance.content_type, '')}"


class ShelterFile(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DECISION = "decision", _("Decision attachment")
        INSPECTION = "inspection", _("Inspection photo")

    shelter = models.ForeignKey("shelters.Shelter", models.CASCADE, related_name="files", verbose_name=_("shelter"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    decision = models.ForeignKey(ShelterDecision, models.CASCADE, null=True, blank=True, related_name="files")
    inspection = models.ForeignKey("shelters.Inspection", models.CASCADE, null=True, blank=True, related_name="files")
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=200)
    original_name = models.CharField(_("original name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    width = models.PositiveIntegerField(_("width (px)"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height (px)"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        db_table = "onemap_shelter_file"
        ordering = ["uploaded_at", "id"]
        verbose_name = _("shelter file")
        verbose_name_plural = _("shelter files")
