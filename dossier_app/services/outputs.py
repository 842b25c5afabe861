"""The one check before any output is written (calendar, letter, PDF, backup, export, restore).

Never overwritten, whatever the user says: a dossier (``.dossier``, its
``-wal``/``-shm``/``.lock``, its recovery file ``.dossier.herstel``, or any file that looks like an encrypted
dossier), a backup, an attachment folder or anything inside one, a folder.
Anything else that exists is only overwritten when the caller passes
``overwrite=True`` — the app after asking, the CLI never.
"""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

from dossier_app.durable import write_private_atomic as write_private_atomic  # the outputs the user saves use it
from dossier_app.errors import OutputExists, OutputNotAllowed, UsageError

DOSSIER_SUFFIX = ".dossier"
BACKUP_SUFFIX = ".dossierbackup"
ATTACHMENTS_SUFFIX = "-bijlagen"
_PROTECTED_ENDINGS = (DOSSIER_SUFFIX, BACKUP_SUFFIX, ".dossier-wal", ".dossier-shm", ".dossier.lock",
                      ".dossier.nieuw", ".dossier.herstel", ATTACHMENTS_SUFFIX, ".bak", ".gzb")
# Names SQLite and the app give to files beside a dossier (store/sidefiles.py, store/lockfile.py):
# an output with such a name would be applied to, or block, the dossier.
_SIDE_FILE_ENDINGS = ("-wal", "-shm", "-journal", ".lock", ".nieuw", ".herstel")
# Headers of ordinary outputs: such a file is never mistaken for an encrypted dossier.
_PLAIN_HEADERS = (b"PK", b"%PDF", b"BEGIN:VCALENDAR", b"{", b"\xef\xbb\xbf")


def _looks_like_dossier(path: Path) -> bool:
    """An encrypted dossier is random bytes in whole 4096-byte pages (nothing else to recognise)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    if head.startswith(b"SQLite format 3"):
        return True
    return size >= 4096 and size % 4096 == 0 and not head.startswith(_PLAIN_HEADERS)


def _in_whole_pages(path: Path) -> bool:
    """Could be a dossier under another name: whole 4096-byte pages. No header test here: a dossier's first
    bytes are a random salt and may well start like a plain file ('{' in one of 256), and a side file applied
    to the wrong file costs the dossier, while refusing one odd output name costs nothing."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size >= 4096 and size % 4096 == 0


def _looks_like_backup(path: Path) -> bool:
    try:
        if not tarfile.is_tarfile(path):
            return False
        with tarfile.open(path, "r") as archive:
            return "manifest.json" in archive.getnames()[:3]
    except (OSError, tarfile.TarError):
        return False


def _side_file_of(path: Path) -> str | None:
    """An output named like a side file of a dossier (``NAME.dossier-journal``, ``-wal``, ``-shm``, ``.lock``)."""
    name = path.name.lower()
    for ending in _SIDE_FILE_ENDINGS:
        if not name.endswith(ending) or len(name) == len(ending):
            continue
        base = path.with_name(path.name[:-len(ending)])
        if base.name.lower().endswith(DOSSIER_SUFFIX) or (base.is_file() and _in_whole_pages(base)):
            return (f"{path.name} is de naam van een hulpbestand van het dossier {base.name}; "
                    "zo'n bestand wordt nooit overschreven of aangemaakt. Kies een andere naam.")
    return None


def protected_reason(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` must never be overwritten ('' / None when it may be, after asking)."""
    path = Path(path)
    name = path.name.lower()
    for folder in path.parents:
        if folder.name.lower().endswith(ATTACHMENTS_SUFFIX):
            return f"{path.name} ligt in de bijlagenmap van een dossier; kies een andere map."
    side = _side_file_of(path)
    if side:
        return side
    if not os.path.lexists(path):
        return None
    if path.is_dir():
        return f"{path.name} is een map; kies een bestandsnaam."
    if name.endswith(_PROTECTED_ENDINGS):
        return f"{path.name} hoort bij een dossier of een back-up en wordt nooit overschreven."
    for sibling in (path.with_name(path.name + ATTACHMENTS_SUFFIX), path.with_name(path.name + ".lock")):
        if sibling.exists():
            return f"{path.name} is een dossier en wordt nooit overschreven."
    if path.is_file() and (_looks_like_dossier(path) or _looks_like_backup(path)):
        return f"{path.name} lijkt een dossier of een back-up en wordt nooit overschreven."
    return None


def check_output(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Return ``path`` when an output may be written there; raise otherwise.

    OutputNotAllowed: never (a dossier, backup, attachment folder, folder).
    OutputExists: another file is there; ask the user, then call again with ``overwrite=True``.
    """
    path = Path(path)
    reason = protected_reason(path)
    if reason:
        raise OutputNotAllowed(reason)
    if not path.parent.is_dir():
        raise UsageError(f"De map {path.parent} bestaat niet.")
    if os.path.lexists(path) and not overwrite:
        raise OutputExists(f"{path} bestaat al; kies een andere naam.")
    if path.is_symlink():
        raise OutputNotAllowed(f"{path.name} is een snelkoppeling; kies een andere naam.")
    return path


