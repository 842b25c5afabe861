"""Opening, unlocking, locking and closing one dossier.

A ``DossierSession`` is the handle every other service takes. It owns the
unlocked store object; locking closes the database and drops the key. The
window owns its session; several may be open at once (Mijn gezinnen reads
other families through short-lived read-only ones). There is no "current"
dossier: every service call binds its own session's database for the models
(``needs_open``; ``with session:`` does the same for a block and locks at the end).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from dossier_app.errors import DossierLocked
from dossier_app.store.database import translate_errors
from dossier_app.store.dossier import Dossier, attachments_dir_for
from dossier_app.store.models import bind_models, unbind_models

DOSSIER_SUFFIX = ".dossier"


class DossierSession:
    """One dossier file, locked or unlocked."""

    def __init__(self, path):
        self.path = Path(path)
        self._dossier: Dossier | None = None

    # -- state -------------------------------------------------------------------
    @property
    def db(self):
        """The open database (for the models' binding, store/models.py); None while locked."""
        return self._dossier.db if self._dossier is not None else None

    @property
    def is_open(self) -> bool:
        return self._dossier is not None and self._dossier.is_open

    def require_open(self) -> Dossier:
        if not self.is_open:
            raise DossierLocked("Het dossier is vergrendeld.")
        return self._dossier

    @property
    def name(self) -> str:
        """The dossier's own name when unlocked; otherwise only the file name."""
        if self.is_open:
            with translate_errors():
                return self._dossier.name
        return self.path.stem

    @property
    def attachments_folder(self) -> Path:
        return attachments_dir_for(self.path)

    @property
    def read_only(self) -> bool:
        """Opened read-only (asked for, or because the file or medium cannot be written)."""
        return self.is_open and self._dossier.read_only

    @property
    def read_only_reason(self) -> str:
        """Why the dossier was opened read-only without being asked ('' otherwise): show it."""
        return self._dossier.read_only_reason if self.is_open else ""

    @property
    def side_file_notice(self) -> str:
        """Side files of another version of the file were set aside on opening ('' otherwise): show it."""
        return self._dossier.side_file_notice if self.is_open else ""

    @property
    def recovered_stale_lock(self) -> bool:
        """True when a lock left by a crash was taken over on unlock."""
        return bool(self.is_open and self._dossier.lock is not None and self._dossier.lock.recovered_stale)

    # -- unlocking and locking ---------------------------------------------------------
    def unlock(self, passphrase: str, *, read_only: bool = False, take_over_lock: bool = False) -> None:
        """Derive the key from ``passphrase`` and open (slow: run it off the GUI thread).

        Raises DossierInUse (with ``host``/``since``) when another process has it
        open for writing: offer ``read_only=True``, or — only when
        ``error.stale_possible`` — ``take_over_lock=True``."""
        with translate_errors():
            self._dossier = Dossier.unlock(self.path, passphrase, read_only=read_only,
                                           take_over_lock=take_over_lock)
        self._after_unlock()

    def unlock_with_key(self, key: bytes, *, read_only: bool = False, take_over_lock: bool = False,
                        leave_no_trace: bool = False) -> None:
        """Open with a remembered key. ``leave_no_trace`` (read-only only): create no files next to
        the dossier when nobody else has it open (see Dossier.unlock)."""
        with translate_errors():
            self._dossier = Dossier.unlock(self.path, key=key, read_only=read_only, take_over_lock=take_over_lock,
                                           leave_no_trace=leave_no_trace and read_only)
        self._after_unlock()

    def _after_unlock(self) -> None:
        from dossier_app.services import attachments, housekeeping, recovery

        attachments.remove_stale_private_copies()
        if not self._dossier.read_only:
            with self._dossier.bound():
                housekeeping.remove_debris(self)
                recovery.repair_sidecar(self)

    def lock(self) -> None:
        """Checkpoint, close every connection and forget the key."""
        if self._dossier is not None:
            self._dossier.close()
        self._dossier = None

    close = lock

    def __enter__(self):
        """``with session:`` binds it for the block (store code in tests and tools) and locks it at the end."""
        self._tokens = getattr(self, "_tokens", [])
        self._tokens.append(bind_models(self))     # follows the session: also when it is unlocked in the block
        return self

    def __exit__(self, *exc):
        try:
            self.lock()
        finally:
            if getattr(self, "_tokens", None):
                unbind_models(self._tokens.pop())

    def _attach(self, dossier: Dossier) -> DossierSession:
        self._dossier = dossier
        return self


def needs_open(function):
    """Service decorator: the session must be unlocked; driver errors become ours.

    Before the call the file must still be the one we opened, unchanged
    (DossierChangedOutside otherwise, and nothing is written any more); after
    a call that wrote, the write is checkpointed into NAME.dossier.
    """

    @functools.wraps(function)
    def wrapper(session: DossierSession, *args, **kwargs):
        dossier = session.require_open()
        dossier.check_unchanged()
        with dossier.bound(), translate_errors():
            before = dossier.total_changes()
            result = function(session, *args, **kwargs)
            if dossier.is_open and dossier.total_changes() != before:
                dossier.checkpoint()
            return result

    return wrapper


def store_handle(session: DossierSession) -> Dossier:
    """The unlocked store object, for the services (never for ui/ or cli/)."""
    return session.require_open()


def lock_owner(path):
    """Who has this dossier open for writing now (host, user, since), or None."""
    from dossier_app.store.lockfile import current_owner

    return current_owner(Path(path))


def recorded_lock_owner(path):
    """Who the lock file next to the dossier names (host, user, since), held or left over; or None.
    A lock file of another computer may be left from a crash there (see lockfile.py)."""
    from dossier_app.store.lockfile import LockOwner, lock_path_for

    return LockOwner.read(lock_path_for(Path(path)))


def this_host() -> str:
    from dossier_app.store.lockfile import _host

    return _host()


def create_dossier(path, passphrase: str, *, name: str | None = None) -> DossierSession:
    """A new, empty, encrypted dossier, opened."""
    with translate_errors():
        return DossierSession(path)._attach(Dossier.create(Path(path), passphrase, name=name))


def create_demo(path, passphrase: str, *, today: dt.date | None = None) -> DossierSession:
    """The demo dossier of the made-up De Vries family, opened."""
    from dossier_app.demo import create_demo as build

    with translate_errors():
        return DossierSession(path)._attach(build(Path(path), passphrase, today=today))


def demo_passphrase() -> str:
    from dossier_app.demo import DEMO_PASSPHRASE

    return DEMO_PASSPHRASE


def read_only_name(path) -> str:
    """How a locked dossier is shown: its file name, never content."""
    return Path(path).stem
