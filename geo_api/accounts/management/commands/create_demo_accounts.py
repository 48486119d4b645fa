from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from geo_api.accounts.demo import DEMO_PASSWORD, demo_accounts_ensure


class Command(BaseCommand):
    help = "Create one demo account per role (local settings only) and print how to sign in."

    def handle(self, *args, **options):
        try:
            with translation.override("zh-hans"):
                made = demo_accounts_ensure()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, label in made:
            self.stdout.write(f"  {username:<20} {label}")
