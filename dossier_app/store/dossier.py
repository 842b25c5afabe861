"""One family dossier file: create, unlock, close, change passphrase.

A dossier is one SQLCipher file (by convention ``NAME.dossier``) plus a folder
``NAME.dossier-bijlagen`` with its encrypted attachment files.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from dossier_app.errors import (
    DamagedDossier,
    DossierExists,
    DossierNotFound,
    UsageError,
    WrongPassphrase,
)
from dossier_app.security import keys
from dossier_app.store import database as sql
from dossier_app.store import migrations
from dossier_app.store.models import DossierInfo, database

FORMAT_NAME = "gezinsdossier"
ATTACHMENTS_SUFFIX = "-bijlagen"


def attachments_dir_for(path: Path) -> Path:
    return path.with_name(path.name + ATTACHMENTS_SUFFIX)


def safety_copy_path(path: Path, from_version: int) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.v{from_version}-{stamp}.bak")


class Dossier:
    """An unlocked dossier. Only one is bound to the models at a time."""

    _current: "Dossier | None" = None

    def __init__(self, path: Path, key: bytes, salt: bytes, db: sql.DossierDatabase):
        self.path = path
        self.key = key
        self.salt = salt
        self.db = db
        self.safety_copy: Path | None = None

    # -- opening and closing -------------------------------------------------
    @classmethod
    def create(cls, path, passphrase: str, *, name: str | None = None) -> "Dossier":
        path = Path(path)
        keys.check_new_passphrase(passphrase)
        if path.exists():
            raise DossierExists(f"{path.name} bestaat al; kies een andere naam.")
        if not path.parent.is_dir():
            raise UsageError(f"De map {path.parent} bestaat niet.")
        salt = keys.new_salt()
        key = keys.derive_key(passphrase, salt)
        sql.create_private_file(path)
        try:
            db = sql.connect(path, keys.sqlcipher_key_literal(key, salt))
            dossier = cls(path, key, salt, db)
            dossier._bind()
            migrations.migrate(db)
            with db.atomic():
                DossierInfo.create(key="format", value=FORMAT_NAME)
                DossierInfo.create(key="name", value=name or path.stem)
                DossierInfo.create(key="created_at", value=dt.datetime.now().isoformat(timespec="seconds"))
        except BaseException:
            if cls._current is not None and cls._current.path == path:
                cls._current.close()
            for leftover in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
                leftover.unlink(missing_ok=True)
            raise
        return dossier

    @classmethod
    def read_salt(cls, path) -> bytes:
        path = Path(path)
        if not path.exists():
            raise DossierNotFound(f"Het dossier {path} bestaat niet.")
        return keys.read_salt(path)

    @classmethod
    def unlock(cls, path, passphrase: str | None = None, *, key: bytes | None = None) -> "Dossier":
        """Open with a passphrase (or a remembered key). Never modifies a bad file."""
        path = Path(path)
        salt = cls.read_salt(path)
        if key is None:
            if passphrase is None:
                raise UsageError("Er is geen wachtwoord opgegeven.")
            key = keys.derive_key(passphrase, salt)
        db = sql.connect(path, keys.sqlcipher_key_literal(key, salt))
        dossier = cls(path, key, salt, db)
        try:
            # Constant time: the header, schema and tail pages must authenticate
            # (SQLCipher checks every other page when it is read). The full walk
            # is verify_integrity(), run in the background after opening.
            sql.check_sample_pages(path, key, salt)
            tables = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
            if "dossier_info" not in tables:
                raise DamagedDossier(f"{path.name} is geen gezinsdossier.")
            version = migrations.current_version(db)
            if version > migrations.LATEST_VERSION:
                raise DamagedDossier(
                    f"{path.name} is gemaakt met een nieuwere versie van Gezinsdossier; "
                    "werk de app bij om het te openen."
                )
            dossier._bind()
            if migrations.pending(db):
                dossier.safety_copy = safety_copy_path(path, version)
                sql.export_encrypted_copy(db, dossier.safety_copy, dossier.key_literal, version)
                migrations.migrate(db)
        except BaseException:
            dossier.close()
            raise
        return dossier

    def _bind(self) -> None:
        if Dossier._current is not None and Dossier._current is not self:
            Dossier._current.close()
        database.initialize(self.db)
        Dossier._current = self

    @classmethod
    def current(cls) -> "Dossier | None":
        return cls._current

    def close(self) -> None:
        """Checkpoint, close every connection and drop the key reference."""
        if self.db is not None:
            try:
                if not self.db.is_closed():
                    self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except Exception:  # noqa: BLE001 - closing must always finish
                pass
            self.db.close_all()
        if Dossier._current is self:
            database.initialize(None)
            Dossier._current = None
        self.db = None
        self.key = b""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- properties ----------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.db is not None

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
        row = DossierInfo.get_or_none(DossierInfo.key == "name")
        return row.value if row else self.path.stem

    @property
    def schema_version(self) -> int:
        return migrations.current_version(self.db)

    # -- integrity -------------------------------------------------------------
    def verify_integrity(self) -> None:
        """Authenticate every page and check SQLite's structure; raise DamagedDossier.

        Reads the whole file on its own connection, so it is safe (and meant) to
        run off the GUI thread after the window shows, and it does not block
        other work on the dossier. Backups run it first as well.
        """
        if self.db is None:
            return
        check = sql.connect(self.path, self.key_literal)
        try:
            sql.check_integrity(check, self.path)
        finally:
            check.close_all()

    # -- copies and passphrase ------------------------------------------------
    def export_copy(self, target: Path, *, key: bytes | None = None, salt: bytes | None = None) -> None:
        literal = keys.sqlcipher_key_literal(key or self.key, salt or self.salt)
        sql.export_encrypted_copy(self.db, Path(target), literal, self.schema_version)

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-encrypt under a new passphrase without ever risking the original.

        Export to a new file under the new key, verify it, close every
        connection, swap the files atomically, reopen and verify again.
        """
        keys.check_new_passphrase(new_passphrase)
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
        path = self.path
        self.close()
        _fsync_path(staging)
        os.replace(staging, path)
        _fsync_dir(path.parent)
        reopened = Dossier.unlock(path, key=new_key)
        self.db, self.key, self.salt = reopened.db, reopened.key, reopened.salt
        Dossier._current = self
        if self._row_counts() != counts_before:
            raise DamagedDossier("Controle na het wijzigen van het wachtwoord mislukte.")

    def _row_counts(self) -> dict:
        return _row_counts(self.db)


def _row_counts(db) -> dict:
    tables = [row[0] for row in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'search_index_%' ORDER BY name")]
    return {table: db.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def _fsync_path(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def verify_passphrase(path, passphrase: str) -> bool:
    """True when ``passphrase`` unlocks ``path`` (used before destructive steps)."""
    try:
        Dossier.unlock(path, passphrase).close()
    except WrongPassphrase:
        return False
    return True
