"""The recovery key (herstelsleutel): a second, independent way to unlock a dossier.

How it works (docs/SECURITY.md, "Herstelsleutel"):

- R is 160 random bits, written as 32 Crockford base32 characters in eight
  groups of four, plus a ninth check group (20 bits of SHA-256 over R), so a
  mistyped character is told apart from a key that does not belong here.
- The wrapping key W = HKDF-SHA256(R). R is random and long, so a slow KDF
  (Argon2) adds nothing.
- ``NAME.dossier.herstel`` (owner-only, written atomically) holds no content:
  a format name, a version, a check value of W (HKDF with another label; it
  tells "wrong key" from "damaged file"), and the dossier's current SQLCipher
  key encrypted with AES-256-GCM under W, with the dossier salt as associated
  data. During a passphrase change it briefly holds the new key as well, so a
  crash between the file swap and the rewrite never strands the sheet.
- W (never R) is kept inside the encrypted dossier, so a passphrase change can
  rewrap the new key without asking for R, and the open app cannot show R again.

Without the passphrase or R the sidecar opens nothing: W cannot be derived
without R, and the key in it is encrypted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from dossier_app.durable import write_private_atomic
from dossier_app.errors import DamagedDossier, UsageError, WrongPassphrase

SIDECAR_SUFFIX = ".herstel"
SIDECAR_FORMAT = "gezinsdossier-herstel"
SIDECAR_VERSION = 1
KEY_BYTES = 20                       # 160 bits
GROUP = 4
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"   # Crockford base32: no I, L, O, U
_READS_AS = {"O": "0", "I": "1", "L": "1"}      # what people (and fonts) confuse
_WRAP_INFO = b"gezinsdossier herstelsleutel v1: sleutel"
_CHECK_INFO = b"gezinsdossier herstelsleutel v1: controle"
_AAD_PREFIX = b"gezinsdossier-herstel-v1:"
_MAX_SIDECAR_BYTES = 64 * 1024


class RecoveryKeyMistyped(UsageError):
    """The typed recovery key is not a valid key (a character is wrong or missing)."""


class WrongRecoveryKey(WrongPassphrase):
    """A valid recovery key, but not the one of this dossier (exit code 3)."""


class RecoveryFileMissing(UsageError):
    """There is no ``NAME.dossier.herstel`` next to the dossier."""


# -- the key as text ---------------------------------------------------------------
def new_recovery_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _to_base32(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    count = len(data) * 8 // 5
    return "".join(ALPHABET[(number >> (5 * (count - 1 - i))) & 31] for i in range(count))


def _check_group(raw: bytes) -> str:
    digest = hashlib.sha256(b"gezinsdossier-herstelsleutel" + raw).digest()
    return _to_base32(digest[:5])[:GROUP]


def groups(raw: bytes) -> list[str]:
    """Nine groups of four characters: eight for the key, the last one a check."""
    text = _to_base32(raw) + _check_group(raw)
    return [text[i:i + GROUP] for i in range(0, len(text), GROUP)]


def format_key(raw: bytes) -> str:
    return " ".join(groups(raw))


def parse_key(text: str) -> bytes:
    """The key from what a person typed: spaces, dashes and lower case are fine; O/I/L read as 0/1/1."""
    cleaned = "".join(ch for ch in (text or "").upper() if not ch.isspace() and ch not in "-.")
    cleaned = "".join(_READS_AS.get(ch, ch) for ch in cleaned)
    wanted = KEY_BYTES * 8 // 5 + GROUP
    if not cleaned:
        raise RecoveryKeyMistyped("Vul de herstelsleutel in.")
    wrong = sorted({ch for ch in cleaned if ch not in ALPHABET})
    if wrong:
        raise RecoveryKeyMistyped("De herstelsleutel bevat een teken dat er niet in kan staan ("
                                  + " ".join(wrong[:3]) + "). Kijk de groepjes na op het herstelblad.")
    if len(cleaned) != wanted:
        raise RecoveryKeyMistyped(f"De herstelsleutel heeft {wanted} tekens (9 groepjes van 4); u typte er "
                                  f"{len(cleaned)}. Kijk de groepjes na op het herstelblad.")
    number = 0
    for ch in cleaned[:-GROUP]:
        number = (number << 5) | ALPHABET.index(ch)
    raw = number.to_bytes(KEY_BYTES, "big")
    if not hmac.compare_digest(_check_group(raw), cleaned[-GROUP:]):
        raise RecoveryKeyMistyped("De herstelsleutel is niet goed overgenomen: een teken klopt niet, of de groepjes "
                                  "staan in een andere volgorde. Lees het herstelblad regel voor regel, van links "
                                  "naar rechts, en kijk elk groepje na. Er is niets gewijzigd.")
    return raw


# -- keys ------------------------------------------------------------------------------
def _hkdf(raw: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(raw)


def wrapping_key(raw: bytes) -> bytes:
    return _hkdf(raw, _WRAP_INFO)


def check_value(wrap_key: bytes) -> str:
    return _hkdf(wrap_key, _CHECK_INFO)[:16].hex()


# -- the sidecar file -----------------------------------------------------------------------
def sidecar_path(dossier_path: str | os.PathLike[str]) -> Path:
    dossier_path = Path(dossier_path)
    return dossier_path.with_name(dossier_path.name + SIDECAR_SUFFIX)


@dataclass(frozen=True)
class Wrapped:
    salt: bytes        # the dossier file's SQLCipher salt this key belongs to
    nonce: bytes
    ciphertext: bytes


def wrap(wrap_key: bytes, db_key: bytes, salt: bytes) -> Wrapped:
    nonce = os.urandom(12)
    return Wrapped(salt, nonce, AESGCM(wrap_key).encrypt(nonce, db_key, _AAD_PREFIX + salt))


def write_sidecar(dossier_path: str | os.PathLike[str], wrap_key: bytes, keys: list[tuple[bytes, bytes]]) -> Path:
    """Write ``NAME.dossier.herstel`` for these (salt, database key) pairs: owner-only, atomically, durably."""
    target = sidecar_path(dossier_path)
    entries = [wrap(wrap_key, db_key, salt) for salt, db_key in keys]
    data = json.dumps({
        "format": SIDECAR_FORMAT,
        "version": SIDECAR_VERSION,
        "check": check_value(wrap_key),
        "keys": [{"salt": e.salt.hex(), "nonce": e.nonce.hex(), "ciphertext": e.ciphertext.hex()} for e in entries],
    }, indent=1).encode("ascii")
    write_private_atomic(target, data)
    return target


@dataclass(frozen=True)
class Sidecar:
    check: str
    keys: tuple[Wrapped, ...]

    def salts(self) -> set[bytes]:
        return {entry.salt for entry in self.keys}


def read_sidecar(dossier_path: str | os.PathLike[str]) -> Sidecar:
    path = sidecar_path(dossier_path)
    name = Path(dossier_path).name
    if not path.is_file():
        raise RecoveryFileMissing(
            f"Naast {name} staat geen herstelbestand ({path.name}). Zonder dat bestand werkt de herstelsleutel "
            "niet; het hoort in dezelfde map als het dossier. Heeft u het nog (bijvoorbeeld op een USB-stick "
            "bij een kopie van het dossier), zet het dan terug.")
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(_MAX_SIDECAR_BYTES + 1)[:_MAX_SIDECAR_BYTES])
        if data.get("format") != SIDECAR_FORMAT or data.get("version") != SIDECAR_VERSION:
            raise ValueError("format")
        entries = tuple(Wrapped(bytes.fromhex(item["salt"]), bytes.fromhex(item["nonce"]),
                                bytes.fromhex(item["ciphertext"])) for item in data["keys"])
        check = str(data["check"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise DamagedDossier(f"Het herstelbestand {path.name} is beschadigd of geen herstelbestand.") from None
    return Sidecar(check, entries)


def unwrap(sidecar: Sidecar, raw: bytes, salt: bytes, dossier_name: str) -> bytes:
    """The dossier key for the file with ``salt``; WrongRecoveryKey when ``raw`` is not this dossier's key."""
    wrap_key = wrapping_key(raw)
    if not hmac.compare_digest(check_value(wrap_key), sidecar.check):
        raise WrongRecoveryKey(
            f"Deze herstelsleutel hoort niet bij {dossier_name}, of er is later een nieuw herstelblad gemaakt. "
            "Er is niets gewijzigd.")
    for entry in sidecar.keys:
        if entry.salt == salt:
            try:
                return AESGCM(wrap_key).decrypt(entry.nonce, entry.ciphertext, _AAD_PREFIX + salt)
            except InvalidTag:
                break
    raise DamagedDossier(
        f"Het herstelbestand past niet (meer) bij {dossier_name}: het is beschadigd of hoort bij een andere "
        "versie van het dossier. Er is niets gewijzigd.")
