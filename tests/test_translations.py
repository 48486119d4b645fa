"""Every message the platform can show has a Chinese translation.

makemessages is run exactly as a developer runs it, but into a copy of locale/ so the repository is
never written: a temporary project whose top-level entries are symlinks to the real ones (followed
with `symlinks`) and whose locale/ is a copy. makemessages files each source under the nearest
locale/ of its *path as walked*, so the sources land in the copy. An entry left untranslated
(msgstr "") or marked fuzzy (a guess from a similar msgid, which compilemessages skips) would show
English to a Chinese-first user; the test lists them all.
"""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

# The same exclusions as the project's command: makemessages -l zh_Hans --ignore=.venv --ignore=node_modules …
IGNORED = [".venv", "node_modules", "map_client", "tests", "bench"]
PO = Path("zh_Hans", "LC_MESSAGES", "django.po")


def _project_copy(tmp: Path) -> Path:
    base = Path(settings.BASE_DIR)
    skip = {"locale", *IGNORED} | {Path(p).name for p in (settings.MEDIA_ROOT, settings.STATIC_ROOT)
                                   if p and Path(p).parent == base}
    for entry in base.iterdir():
        if not entry.name.startswith(".") and entry.name not in skip:
            (tmp / entry.name).symlink_to(entry)
    shutil.copytree(base / "locale", tmp / "locale")
    return tmp / "locale"


def _msgids(po_text: str) -> list[str]:
    """The msgids of a .po text (msgattrib's output), header excluded."""
    ids, current, in_msgid = [], None, False
    for line in po_text.splitlines():
        if line.startswith("msgid "):
            current, in_msgid = line[len("msgid "):].strip()[1:-1], True
        elif in_msgid and line.startswith('"'):
            current += line.strip()[1:-1]
        else:
            if in_msgid and current:
                ids.append(current)
            in_msgid = False
    if in_msgid and current:
        ids.append(current)
    return ids


def _entries(po: Path, selector: str) -> list[str]:
    out = subprocess.run(["msgattrib", selector, "--no-obsolete", "--no-wrap", str(po)],
                         check=True, capture_output=True, text=True).stdout
    return _msgids(out)


def untranslated_and_fuzzy(po: Path) -> list[str]:
    return [f"untranslated: {m}" for m in _entries(po, "--untranslated")] + \
           [f"fuzzy: {m}" for m in _entries(po, "--only-fuzzy")]


def test_every_message_has_a_chinese_translation(tmp_path, monkeypatch):
    locale = _project_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[str(locale)]):
        call_command("makemessages", locale=["zh_Hans"], ignore_patterns=IGNORED, no_obsolete=True,
                     symlinks=True, verbosity=0)
    assert (locale / PO).read_text() != "", "makemessages wrote nothing into the copy"
    missing = untranslated_and_fuzzy(locale / PO)
    assert not missing, f"{len(missing)} messages show English to a zh-hans user:\n" + "\n".join(missing)


def test_the_check_sees_untranslated_and_fuzzy_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Done"\nmsgstr "办结"\n\n'
                  'msgid "Queued"\nmsgstr ""\n\n'
                  '#, fuzzy\nmsgid "Failed"\nmsgstr "已备案"\n\n'
                  'msgid ""\n"A long message "\n"on two lines"\nmsgstr ""\n', encoding="utf-8")
    assert untranslated_and_fuzzy(po) == ["untranslated: Queued", "untranslated: A long message on two lines",
                                          "fuzzy: Failed"]
