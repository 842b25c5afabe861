"""Passphrases and the OS keychain: remember, forget, unlock with the remembered key.

"Remember on this computer" keeps the derived key in the OS keychain, never
the passphrase; without a usable keychain the caller asks for the passphrase.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dossier_app.errors import KeychainUnavailable, WrongPassphrase
from dossier_app.security import keychain, strength
from dossier_app.security.keys import derive_key, key_id
from dossier_app.services import sidecar
from dossier_app.services.session import DossierSession, store_handle
from dossier_app.store.database import translate_errors
from dossier_app.store.dossier import Dossier

KEYCHAIN_UNAVAILABLE_MESSAGE = keychain.UNAVAILABLE_MESSAGE


@dataclass(frozen=True)
class PassphraseStrength:
    acceptable: bool
    label: str
    hint: str


def assess_passphrase(passphrase: str, user_words: Iterable[str] = ()) -> PassphraseStrength:
    result = strength.assess(passphrase, list(user_words))
    return PassphraseStrength(result.acceptable, result.label, result.hint)


def keychain_available() -> bool:
    return keychain.is_available()


def _key_id(path: str | os.PathLike[str]) -> str:
    return key_id(Dossier.read_salt(Path(path)))


def remembered_key(path: str | os.PathLike[str]) -> bytes | None:
    """The key remembered for this file; None when there is none.

    Raises KeychainUnavailable (with a message to show) when the keychain
    cannot be used at all."""
    return keychain.load_key(_key_id(path))


def unlock_with_keychain(session: DossierSession, *, read_only: bool = False, take_over_lock: bool = False) -> bool:
    """Unlock with the remembered key; False when there is none, it no longer
    fits, or the keychain cannot be used (the caller then asks). DossierInUse
    passes through: the caller may then ask to open read-only."""
    try:
        key = remembered_key(session.path)
    except KeychainUnavailable:
        return False
    if key is None:
        return False
    try:
        session.unlock_with_key(key, read_only=read_only, take_over_lock=take_over_lock)
    except WrongPassphrase:
        return False
    return True


def passphrase_fits(session: DossierSession, passphrase: str) -> bool:
    """Whether ``passphrase`` is this open dossier's (asked again before changing it)."""
    dossier = store_handle(session)
    return hmac.compare_digest(derive_key(passphrase, dossier.salt), dossier.key)


def remember_key(session: DossierSession) -> None:
    dossier = store_handle(session)
    keychain.store_key(dossier.key_id, dossier.key)


def forget_key(path: str | os.PathLike[str]) -> None:
    keychain.forget_key(_key_id(path))


def is_remembered(path: str | os.PathLike[str]) -> bool:
    try:
        return remembered_key(path) is not None
    except KeychainUnavailable:
        return False


PASSPHRASE_CHANGED_NOTE = ("Back-ups die vóór deze wijziging zijn gemaakt, openen nog met het oude wachtwoord; "
                           "maak nu een nieuwe back-up.")


def change_passphrase(session: DossierSession, new_passphrase: str) -> list[str]:
    """Re-encrypt under a new passphrase; a remembered key is replaced by the new one.

    Returns the notes to show the user (Dutch): older backups still open with
    the old passphrase; and, when the keychain failed, that the key is no
    longer remembered. The passphrase change itself has then succeeded."""
    dossier = store_handle(session)
    old_key_id = dossier.key_id
    try:
        was_remembered = keychain.load_key(old_key_id) is not None
    except KeychainUnavailable:
        was_remembered = False
    dossier.check_unchanged()
    with dossier.bound(), translate_errors():
        before_swap, after = sidecar.rewrap_hooks(dossier)
        dossier.change_passphrase(new_passphrase, before_swap=before_swap)
        if after is not None:
            after()
    notes = [PASSPHRASE_CHANGED_NOTE]
    if was_remembered:
        try:
            keychain.forget_key(old_key_id)
            keychain.store_key(dossier.key_id, dossier.key)
        except KeychainUnavailable:
            notes.append("Het wachtwoord is gewijzigd, maar de sleutelhanger kon de nieuwe sleutel niet bewaren; "
                         "voer voortaan het nieuwe wachtwoord in.")
    return notes
