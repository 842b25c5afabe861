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
import os
from pathlib import Path
from typing import TYPE_CHECKING

from dossier_app.services import attachments, housekeeping, sidecar
from dossier_app.services.handle import StoreHandle, needs_open, store_handle
from dossier_app.store.database import translate_errors
from dossier_app.store.dossier import Dossier
from dossier_app.store.lockfile import LockOwner

if TYPE_CHECKING:
    from dossier_app.intake.pdftext import Reader

__all__ = ["DOSSIER_SUFFIX", "DossierSession", "StoreHandle", "create_demo", "create_dossier", "demo_passphrase",
           "lock_owner", "needs_open", "read_only_name", "recorded_lock_owner", "store_handle", "this_host"]

DOSSIER_SUFFIX = ".dossier"


class DossierSession(StoreHandle):
    """One dossier file, locked or unlocked, that can be unlocked (the window owns one)."""

    # -- unlocking ---------------------------------------------------------------------------
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
        self._after_unlock(peek=leave_no_trace and read_only)

    def _after_unlock(self, *, peek: bool = False) -> None:
        """Clean up what a crash left. A peek (read-only, leaving no trace: Mijn gezinnen reads ten families
        one after another) makes no private copies or work folders of its own; the app's start already removed an
        earlier run's, and its folder is swept when it locks, so the scans are not repeated for every family."""
        if peek:
            return
        attachments.remove_stale_private_copies()
        dossier = self.require_open()
        if not dossier.read_only:
            with dossier.bound():
                housekeeping.remove_debris(self)
                sidecar.repair_sidecar(self)
        else:
            housekeeping.sweep_folder(self.path.parent)

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path)
        self._pdf_reader: Reader | None = None

    @property
    def pdf_reader(self) -> Reader:
        """The reader of PDF text layers for this session's imports (intake/pdftext.py): one child process,
        started on first use and kept for the next files, ended when the session locks."""
        if self._pdf_reader is None:
            from dossier_app.intake.pdftext import Reader   # cold start: loads only when a file is imported

            self._pdf_reader = Reader()
        return self._pdf_reader

    def lock(self, *, sweep: bool = True) -> None:
        """End the PDF reader, checkpoint, close every connection and forget the key; then sweep the work
        folders a crash left beside it (services/housekeeping). Without ``sweep`` the caller sweeps the folder
        itself (Mijn gezinnen: once per folder after reading its families)."""
        if self._pdf_reader is not None:
            self._pdf_reader.stop()
        super().lock()
        if sweep:
            housekeeping.sweep_folder(Path(self.path).parent)

    close = lock

    def _attach(self, dossier: Dossier) -> DossierSession:
        self._dossier = dossier
        return self


def lock_owner(path: str | os.PathLike[str]) -> LockOwner | None:
    """Who has this dossier open for writing now (host, user, since), or None."""
    from dossier_app.store.lockfile import current_owner

    return current_owner(Path(path))


def recorded_lock_owner(path: str | os.PathLike[str]) -> LockOwner | None:
    """Who the lock file next to the dossier names (host, user, since), held or left over; or None.
    A lock file of another computer may be left from a crash there (see lockfile.py)."""
    from dossier_app.store.lockfile import LockOwner, lock_path_for

    return LockOwner.read(lock_path_for(Path(path)))


def this_host() -> str:
    from dossier_app.store.lockfile import _host

    return _host()


def create_dossier(path: str | os.PathLike[str], passphrase: str, *, name: str | None = None) -> DossierSession:
    """A new, empty, encrypted dossier, opened."""
    with translate_errors():
        return DossierSession(path)._attach(Dossier.create(Path(path), passphrase, name=name))


def create_demo(path: str | os.PathLike[str], passphrase: str, *, today: dt.date | None = None) -> DossierSession:
    """The demo dossier of the made-up De Vries family, opened."""
    from dossier_app.demo import create_demo as build

    with translate_errors():
        return DossierSession(path)._attach(build(Path(path), passphrase, today=today))


def demo_passphrase() -> str:
    from dossier_app.demo import DEMO_PASSPHRASE

    return DEMO_PASSPHRASE


def read_only_name(path: str | os.PathLike[str]) -> str:
    """How a locked dossier is shown: its file name, never content."""
    return Path(path).stem
