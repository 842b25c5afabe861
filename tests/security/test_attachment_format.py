"""The attachment file format (docs/ATTACHMENT-FORMAT.md) pinned by a test vector.

Anyone who reimplements the format (a recovery tool, another language) checks it against this vector.
"""

import io

import pytest

from dossier_app.errors import AttachmentDamaged
from dossier_app.security import filecrypt

KEY = bytes(range(32))
PLAINTEXT = b"Gezinsdossier: bijlage, test vector."     # 36 bytes: two full chunks of 16 and one of 4
CHUNK_SIZE = 16
SHA256 = "b8583acf6b6088a1b2356455c614eaca3637e02d12971992d5835d9edbea59db"
VECTOR = bytes.fromhex(
    "475a4442494a4c3100000010"                                          # b"GZDBIJL1", chunk size 16
    "49d9cfb7db5fe7d27bdbc0506a16b1fba2e868ea854f5097d0d15021bd42b904"  # chunk 0 + tag
    "4986195a6dd9680c659838da26e7e4638603a402ef3220f256bdc9f1447b3f2a"  # chunk 1 + tag
    "3c5e57e417a3ef9877873dc326c416a17f519860")                         # chunk 2 (last, 4 bytes) + tag


def test_encrypting_the_vector_gives_exactly_these_bytes():
    out = io.BytesIO()
    size, digest = filecrypt.encrypt_stream(io.BytesIO(PLAINTEXT), out, KEY, chunk_size=CHUNK_SIZE)
    assert (size, digest) == (len(PLAINTEXT), SHA256)
    assert out.getvalue() == VECTOR


def test_the_vector_decrypts_and_verifies(tmp_path):
    (tmp_path / "bijlage").write_bytes(VECTOR)
    out = io.BytesIO()
    assert filecrypt.verify_stream(io.BytesIO(VECTOR), KEY, SHA256) == len(PLAINTEXT)
    assert filecrypt.decrypt_file(tmp_path / "bijlage", out, KEY, SHA256) == len(PLAINTEXT)
    assert out.getvalue() == PLAINTEXT


def sealed(index):
    start = 12 + index * (CHUNK_SIZE + 16)
    return VECTOR[start:start + CHUNK_SIZE + 16]


@pytest.mark.parametrize("tampered", [
    VECTOR[:12] + sealed(1) + sealed(0) + VECTOR[12 + 2 * 32:],     # chunks reordered
    VECTOR[:12 + 2 * 32],                                          # the last chunk cut off
    VECTOR + bytes(20),                                            # extended
    VECTOR[:-1] + bytes([VECTOR[-1] ^ 1]),                         # one bit of a tag flipped
    VECTOR[:11] + b"\x20" + VECTOR[12:],                           # the header's chunk size changed
])
def test_a_changed_file_fails_authentication(tampered):
    with pytest.raises(AttachmentDamaged):
        filecrypt.verify_stream(io.BytesIO(tampered), KEY, SHA256)
