"""Cancelling long work: a token the task runner hands to import, export, backup and search.

Qt-free, so the services and the store can check it. The work calls
``token.check()`` at points where stopping leaves nothing half-written (between
files, before the final rename); ``Cancelled`` then unwinds it, and the work's own
clean-up (work folders, ``.deel`` files, a transaction) removes what was begun.
"""

from __future__ import annotations

import threading

from dossier_app.errors import DossierError

CANCELLED_MESSAGE = "Afgebroken: er is niets half opgeslagen."


class Cancelled(DossierError):
    """The work was cancelled (by the user, or because the app locks)."""

    def __init__(self, message: str = CANCELLED_MESSAGE):
        super().__init__(message)


class CancelToken:
    """Set once from any thread (``cancel``); checked by the work (``check``, ``cancelled``)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` when the work was cancelled."""
        if self._event.is_set():
            raise Cancelled()


class _Never(CancelToken):
    """For calls that cannot be cancelled (the command line): never set."""

    def cancel(self) -> None:   # a shared token must never be set by one caller for all
        raise TypeError("NEVER cannot be cancelled; make a CancelToken()")


NEVER = _Never()


def token_or_never(token: CancelToken | None) -> CancelToken:
    return token if token is not None else NEVER
