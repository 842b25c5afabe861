"""The open-store handle: what every service needs of an open dossier, below the services.

``StoreHandle`` holds one dossier file's store object (or none while locked);
``needs_open`` and ``store_handle`` are how services use it. Opening and
unlocking (``services/session.py``, ``DossierSession``) sit above this module,
so the clean-up and repair code an unlock runs (attachments, housekeeping, the
recovery sidecar) can take a handle without importing the session (issue 27:
the import graph is a tree).
"""

from __future__ import annotations

import contextvars
import functools
import os
import re
import threading
import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from dossier_app.errors import DossierLocked
from dossier_app.store.database import translate_errors
from dossier_app.store.dossier import Dossier, attachments_dir_for
from dossier_app.store.models import bind_models, bound_target, unbind_models


class StoreHandle:
    """One dossier file, locked or unlocked: the open-store handle the services take.

    Opening it is ``services.session.DossierSession`` (which also tidies up after an unlock); what
    every service needs of it — is it open, its store object, locking — lives here, below both."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._dossier: Dossier | None = None
        self._tokens: list[contextvars.Token[object | None]] = []

    # -- state -------------------------------------------------------------------
    @property
    def db(self) -> Any:
        """The open database (for the models' binding, store/models.py); None while locked."""
        return self._dossier.db if self._dossier is not None else None

    @property
    def is_open(self) -> bool:
        return self._dossier is not None and self._dossier.is_open

    def require_open(self) -> Dossier:
        if self._dossier is None or not self._dossier.is_open:
            raise DossierLocked("Het dossier is vergrendeld.")
        return self._dossier

    @property
    def name(self) -> str:
        """The dossier's own name when unlocked; otherwise only the file name."""
        if self._dossier is not None and self._dossier.is_open:
            with translate_errors():
                return self._dossier.name
        return self.path.stem

    @property
    def attachments_folder(self) -> Path:
        return attachments_dir_for(self.path)

    @property
    def read_only(self) -> bool:
        """Opened read-only (asked for, or because the file or medium cannot be written)."""
        return self._dossier is not None and self._dossier.is_open and self._dossier.read_only

    @property
    def read_only_reason(self) -> str:
        """Why the dossier was opened read-only without being asked ('' otherwise): show it."""
        return self._dossier.read_only_reason if self._dossier is not None and self._dossier.is_open else ""

    @property
    def side_file_notice(self) -> str:
        """Side files of another version of the file were set aside on opening ('' otherwise): show it."""
        return self._dossier.side_file_notice if self._dossier is not None and self._dossier.is_open else ""

    @property
    def recovered_stale_lock(self) -> bool:
        """True when a lock left by a crash was taken over on unlock."""
        dossier = self._dossier
        return bool(dossier is not None and dossier.is_open and dossier.lock is not None
                    and dossier.lock.recovered_stale)

    # -- locking ---------------------------------------------------------------------------
    def lock(self) -> None:
        """Checkpoint, close every connection and forget the key (and what was kept of its content)."""
        if self._dossier is not None:
            _forget(self._dossier)
            self._dossier.close()
            re.purge()      # re's cache of recent patterns may hold the dossier's names (intake's name patterns)
        self._dossier = None

    close = lock

    def __enter__(self) -> StoreHandle:
        """``with session:`` binds it for the block (store code in tests and tools) and locks it at the end."""
        self._tokens.append(bind_models(self))     # follows the session: also when it is unlocked in the block
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.lock()
        finally:
            if self._tokens:
                unbind_models(self._tokens.pop())


_IN_CALL: contextvars.ContextVar[Dossier | None] = contextvars.ContextVar("gezinsdossier_service_call", default=None)
_Handle = TypeVar("_Handle", bound=StoreHandle)
_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")


def needs_open(function: Callable[Concatenate[_Handle, _Params], _Result]
               ) -> Callable[Concatenate[_Handle, _Params], _Result]:
    """Service decorator: the session must be unlocked; driver errors become ours.

    Before the call the file must still be the one we opened, unchanged
    (DossierChangedOutside otherwise, and nothing is written any more); after
    a call that wrote, the write is checkpointed into NAME.dossier. A service
    called by another service of the same dossier, in the same context, runs
    inside that call: it checked the file and binds it, and checkpoints after
    it whatever either wrote (the Overzicht reads through four services).
    """

    @functools.wraps(function)
    def wrapper(session: _Handle, /, *args: _Params.args, **kwargs: _Params.kwargs) -> _Result:
        dossier = session.require_open()
        if _IN_CALL.get() is dossier and bound_target() is dossier:
            return function(session, *args, **kwargs)
        dossier.check_unchanged()
        with dossier.bound(), translate_errors():
            token = _IN_CALL.set(dossier)
            try:
                before = dossier.total_changes()
                result = function(session, *args, **kwargs)
                if dossier.is_open and dossier.total_changes() != before:
                    dossier.checkpoint()
                return result
            finally:
                _IN_CALL.reset(token)

    return wrapper


def store_handle(session: StoreHandle) -> Dossier:
    """The unlocked store object, for the services (never for ui/ or cli/)."""
    return session.require_open()


# -- what a service read, kept while nothing changes --------------------------------------------------------
# Per open dossier: a value a service built from it, with the dossier's change mark when it was built
# (Dossier.change_mark: this connection's change count and SQLite's data_version, which moves when any other
# connection commits). Memory only, never on disk; a new unlock is a new Dossier, so nothing carries over, and
# what a locked dossier kept goes with its store object.
_KEPT: weakref.WeakKeyDictionary[Dossier, dict[Hashable, tuple[Any, Any]]] = weakref.WeakKeyDictionary()
_KEPT_GUARD = threading.Lock()
_Kept = TypeVar("_Kept")


def kept_while_unchanged(session: StoreHandle, name: Hashable, build: Callable[[], _Kept]) -> _Kept:
    """``build()`` (a read of the bound dossier, from a service under ``needs_open``), or what it gave the last
    time for ``name`` when nothing was committed to the dossier since. Inside a transaction nothing is kept or
    reused: what it reads may still be rolled back."""
    dossier = session.require_open()
    if dossier.db.in_transaction():
        return build()
    mark = dossier.change_mark()
    with _KEPT_GUARD:
        kept = _KEPT.setdefault(dossier, {})
        found = kept.get(name)
    if found is not None and Dossier.same_state(found[0], mark):
        return found[1]          # type: ignore[no-any-return]
    value = build()
    with _KEPT_GUARD:
        for other in [key for key, (noted, _value) in kept.items() if not Dossier.same_state(noted, mark)]:
            del kept[other]      # stale (or of another thread's connection): never read again as it is
        kept[name] = (mark, value)
    return value


# Per open dossier, across its changes: results of a pure function kept with the rows they were made from (read
# again every time and compared, so a result is only reused for the same content).
_BY_CONTENT: weakref.WeakKeyDictionary[Dossier, dict[Hashable, dict[Any, Any]]] = weakref.WeakKeyDictionary()


def kept_by_content(session: StoreHandle, name: Hashable) -> dict[Any, Any] | None:
    """A dict kept for this open dossier across its changes, for results its user keys on (or keeps with) the
    content they were made from; memory only, forgotten when the dossier locks. None for a dossier opened
    immutable (Mijn gezinnen reads each family once that way: it cannot change while open, so there is nothing to
    keep across changes)."""
    dossier = session.require_open()
    if dossier.immutable:
        return None
    with _KEPT_GUARD:
        return _BY_CONTENT.setdefault(dossier, {}).setdefault(name, {})


def forget_kept(session: StoreHandle, *, by_content: bool = True) -> None:
    """Drop what was kept for this dossier (the next read builds it again); without ``by_content`` only what was
    kept on its change mark (as after a commit)."""
    _forget(session.require_open(), by_content=by_content)


def _forget(dossier: Dossier, *, by_content: bool = True) -> None:
    with _KEPT_GUARD:
        _KEPT.pop(dossier, None)
        if by_content:
            _BY_CONTENT.pop(dossier, None)
