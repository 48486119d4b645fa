from django.apps import AppConfig


class EditingConfig(AppConfig):
    name = "geo_api.editing"
    label = "editing"
