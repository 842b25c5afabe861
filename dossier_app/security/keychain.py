"""The OS keychain behind one small interface (keyring).

"Remember on this computer" stores the derived key, never the passphrase.
When no usable keychain exists, or it is locked, or the entry is gone, the
caller is told so (KeychainUnavailable / None) and asks for the passphrase.
There is deliberately no plaintext fallback.
"""

from __future__ import annotations

import keyring
import keyring.backends.fail
import keyring.errors

from dossier_app.errors import KeychainUnavailable

SERVICE_NAME = "Gezinsdossier"

UNAVAILABLE_MESSAGE = (
    "De sleutelhanger van deze computer is niet beschikbaar; "
    "het wachtwoord wordt niet onthouden en moet worden ingevoerd."
)
LOCKED_MESSAGE = (
    "De sleutelhanger van deze computer is vergrendeld of weigerde toegang; "
    "voer het wachtwoord in."
)


def _backend():
    return keyring.get_keyring()


def is_available() -> bool:
    backend = _backend()
    if isinstance(backend, keyring.backends.fail.Keyring):
        return False
    try:
        return backend.priority > 0
    except Exception:  # noqa: BLE001 - a backend that cannot even report is unusable
        return False


def _require_available() -> None:
    if not is_available():
        raise KeychainUnavailable(UNAVAILABLE_MESSAGE)


def load_key(key_id: str) -> bytes | None:
    """The remembered key, or None when nothing (valid) is stored."""
    _require_available()
    try:
        value = _backend().get_password(SERVICE_NAME, key_id)
    except keyring.errors.KeyringLocked:
        raise KeychainUnavailable(LOCKED_MESSAGE) from None
    except keyring.errors.KeyringError:
        raise KeychainUnavailable(UNAVAILABLE_MESSAGE) from None
    if not value:
        return None
    try:
        return bytes.fromhex(value)
    except ValueError:
        return None


def store_key(key_id: str, key: bytes) -> None:
    _require_available()
    try:
        _backend().set_password(SERVICE_NAME, key_id, key.hex())
    except keyring.errors.KeyringLocked:
        raise KeychainUnavailable(LOCKED_MESSAGE) from None
    except keyring.errors.KeyringError:
        raise KeychainUnavailable(UNAVAILABLE_MESSAGE) from None


def forget_key(key_id: str) -> None:
    if not is_available():
        return
    try:
        _backend().delete_password(SERVICE_NAME, key_id)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError:
        raise KeychainUnavailable(UNAVAILABLE_MESSAGE) from None
