"""Encrypted backups: on demand, automatic with rotation, and restore as a new dossier."""

from __future__ import annotations

import shutil
from pathlib import Path

from dossier_app.errors import DossierError
from dossier_app.services.session import DossierSession, needs_open, store_handle
from dossier_app.store import backup
from dossier_app.store.database import translate_errors
from dossier_app.store.dossier import attachments_dir_for

BACKUP_SUFFIX = backup.BACKUP_SUFFIX


@needs_open
def backup_to(session: DossierSession, target: Path) -> Path:
    return backup.create_backup(store_handle(session), Path(target))


@needs_open
def automatic_backup(session: DossierSession, folder: Path, keep: int) -> Path:
    return backup.automatic_backup(store_handle(session), Path(folder), keep)


def restore(archive: Path, out: Path, check_unlock) -> Path:
    """Unpack ``archive`` as the new dossier ``out``; ``check_unlock(session)``
    must unlock it (with the backup's passphrase) or raise — then nothing is left."""
    out = Path(out)
    with translate_errors():
        backup.restore_backup(Path(archive), out)
    session = DossierSession(out)
    try:
        check_unlock(session)
    except DossierError:
        session.lock()
        out.unlink(missing_ok=True)
        shutil.rmtree(attachments_dir_for(out), ignore_errors=True)
        raise
    session.lock()
    return out
