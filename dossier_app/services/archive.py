"""Open export (AVG art. 20, and no lock-in): the whole dossier as a readable archive, and back.

``export_archive`` writes a ZIP with ``dossier.json`` (docs/EXPORT.md,
docs/export-schema.json) and the decrypted attachments under
``bijlagen/<id>/<name>``: AES-256 encrypted with a passphrase the user picks,
or plain only when the caller says so after warning the user.
``import_archive`` reads such an archive — made by the app or by hand — into a
NEW dossier; it never merges into an existing one. Both stream attachments
chunk by chunk, write to a temporary name and only rename at the very end, so
a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from dossier_app import __version__, durable
from dossier_app.cancellation import CancelToken, token_or_never
from dossier_app.errors import (
    AttachmentDamaged, BadArchive, DossierExists, OutputNotAllowed, UsageError, WrongPassphrase,
)
from dossier_app.security import filecrypt, keys
from dossier_app.services import outputs
from dossier_app.services.session import DossierSession, needs_open, store_handle
from dossier_app.store import archive, attachments as files, export_format
from dossier_app.store.database import translate_errors
from dossier_app.durable import fsync_path
from dossier_app.store.dossier import Dossier, attachments_dir_for

ARCHIVE_SUFFIX = ".zip"
MIN_PASSPHRASE_LENGTH = keys.MIN_PASSPHRASE_LENGTH
WORK_PREFIX = ".inlezen-"
FORMAT_VERSION = export_format.FORMAT_VERSION


@dataclass(frozen=True)
class ExportResult:
    path: Path
    encrypted: bool
    attachments: int
    total_bytes: int


@dataclass(frozen=True)
class ArchiveInfo:
    """What the app must know before reading an archive: whether to ask for its passphrase."""

    encrypted: bool


Progress = Callable[[int, int], None]      # (bytes done, bytes in all), called from the working thread


def _no_progress(done: int, total: int) -> None:
    return None


def check_archive_passphrase(passphrase: str) -> None:
    """The passphrase for an encrypted export: at least as long as a dossier's (UsageError)."""
    keys.check_new_passphrase(passphrase)


@needs_open
def export_archive(session: DossierSession, target: Path, *, passphrase: str | None, plain: bool = False,
                   overwrite: bool = False, progress: Progress = _no_progress,
                   cancel: CancelToken | None = None) -> ExportResult:
    """Write the open export to ``target``. ``passphrase`` encrypts it (AES-256); a plain archive
    only with ``passphrase=None`` and ``plain=True`` (the caller warned the user first).

    Never over a dossier, backup or attachment folder; over another existing file only with
    ``overwrite=True`` (OutputExists otherwise: ask first). Owner-only, written atomically.
    ``progress(done_bytes, total_bytes)`` is called from the working thread. ``cancel`` (a token) stops it
    between chunks: the half-written archive is removed, the target never appears (Cancelled)."""
    cancel = token_or_never(cancel)
    if passphrase is None and not plain:
        raise UsageError("Kies een wachtwoord voor het archief, of kies uitdrukkelijk voor onversleuteld.")
    if passphrase is not None:
        check_archive_passphrase(passphrase)
    target = outputs.check_output(Path(target), overwrite=overwrite)
    dossier = store_handle(session)
    data = _header(dossier)
    data.update(archive.dump())
    for item in data["attachments"]:
        item["file"] = export_format.member_name(item["id"], item["filename"])
    stored = archive.attachment_files()
    total = sum(size for *_rest, size in stored)
    done = 0
    try:
        # No name on disk until it is complete (durable.private_new_file): a crash leaves no plaintext.
        with durable.private_new_file(target) as handle:
            writer = export_format.ArchiveWriter(handle, passphrase)
            try:
                writer.write_json(data)
                names = {item["id"]: item["file"] for item in data["attachments"]}
                for attachment_id, storage_name, file_key, sha256, size in stored:
                    source = dossier.attachments_dir / storage_name
                    with writer.open_member(names[attachment_id], size) as out:
                        # One pass: authenticated chunk by chunk; a fault discards the whole archive.
                        def report(count: int, before: int = done) -> None:
                            progress(before + count, total)

                        counting = _Counting(out, report, cancel)
                        # _Counting writes like a binary file (all decrypt_file asks of its target)
                        filecrypt.decrypt_file(source, cast(BinaryIO, counting), file_key, sha256,
                                               private_dst=True)
                    done += size
                    progress(done, total)
            finally:
                writer.close()
            cancel.check()
            outputs.check_output(target, overwrite=overwrite)
    except FileNotFoundError as exc:
        if exc.filename and str(exc.filename).startswith(str(dossier.attachments_dir)):
            raise AttachmentDamaged("Een bijlage van het dossier ontbreekt; controleer het dossier "
                                    "(Bestand → Dossier controleren). Er is geen archief gemaakt.") from None
        raise
    return ExportResult(target, passphrase is not None, len(stored), total)


def _header(dossier: Dossier) -> dict[str, Any]:
    return {"format": export_format.FORMAT_NAME, "version": export_format.FORMAT_VERSION,
            "exported_at": dt.datetime.now().replace(microsecond=0).isoformat(),
            "app_version": __version__, "schema_version": dossier.schema_version,
            "compute_deadlines": False}


class _Counting:
    """A write-only stream that reports how many bytes went through."""

    def __init__(self, out: IO[bytes], report: Callable[[int], None], cancel: CancelToken) -> None:
        self.out, self.report, self.count, self.cancel = out, report, 0, cancel

    def write(self, chunk: bytes) -> int:
        self.cancel.check()
        self.out.write(chunk)
        self.count += len(chunk)
        self.report(self.count)
        return len(chunk)


def inspect_archive(source: Path) -> ArchiveInfo:
    """Open the archive only to see whether it is encrypted (BadArchive for anything unreadable)."""
    with export_format.ArchiveReader(Path(source)) as reader:
        return ArchiveInfo(encrypted=reader.encrypted)


def check_archive(source: Path, archive_passphrase: str | None = None) -> ArchiveInfo:
    """Read and check the whole of dossier.json (not yet the attachments' bytes): BadArchive naming the
    field, WrongPassphrase for a missing or wrong passphrase. Nothing is written."""
    with export_format.ArchiveReader(Path(source)) as reader:
        if reader.encrypted and not archive_passphrase:
            raise WrongPassphrase("Dit archief is versleuteld; geef het wachtwoord van het archief.")
        reader.set_passphrase(archive_passphrase)
        reader.read_json()
        return ArchiveInfo(encrypted=reader.encrypted)


def import_archive(source: Path, out: Path, new_passphrase: str, *, archive_passphrase: str | None = None,
                   progress: Progress = _no_progress, cancel: CancelToken | None = None) -> Path:
    """Read the archive ``source`` into the NEW dossier ``out`` (with ``new_passphrase``).

    BadArchive names the field of a bad archive; WrongPassphrase for a wrong archive
    passphrase. Everything is written in a private work folder next to ``out`` and
    moved into place only at the end; on any failure — or when ``cancel`` is set (Cancelled) — nothing is
    left behind."""
    cancel = token_or_never(cancel)
    source, out = Path(source), Path(out)
    keys.check_new_passphrase(new_passphrase)
    if out.suffix != ".dossier":
        raise UsageError("Geef het nieuwe dossier een naam die eindigt op .dossier.")
    out = outputs.check_output(out)
    if attachments_dir_for(out).exists():
        raise OutputNotAllowed(f"{attachments_dir_for(out).name} bestaat al; kies een andere naam.")
    with export_format.ArchiveReader(source) as reader:
        if reader.encrypted and not archive_passphrase:
            raise WrongPassphrase("Dit archief is versleuteld; geef het wachtwoord van het archief.")
        reader.set_passphrase(archive_passphrase)
        data = reader.read_json()
        total = reader.total_attachment_bytes(data)
        export_format.file_size_ok(total, out.parent)
        compute = data.get("compute_deadlines")
        if compute is None:
            compute = not any(entry["kind"] == "termijn" for entry in data.get("entries", []))
        work = durable.new_work_folder(WORK_PREFIX, out.parent)   # in use while it exists: a sweep leaves it
        try:
            _import_into(work, out, data, reader, new_passphrase, compute, total, progress, cancel)
        finally:
            durable.remove_work_folder(work)
    return out


def _import_into(work: Path, out: Path, data: dict[str, Any], reader: export_format.ArchiveReader, new_passphrase: str,
                 compute: bool, total: int, progress: Progress, cancel: CancelToken) -> None:
    """Build the new dossier in ``work`` (held by the caller), then move it into place at ``out``."""
    staged = work / out.name
    done = 0
    with translate_errors():
        dossier = Dossier.create(staged, new_passphrase, name=data.get("info", {}).get("name") or out.stem)
        try:
            with dossier.bound():   # the new dossier, in this call only: an open one stays open
                def add_attachment(item: dict[str, Any]) -> None:
                    nonlocal done
                    cancel.check()
                    with reader.open_attachment(item) as stream:
                        # the archive's bounded stream reads like a binary file (all add_stream asks)
                        files.add_stream(dossier, item.get("entry_id"), cast(BinaryIO, stream), item["filename"],
                                         item.get("media_type") or None, row_id=item["id"],
                                         created_at=_datetime(item.get("created_at")),
                                         expect=(item["size"], item["sha256"]))
                    done += item["size"]
                    progress(done, total)

                archive.load(data, add_attachment, compute_deadlines=compute)
                cancel.check()
                dossier.checkpoint()
                dossier.verify_integrity()
        finally:
            dossier.close()
    cancel.check()
    _move_into_place(staged, out)


def _datetime(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _move_into_place(staged: Path, out: Path) -> None:
    """The attachments folder first, then the dossier file: the file appears last, complete."""
    if os.path.lexists(out) or os.path.lexists(attachments_dir_for(out)):
        raise DossierExists(f"{out.name} bestaat intussen al; er is niets overschreven.")
    moved = []
    try:
        if attachments_dir_for(staged).exists():
            os.replace(attachments_dir_for(staged), attachments_dir_for(out))
            moved.append(attachments_dir_for(out))
        os.replace(staged, out)
        fsync_path(out.parent)
    except BaseException:
        for path in moved:
            shutil.rmtree(path, ignore_errors=True)
        raise


__all__ = ["ArchiveInfo", "BadArchive", "ExportResult", "check_archive", "check_archive_passphrase", "export_archive",
           "import_archive", "inspect_archive"]
