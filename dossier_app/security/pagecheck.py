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


def page_is_authentic(page: memoryview, number: int, keyed: hmac.HMAC) -> bool:
    """True when ``page`` (1-based ``number``) carries a valid SQLCipher HMAC; ``keyed``: an HMAC-SHA512 set up
    with the HMAC key (``hmac_key``), copied per page so the key is set up once a check."""
    if len(page) != PAGE_SIZE:
        return False
    mac = keyed.copy()
    mac.update(page[SALT_SIZE if number == 1 else 0:PAGE_SIZE - RESERVE_SIZE + IV_SIZE])
    mac.update(number.to_bytes(4, "little"))
    return hmac.compare_digest(mac.digest(), page[PAGE_SIZE - HMAC_SIZE:])


def damaged_sample_pages(path: Path, key: bytes, salt: bytes, sample: int = SAMPLE_PAGES) -> list[int]:
    """Page numbers among the first and last ``sample`` pages that fail authentication.

    A file whose size is not a whole number of pages counts as damaged at its
    last page. Reads at most 2 × ``sample`` pages, whatever the file size, in
    one read for the first pages and one for the last.
    """
    size = os.path.getsize(path)
    count = size // PAGE_SIZE
    head = range(1, min(sample, count) + 1)
    tail = range(max(head.stop, count - sample + 1), count + 1)
    keyed = hmac.new(hmac_key(key, salt), digestmod=hashlib.sha512)
    bad = []
    with open(path, "rb") as handle:
        for pages in (head, tail):
            if not pages:
                continue
            handle.seek((pages.start - 1) * PAGE_SIZE)
            block = memoryview(handle.read(len(pages) * PAGE_SIZE))
            for index, number in enumerate(pages):
                if not page_is_authentic(block[index * PAGE_SIZE:(index + 1) * PAGE_SIZE], number, keyed):
                    bad.append(number)
    if size % PAGE_SIZE or count == 0:
        bad.append(count + 1)
    return bad
