"""Streamed, authenticated encryption of attachment files.

Format (version 1)::

    header  = b"GZDBIJL1" + chunk_size (4 bytes, big endian)
    chunks  = AES-256-GCM(plaintext chunk), each chunk_size bytes of plaintext
              (the last one shorter, possibly empty) + 16-byte tag

Every file has its own random key (kept in the encrypted database), so the
nonce can be a counter: 11 bytes chunk index + 1 byte "last chunk" flag
(the STREAM construction). The header is authenticated with every chunk.
Reordered, altered, truncated or extended files fail authentication.

Decryption releases no plaintext that is not authenticated: either it
verifies the whole file (and the plaintext SHA-256) before it writes a single
plaintext byte, or — for a private destination that the caller discards on
failure and only moves into place afterwards — it verifies and writes in one
pass. Memory use is bounded by one chunk.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from dossier_app.errors import AttachmentDamaged

MAGIC = b"GZDBIJL1"
HEADER = struct.Struct(">8sI")
CHUNK_SIZE = 1024 * 1024
TAG_SIZE = 16
KEY_SIZE = 32

DAMAGED_MESSAGE = (
    "De bijlage is beschadigd of gewijzigd buiten de app; "
    "er is niets uit vrijgegeven."
)


def new_file_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_SIZE * 8)


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _read_exact(src: BinaryIO, size: int) -> bytes:
    parts = []
    remaining = size
    while remaining:
        block = src.read(remaining)
        if not block:
            break
        parts.append(block)
        remaining -= len(block)
    return b"".join(parts)


def encrypt_stream(src: BinaryIO, dst: BinaryIO, key: bytes, chunk_size: int = CHUNK_SIZE) -> tuple[int, str]:
    """Encrypt ``src`` into ``dst``; returns (plaintext size, plaintext SHA-256 hex)."""
    aead = AESGCM(key)
    header = HEADER.pack(MAGIC, chunk_size)
    dst.write(header)
    digest = hashlib.sha256()
    size = 0
    index = 0
    current = _read_exact(src, chunk_size)
    while True:
        following = _read_exact(src, chunk_size) if len(current) == chunk_size else b""
        last = not following
        digest.update(current)
        size += len(current)
        dst.write(aead.encrypt(_nonce(index, last), current, header))
        if last:
            break
        current = following
        index += 1
    return size, digest.hexdigest()


def _chunks(src: BinaryIO, key: bytes) -> Iterator[bytes]:
    """Yield authenticated plaintext chunks; raise AttachmentDamaged on any fault."""
    header = _read_exact(src, HEADER.size)
    if len(header) != HEADER.size:
        raise AttachmentDamaged(DAMAGED_MESSAGE)
    magic, chunk_size = HEADER.unpack(header)
    if magic != MAGIC or not 0 < chunk_size <= 64 * CHUNK_SIZE:
        raise AttachmentDamaged(DAMAGED_MESSAGE)
    aead = AESGCM(key)
    sealed_size = chunk_size + TAG_SIZE
    index = 0
    current = _read_exact(src, sealed_size)
    while True:
        following = _read_exact(src, sealed_size) if len(current) == sealed_size else b""
        last = not following
        if len(current) < TAG_SIZE:
            raise AttachmentDamaged(DAMAGED_MESSAGE)
        try:
            plain = aead.decrypt(_nonce(index, last), current, header)
        except InvalidTag:
            raise AttachmentDamaged(DAMAGED_MESSAGE) from None
        yield plain
        if last:
            return
        current = following
        index += 1


def verify_stream(src: BinaryIO, key: bytes, expected_sha256: str | None = None) -> int:
    """Authenticate every chunk without releasing plaintext; returns the size."""
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(src, key):
        digest.update(chunk)
        size += len(chunk)
    if expected_sha256 is not None and digest.hexdigest() != expected_sha256:
        raise AttachmentDamaged(DAMAGED_MESSAGE)
    return size


def decrypt_file(encrypted_path: str | os.PathLike[str], dst: BinaryIO, key: bytes, expected_sha256: str,
                 *, private_dst: bool = False) -> int:
    """Stream the plaintext of a verified file into ``dst``.

    By default the whole file is verified first (one pass), then decrypted
    (a second pass). With ``private_dst=True`` the caller promises that ``dst``
    is private (a new 0600 file or memory) and is discarded when this raises;
    then authentication and decryption happen in one pass, and the caller
    releases the result (moves the file into place) only after this returns.
    """
    if not private_dst:
        with open(encrypted_path, "rb") as src:
            verify_stream(src, key, expected_sha256)
    digest = hashlib.sha256()
    size = 0
    with open(encrypted_path, "rb") as src:
        for chunk in _chunks(src, key):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    if digest.hexdigest() != expected_sha256:
        # Wrong content, or the file changed between the two passes: the
        # caller discards dst.
        raise AttachmentDamaged(DAMAGED_MESSAGE)
    return size


def fsync_file(handle: BinaryIO) -> None:
    handle.flush()
    os.fsync(handle.fileno())
