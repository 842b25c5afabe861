"""Opening, unlocking, locking and closing one dossier.

A ``DossierSession`` is the handle every other service takes. It owns the
unlocked store object; locking closes the database and drops the key.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from dossier_app.errors import DossierLocked
from dossier_app.store.database import translate_errors
from dossier_app.store.dossier import Dossier, attachments_dir_for

DOSSIER_SUFFIX = ".dossier"


class DossierSession:
    """One dossier file, locked or unlocked."""

    def __init__(self, path):
        self.path = Path(path)
        self._dossier: Dossier | None = None

    # -- state -------------------------------------------------------------------
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

    # -- unlocking and locking ---------------------------------------------------------
    def unlock(self, passphrase: str) -> None:
        """Derive the key from ``passphrase`` and open (slow: run it off the GUI thread)."""
        with translate_errors():
            self._dossier = Dossier.unlock(self.path, passphrase)

    def unlock_with_key(self, key: bytes) -> None:
        with translate_errors():
            self._dossier = Dossier.unlock(self.path, key=key)

    def lock(self) -> None:
        """Checkpoint, close every connection and forget the key."""
        if self._dossier is not None:
            self._dossier.close()
        self._dossier = None

    close = lock

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.lock()

    def _attach(self, dossier: Dossier) -> "DossierSession":
        self._dossier = dossier
        return self


def needs_open(function):
    """Service decorator: the session must be unlocked; driver errors become ours."""

    @functools.wraps(function)
    def wrapper(session: DossierSession, *args, **kwargs):
        session.require_open()
        with translate_errors():
            return function(session, *args, **kwargs)

    return wrapper


def store_handle(session: DossierSession) -> Dossier:
    """The unlocked store object, for the services (never for ui/ or cli/)."""
    return session.require_open()


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
