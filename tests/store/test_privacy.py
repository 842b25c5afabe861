"""Nothing sensitive reaches the disk in plain text."""

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.store import attachments, entries
from dossier_app.store.backup import create_backup
from dossier_app.store.dossier import Dossier

MARKER = "ZEBRAKANARIE-7731-GEHEIM"


def files_containing(folder: Path, needle: bytes) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if needle in data or needle.decode().encode("utf-16-le") in data:
                found.append(path)
    return found


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_marker_never_in_plaintext(tmp_path, private_tmp):
    home = tmp_path / "dossiers"
    home.mkdir()
    path = home / "gezin.dossier"
    dossier = Dossier.create(path, PASSPHRASE)
    binding = dossier.bound()
    binding.__enter__()
    entries.add_person("kind", f"Kind {MARKER}", bsn="123456782")
    entries.add_contact("gemeente", f"Gemeente {MARKER}")
    entries.add_note(f"Notitie met {MARKER} erin.")
    talk = entries.add_conversation(occurred_on=dt.date(2026, 11, 2), title=f"Gesprek {MARKER}",
                                    agreements=[("Team", f"afspraak {MARKER}", dt.date(2026, 11, 9))])
    source = tmp_path / "verslag.txt"
    source.write_text(f"Verslag {MARKER} " * 1000)
    attachments.add_file(dossier, talk, source)
    source.unlink()
    # Bulk writes so the WAL holds real pages while the dossier is open.
    for number in range(50):
        entries.add_note(f"{MARKER} regel {number}")
    create_backup(dossier, home / "gezin.dossierbackup")
    assert (home / "gezin.dossier-wal").exists()
    assert files_containing(home, MARKER.encode()) == []
    assert files_containing(private_tmp, MARKER.encode()) == []
    binding.__exit__(None, None, None)
    dossier.close()
    assert files_containing(home, MARKER.encode()) == []
    assert files_containing(private_tmp, MARKER.encode()) == []
    # Sanity check of the scanner itself: the marker is there once decrypted.
    with Dossier.unlock(path, PASSPHRASE) as reopened:
        target = tmp_path / "export.txt"
        attachments.export(reopened, 1, target)
        assert files_containing(tmp_path, MARKER.encode()) == [target]


def test_wal_and_shm_hold_no_plaintext_while_open(tmp_path):
    path = tmp_path / "gezin.dossier"
    dossier = Dossier.create(path, PASSPHRASE)
    dossier.db.execute_sql("PRAGMA wal_autocheckpoint = 0")
    with dossier.bound():
        for number in range(30):
            entries.add_note(f"{MARKER} {number}")
    wal = Path(str(path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    assert MARKER.encode() not in wal.read_bytes()
    assert MARKER.encode() not in Path(str(path) + "-shm").read_bytes()
    dossier.close()
    assert not wal.exists() or wal.stat().st_size == 0


def test_cli_errors_hold_no_secrets(tmp_path, cli):
    path = tmp_path / "gezin.dossier"
    secret = "mijn-geheime-wachtwoord-123"
    (tmp_path / "pw").write_text(secret)
    code, out, err = cli("init", path, "--passphrase-file", tmp_path / "pw")
    assert code == 0
    (tmp_path / "fout").write_text("ander-wachtwoord-456")
    code, out, err = cli("note", path, f"{MARKER}", "--passphrase-file", tmp_path / "fout")
    assert code == 3
    assert secret not in out + err and "ander-wachtwoord-456" not in out + err
    assert MARKER not in out + err
    assert os.listdir(tmp_path)
