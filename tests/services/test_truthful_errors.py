"""Issue 11, items 7, 11, 12, 13, 14: truthful errors, no debris, no stale plaintext."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile

import pytest

from tests.conftest import PASSPHRASE
from dossier_app import errors
from dossier_app.services import attachments, session, timeline


def opened_dossier(tmp_path):
    path = tmp_path / "gezin.dossier"
    opened = session.create_dossier(path, PASSPHRASE)
    timeline.add_note(opened, "eerste notitie")
    return path, opened


# -- 11. full disk, read-only file or medium ------------------------------------------------------
def test_full_disk_is_reported_as_full_and_nothing_is_lost(tmp_path):
    path, opened = opened_dossier(tmp_path)
    try:
        handle = session.store_handle(opened)
        pages = handle.db.execute_sql("PRAGMA page_count").fetchone()[0]
        handle.db.execute_sql(f"PRAGMA max_page_count = {pages}")  # the disk is full now
        with pytest.raises(errors.DossierWriteError, match="schijf is vol"):
            timeline.add_note(opened, "x" * 200_000)
    finally:
        opened.lock()
    reopened = session.DossierSession(path)
    reopened.unlock(PASSPHRASE)
    try:
        assert [item.title for item in timeline.timeline(reopened)] == ["eerste notitie"]
    finally:
        reopened.lock()


def test_full_disk_while_adding_an_attachment_says_so(tmp_path, monkeypatch):
    import errno

    from dossier_app.security import filecrypt

    path, opened = opened_dossier(tmp_path)
    source = tmp_path / "verslag.pdf"
    source.write_bytes(b"%PDF" + b"x" * 1000)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(filecrypt, "encrypt_stream", full)
    try:
        entry = timeline.timeline(opened)[0].id
        with pytest.raises(errors.DossierWriteError, match="schijf is vol"):
            attachments.add_file(opened, entry, source)
    finally:
        opened.lock()
    assert list((tmp_path / "gezin.dossier-bijlagen").iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_read_only_file_opens_read_only_and_says_so(tmp_path):
    path, opened = opened_dossier(tmp_path)
    opened.lock()
    path.chmod(0o400)
    reader = session.DossierSession(path)
    reader.unlock(PASSPHRASE)
    try:
        assert reader.read_only and "alleen-lezen" in reader.read_only_reason
        with pytest.raises(errors.DossierWriteError, match="alleen-lezen"):
            timeline.add_note(reader, "mag niet")
    finally:
        reader.lock()


def test_read_only_open_on_request_refuses_writes_truthfully(tmp_path):
    path, opened = opened_dossier(tmp_path)
    opened.lock()
    before = path.read_bytes()
    reader = session.DossierSession(path)
    reader.unlock(PASSPHRASE, read_only=True)
    try:
        with pytest.raises(errors.DossierWriteError, match="alleen-lezen"):
            timeline.add_note(reader, "mag niet")
    finally:
        reader.lock()
    assert path.read_bytes() == before


def test_stray_read_only_shm_does_not_keep_writes_failing(tmp_path):
    path, opened = opened_dossier(tmp_path)
    opened.lock()
    shm = tmp_path / "gezin.dossier-shm"
    shm.write_bytes(b"\0" * 32768)
    shm.chmod(0o400)
    again = session.DossierSession(path)
    again.unlock(PASSPHRASE)
    try:
        assert not again.read_only
        timeline.add_note(again, "tweede")
    finally:
        again.lock()


# -- 12. wrong passphrase or damaged page 1 -----------------------------------------------------------
def test_damaged_first_page_is_not_called_a_wrong_passphrase(tmp_path):
    path, opened = opened_dossier(tmp_path)
    for number in range(30):
        timeline.add_note(opened, f"notitie {number} " + "x" * 300)
    opened.lock()
    data = bytearray(path.read_bytes())
    data[200] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(errors.DamagedDossier, match="wachtwoord van gezin.dossier klopt"):
        session.DossierSession(path).unlock(PASSPHRASE)
    with pytest.raises(errors.WrongPassphrase):
        session.DossierSession(path).unlock("een heel ander wachtwoord")
    assert path.read_bytes() == bytes(data)


# -- 7 and 13. debris -----------------------------------------------------------------------------------
def test_unlock_removes_debris_and_stale_private_copies(tmp_path, monkeypatch):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    stale = temp / (attachments.OPEN_FOLDER_PREFIX + "oud")
    stale.mkdir()
    (stale / "verslag.pdf").write_bytes(b"platte tekst")
    path, opened = opened_dossier(tmp_path)
    entry = timeline.timeline(opened)[0].id
    source = tmp_path / "a.txt"
    source.write_text("inhoud")
    kept = attachments.add_file(opened, entry, source)
    opened.lock()
    folder = tmp_path / "gezin.dossier-bijlagen"
    interrupted = folder / ("0" * 32 + ".gzb.deel")
    interrupted.write_bytes(b"half")
    orphan = folder / ("1" * 32 + ".gzb")
    orphan.write_bytes(b"nooit vastgelegd")
    staging = tmp_path / "gezin.dossier.nieuw"
    staging.write_bytes(b"kopie")
    work = tmp_path / ".backup-abc123"
    work.mkdir()
    os.utime(work, (1, 1))
    again = session.DossierSession(path)
    again.unlock(PASSPHRASE)
    try:
        assert not stale.exists()
        assert not interrupted.exists() and not orphan.exists() and not staging.exists() and not work.exists()
        assert attachments.describe(again, kept).filename == "a.txt"
        exported = attachments.export(again, kept, tmp_path / "terug.txt")
        assert exported.read_text() == "inhoud"
        assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    finally:
        again.lock()


# -- 14. minor --------------------------------------------------------------------------------------------
def test_bad_settings_file_gives_defaults_and_says_so(tmp_path, monkeypatch):
    from dossier_app import settings

    monkeypatch.setenv("DOSSIER_CONFIG_DIR", str(tmp_path))
    monkeypatch.setattr(settings, "settings_file", lambda: tmp_path / "settings.json")
    for bad in ("[1, 2]", "{kapot", '{"auto_lock_minutes": "tien"}', '"tekst"', '{"recent": 5}'):
        (tmp_path / "settings.json").write_text(bad)
        loaded = settings.load()
        assert loaded.auto_lock_minutes == settings.Settings().auto_lock_minutes
        assert loaded.notice and "standaardinstellingen" in loaded.notice


def test_odd_backup_manifest_and_folder_as_attachment_exit_2_or_4(tmp_path, cli, passphrase_file):
    import io
    import json
    import tarfile

    odd = tmp_path / "raar.dossierbackup"
    with tarfile.open(odd, "w") as archive:
        data = json.dumps({"format": "gezinsdossier-backup-1", "files": "geen lijst"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    code, _out, err = cli("restore", odd, "--out", tmp_path / "nieuw.dossier", "--passphrase-file", passphrase_file)
    assert code == 4, err
    path, opened = opened_dossier(tmp_path)
    entry = timeline.timeline(opened)[0].id
    opened.lock()
    code, _out, err = cli("attach", path, entry, tmp_path, "--passphrase-file", passphrase_file)
    assert code == 2 and "map" in err


def test_right_to_left_override_cannot_fake_an_extension():
    info = attachments.AttachmentInfo(1, "verslag\u202efdp.exe", 10, "application/octet-stream")
    assert "\u202e" not in info.display_name
    assert info.display_name.endswith(".exe")


@pytest.mark.skipif(os.name == "nt", reason="asks POSIX processes whether they run")
def test_copies_opened_by_a_running_process_are_kept_and_an_ended_ones_removed(tmp_path, monkeypatch):
    """Issue 25 (found as a flaky test with three test workers): a second process — another window, a CLI
    command — removed the copies the first had open, because every open-copy folder looked stale."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    try:
        folders = {}
        for name, pid in (("running", running.pid), ("ended", ended.pid)):
            folders[name] = temp / f"{attachments.OPEN_FOLDER_PREFIX}{pid}-abc{name}"
            folders[name].mkdir()
            (folders[name] / "verslag.pdf").write_bytes(b"platte tekst")
        assert attachments.remove_stale_private_copies() == 1
        assert (folders["running"] / "verslag.pdf").read_bytes() == b"platte tekst"
        assert not folders["ended"].exists()
    finally:
        running.kill()
        running.wait()
    assert attachments.remove_stale_private_copies() == 1
    assert not folders["running"].exists()
