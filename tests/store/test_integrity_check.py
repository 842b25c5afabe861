"""Issue 26: damage in the middle of the file surfaces before it costs data.

`dossier-app check` runs the full walk (exit 4, naming what is affected and the
way back through a backup); a backup is made only from a file that passes the
walk; rotation never deletes the newest verified backup; the app shows the
background check's result with the way to restore.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tarfile

import pytest

from tests.conftest import PASSPHRASE
from dossier_app import paths
from dossier_app.store import backup as store_backup

PAGE = 4096


def damage_the_middle(path):
    """Overwrite 4 KiB in the middle of the file (not the first or last page, which opening checks)."""
    pages = path.stat().st_size // PAGE
    assert pages >= 8
    with open(path, "r+b") as handle:
        handle.seek((pages // 2) * PAGE)
        handle.write(os.urandom(PAGE))


@pytest.fixture
def damaged_demo(demo_path):
    damage_the_middle(demo_path)
    return demo_path


def test_check_passes_a_sound_dossier(demo_path, cli, passphrase_file):
    code, out, err = cli("check", demo_path, "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "volledig gecontroleerd" in out


def test_check_finds_damage_in_the_middle_and_names_the_way_back(damaged_demo, cli, passphrase_file, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    code, _out, err = cli("check", damaged_demo, "--passphrase-file", passphrase_file)
    assert code == 4, err
    assert "demo.dossier is beschadigd; geraakt: " in err
    assert "dossier-app restore BACK-UP --out NIEUW.dossier" in err and "Back-up terugzetten" in err
    assert "Traceback" not in err


def test_check_names_the_newest_backup_of_this_dossier(demo_path, cli, passphrase_file, tmp_path, monkeypatch):
    from dossier_app import settings as settings_store
    from dossier_app.services import backups, session

    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    chosen = settings_store.load()
    chosen.backup_folder = str(tmp_path / "backups")
    settings_store.save(chosen)
    with session.DossierSession(demo_path) as opened:
        opened.unlock(PASSPHRASE)
        made = backups.automatic_backup(opened, tmp_path / "backups", 3)
    damage_the_middle(demo_path)
    code, _out, err = cli("check", demo_path, "--passphrase-file", passphrase_file)
    assert code == 4
    assert f"De nieuwste back-up van dit dossier is {made}" in err


def test_no_backup_is_made_from_a_damaged_dossier(damaged_demo, cli, passphrase_file, tmp_path):
    out = tmp_path / "kopie.dossierbackup"
    code, _out, err = cli("backup", damaged_demo, "--out", out, "--passphrase-file", passphrase_file)
    assert code == 4, err
    assert "beschadigd" in err
    assert not out.exists()
    assert not [item for item in tmp_path.iterdir() if item.name.startswith(".backup-")]


def fake_backup(folder, name, owner, created, verified):
    path = folder / name
    manifest = {"format": store_backup.BACKUP_FORMAT, "created_at": created, "dossier_id": owner,
                "files": [{"name": "dossier.db", "size": 0, "sha256": "0" * 64}]}
    if verified is not None:
        manifest["verified"] = verified
    with tarfile.open(path, "w") as archive:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path


def test_rotation_never_deletes_the_newest_verified_backup(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    day = dt.datetime(2026, 11, 1)
    verified = fake_backup(folder, "a.dossierbackup", "eigen", (day).isoformat(), True)
    older = fake_backup(folder, "b.dossierbackup", "eigen", (day - dt.timedelta(days=1)).isoformat(), True)
    newer = [fake_backup(folder, f"n{n}.dossierbackup", "eigen", (day + dt.timedelta(days=n)).isoformat(), False)
             for n in range(1, 4)]
    removed = store_backup.rotate_backups(folder, "eigen", 2)
    assert verified.exists()                 # the newest verified one stays
    assert not older.exists() and older in removed
    assert newer[-1].exists() and newer[-2].exists() and not newer[0].exists()


def test_backups_say_they_were_verified(demo_path, tmp_path):
    from dossier_app.services import backups, session

    with session.DossierSession(demo_path) as opened:
        opened.unlock(PASSPHRASE)
        made = backups.backup_to(opened, tmp_path / "b.dossierbackup")
    assert store_backup.read_manifest(made)["verified"] is True


def test_the_app_shows_the_background_check_with_the_way_back(qtbot, window, damaged_demo):
    from PySide6.QtWidgets import QMessageBox

    from tests.support.uihelpers import WAIT_MS, open_with_passphrase, when_modal

    shown = []

    def read_and_close(box):
        shown.append(box.text())
        box.close()

    when_modal(qtbot, QMessageBox, read_and_close)
    open_with_passphrase(qtbot, window, damaged_demo, PASSPHRASE)
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_MS)
    assert "beschadigd; geraakt:" in shown[0] and "Bestand > Back-up terugzetten" in shown[0]
