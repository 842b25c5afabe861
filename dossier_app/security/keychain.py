"""The OS keychain behind one small interface (keyring).

"Remember on this computer" stores the derived key, never the passphrase.
Only the platform's real keychains count: Windows Credential Locker, the
macOS Keychain, Secret Service (GNOME Keyring, KeePassXC …) and KWallet.
Any other keyring backend — ``keyrings.alt``'s PlaintextKeyring and
friends, which write the key to a file — counts as "no keychain".

Every call has a time limit and any exception (D-Bus errors included)
means "not available": the caller is told so (KeychainUnavailable / None)
and asks for the passphrase. There is deliberately no plaintext fallback.

Tests use an in-memory backend: they allow it with ``trust_backend_for_tests``
(called from ``tests/conftest.py``). That is code, not configuration: no
environment variable or setting can make the app trust another backend.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from dossier_app.errors import KeychainUnavailable

SERVICE_NAME = "Gezinsdossier"
TIMEOUT_SECONDS = 5.0

UNAVAILABLE_MESSAGE = (
    "De sleutelhanger van deze computer is niet beschikbaar; "
    "het wachtwoord wordt niet onthouden en moet worden ingevoerd."
)
LOCKED_MESSAGE = (
    "De sleutelhanger van deze computer is vergrendeld of weigerde toegang; "
    "voer het wachtwoord in."
)
TIMEOUT_MESSAGE = (
    "De sleutelhanger van deze computer reageert niet; voer het wachtwoord in."
)

# The real platform keychains (module and class name of the keyring backend).
TRUSTED_BACKENDS = frozenset({
    "keyring.backends.Windows.WinVaultKeyring",
    "keyring.backends.macOS.Keyring",
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.libsecret.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
    "keyring.backends.kwallet.DBusKeyringKWallet4",
})
_trusted_for_tests: set[type] = set()


def trust_backend_for_tests(backend_type: type) -> None:
    """Let the test suite's in-memory backend count as a keychain (tests only)."""
    _trusted_for_tests.add(backend_type)


def untrust_backend_for_tests(backend_type: type) -> None:
    _trusted_for_tests.discard(backend_type)


def is_trusted(backend: object) -> bool:
    backend_type = type(backend)
    if backend_type in _trusted_for_tests:
        return True
    return f"{backend_type.__module__}.{backend_type.__name__}" in TRUSTED_BACKENDS


def _call(function: Callable[..., Any], *args: Any) -> Any:
    """Run one keychain call with a time limit; any failure becomes KeychainUnavailable."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 - every failure means "not available"
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="keychain", daemon=True)
    worker.start()
    worker.join(TIMEOUT_SECONDS)
    if worker.is_alive():
        raise KeychainUnavailable(TIMEOUT_MESSAGE)
    error = outcome.get("error")
    if error is None:
        return outcome.get("value")
    import keyring.errors   # keyring loads on first use: slow to import, and start-up needs no keychain

    if isinstance(error, keyring.errors.KeyringLocked):
        raise KeychainUnavailable(LOCKED_MESSAGE) from None
    raise KeychainUnavailable(UNAVAILABLE_MESSAGE) from None


def _resolve() -> Any:
    """The trusted backend to use, or None (a chainer is searched for a trusted member)."""
    import keyring   # cold start: keyring loads on first use

    backend = keyring.get_keyring()
    if is_trusted(backend):
        return backend
    for member in getattr(backend, "backends", ()) or ():
        if is_trusted(member):
            return member
    return None


def _backend() -> Any:
    backend = _call(_resolve)
    if backend is None:
        raise KeychainUnavailable(UNAVAILABLE_MESSAGE)
    try:
        priority = _call(lambda: backend.priority)
    except KeychainUnavailable:
        raise
    if not isinstance(priority, (int, float)) or priority <= 0:
        raise KeychainUnavailable(UNAVAILABLE_MESSAGE)
    return backend


def is_available() -> bool:
    try:
        _backend()
    except KeychainUnavailable:
        return False
    return True


def load_key(key_id: str) -> bytes | None:
    """The remembered key, or None when nothing (valid) is stored."""
    backend = _backend()
    value = _call(backend.get_password, SERVICE_NAME, key_id)
    if not value or not isinstance(value, str):
        return None
    try:
        return bytes.fromhex(value)
    except ValueError:
        return None


def store_key(key_id: str, key: bytes) -> None:
    backend = _backend()
    _call(backend.set_password, SERVICE_NAME, key_id, key.hex())


def forget_key(key_id: str) -> None:
    try:
        backend = _backend()
    except KeychainUnavailable:
        return
    import keyring.errors   # cold start: keyring loads on first use

    def delete() -> None:
        try:
            backend.delete_password(SERVICE_NAME, key_id)
        except keyring.errors.PasswordDeleteError:
            pass
    _call(delete)
