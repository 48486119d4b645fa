from django.core.management.base import BaseCommand

from layers.database_views import sync_layer_views


class Command(BaseCommand):
    help = "Validate the layer registry and rebuild the slim per-layer database views."

    def handle(self, *args, **options):
        for name in sync_layer_views():
            self.stdout.write(name)
