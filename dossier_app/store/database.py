"""Connecting peewee to one SQLCipher file, and the SQL-level helpers around it."""

from __future__ import annotations

import concurrent.futures
import contextlib
import errno
import os
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peewee
from playhouse.sqlcipher_ext import SqlCipherDatabase
from sqlcipher3 import dbapi2

# Rows fetched from a cursor raise the driver's own errors, not peewee's.
DATABASE_ERRORS = (peewee.DatabaseError, dbapi2.DatabaseError)

from dossier_app.errors import DamagedDossier, DossierWriteError, ReadOnlyDossier, UsageError, WrongPassphrase
from dossier_app.security import pagecheck

# Applied in this order on every new connection, right after the key.
# cipher_log_level silences SQLCipher's own log lines; temp_store keeps
# sorts and temporary tables in memory, never in a plaintext temp file.
# wal_autocheckpoint 0: only Dossier.checkpoint() copies the log into the file,
# after recording which file the log belongs to (store/sidefiles.py).
# cache_size: SQLite keeps up to CACHE_SIZE_KIB of decrypted pages per connection
# (SQLCipher's default is about 8 MB). A 50,000-entry dossier is ~60 MB; with the
# default cache, reading the whole timeline decrypts many pages again and again
# (bench: 540 ms against 170 ms with 32 MiB). Pages fill it only as they are read.
CACHE_SIZE_KIB = 32 * 1024
PRAGMAS: tuple[tuple[str, str | int], ...] = (
    ("cipher_log_level", "NONE"),
    ("journal_mode", "wal"),
    ("wal_autocheckpoint", 0),
    ("synchronous", "full"),
    ("foreign_keys", 1),
    ("temp_store", 2),
    ("secure_delete", 1),
    ("busy_timeout", 10000),
    ("cache_size", -CACHE_SIZE_KIB),
)


class DossierDatabase(SqlCipherDatabase):  # type: ignore[misc]  # peewee has no types
    """SqlCipherDatabase that remembers its connections so all can be closed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._all_connections: weakref.WeakSet[Any] = weakref.WeakSet()

    def _connect(self) -> Any:
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


def _uri(path: Path, *, read_only: bool, immutable: bool = False) -> str:
    uri = Path(os.path.abspath(path)).as_uri()
    if read_only:
        return uri + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    return uri + "?mode=rw"


def connect(path: Path, key_literal: str, *, read_only: bool = False, immutable: bool = False,
            check: bool = True) -> DossierDatabase:
    """Open and verify the key; classify failures as wrong key or damage.

    A read-only connection never writes to the file: it cannot checkpoint
    the ``-wal`` into it, so a refused open leaves the file as it was.
    """
    pragmas = PRAGMAS
    if read_only:
        pragmas = tuple(item for item in PRAGMAS if item[0] != "journal_mode") + (("query_only", 1),)
    db = DossierDatabase(
        _uri(path, read_only=read_only, immutable=immutable),
        passphrase=key_literal,
        pragmas=pragmas,
        check_same_thread=False,
        timeout=10,
        uri=True,
    )
    try:
        db.connect()
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except DATABASE_ERRORS as exc:
        db.close_all()
        if not check:
            raise
        raise classify_error(exc, path, key_literal) from None
    return db


def probe(path: Path, key_literal: str, *, immutable: bool = False) -> None:
    """Check the key and that the file is a dossier, on a read-only connection.

    Called before any connection that may write: a wrong passphrase or a
    damaged file is refused without the file (or its ``-wal``) being touched.
    Constant time: the caller checks sample pages (``SamplePageCheck``); the
    full walk over every page is ``check_integrity``, run in the background.
    """
    db = connect(path, key_literal, read_only=True, immutable=immutable)
    try:
        check_is_dossier(db, path)
    finally:
        db.close_all()


def check_is_dossier(db: DossierDatabase, path: Path) -> None:
    """DamagedDossier unless the open connection ``db`` reads a dossier (its ``dossier_info`` table)."""
    try:
        tables = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    except DATABASE_ERRORS:
        raise DamagedDossier(f"{path.name} is beschadigd en kan niet worden gelezen.") from None
    if "dossier_info" not in tables:
        raise DamagedDossier(f"{path.name} is geen gezinsdossier.")


def _key_fits_other_pages(path: Path, key_literal: str) -> bool:
    """True when the key authenticates some page after page 1: then page 1 is damaged, not the key wrong.

    SQLCipher checks each page's HMAC on its own, so a right key is recognised
    on any intact page (like KeePassXC's header check, but per page).
    """
    try:
        pages = Path(path).stat().st_size // 4096
    except OSError:
        return False
    if pages < 2:
        return False
    try:
        conn = dbapi2.connect(_uri(path, read_only=True), uri=True, check_same_thread=False)
    except Exception:  # noqa: BLE001
        return False
    try:
        conn.execute(f'PRAGMA key = "{key_literal}"')
        conn.execute("PRAGMA cipher_log_level = NONE")
        failed = {row[0] for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()}
    except Exception:  # noqa: BLE001 - cannot tell: assume the key is wrong
        return False
    finally:
        conn.close()
    return sum(1 for text in failed if "page" in str(text)) < pages


def classify_error(exc: Exception, path: Path, key_literal: str | None = None) -> Exception:
    text = str(exc).lower()
    if "not a database" in text or "file is encrypted" in text:
        if key_literal and _key_fits_other_pages(path, key_literal):
            return DamagedDossier(
                f"Het wachtwoord van {path.name} klopt, maar het begin van het bestand is beschadigd; "
                "het kan niet worden geopend. Zet een back-up terug.")
        return WrongPassphrase(
            f"{path.name} kan niet worden ontgrendeld: het wachtwoord klopt niet "
            "(of het bestand is beschadigd)."
        )
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return DamagedDossier(f"{path.name} kan niet worden geopend: geen toegang tot het bestand of de map.")
    if "full" in text:
        return DossierWriteError(f"{path.name} kan niet worden geopend: de schijf is vol.")
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


# The cheap check on open: the first and last pages must authenticate. They are read and hashed (32 HMACs,
# ~0.4 ms) beside the connection being made and its key checked: reading a file and hashing a page both let go of
# the GIL, so on a second core the check adds no waiting (Mijn gezinnen opens ten families in a row). One worker:
# opens that overlap wait their turn.
_PAGE_CHECKER = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="gezinsdossier-pages")


class SamplePageCheck:
    """The sample-page check started now, on its own worker; ``passed()`` waits for it and raises what that
    raises. A caller that gives up first calls ``abandoned()`` (waits, so no read of the file outlives the open)."""

    def __init__(self, path: Path, key: bytes, salt: bytes) -> None:
        self._path = Path(path)
        self._future = _PAGE_CHECKER.submit(pagecheck.damaged_sample_pages, self._path, key, salt)

    def passed(self) -> None:
        if self._future.result():
            raise DamagedDossier(f"{self._path.name} is beschadigd en kan niet worden gelezen.")

    def abandoned(self) -> None:
        concurrent.futures.wait([self._future])


def split_statements(script: str) -> Iterator[str]:
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


DISK_FULL_MESSAGE = "De schijf is vol; er is niets opgeslagen. Maak ruimte vrij en probeer het opnieuw."
READ_ONLY_MESSAGE = ("Het dossier is alleen-lezen geopend (of het bestand of de schijf is alleen-lezen); "
                     "er is niets opgeslagen.")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen = 0
    found: BaseException | None = exc
    while found is not None and seen < 10:
        yield found
        found = found.__cause__ or found.__context__
        seen += 1


REFERENCE_MESSAGE = ("Dat kan niet worden opgeslagen: een nummer (van een traject, contact of item) bestaat "
                     "niet in dit dossier. Er is niets gewijzigd.")
CONSTRAINT_MESSAGE = ("Dat kan niet worden opgeslagen: er ontbreekt een verplicht gegeven, of het bestaat al. "
                      "Er is niets gewijzigd.")
INVALID_TEXT_MESSAGE = ("De tekst bevat tekens die geen geldige tekst zijn (bijvoorbeeld van een bestandsnaam "
                        "in een andere tekenset). Er is niets gewijzigd.")
OUT_OF_RANGE_MESSAGE = ("Een datum of getal valt buiten wat de app kan rekenen (na het jaar 9999, of een "
                        "te groot nummer). Er is niets gewijzigd.")


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """Driver and file-system errors raised while working on a dossier become the project's own.

    A full disk and a read-only file or medium are told apart from damage;
    the message never contains SQL, paths of temp files or dossier content.
    """
    try:
        yield
    except (peewee.IntegrityError, dbapi2.IntegrityError) as exc:
        # A number that points nowhere (traject 999), a missing value or a duplicate: the input, not the file.
        if "foreign key" in str(exc).lower():
            raise UsageError(REFERENCE_MESSAGE) from None
        raise UsageError(CONSTRAINT_MESSAGE) from None
    except UnicodeEncodeError:
        # Lone surrogates (undecodable bytes from a command line) cannot be stored as text.
        raise UsageError(INVALID_TEXT_MESSAGE) from None
    except OverflowError:
        # A number too large for the database, or a date computed past the year 9999.
        raise UsageError(OUT_OF_RANGE_MESSAGE) from None
    except DATABASE_ERRORS as exc:
        # SQLite rolls back by itself on a full disk; peewee's own rollback then fails with
        # "no transaction is active" — the real cause is in the exception chain.
        text = " ".join(str(item).lower() for item in _chain(exc))
        if "full" in text:
            raise DossierWriteError(DISK_FULL_MESSAGE) from None
        if "readonly" in text or "read-only" in text or "query_only" in text:
            raise ReadOnlyDossier(READ_ONLY_MESSAGE) from None
        raise DamagedDossier("Het dossier is beschadigd en kan niet worden gelezen.") from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            raise DossierWriteError(DISK_FULL_MESSAGE) from None
        if exc.errno == errno.EROFS:
            raise ReadOnlyDossier("De schijf is alleen-lezen; er is niets opgeslagen.") from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise DossierWriteError("Geen toegang: het bestand of de map kan niet worden geschreven; "
                                    "er is niets opgeslagen.") from None
        if exc.errno == errno.ENAMETOOLONG:
            raise UsageError("De bestandsnaam is te lang; kies een kortere naam.") from None
        if exc.errno == errno.EISDIR:
            raise UsageError("Daar staat een map, geen bestand.") from None
        raise
