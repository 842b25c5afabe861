"""Debris left by crashes and interruptions: work folders and half-written outputs swept at every
start of the app and the command line (before any unlock, in the folders of the known dossiers),
after every command and at every unlock and close; the rest on a read-write unlock.

A work folder (``.backup-*``, ``.restore-*``, ``.inlezen-*``) or a half-written output
(``.NAME.xxxxxxxx.deel``) in use is held with an OS lock by the process writing it
(``durable.new_work_folder``, ``durable.private_new_file``): one nobody holds was left by a crash and
is removed at once; where that cannot be asked (Windows) only once it is old. ``remove_debris``
(a passphrase change's copy, orphaned attachment files) only runs with the dossier's lock held.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from dossier_app import durable
from dossier_app.services.handle import StoreHandle, store_handle
from dossier_app.store import attachments as files
from dossier_app.store.database import translate_errors

# Where "in use" cannot be asked (no flock: Windows), work folders of interrupted backups/restores/imports
# are removed once they are this old: a running backup of another dossier in the same folder is never that slow.
WORK_FOLDER_MIN_AGE_SECONDS = 6 * 3600
WORK_FOLDER_PREFIXES = (".backup-", ".restore-", ".inlezen-")   # .inlezen-: an interrupted archive import


# An output written atomically where the OS cannot write it without a name (durable.private_new_file) is
# first ``.NAME.xxxxxxxx.deel``; one left by a crash is removed at once (nobody holds it), without flock once
# it is this old.
PARTIAL_OUTPUT = re.compile(r"\..+\.[0-9a-f]{8}\.deel")
PARTIAL_MIN_AGE_SECONDS = 3600


def remove_stale_partial_outputs(folder: Path, *, min_age: float = PARTIAL_MIN_AGE_SECONDS) -> int:
    """Half-written outputs of the app (``.NAME.xxxxxxxx.deel``) left by a crash (e.g. a plain export)."""
    folder = Path(folder)
    removed = 0
    try:
        items = list(folder.iterdir())
    except OSError:
        return 0
    for item in items:
        if not PARTIAL_OUTPUT.fullmatch(item.name) or item.is_symlink() or not item.is_file():
            continue
        if not durable.abandoned(item, min_age=min_age):
            continue
        try:
            item.unlink()
        except OSError:
            continue
        removed += 1
    return removed


def remove_stale_work_folders(folder: Path, *, min_age: float = WORK_FOLDER_MIN_AGE_SECONDS) -> int:
    folder = Path(folder)
    try:
        items = list(folder.iterdir())
    except OSError:
        return 0
    removed = 0
    for item in items:
        if not item.name.startswith(WORK_FOLDER_PREFIXES) or item.is_symlink() or not item.is_dir():
            continue
        if not durable.abandoned(item, min_age=min_age):
            continue
        shutil.rmtree(item, ignore_errors=True)
        removed += 1
    return removed


def sweep_folder(folder: Path) -> int:
    """The work folders and half-written outputs a crash left in ``folder``; never one in use."""
    try:
        return remove_stale_work_folders(folder) + remove_stale_partial_outputs(folder)
    except Exception:  # noqa: BLE001 - cleaning up must never stop the app or a command
        return 0


def known_folders(extra: Iterable[Path] = ()) -> list[Path]:
    """The folders of the dossiers the app knows (recently opened, Mijn gezinnen) and of ``extra`` paths."""
    from dossier_app import settings

    paths: list[Path | str] = list(extra)
    try:
        paths += list(settings.load().recent)
    except Exception:  # noqa: BLE001 - unreadable settings: only the given paths
        pass
    folders: list[Path] = []
    for item in paths:
        folder = Path(item).expanduser().parent
        if folder not in folders and folder.is_dir():
            folders.append(folder)
    return folders


def sweep_known_folders(extra: Iterable[Path] = ()) -> int:
    """At every start (before any unlock) and after every command: sweep the known dossiers' folders."""
    return sum(sweep_folder(folder) for folder in known_folders(extra))


def remove_debris(session: StoreHandle) -> int:
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
        removed += sweep_folder(dossier.path.parent)
    except Exception:  # noqa: BLE001 - cleaning up must never stop an unlock
        pass
    return removed
