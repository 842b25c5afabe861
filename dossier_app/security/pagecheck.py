"""Authenticate a few SQLCipher pages straight from the file, in constant time.

Opening a dossier must not read every page (that grows with the dossier), yet
a damaged header, schema or tail should still be refused before anything is
shown. SQLCipher 4 (its defaults, which Gezinsdossier uses) seals every page
with HMAC-SHA512 over the ciphertext, the page's IV and its page number; the
HMAC key is PBKDF2-HMAC-SHA512(raw key, salt XOR 0x3a, 2 iterations). This
module checks that seal for the first and the last pages of the file. The full
walk over every page is ``Dossier.verify_integrity()``, run off the GUI thread.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

PAGE_SIZE = 4096
IV_SIZE = 16
HMAC_SIZE = 64
RESERVE_SIZE = IV_SIZE + HMAC_SIZE
SALT_SIZE = 16
HMAC_SALT_MASK = 0x3A
FAST_KDF_ITERATIONS = 2
SAMPLE_PAGES = 16


def hmac_key(key: bytes, salt: bytes) -> bytes:
    masked = bytes(byte ^ HMAC_SALT_MASK for byte in salt)
    return hashlib.pbkdf2_hmac("sha512", key, masked, FAST_KDF_ITERATIONS, len(key))


def page_is_authentic(page: bytes, number: int, mac_key: bytes) -> bool:
    """True when ``page`` (1-based ``number``) carries a valid SQLCipher HMAC."""
    if len(page) != PAGE_SIZE:
        return False
    start = SALT_SIZE if number == 1 else 0
    sealed = page[start:PAGE_SIZE - RESERVE_SIZE + IV_SIZE] + number.to_bytes(4, "little")
    expected = hmac.new(mac_key, sealed, hashlib.sha512).digest()
    return hmac.compare_digest(expected, page[PAGE_SIZE - HMAC_SIZE:])


def damaged_sample_pages(path: Path, key: bytes, salt: bytes, sample: int = SAMPLE_PAGES) -> list[int]:
    """Page numbers among the first and last ``sample`` pages that fail authentication.

    A file whose size is not a whole number of pages counts as damaged at its
    last page. Reads at most 2 × ``sample`` pages, whatever the file size.
    """
    size = os.path.getsize(path)
    count = size // PAGE_SIZE
    numbers = sorted(set(range(1, min(sample, count) + 1)) | set(range(max(1, count - sample + 1), count + 1)))
    mac_key = hmac_key(key, salt)
    bad = []
    with open(path, "rb") as handle:
        for number in numbers:
            handle.seek((number - 1) * PAGE_SIZE)
            if not page_is_authentic(handle.read(PAGE_SIZE), number, mac_key):
                bad.append(number)
    if size % PAGE_SIZE or count == 0:
        bad.append(count + 1)
    return bad
