"""Connecting peewee to one SQLCipher file, and the SQL-level helpers around it."""

from __future__ import annotations

import contextlib
import os
import weakref
from pathlib import Path

import peewee
from playhouse.sqlcipher_ext import SqlCipherDatabase
from sqlcipher3 import dbapi2

# Rows fetched from a cursor raise the driver's own errors, not peewee's.
DATABASE_ERRORS = (peewee.DatabaseError, dbapi2.DatabaseError)

from dossier_app.errors import DamagedDossier, DossierWriteError, WrongPassphrase

# Applied in this order on every new connection, right after the key.
# cipher_log_level silences SQLCipher's own log lines; temp_store keeps
# sorts and temporary tables in memory, never in a plaintext temp file.
PRAGMAS = (
    ("cipher_log_level", "NONE"),
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("foreign_keys", 1),
    ("temp_store", 2),
    ("secure_delete", 1),
    ("busy_timeout", 10000),
)


class DossierDatabase(SqlCipherDatabase):
    """SqlCipherDatabase that remembers its connections so all can be closed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._all_connections = weakref.WeakSet()

    def _connect(self):
        conn = super()._connect()
        try:
            self._all_connections.add(conn)
        except TypeError:  # connection objects that cannot be weakly referenced
            pass
        return conn

    def close_all(self) -> None:
        """Close this thread's and every other thread's connection."""
        if not self.is_closed():
            self.close()
        for conn in list(self._all_connections):
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - already closed
                pass


def create_private_file(path: Path) -> None:
    """Create an empty file readable by the owner only; fail if it exists."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def connect(path: Path, key_literal: str) -> DossierDatabase:
    """Open and verify the key; classify failures as wrong key or damage."""
    db = DossierDatabase(
        str(path),
        passphrase=key_literal,
        pragmas=PRAGMAS,
        check_same_thread=False,
        timeout=10,
    )
    try:
        db.connect()
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except DATABASE_ERRORS as exc:
        db.close_all()
        raise classify_error(exc, path) from None
    return db


def classify_error(exc: Exception, path: Path) -> Exception:
    text = str(exc).lower()
    if "not a database" in text or "file is encrypted" in text:
        return WrongPassphrase(
            f"{path.name} kan niet worden ontgrendeld: het wachtwoord klopt niet "
            "(of het bestand is beschadigd)."
        )
    return DamagedDossier(f"{path.name} is beschadigd en kan niet worden gelezen.")


def check_integrity(db: DossierDatabase, path: Path) -> None:
    """Authenticate every page (HMAC) and check SQLite's structure.

    Reads the whole file: run it off the GUI thread (``Dossier.verify_integrity``),
    never on the way to opening a dossier.
    """
    try:
        problems = db.execute_sql("PRAGMA cipher_integrity_check").fetchall()
        quick = db.execute_sql("PRAGMA quick_check").fetchall()
    except DATABASE_ERRORS:
        raise DamagedDossier(f"{path.name} is beschadigd en kan niet worden gelezen.") from None
    if problems or quick != [("ok",)]:
        raise DamagedDossier(f"{path.name} is beschadigd en kan niet worden gelezen.")


def check_sample_pages(path: Path, key: bytes, salt: bytes) -> None:
    """The cheap check on open: the first and last pages must authenticate."""
    from dossier_app.security import pagecheck

    if pagecheck.damaged_sample_pages(path, key, salt):
        raise DamagedDossier(f"{path.name} is beschadigd en kan niet worden gelezen.")


def split_statements(script: str):
    """Split an SQL script into complete statements (for atomic migrations)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if dbapi2.complete_statement(buffer):
            statement = buffer.strip()
            if statement:
                yield statement
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


def export_encrypted_copy(db: DossierDatabase, target: Path, key_literal: str, user_version: int) -> None:
    """Write a consistent, encrypted copy of the open database to ``target``."""
    if target.exists():
        target.unlink()
    create_private_file(target)
    db.execute_sql("ATTACH DATABASE ? AS export_target KEY ?", (str(target), key_literal))
    try:
        db.execute_sql("SELECT sqlcipher_export('export_target')")
        db.execute_sql(f"PRAGMA export_target.user_version = {int(user_version)}")
    finally:
        db.execute_sql("DETACH DATABASE export_target")


@contextlib.contextmanager
def translate_errors():
    """Driver errors raised while working on an open dossier become the project's own.

    A full disk and a read-only file are told apart from damage; the message
    never contains SQL or dossier content.
    """
    try:
        yield
    except DATABASE_ERRORS as exc:
        text = str(exc).lower()
        if "full" in text:
            raise DossierWriteError("De schijf is vol; er is niets opgeslagen. Maak ruimte vrij en probeer het "
                                    "opnieuw.") from None
        if "readonly" in text or "read-only" in text:
            raise DossierWriteError("Het dossier kan alleen worden gelezen; er is niets opgeslagen.") from None
        raise DamagedDossier("Het dossier is beschadigd en kan niet worden gelezen.") from None
