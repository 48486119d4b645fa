from django.apps import AppConfig


class DataConfig(AppConfig):
    name = "data"
    label = "demo_data"
