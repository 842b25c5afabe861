"""One family dossier file: create, unlock, close, change passphrase.

A dossier is one SQLCipher file (by convention ``NAME.dossier``) plus a folder
``NAME.dossier-bijlagen`` with its encrypted attachment files. While it is
open there are also ``NAME.dossier.lock`` (who has it open, and which version
of the file the side files belong to), and SQLite's ``-wal``/``-shm``; every
write is checkpointed into ``NAME.dossier`` at once, so the file alone is
always complete, and every close removes the side files (store/sidefiles.py).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
import os
import uuid
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dossier_app.errors import (
    DamagedDossier,
    DossierChangedOutside,
    DossierExists,
    DossierOpenElsewhere,
    DossierNotFound,
    ReadOnlyDossier,
    UsageError,
    WrongPassphrase,
)
from dossier_app.security import keys
from dossier_app.store import database as sql
from dossier_app.durable import fsync_path
from dossier_app.store import lockfile
from dossier_app.store import migrations
from dossier_app.store import sidefiles
from dossier_app.store import models
from dossier_app.store.models import DossierInfo

FORMAT_NAME = "gezinsdossier"
ATTACHMENTS_SUFFIX = "-bijlagen"
NAME_KEY = "name"              # the dossier's own name (dossier_info)
DOSSIER_ID_KEY = "dossier_id"  # random, stored encrypted: marks this dossier's own backups
# The recovery key of this file (services/recovery): HKDF(R), never R itself, and the day it was made.
RECOVERY_WRAP_KEY = "recovery_wrap_key"
RECOVERY_MADE_ON_KEY = "recovery_made_on"

log = logging.getLogger(__name__)


def attachments_dir_for(path: Path) -> Path:
    return path.with_name(path.name + ATTACHMENTS_SUFFIX)


def safety_copy_path(path: Path, from_version: int) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.v{from_version}-{stamp}.bak")


# Every dossier open in this process, for closing them all (tests, quitting); never "the current" one:
# which dossier the models read is bound per context (``Dossier.bound``, store/models.py).
_open_dossiers: weakref.WeakSet[Dossier] = weakref.WeakSet()
# The main file's fingerprint and the -wal's (size, mtime): what the full integrity walk last passed on.
IntegrityState = tuple[tuple[tuple[str, Any], ...], tuple[int, int] | None]


class Dossier:
    """An unlocked dossier. Several may be open at once; the models work on the one bound in the
    current context (``with dossier.bound():``, or ``with dossier:`` which also closes it at the end)."""

    def __init__(self, path: Path, key: bytes, salt: bytes, db: sql.DossierDatabase, *,
                 lock: lockfile.DossierLock | None = None, read_only: bool = False):
        self.path = path
        self.key = key
        self.salt = salt
        self.db: sql.DossierDatabase = db      # None once closed (every use checks is_open first)
        self.safety_copy: Path | None = None
        self.lock = lock
        self.read_only = read_only
        self.read_only_reason = ""
        self._fingerprint: sidefiles.Fingerprint | None = None
        self._verified_state: IntegrityState | None = None   # the file's state when the full integrity walk last passed
        self.stopped_reason = ""
        self.side_file_notice = ""   # foreign side files were set aside on opening (say so)
        self._immutable = False
        self._binding_tokens: list[contextvars.Token[object | None]] = []
        _open_dossiers.add(self)

    # -- opening and closing -------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike[str], passphrase: str, *, name: str | None = None) -> Dossier:
        path = Path(path)
        keys.check_new_passphrase(passphrase)
        if path.exists():
            raise DossierExists(f"{path.name} bestaat al; kies een andere naam.")
        if not path.parent.is_dir():
            raise UsageError(f"De map {path.parent} bestaat niet.")
        salt = keys.new_salt()
        key = keys.derive_key(passphrase, salt)
        sql.create_private_file(path)
        lock = None
        dossier: Dossier | None = None
        try:
            lock = lockfile.DossierLock.acquire(path, take_over=True)
            db = sql.connect(path, keys.sqlcipher_key_literal(key, salt))
            dossier = cls(path, key, salt, db, lock=lock)
            migrations.migrate(db)
            with dossier.bound(), db.atomic():
                DossierInfo.create(key="format", value=FORMAT_NAME)
                DossierInfo.create(key=NAME_KEY, value=name or readable_name(path.stem))
                DossierInfo.create(key="created_at", value=dt.datetime.now().isoformat(timespec="seconds"))
                DossierInfo.create(key=DOSSIER_ID_KEY, value=uuid.uuid4().hex)
            dossier.checkpoint()
        except BaseException:
            if dossier is not None:
                dossier.close()
            for leftover in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
                leftover.unlink(missing_ok=True)
            if lock is not None:
                lock.release()
            raise
        return dossier

    @classmethod
    def read_salt(cls, path: str | os.PathLike[str]) -> bytes:
        path = Path(path)
        if not path.exists():
            raise DossierNotFound(f"Het dossier {path} bestaat niet.")
        return keys.read_salt(path)

    @classmethod
    def unlock(cls, path: str | os.PathLike[str], passphrase: str | None = None, *, key: bytes | None = None,
               read_only: bool = False, take_over_lock: bool = False, leave_no_trace: bool = False,
               _held_lock: lockfile.DossierLock | None = None) -> Dossier:
        """Open with a passphrase (or a remembered key). Never modifies a refused file.

        Key and integrity are checked on a read-only connection first; only a
        file that passed is opened for writing, under the dossier's lock
        (DossierInUse when another process holds it). A file or folder that
        cannot be written is opened read-only (``read_only_reason`` says why).
        ``leave_no_trace`` (with ``read_only``): when nobody has the file open
        (no ``-wal``), read it as it is on disk without creating ``-wal``/``-shm``
        next to it (the caseload reads other families' dossiers this way).
        """
        path = Path(path)
        salt = cls.read_salt(path)
        if key is None:
            if passphrase is None:
                raise UsageError("Er is geen wachtwoord opgegeven.")
            key = keys.derive_key(passphrase, salt)
        literal = keys.sqlcipher_key_literal(key, salt)
        reason = "" if read_only else _why_read_only(path)
        if reason:
            read_only = True
        notice = "" if _held_lock is not None else _set_aside_foreign_side_files(path)
        immutable = (read_only and (leave_no_trace or not _writable_folder(path))
                     and not Path(str(path) + "-wal").exists())
        lock = _held_lock
        if not read_only and lock is None:
            lock = lockfile.DossierLock.acquire(path, take_over=take_over_lock)
        try:
            db = _open_checked(path, key, salt, literal, read_only=read_only, immutable=immutable)
        except BaseException:
            if lock is not None and lock is not _held_lock:
                lock.release()
            raise
        dossier = cls(path, key, salt, db, lock=lock, read_only=read_only)
        dossier.read_only_reason = reason
        dossier.side_file_notice = notice
        dossier._immutable = immutable
        try:
            version = migrations.current_version(db)
            if version > migrations.LATEST_VERSION:
                raise DamagedDossier(
                    f"{path.name} is gemaakt met een nieuwere versie van Gezinsdossier; "
                    "werk de app bij om het te openen."
                )
            if migrations.pending(db):
                if read_only:
                    raise ReadOnlyDossier(f"{path.name} moet eerst worden bijgewerkt en dat kan niet "
                                          "alleen-lezen; open het met schrijfrechten.")
                dossier.safety_copy = safety_copy_path(path, version)
                sql.export_encrypted_copy(db, dossier.safety_copy, dossier.key_literal, version)
                migrations.migrate(db)
                dossier.checkpoint()
            dossier._note_file_state()
        except BaseException:
            if _held_lock is not None:
                dossier.lock = None
            dossier.close()
            raise
        return dossier

    def bound(self) -> contextlib.AbstractContextManager[object]:
        """``with dossier.bound():`` the models read and write this dossier in this context (thread or
        task), and whatever was bound before is bound again afterwards."""
        return models.bind(self)

    @staticmethod
    def all_open() -> list[Dossier]:
        """Every dossier open in this process (to close them all; not a "current" one)."""
        return [dossier for dossier in list(_open_dossiers) if dossier.is_open]

    def close(self) -> None:
        """Checkpoint (so NAME.dossier alone is complete), close every connection,
        remove the side files, release the lock and drop the key reference.

        After a change from outside nothing is checkpointed, and the side files
        (of the version we opened) are removed, never left for the new version.
        A read-only close removes the empty side files it made when nobody
        else has the dossier open for writing."""
        if self.db is not None:
            changed_outside = bool(self.stopped_reason) or self._changed_since_noted()
            try:
                if not self.read_only and not changed_outside and not self.db.is_closed():
                    if self.lock is not None:
                        self.lock.record_file(_fingerprint(self.path), sidefiles.STATE_CHECKPOINT, durable=True)
                    self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except Exception:  # noqa: BLE001 - closing must always finish
                pass
            self.db.close_all()
            self._remove_side_files(changed_outside)
        self.db = None  # type: ignore[assignment]  # closed
        self.key = b""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _remove_side_files(self, changed_outside: bool) -> None:
        if self.read_only:
            if self._immutable or lockfile.current_owner(self.path) is not None:
                return
            wal = sidefiles.side_path(self.path, "-wal")
            try:
                empty = not wal.exists() or wal.stat().st_size == 0
            except OSError:
                return
            if empty:  # a read-only connection never writes to the log: only our empty files
                sidefiles.remove_empty_or_stale(self.path, include_wal=True)
            return
        if self.lock is None:
            return
        if changed_outside:
            # SQLite does not checkpoint a file that was moved or replaced, and leaves its log:
            # that log belongs to the version we opened, never to the one now at the path.
            sidefiles.remove_empty_or_stale(self.path, include_wal=True)

    def _note_file_state(self) -> None:
        """Remember (and record in the lock file) the file's state after our own last write."""
        self._fingerprint = _fingerprint(self.path)
        if self.lock is not None and not self.read_only:
            self.lock.record_file(self._fingerprint, sidefiles.STATE_AT_REST, durable=False)

    def _changed_since_noted(self) -> bool:
        if self._fingerprint is None:
            return False
        return not _same_state(self._fingerprint, _fingerprint(self.path))

    # -- one writer, and changes from outside ----------------------------------------
    def checkpoint(self) -> None:
        """Copy committed pages from the -wal into NAME.dossier and note the file's new state.

        Never inside a caller's open transaction (it would fail, or copy half a
        change): the next call or the close does it. A checkpoint that cannot run
        now is not damage: the committed pages stay in the -wal, which belongs to
        this file, and are copied later."""
        if self.read_only or self.db is None or self.stopped_reason:
            return
        try:
            if self.db.in_transaction():
                return
        except Exception:  # noqa: BLE001
            return
        if self.lock is not None:
            # In this state only the identity counts (sidefiles.belongs): that of the file we opened and last
            # noted, which is what our side files belong to; the file is not read again for it (issue 25).
            self.lock.record_file(self._fingerprint or _fingerprint(self.path), sidefiles.STATE_CHECKPOINT,
                                  durable=True)
        try:
            self.db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sql.DATABASE_ERRORS as exc:
            log.warning("Checkpoint uitgesteld: %s", type(exc).__name__)
        self._note_file_state()

    def check_unchanged(self) -> None:
        """Raise DossierChangedOutside when the file was replaced or changed by another program.

        Checked before every service call: identity (device, inode) and the
        change state (size, modification time) must be those we left after our
        own last write. After that, nothing more is written (closing does not
        checkpoint either), so the outside version is never written over.
        """
        if self.stopped_reason:
            raise DossierChangedOutside(self.stopped_reason)
        if self._fingerprint is None:
            return
        if _same_state(self._fingerprint, _fingerprint(self.path)):
            return
        self.stopped_reason = (
            f"{self.path.name} is buiten Gezinsdossier vervangen of gewijzigd (bijvoorbeeld door een "
            "synchronisatieprogramma) terwijl het open was. Om die versie niet te overschrijven wordt er niets "
            "meer opgeslagen. Sluit het dossier en open het opnieuw; wat u na de laatste opslag invoerde, "
            "is niet bewaard.")
        raise DossierChangedOutside(self.stopped_reason)

    def change_mark(self) -> tuple[Any, int, int]:
        """What changes whenever anything is committed to the dossier, by this thread's connection (its change
        count) or by any other (SQLite's data_version): equal marks of one connection, nothing changed between.
        The connection itself is part of the mark (peewee keeps one per thread); compare with ``same_state``."""
        connection = self.db.connection()
        return (connection, int(connection.total_changes),
                int(connection.execute("PRAGMA data_version").fetchone()[0]))

    @staticmethod
    def same_state(mark: tuple[Any, int, int], other: tuple[Any, int, int]) -> bool:
        return mark[0] is other[0] and mark[1:] == other[1:]

    def total_changes(self) -> int:
        try:
            return int(self.db.connection().total_changes)
        except Exception:  # noqa: BLE001
            return -1

    def __enter__(self) -> Dossier:
        """``with Dossier.unlock(...) as dossier:`` binds it for the block and closes it at the end."""
        self._binding_tokens.append(models.bind_models(self))
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.close()
        finally:
            if self._binding_tokens:
                models.unbind_models(self._binding_tokens.pop())

    # -- properties ----------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.db is not None

    @property
    def immutable(self) -> bool:
        """Read as it is on disk, read-only and without side files (``leave_no_trace``, Mijn gezinnen): nothing
        changes it while it is open."""
        return self._immutable

    @property
    def key_literal(self) -> str:
        return keys.sqlcipher_key_literal(self.key, self.salt)

    @property
    def key_id(self) -> str:
        return keys.key_id(self.salt)

    @property
    def attachments_dir(self) -> Path:
        return attachments_dir_for(self.path)

    @property
    def name(self) -> str:
        with self.bound():
            row = DossierInfo.get_or_none(DossierInfo.key == NAME_KEY)
        return row.value if row else self.path.stem

    def info(self, *keys: str) -> dict[str, str]:
        """The rows of ``dossier_info`` with these keys (its name, its own id), in one plain read: Mijn gezinnen
        reads them for every family it opens."""
        marks = ", ".join("?" * len(keys))
        rows = self.db.execute_sql(f"SELECT key, value FROM dossier_info WHERE key IN ({marks})", keys).fetchall()
        return {str(key): str(value) for key, value in rows}

    @property
    def schema_version(self) -> int:
        return migrations.current_version(self.db)

    # -- integrity -------------------------------------------------------------
    def verify_integrity(self, *, unless_unchanged: bool = False) -> None:
        """Authenticate every page and check SQLite's structure; raise DamagedDossier.

        Reads the whole file on its own connection, so it is safe (and meant) to
        run off the GUI thread after the window shows, and it does not block
        other work on the dossier. Backups run it first as well; with
        ``unless_unchanged`` a walk that passed on exactly this state of the file
        and its log (identity, size, times, page hash) is not repeated.
        """
        if self.db is None:
            return
        before = self._integrity_state()
        if unless_unchanged and before is not None and before == self._verified_state:
            return
        check = sql.connect(self.path, self.key_literal, read_only=True)
        try:
            try:
                sql.check_integrity(check, self.path)
            except DamagedDossier as exc:
                self._verified_state = None
                exc.affected = _affected_tables(check)   # type: ignore[attr-defined]  # which parts cannot be read whole (services say it)
                raise
        finally:
            check.close_all()
        # Remembered only when nothing changed while the walk read the file.
        self._verified_state = before if before == self._integrity_state() else None

    def _integrity_state(self) -> IntegrityState | None:
        wal = Path(f"{self.path}-wal")
        try:
            log = wal.stat()
            log_state = (log.st_size, log.st_mtime_ns)   # not ctime: a reading connection touches it
        except OSError:
            log_state = None
        main = _fingerprint(self.path)
        return None if main is None else (tuple(sorted(main.items())), log_state)

    # -- copies and passphrase ------------------------------------------------
    def export_copy(self, target: Path, *, key: bytes | None = None, salt: bytes | None = None) -> None:
        literal = keys.sqlcipher_key_literal(key or self.key, salt or self.salt)
        sql.export_encrypted_copy(self.db, Path(target), literal, self.schema_version)

    def change_passphrase(self, new_passphrase: str, *,
                          before_swap: Callable[[bytes, bytes], None] | None = None) -> None:
        """Re-encrypt under a new passphrase without ever risking the original.

        Export to a new file under the new key, verify it, close every
        connection, swap the files atomically, reopen and verify again.
        ``before_swap(new_key, new_salt)`` runs once the new copy is verified and
        before the swap (the recovery sidecar then learns the new key first);
        when it raises, nothing is changed.
        """
        keys.check_new_passphrase(new_passphrase)
        if sidefiles.opened_elsewhere(self.path):
            raise DossierOpenElsewhere(self.path.name)
        new_salt = keys.new_salt()
        new_key = keys.derive_key(new_passphrase, new_salt)
        staging = self.path.with_name(self.path.name + ".nieuw")
        staging.unlink(missing_ok=True)
        counts_before = self._row_counts()
        self.export_copy(staging, key=new_key, salt=new_salt)
        check = sql.connect(staging, keys.sqlcipher_key_literal(new_key, new_salt))
        try:
            sql.check_integrity(check, staging)
            counts_after = _row_counts(check)
        finally:
            check.close_all()
        if counts_after != counts_before:
            staging.unlink(missing_ok=True)
            raise DamagedDossier("Het wachtwoord is niet gewijzigd: de controle van de nieuwe kopie mislukte.")
        if before_swap is not None:
            try:
                before_swap(new_key, new_salt)
            except BaseException:
                staging.unlink(missing_ok=True)
                raise
        path = self.path
        old_key = self.key
        lock, self.lock = self.lock, None  # keep the lock across the swap
        if lock is not None:
            lock.record_file(_fingerprint(path), sidefiles.STATE_CHECKPOINT, durable=True)
        self.close()
        wal = Path(str(path) + "-wal")
        if (wal.exists() and wal.stat().st_size > 0) or sidefiles.opened_elsewhere(path):
            # Someone else still has the file open (its -wal was not removed on our close, or SQLite's
            # lock on -shm is held): swapping now would leave their reads or writes on the old file.
            staging.unlink(missing_ok=True)
            reopened = Dossier.unlock(path, key=old_key, _held_lock=lock)
            self._adopt(reopened)
            raise DossierOpenElsewhere(path.name)
        fsync_path(staging)
        os.replace(staging, path)
        fsync_path(path.parent)
        reopened = Dossier.unlock(path, key=new_key, _held_lock=lock)
        self._adopt(reopened)
        if self._row_counts() != counts_before:
            raise DamagedDossier("Controle na het wijzigen van het wachtwoord mislukte.")

    def _adopt(self, reopened: Dossier) -> None:
        self.db, self.key, self.salt = reopened.db, reopened.key, reopened.salt
        self.lock, self._fingerprint = reopened.lock, reopened._fingerprint
        reopened.lock = None
        reopened.db = None  # type: ignore[assignment]  # its connection is ours now
        _open_dossiers.discard(reopened)

    def _row_counts(self) -> dict[str, int]:
        return _row_counts(self.db)


def _affected_tables(db: Any) -> list[str]:
    """The tables that cannot be read whole (every row fetched); [] when only the structure is off."""
    try:
        tables = [row[0] for row in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").fetchall()]
    except sql.DATABASE_ERRORS:
        return ["sqlite_master"]
    affected = []
    for table in tables:
        try:
            cursor = db.execute_sql(f'SELECT * FROM "{table}"')
            while cursor.fetchmany(500):
                pass
        except sql.DATABASE_ERRORS:
            affected.append(table)
    return affected


def _row_counts(db: Any) -> dict[str, int]:
    tables = [row[0] for row in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'search_index_%' ORDER BY name")]
    return {table: db.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def _fingerprint(path: Path) -> sidefiles.Fingerprint | None:
    return sidefiles.fingerprint(path)


def _same_state(noted: sidefiles.Fingerprint | None, now: sidefiles.Fingerprint | None) -> bool:
    if noted is None or now is None:
        return noted is None and now is None
    return sidefiles.belongs(dict(noted, state=sidefiles.STATE_AT_REST), now)


def _set_aside_foreign_side_files(path: Path) -> str:
    """Move side files that belong to another version of the file out of SQLite's way; '' or a notice.

    Left alone while a writer holds the lock (they are its live files). A
    ``-journal`` is always foreign: dossiers keep a write-ahead log."""
    files = sidefiles.present(path)
    if not files or lockfile.current_owner(path) is not None:
        return ""
    journal = sidefiles.side_path(path, "-journal")
    foreign = [journal] if journal in files else []
    if not sidefiles.belongs(lockfile.read_file_record(path), sidefiles.fingerprint(path)):
        foreign = files
    if not foreign:
        return ""
    try:
        moved = sidefiles.set_aside(path, foreign)
    except OSError:
        raise DamagedDossier(
            f"Naast {path.name} staat een hulpbestand van een andere versie van het dossier "
            f"({', '.join(item.name for item in foreign)}). Het wordt niet toegepast, maar kan ook niet "
            "opzij worden gezet (de map is alleen-lezen). Verplaats het zelf en open het dossier opnieuw."
        ) from None
    log.warning("Vreemde hulpbestanden opzijgezet: %d", len(moved))
    return sidefiles.foreign_notice(path, moved)


def _open_checked(path: Path, key: bytes, salt: bytes, literal: str, *, read_only: bool,
                  immutable: bool) -> sql.DossierDatabase:
    """The key and the file checked, then the connection. Before a connection that may write, the checks run on
    a read-only one of their own (a refused file is never touched); a read-only open checks on its own
    connection, which cannot write either (one connection less for every family Mijn gezinnen reads)."""
    # Constant time: the header and tail pages must authenticate (SQLCipher checks every other page when it is
    # read), checked beside the key and waited for before anything is read; a wrong key is told first, as before.
    # The full walk is verify_integrity(), run in the background after opening.
    pages = sql.SamplePageCheck(path, key, salt)
    db = None
    try:
        if not read_only:
            sql.probe(path, literal, immutable=immutable)
            pages.passed()
            return sql.connect(path, literal)
        db = sql.connect(path, literal, read_only=True, immutable=immutable)    # a wrong key: WrongPassphrase
        sql.check_is_dossier(db, path)
        pages.passed()
        return db
    except BaseException:
        pages.abandoned()
        if db is not None:
            db.close_all()
        raise


def _writable_folder(path: Path) -> bool:
    return os.access(Path(path).parent, os.W_OK)


def _why_read_only(path: Path) -> str:
    """Why this file can only be read here ('' when it can be written)."""
    if not os.access(path, os.W_OK):
        return "Het dossierbestand is alleen-lezen; het is geopend om te lezen."
    if not _writable_folder(path):
        return "De map of schijf van het dossier is alleen-lezen; het is geopend om te lezen."
    shm = Path(str(path) + "-shm")
    if shm.exists() and not os.access(shm, os.W_OK):
        try:  # a stray read-only -shm (copied from read-only media): nobody else holds it
            os.chmod(shm, 0o600)
        except OSError:
            return "Een hulpbestand van het dossier is alleen-lezen; het is geopend om te lezen."
    return ""




def verify_passphrase(path: str | os.PathLike[str], passphrase: str) -> bool:
    """True when ``passphrase`` unlocks ``path`` (used before destructive steps); read-only, no lock."""
    path = Path(path)
    salt = Dossier.read_salt(path)
    try:
        sql.probe(path, keys.sqlcipher_key_literal(keys.derive_key(passphrase, salt), salt))
    except WrongPassphrase:
        return False
    return True


def readable_name(text: str) -> str:
    """A file name as text that can be stored: undecodable bytes (from a POSIX file name in
    another character set) become U+FFFD."""
    try:
        return os.fsencode(text).decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
