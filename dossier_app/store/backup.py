"""Encrypted backups: one archive with a consistent copy of the database and
the (already encrypted) attachment files. Nothing in it is plaintext.

Archive layout (tar, no compression — the content is ciphertext):
``manifest.json`` (format, date, file names, sizes and SHA-256 of the
encrypted bytes), ``dossier.db`` and ``bijlagen/<random>.gzb``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from dossier_app.errors import DamagedDossier, DossierExists, UsageError
from dossier_app.store.dossier import Dossier, attachments_dir_for
from dossier_app.store.models import Attachment

BACKUP_FORMAT = "gezinsdossier-backup-1"
BACKUP_SUFFIX = ".dossierbackup"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def create_backup(dossier: Dossier, out: Path) -> Path:
    """Write a backup archive to ``out`` atomically."""
    out = Path(out)
    if out.exists():
        raise DossierExists(f"{out.name} bestaat al; kies een andere naam.")
    # The full integrity walk: never archive a damaged dossier without saying so.
    dossier.verify_integrity()
    work = Path(tempfile.mkdtemp(prefix=".backup-", dir=out.parent))
    try:
        db_copy = work / "dossier.db"
        dossier.export_copy(db_copy)
        members = [("dossier.db", db_copy)]
        for storage_name in sorted(a.storage_name for a in Attachment.select(Attachment.storage_name)):
            source = dossier.attachments_dir / storage_name
            if source.exists():
                members.append((f"bijlagen/{storage_name}", source))
        manifest = {
            "format": BACKUP_FORMAT,
            "created_at": dt.datetime.now().isoformat(timespec="seconds"),
            "schema_version": dossier.schema_version,
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
                archive.add(path, arcname=name, recursive=False)
        os.chmod(partial, 0o600)
        os.replace(partial, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r") as archive:
            member = archive.extractfile("manifest.json")
            manifest = json.load(member)
    except (tarfile.TarError, KeyError, ValueError, OSError, TypeError):
        raise DamagedDossier(f"{Path(archive_path).name} is geen leesbare back-up van een gezinsdossier.") from None
    if manifest.get("format") != BACKUP_FORMAT:
        raise DamagedDossier(f"{Path(archive_path).name} is geen back-up van een gezinsdossier.")
    return manifest


def restore_backup(archive_path: Path, out: Path) -> Path:
    """Unpack and verify a backup into a new dossier at ``out``."""
    archive_path, out = Path(archive_path), Path(out)
    if not archive_path.is_file():
        raise UsageError(f"De back-up {archive_path} bestaat niet.")
    if out.exists() or attachments_dir_for(out).exists():
        raise DossierExists(f"{out.name} bestaat al; kies een andere naam om niets te overschrijven.")
    manifest = read_manifest(archive_path)
    expected = {item["name"]: item for item in manifest["files"]}
    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=out.parent))
    try:
        with tarfile.open(archive_path, "r") as archive:
            for name, item in expected.items():
                if name != "dossier.db" and not (name.startswith("bijlagen/") and "/" not in name[9:]
                                                 and ".." not in name):
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
        shutil.rmtree(work, ignore_errors=True)
    return out


def rotate_backups(folder: Path, stem: str, keep: int) -> list[Path]:
    """Keep the newest ``keep`` automatic backups of one dossier; returns removed."""
    found = sorted(Path(folder).glob(f"{stem}-*{BACKUP_SUFFIX}"), key=lambda p: p.name, reverse=True)
    removed = []
    for old in found[keep:]:
        old.unlink(missing_ok=True)
        removed.append(old)
    return removed


def automatic_backup(dossier: Dossier, folder: Path, keep: int = 10) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = create_backup(dossier, folder / f"{dossier.path.stem}-{stamp}{BACKUP_SUFFIX}")
    rotate_backups(folder, dossier.path.stem, keep)
    return path
