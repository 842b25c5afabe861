"""Keeping the recovery sidecar (``NAME.dossier.herstel``) in step with the dossier's key.

Below both ``services/session.py`` (an unlock for writing repairs the sidecar)
and ``services/keys.py`` (a passphrase change rewraps it); the recovery key and
its sheet themselves are ``services/recovery.py``. See docs/SECURITY.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dossier_app.errors import DossierError
from dossier_app.security import recovery as core
from dossier_app.services.handle import StoreHandle
from dossier_app.store.database import translate_errors
from dossier_app.store.dossier import RECOVERY_MADE_ON_KEY, RECOVERY_WRAP_KEY, Dossier
from dossier_app.store.models import DossierInfo

WRAP_KEY_ROW = RECOVERY_WRAP_KEY      # HKDF(R), never R itself: the app cannot show the key again
MADE_ON_ROW = RECOVERY_MADE_ON_KEY


def recovery_wrap_key() -> bytes | None:
    """The bound dossier's recovery wrapping key; None when it has no recovery key."""
    row = DossierInfo.get_or_none(DossierInfo.key == WRAP_KEY_ROW)
    return bytes.fromhex(row.value) if row and row.value else None


def rewrap_hooks(dossier: Dossier) -> tuple[Callable[..., Any] | None, Callable[..., Any] | None]:
    """(before_swap, after) for a passphrase change: the sidecar learns the new key before the swap
    (holding both for a moment) and keeps only the new one after it. (None, None) without a recovery key."""
    wrap_key = recovery_wrap_key()
    if wrap_key is None:
        return None, None
    old = (dossier.salt, dossier.key)

    def before_swap(new_key: bytes, new_salt: bytes) -> None:
        core.write_sidecar(dossier.path, wrap_key, [old, (new_salt, new_key)])

    def after() -> None:
        try:
            core.write_sidecar(dossier.path, wrap_key, [(dossier.salt, dossier.key)])
        except OSError:
            pass     # the sidecar still holds the new key too; the next unlock tidies it

    return before_swap, after


def repair_sidecar(session: StoreHandle) -> None:
    """After an unlock for writing: make the sidecar hold exactly the current key when this dossier
    has a recovery key (a crash during a change, a restored copy, a sidecar lost by copying)."""
    dossier = session.require_open()
    if dossier.read_only:
        return
    with translate_errors():
        wrap_key = recovery_wrap_key()
    if wrap_key is None:
        return
    try:
        current = core.read_sidecar(dossier.path)
        if current.check == core.check_value(wrap_key) and [e.salt for e in current.keys] == [dossier.salt]:
            return
    except DossierError:
        pass
    try:
        core.write_sidecar(dossier.path, wrap_key, [(dossier.salt, dossier.key)])
    except OSError:
        pass     # a read-only folder or full disk: the dossier itself is unaffected


