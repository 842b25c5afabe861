"""Encrypted attachment files of a dossier (reports, scans, recordings).

Each file gets its own random key, kept in the encrypted database; on disk
it lives as ``<dossier>-bijlagen/<random>.gzb`` (no original names).
"""

from __future__ import annotations

import mimetypes
import os
import io
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from dossier_app.errors import AttachmentDamaged, UsageError
from dossier_app.security import filecrypt
from dossier_app.store import search
from dossier_app.durable import fsync_path, private_new_file
from dossier_app.store.dossier import Dossier
from dossier_app.store.models import Attachment, Entry, database

STORAGE_SUFFIX = ".gzb"


def _folder(dossier: Dossier) -> Path:
    folder = dossier.attachments_dir
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


MAX_NAME_BYTES = 240  # file systems allow 255 bytes per name; room for a private copy's name


def stored_name(filename: str) -> str:
    """The name kept for an attachment: the file's own name, except that undecodable bytes (a
    name from another character set, given on a command line) become U+FFFD and a name longer
    than MAX_NAME_BYTES is shortened in the middle, keeping its real extension."""
    name = _decoded(filename) if _has_surrogates(filename) else filename
    name = name.replace("/", "_").replace("\\", "_").replace("\0", "_") or "bijlage"
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix.encode("utf-8")) > 20:
        stem, suffix = name, ""
    room = MAX_NAME_BYTES - len(suffix.encode("utf-8")) - len("….".encode())
    short = stem.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f"{short}…" + (f".{suffix}" if suffix else "")


def _decoded(text: str) -> str:
    try:
        return os.fsencode(text).decode("utf-8", "replace")
    except UnicodeEncodeError:   # a lone surrogate that is no escaped byte
        return text.encode("utf-8", "replace").decode("utf-8")


def _has_surrogates(text: str) -> bool:
    return any(0xD800 <= ord(char) <= 0xDFFF for char in text)


def add_stream(dossier: Dossier, entry_id: int | None, stream: BinaryIO, filename: str,
               media_type: str | None = None, *, row_id: int | None = None, created_at: Any = None,
               expect: tuple[int, str] | None = None) -> int:
    """Encrypt ``stream`` into the dossier and record it; returns the attachment id.

    ``row_id``/``created_at``: keep those of an imported archive. ``expect``:
    (size, sha256) the bytes must have; otherwise AttachmentDamaged and nothing is kept."""
    filename = stored_name(filename)
    folder = _folder(dossier)
    storage_name = uuid.uuid4().hex + STORAGE_SUFFIX
    final = folder / storage_name
    partial = folder / (storage_name + ".deel")
    file_key = filecrypt.new_file_key()
    try:
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as out:
            size, digest = filecrypt.encrypt_stream(stream, out, file_key)
            if expect is not None and (size, digest) != tuple(expect):
                raise AttachmentDamaged(f"De bijlage {filename} klopt niet met haar SHA-256 of grootte.")
            filecrypt.fsync_file(out)
        os.replace(partial, final)
        fsync_path(folder)  # the file is durably in place before its row is committed
        with database.atomic():
            extra = {"id": row_id} if row_id is not None else {}
            if created_at is not None:
                extra["created_at"] = created_at
            attachment = Attachment.create(
                **extra, entry=entry_id, filename=filename,
                media_type=media_type or mimetypes.guess_type(filename)[0] or "application/octet-stream",
                size=size, sha256=digest, file_key=file_key, storage_name=storage_name,
            )
            if entry_id is not None:
                search.reindex_entry(Entry.get_by_id(entry_id))
    except BaseException:
        partial.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        raise
    return int(attachment.id)




def add_file(dossier: Dossier, entry_id: int | None, source: Path, filename: str | None = None) -> int:
    source = Path(source)
    if source.is_dir():
        raise UsageError(f"{source} is een map, geen bestand.")
    if not source.is_file():
        raise UsageError(f"Het bestand {source} bestaat niet.")
    with open(source, "rb") as stream:
        return add_stream(dossier, entry_id, stream, filename or source.name)


def add_bytes(dossier: Dossier, entry_id: int | None, data: bytes, filename: str,
              media_type: str | None = None) -> int:
    return add_stream(dossier, entry_id, io.BytesIO(data), filename, media_type)


def _record(attachment_id: int) -> Attachment:
    attachment = Attachment.get_or_none(Attachment.id == attachment_id)
    if attachment is None:
        raise UsageError(f"Er is geen bijlage met nummer {attachment_id}.")
    return attachment


@dataclass(frozen=True)
class _Stored:
    filename: str
    storage_name: str
    file_key: bytes
    sha256: str


def _stored(attachment_id: int) -> _Stored:
    """What reading an attachment back needs, in one plain query (no query building per read)."""
    row = database.execute_sql("SELECT filename, storage_name, file_key, sha256 FROM attachment WHERE id = ?",
                               (int(attachment_id),)).fetchone()
    if row is None:
        raise UsageError(f"Er is geen bijlage met nummer {attachment_id}.")
    filename, storage_name, file_key, sha256 = row
    return _Stored(filename, storage_name, bytes(file_key), sha256)


def encrypted_path(dossier: Dossier, attachment_id: int) -> Path:
    return dossier.attachments_dir / _stored(attachment_id).storage_name


def verify(dossier: Dossier, attachment_id: int) -> None:
    attachment = _stored(attachment_id)
    with open(dossier.attachments_dir / attachment.storage_name, "rb") as src:
        filecrypt.verify_stream(src, attachment.file_key, attachment.sha256)


def export(dossier: Dossier, attachment_id: int, target: Path) -> Path:
    """Decrypt to ``target`` (atomically: a partial file never stays behind)."""
    attachment = _stored(attachment_id)
    target = Path(target)
    source = dossier.attachments_dir / attachment.storage_name
    if not source.exists():
        raise AttachmentDamaged(f"Het bestand van bijlage {attachment.filename} ontbreekt.")
    with private_new_file(target) as out:
        # One pass into a private file without a name (durable.private_new_file): it only becomes
        # ``target`` after every chunk and the SHA-256 have been verified; a crash leaves no plaintext.
        filecrypt.decrypt_file(source, out, attachment.file_key, attachment.sha256, private_dst=True)
    return target


def read_bytes(dossier: Dossier, attachment_id: int) -> bytes:
    """Small attachments only (e.g. a letter's .docx): verified, then returned."""
    attachment = _stored(attachment_id)
    out = io.BytesIO()
    filecrypt.decrypt_file(dossier.attachments_dir / attachment.storage_name, out,
                           attachment.file_key, attachment.sha256, private_dst=True)
    return out.getvalue()


def delete(dossier: Dossier, attachment_id: int) -> None:
    attachment = _record(attachment_id)
    path = dossier.attachments_dir / attachment.storage_name
    with database.atomic():
        attachment.delete_instance()
    path.unlink(missing_ok=True)


def describe(attachment_id: int) -> dict[str, Any]:
    attachment = _record(attachment_id)
    return {"id": attachment.id, "filename": attachment.filename, "size": attachment.size,
            "sha256": attachment.sha256, "media_type": attachment.media_type,
            "entry_id": attachment.entry_id}


def sweep(dossier: Dossier) -> int:
    """Remove debris in the attachments folder; returns how many files.

    ``*.deel`` files are imports interrupted by a crash; a ``.gzb`` without a
    row is a file whose import never committed (its key was never stored, so
    it is unreadable). Only call with the dossier's lock held: then no import
    is running.
    """
    folder = dossier.attachments_dir
    if not folder.is_dir():
        return 0
    known = {row.storage_name for row in Attachment.select(Attachment.storage_name)}
    removed = 0
    for item in folder.iterdir():
        name = item.name
        debris = name.endswith(STORAGE_SUFFIX + ".deel") or (
            name.endswith(STORAGE_SUFFIX) and len(name) == 32 + len(STORAGE_SUFFIX) and name not in known)
        if debris and item.is_file() and not item.is_symlink():
            item.unlink(missing_ok=True)
            removed += 1
    return removed
