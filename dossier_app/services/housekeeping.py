"""Debris left by crashes and interruptions, cleaned up on unlock.

Only runs with the dossier's lock held (a read-write unlock), so nothing it
removes can belong to work in progress of this dossier.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from dossier_app.services.handle import store_handle
from dossier_app.store import attachments as files
from dossier_app.store.database import translate_errors

# Work folders of interrupted backups/restores (``.backup-*``, ``.restore-*``) are
# removed once they are this old: a running backup of another dossier in the
# same folder is never that slow.
WORK_FOLDER_MIN_AGE_SECONDS = 6 * 3600
WORK_FOLDER_PREFIXES = (".backup-", ".restore-", ".inlezen-")   # .inlezen-: an interrupted archive import


# An output written atomically (durable.write_private_atomic, the open export) is first
# ``.NAME.xxxxxxxx.deel``; one left by a crash is removed once it is this old.
PARTIAL_OUTPUT = re.compile(r"\..+\.[0-9a-f]{8}\.deel")
PARTIAL_MIN_AGE_SECONDS = 3600


def remove_stale_partial_outputs(folder: Path, *, min_age: float = PARTIAL_MIN_AGE_SECONDS) -> int:
    """Half-written outputs of the app (``.NAME.xxxxxxxx.deel``) left by a crash (e.g. a plain export)."""
    folder = Path(folder)
    removed = 0
    now = time.time()
    try:
        items = list(folder.iterdir())
    except OSError:
        return 0
    for item in items:
        if not PARTIAL_OUTPUT.fullmatch(item.name) or item.is_symlink() or not item.is_file():
            continue
        try:
            if now - item.stat().st_mtime < min_age:
                continue
            item.unlink()
        except OSError:
            continue
        removed += 1
    return removed


def remove_stale_work_folders(folder: Path, *, min_age: float = WORK_FOLDER_MIN_AGE_SECONDS) -> int:
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    removed = 0
    now = time.time()
    for item in folder.iterdir():
        if not item.name.startswith(WORK_FOLDER_PREFIXES) or item.is_symlink() or not item.is_dir():
            continue
        try:
            if now - item.stat().st_mtime < min_age:
                continue
        except OSError:
            continue
        shutil.rmtree(item, ignore_errors=True)
        removed += 1
    return removed


def remove_debris(session) -> int:
    """Interrupted imports, orphaned attachment files, a passphrase change's ``.nieuw`` copy,
    an interrupted write of the recovery file (``.NAME.dossier.herstel.*.deel``),
    old backup/restore work folders next to the dossier. Returns how many items."""
    dossier = store_handle(session)
    removed = 0
    for suffix in (".nieuw", ".nieuw-journal"):   # an interrupted passphrase change (and its journal)
        staging = dossier.path.with_name(dossier.path.name + suffix)
        if staging.is_file() and not staging.is_symlink():
            staging.unlink(missing_ok=True)
            removed += 1
    for partial in dossier.path.parent.glob(f".{dossier.path.name}.herstel.*.deel"):
        if partial.is_file() and not partial.is_symlink():     # an interrupted write of the recovery file
            partial.unlink(missing_ok=True)
            removed += 1
    try:
        with translate_errors():
            removed += files.sweep(dossier)
        removed += remove_stale_work_folders(dossier.path.parent)
        removed += remove_stale_partial_outputs(dossier.path.parent)
    except Exception:  # noqa: BLE001 - cleaning up must never stop an unlock
        pass
    return removed
