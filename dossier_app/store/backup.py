"""Encrypted backups: one archive with a consistent copy of the database and
the (already encrypted) attachment files. Nothing in it is plaintext.

Archive layout (tar, no compression — the content is ciphertext):
``manifest.json`` (format, date, the dossier's random id, file names, sizes
and SHA-256 of the encrypted bytes), ``dossier.db`` and ``bijlagen/<random>.gzb``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import uuid
from functools import partial
from pathlib import Path
from typing import Any

from dossier_app.errors import DamagedDossier, DossierExists, UsageError
from dossier_app import durable
from dossier_app.durable import fsync_path
from dossier_app.store.dossier import DOSSIER_ID_KEY, Dossier, attachments_dir_for
from dossier_app.cancellation import CancelToken, token_or_never
from dossier_app.store.models import Attachment, DossierInfo, database

BACKUP_FORMAT = "gezinsdossier-backup-1"
BACKUP_SUFFIX = ".dossierbackup"
# An attachment in the archive: one plain file name in bijlagen/ (its random storage name), never
# a folder, '.', '..', a deeper path or a character a file system could read as one of those.
ATTACHMENT_MEMBER = re.compile(r"bijlagen/(?!\.\.?$)[A-Za-z0-9._-]{1,128}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def dossier_id() -> str:
    """This dossier's own random id (kept encrypted inside it); made on first use for older dossiers."""
    row = DossierInfo.get_or_none(DossierInfo.key == DOSSIER_ID_KEY)
    if row is not None and row.value:
        return row.value
    value = uuid.uuid4().hex
    with database.atomic():
        DossierInfo.insert(key=DOSSIER_ID_KEY, value=value).on_conflict_replace().execute()
    return value


def existing_dossier_id() -> str | None:
    """The dossier's own id if it has one (reads only: safe on a dossier opened read-only)."""
    row = DossierInfo.get_or_none(DossierInfo.key == DOSSIER_ID_KEY)
    return row.value if row is not None and row.value else None


def assign_new_dossier_id() -> str:
    """A restored copy is a dossier of its own: its backups never rotate away the original's."""
    value = uuid.uuid4().hex
    with database.atomic():
        DossierInfo.insert(key=DOSSIER_ID_KEY, value=value).on_conflict_replace().execute()
    return value




def create_backup(dossier: Dossier, out: Path, *, cancel: CancelToken | None = None) -> Path:
    """Write a backup archive to ``out`` atomically and durably (archive and folder fsynced).
    ``cancel`` is checked between the steps and members: a cancelled backup leaves nothing (Cancelled)."""
    cancel = token_or_never(cancel)
    out = Path(out)
    if out.exists():
        raise DossierExists(f"{out.name} bestaat al; kies een andere naam.")
    # The full integrity walk: never archive a damaged dossier without saying so (not walked twice
    # when the app's check on opening passed on exactly this state of the file).
    dossier.verify_integrity(unless_unchanged=True)
    cancel.check()
    work = durable.new_work_folder(".backup-", out.parent)   # in use while it exists: a sweep leaves it
    try:
        db_copy = work / "dossier.db"
        dossier.export_copy(db_copy)
        cancel.check()
        members = [("dossier.db", db_copy)]
        for storage_name in sorted(a.storage_name for a in Attachment.select(Attachment.storage_name)):
            source = dossier.attachments_dir / storage_name
            if source.exists():
                members.append((f"bijlagen/{storage_name}", source))
        manifest = {
            "format": BACKUP_FORMAT,
            "created_at": dt.datetime.now().isoformat(timespec="seconds"),
            "schema_version": dossier.schema_version,
            # Which dossier this is a backup of (a random id, also inside the encrypted copy):
            # rotation deletes only backups carrying this dossier's id.
            "dossier_id": dossier_id(),
            # Made only after the full walk over every page passed (verify_integrity above).
            "verified": True,
            "files": [{"name": name, "size": path.stat().st_size, "sha256": _sha256(path)}
                      for name, path in members],
        }
        partial = work / "archive.part"
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(dt.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            for name, path in members:
                cancel.check()
                archive.add(path, arcname=name, recursive=False)
        os.chmod(partial, 0o600)
        fsync_path(partial)
        cancel.check()
        os.replace(partial, out)
        fsync_path(out.parent)
    finally:
        durable.remove_work_folder(work)
    return out


def read_manifest(archive_path: Path) -> dict[str, Any]:
    """The manifest, checked for shape: anything odd is DamagedDossier (exit code 4), never a crash."""
    name = Path(archive_path).name
    try:
        with tarfile.open(archive_path, "r") as archive:
            member = archive.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest = json.loads(member.read(1024 * 1024 + 1)[:1024 * 1024])
    except (tarfile.TarError, KeyError, ValueError, OSError, TypeError, RecursionError):
        raise DamagedDossier(f"{name} is geen leesbare back-up van een gezinsdossier.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
        raise DamagedDossier(f"{name} is geen back-up van een gezinsdossier.")
    files = manifest.get("files")
    if not isinstance(files, list) or not all(
            isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("sha256"), str)
            for item in files):
        raise DamagedDossier(f"{name} is beschadigd: de inhoudsopgave klopt niet.")
    if "dossier.db" not in {item["name"] for item in files}:
        raise DamagedDossier(f"{name} is onvolledig: het dossier zelf ontbreekt.")
    return manifest


def verify_backup(archive_path: Path) -> None:
    """Read the whole archive back and check every file against the manifest (DamagedDossier if not)."""
    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    try:
        with tarfile.open(archive_path, "r") as archive:
            for item in manifest["files"]:
                member = archive.extractfile(item["name"])
                if member is None:
                    raise DamagedDossier(f"{archive_path.name} is onvolledig.")
                digest = hashlib.sha256()
                for block in iter(partial(member.read, 1024 * 1024), b""):
                    digest.update(block)
                if digest.hexdigest() != item["sha256"]:
                    raise DamagedDossier(f"{archive_path.name} is beschadigd ({item['name']} klopt niet).")
    except (KeyError, tarfile.TarError, OSError):
        raise DamagedDossier(f"{archive_path.name} is beschadigd of onvolledig.") from None


def restore_backup(archive_path: Path, out: Path) -> Path:
    """Unpack and verify a backup into a new dossier at ``out``."""
    archive_path, out = Path(archive_path), Path(out)
    if not archive_path.is_file():
        raise UsageError(f"De back-up {archive_path} bestaat niet.")
    if out.exists() or attachments_dir_for(out).exists():
        raise DossierExists(f"{out.name} bestaat al; kies een andere naam om niets te overschrijven.")
    manifest = read_manifest(archive_path)
    expected = {item["name"]: item for item in manifest["files"]}
    work = durable.new_work_folder(".restore-", out.parent)
    try:
        with tarfile.open(archive_path, "r") as archive:
            for name, item in expected.items():
                if name != "dossier.db" and not ATTACHMENT_MEMBER.fullmatch(name):
                    raise DamagedDossier(f"{archive_path.name} bevat een onverwacht bestand.")
                member = archive.extractfile(name)
                if member is None:
                    raise DamagedDossier(f"{archive_path.name} is onvolledig.")
                target = work / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as handle:
                    shutil.copyfileobj(member, handle, 1024 * 1024)
                if _sha256(target) != item["sha256"]:
                    raise DamagedDossier(f"{archive_path.name} is beschadigd ({name} klopt niet).")
        attachments = work / "bijlagen"
        if attachments.exists():
            os.replace(attachments, attachments_dir_for(out))
        os.chmod(work / "dossier.db", 0o600)
        os.replace(work / "dossier.db", out)
    except KeyError:
        raise DamagedDossier(f"{archive_path.name} is onvolledig.") from None
    except tarfile.TarError:
        raise DamagedDossier(f"{archive_path.name} is beschadigd.") from None
    finally:
        durable.remove_work_folder(work)
    return out


def _owner(path: Path) -> tuple[str, str, bool] | None:
    """(dossier id, created_at, verified) from a backup's manifest; None when unreadable or without id."""
    try:
        manifest = read_manifest(path)
    except DamagedDossier:
        return None
    owner = manifest.get("dossier_id")
    if not (isinstance(owner, str) and owner):
        return None
    return owner, str(manifest.get("created_at", "")), manifest.get("verified") is True


def rotate_backups(folder: Path, owner_id: str, keep: int, *, newest: Path | None = None) -> list[Path]:
    """Keep the newest ``keep`` backups of the dossier ``owner_id`` in ``folder``; returns removed.

    Only backups whose manifest carries this dossier's id are counted or
    removed: other dossiers' backups (same name or not), older backups
    without an id, and anything unreadable are never touched. ``newest``
    (the backup just made and verified) is never removed, and neither is the
    newest backup made from a dossier that passed the full check.
    """
    if keep < 1 or not owner_id:
        return []
    ours = []
    for candidate in Path(folder).glob(f"*{BACKUP_SUFFIX}"):
        if not candidate.is_file() or candidate.is_symlink():
            continue
        owner = _owner(candidate)
        if owner is not None and owner[0] == owner_id:
            ours.append((owner[1], candidate.name, candidate, owner[2]))
    ours.sort(reverse=True)
    newest_verified = next((item[2] for item in ours if item[3]), None)
    removed = []
    for _created, _name, old, _verified in ours[keep:]:
        if (newest is not None and old == newest) or old == newest_verified:
            continue
        old.unlink(missing_ok=True)
        removed.append(old)
    return removed


def automatic_backup(dossier: Dossier, folder: Path, keep: int = 10, *, cancel: CancelToken | None = None) -> Path:
    """Make a backup in ``folder``, read it back to verify it, then rotate this dossier's own backups."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = create_backup(dossier, folder / f"{dossier.path.stem}-{stamp}{BACKUP_SUFFIX}", cancel=cancel)
    verify_backup(path)  # never rotate older backups away for one that does not read back
    rotate_backups(folder, dossier_id(), keep, newest=path)
    return path
