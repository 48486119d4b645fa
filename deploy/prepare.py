"""Everything the application needs before it serves, in one process (one Django start instead of
three): the schema with its layer views, role groups, audit triggers and tile reader grants
(`migrate`), the Chinese translations (`compilemessages`, skips up-to-date files) and the static
files nginx serves (`collectstatic`). Run by deploy/start.sh; safe to run any number of times."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_api.settings.production")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("migrate", interactive=False, verbosity=1)
call_command("compilemessages", locale=["zh_Hans"], ignore_patterns=[".venv", "node_modules"], verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
