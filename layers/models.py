from django.db import models
from django.utils.translation import gettext_lazy as _


class LayerAccess(models.Model):
    """Carries the layer permissions; no table. Roles (the access-control issue) grant these."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("read_restricted", _("Can read restricted layers")),
            ("edit_layers", _("Can edit editable layers")),
        ]
