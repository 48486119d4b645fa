"""Writes what /api/layers/ answers an administrator to map_client/test/fixtures/api-layers.json,
so the client's unit tests (Vitest) run against the server's real layer list — ids, groups, min
zooms, access levels, labels, code lists and styles — not a hand-made copy. Run it after changing
the registry or a style; tests/test_client_fixture.py fails while the file is out of date."""
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from layers.selectors import layer_list

FIXTURE = Path(settings.BASE_DIR) / "map_client" / "test" / "fixtures" / "api-layers.json"
PUBLIC = "http://127.0.0.1:8000"


def client_fixture() -> str:
    # An unsaved administrator: the registry decides everything, no database row is needed.
    administrator = get_user_model()(username="fixture", is_superuser=True, is_active=True)
    return json.dumps({"layers": layer_list(administrator, PUBLIC)}, ensure_ascii=False, indent=1,
                      sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write the client test fixture (map_client/test/fixtures/api-layers.json) from /api/layers/."

    def handle(self, *args, **options):
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        FIXTURE.write_text(client_fixture(), encoding="utf-8")
        self.stdout.write(f"wrote {FIXTURE.relative_to(settings.BASE_DIR)}")
