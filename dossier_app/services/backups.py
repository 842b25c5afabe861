"""Encrypted backups: on demand, automatic with rotation, and restore as a new dossier."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from dossier_app.cancellation import CancelToken
from dossier_app.errors import DossierError, OutputNotAllowed
from dossier_app.services import outputs
from dossier_app.services.session import DossierSession, needs_open, store_handle
from dossier_app.store import backup
from dossier_app.store.database import translate_errors
from dossier_app.store.dossier import attachments_dir_for

BACKUP_SUFFIX = backup.BACKUP_SUFFIX


@needs_open
def backup_to(session: DossierSession, target: Path, *, cancel: CancelToken | None = None) -> Path:
    """A backup at ``target``: always a new file (never over anything, dossier or not). ``cancel`` stops it
    before the archive is in place (Cancelled; nothing is left)."""
    return backup.create_backup(store_handle(session), outputs.check_output(target), cancel=cancel)


@needs_open
def automatic_backup(session: DossierSession, folder: Path, keep: int, *, cancel: CancelToken | None = None) -> Path:
    """A verified backup in ``folder``; then only this dossier's own older backups beyond ``keep`` go."""
    from dossier_app.services.housekeeping import sweep_folder

    sweep_folder(Path(folder))
    made = backup.automatic_backup(store_handle(session), Path(folder), keep, cancel=cancel)
    sweep_folder(Path(folder))
    return made


def verify_backup(archive: Path) -> None:
    """Read a backup back completely and check it (DamagedDossier when it does not)."""
    with translate_errors():
        backup.verify_backup(Path(archive))


def restore(archive: Path, out: Path, check_unlock: Callable[[DossierSession], None]) -> Path:
    """Unpack ``archive`` as the new dossier ``out``; ``check_unlock(session)``
    must unlock it (with the backup's passphrase) or raise — then nothing is left."""
    out = outputs.check_output(out)
    if attachments_dir_for(out).exists():
        raise OutputNotAllowed(f"{attachments_dir_for(out).name} bestaat al; kies een andere naam.")
    with translate_errors():
        backup.restore_backup(Path(archive), out)
    session = DossierSession(out)
    try:
        check_unlock(session)
    except DossierError:
        session.lock()
        out.unlink(missing_ok=True)
        folder = attachments_dir_for(out)
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
        elif folder.is_symlink() or folder.exists():
            folder.unlink(missing_ok=True)
        raise
    try:
        with store_handle(session).bound(), translate_errors():
            backup.assign_new_dossier_id()
    finally:
        session.lock()
    return out
