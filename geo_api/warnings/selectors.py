from django.utils import timezone

from .models import Warning


def active_warnings():
    """Actual warnings in force now, most severe first."""
    now = timezone.now()
    return Warning.objects.filter(status=Warning.Status.ACTUAL, onset__lte=now, expires__gt=now).exclude(
        msg_type=Warning.MsgType.CANCEL).order_by("level", "-sent")
