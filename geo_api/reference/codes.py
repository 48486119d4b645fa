"""Code lists shared by several layers; each says which standard it follows
(see ../shared/reference/code-lists.md)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventCategory(models.TextChoices):
    """突发事件应对法 (2024): the four categories of emergencies."""

    NATURAL = "NATURAL", _("Natural disaster")
    ACCIDENT = "ACCIDENT", _("Accident or disaster")
    PUBLIC_HEALTH = "PUBLIC_HEALTH", _("Public health event")
    SOCIAL_SECURITY = "SOCIAL_SECURITY", _("Social security event")


class Severity(models.IntegerChoices):
    """事件分级: 1 is the most severe."""

    EXTRAORDINARY = 1, _("I Extraordinarily serious")
    MAJOR = 2, _("II Major")
    LARGE = 3, _("III Large")
    GENERAL = 4, _("IV General")


class ResponseLevel(models.IntegerChoices):
    """响应级别, separate from severity: 1 is the highest response."""

    LEVEL_1 = 1, _("Level 1 response")
    LEVEL_2 = 2, _("Level 2 response")
    LEVEL_3 = 3, _("Level 3 response")
    LEVEL_4 = 4, _("Level 4 response")


class WarningLevel(models.IntegerChoices):
    """预警级别: colours are fixed by law (1 red, 2 orange, 3 yellow, 4 blue)."""

    RED = 1, _("Red")
    ORANGE = 2, _("Orange")
    YELLOW = 3, _("Yellow")
    BLUE = 4, _("Blue")


WARNING_LEVEL_COLOURS = {1: "#e60012", 2: "#ff7f00", 3: "#ffd800", 4: "#0060ff"}


class RiskColour(models.TextChoices):
    """Enterprise safety risk colours: 重大 red, 较大 orange, 一般 yellow, 低 blue."""

    RED = "red", _("Major risk (red)")
    ORANGE = "orange", _("Large risk (orange)")
    YELLOW = "yellow", _("General risk (yellow)")
    BLUE = "blue", _("Low risk (blue)")
