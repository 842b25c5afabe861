"""Passphrase -> SQLCipher raw key.

We derive the 256-bit database key ourselves with Argon2id and hand SQLCipher
the raw key together with the salt (``x'<key><salt>'``). SQLCipher writes that
salt in the first 16 bytes of the file, so we can read it back before
unlocking. Remembering a dossier on this computer stores the derived key (never
the passphrase) in the OS keychain, under an id made from that salt.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from dossier_app.errors import DamagedDossier, UsageError

SALT_SIZE = 16
KEY_SIZE = 32
PAGE_SIZE = 4096

# Argon2id cost: about 0.15 s on a laptop core; changing it makes existing
# dossiers unopenable, so it is fixed for format version 1.
KDF_ITERATIONS = 3
KDF_MEMORY_KIB = 64 * 1024
KDF_LANES = 4

SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
MIN_PASSPHRASE_LENGTH = 8


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC-normalise so the same passphrase typed on macOS and Windows matches."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise UsageError(
            f"Kies een wachtwoord van minstens {MIN_PASSPHRASE_LENGTH} tekens."
        )


def new_salt() -> bytes:
    return os.urandom(SALT_SIZE)


def derive_key(passphrase: str, salt: bytes) -> bytes:
    if not passphrase:
        raise UsageError("Er is geen wachtwoord opgegeven.")
    kdf = Argon2id(
        salt=salt,
        length=KEY_SIZE,
        iterations=KDF_ITERATIONS,
        lanes=KDF_LANES,
        memory_cost=KDF_MEMORY_KIB,
    )
    return kdf.derive(normalise_passphrase(passphrase))


def sqlcipher_key_literal(key: bytes, salt: bytes) -> str:
    """The raw-key form SQLCipher understands: x'<64 hex key><32 hex salt>'."""
    return f"x'{key.hex()}{salt.hex()}'"


def read_salt(path: Path) -> bytes:
    """Read the SQLCipher salt from a dossier file, rejecting what cannot be one."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(SALT_SIZE)
    except IsADirectoryError:
        raise DamagedDossier(f"{path.name} is een map, geen dossierbestand.") from None
    except OSError as exc:
        raise DamagedDossier(f"{path.name} kan niet worden gelezen ({exc.strerror}).") from None
    if head == SQLITE_PLAIN_HEADER:
        raise DamagedDossier(
            f"{path.name} is een onversleuteld databasebestand, geen gezinsdossier."
        )
    if size < PAGE_SIZE or size % PAGE_SIZE:
        raise DamagedDossier(
            f"{path.name} is geen gezinsdossier of het bestand is beschadigd."
        )
    return head


def key_id(salt: bytes) -> str:
    """Stable, non-secret id of one dossier file's key (for the keychain)."""
    return "dossier-" + salt.hex()
