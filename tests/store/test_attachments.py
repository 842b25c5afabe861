"""Encrypted attachments: round trip, large files in bounded memory, tampering."""

import hashlib
import io
import os
import tracemalloc

import pytest

from dossier_app.errors import AttachmentDamaged
from dossier_app.security import filecrypt
from dossier_app.store import attachments, entries


def test_round_trip_keeps_bytes_and_hash(dossier, tmp_path):
    note = entries.add_note("Verslag ontvangen")
    source = tmp_path / "verslag.pdf"
    data = os.urandom(3 * filecrypt.CHUNK_SIZE + 123)
    source.write_bytes(data)
    attachment_id = attachments.add_file(dossier, note, source)
    info = attachments.describe(attachment_id)
    assert info["sha256"] == hashlib.sha256(data).hexdigest()
    assert info["size"] == len(data) and info["filename"] == "verslag.pdf"
    stored = attachments.encrypted_path(dossier, attachment_id).read_bytes()
    assert data[:64] not in stored
    out = tmp_path / "terug.pdf"
    attachments.export(dossier, attachment_id, out)
    assert out.read_bytes() == data
    assert entries.entry_details(note).attachments[0]["filename"] == "verslag.pdf"


@pytest.mark.parametrize("size", [0, 1, filecrypt.CHUNK_SIZE, filecrypt.CHUNK_SIZE + 1])
def test_edge_sizes(size):
    key = filecrypt.new_file_key()
    data = os.urandom(size)
    sealed = io.BytesIO()
    written, digest = filecrypt.encrypt_stream(io.BytesIO(data), sealed, key)
    assert written == size and digest == hashlib.sha256(data).hexdigest()
    sealed.seek(0)
    assert filecrypt.verify_stream(sealed, key, digest) == size


@pytest.mark.slow
def test_50_mb_file_in_bounded_memory(dossier, tmp_path):
    source = tmp_path / "opname.m4a"
    digest = hashlib.sha256()
    with open(source, "wb") as handle:
        for _ in range(50):
            block = os.urandom(1024 * 1024)
            digest.update(block)
            handle.write(block)
    tracemalloc.start()
    attachment_id = attachments.add_file(dossier, None, source)
    _, peak_in = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    out = tmp_path / "terug.m4a"
    attachments.export(dossier, attachment_id, out)
    _, peak_out = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak_in < 12 * 1024 * 1024, peak_in
    assert peak_out < 12 * 1024 * 1024, peak_out
    check = hashlib.sha256()
    with open(out, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            check.update(block)
    assert check.hexdigest() == digest.hexdigest()


def _tamper(path, how):
    data = bytearray(path.read_bytes())
    header = filecrypt.HEADER.size
    sealed = filecrypt.CHUNK_SIZE + filecrypt.TAG_SIZE
    if how == "flip":
        data[header + 10] ^= 0x01
    elif how == "flip-last":
        data[-1] ^= 0x80
    elif how == "truncate-chunk":
        data = data[: header + sealed]
    elif how == "truncate-bytes":
        data = data[:-7]
    elif how == "extend":
        data += data[header: header + sealed]
    elif how == "swap":
        first, second = data[header:header + sealed], data[header + sealed: header + 2 * sealed]
        data[header:header + 2 * sealed] = second + first
    elif how == "header":
        data[0] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["flip", "flip-last", "truncate-chunk", "truncate-bytes", "extend", "swap", "header"])
def test_tampering_is_detected_before_release(dossier, tmp_path, how):
    data = os.urandom(3 * filecrypt.CHUNK_SIZE + 500)
    attachment_id = attachments.add_bytes(dossier, None, data, "scan.pdf")
    _tamper(attachments.encrypted_path(dossier, attachment_id), how)
    out = tmp_path / "scan.pdf"
    with pytest.raises(AttachmentDamaged, match="beschadigd"):
        attachments.export(dossier, attachment_id, out)
    assert not out.exists()
    assert list(tmp_path.glob(".scan.pdf*")) == []
    with pytest.raises(AttachmentDamaged):
        attachments.verify(dossier, attachment_id)


def test_missing_source_file_is_a_clear_error(dossier, tmp_path):
    from dossier_app.errors import UsageError

    with pytest.raises(UsageError, match="bestaat niet"):
        attachments.add_file(dossier, None, tmp_path / "weg.pdf")
    assert not dossier.attachments_dir.exists() or not any(dossier.attachments_dir.iterdir())
