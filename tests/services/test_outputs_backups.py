"""Issue 11, items 2 and 3: outputs never overwrite a dossier/backup; rotation only touches our own backups."""

from __future__ import annotations

import os
import stat

import pytest

from tests.conftest import PASSPHRASE
from dossier_app import errors
from dossier_app.services import backups, session, timeline


def make(tmp_path, name):
    path = tmp_path / name
    opened = session.create_dossier(path, PASSPHRASE)
    timeline.add_note(opened, f"notitie in {name}")
    opened.lock()
    return path


def still_opens(path):
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    try:
        return [item.title for item in timeline.timeline(opened)]
    finally:
        opened.lock()


# -- 2. outputs ---------------------------------------------------------------------------------
def test_ics_out_onto_the_dossier_itself_is_refused(tmp_path, cli, passphrase_file):
    path = make(tmp_path, "gezin.dossier")
    before = path.read_bytes()
    code, _out, err = cli("ics", path, "--out", path, "--passphrase-file", passphrase_file)
    assert code == 2, err
    assert "nooit overschreven" in err
    assert path.read_bytes() == before
    assert still_opens(path) == ["notitie in gezin.dossier"]


@pytest.mark.parametrize("victim", ["dossier-renamed", "backup", "attachments", "inside-attachments", "other"])
def test_every_output_command_refuses_to_overwrite(tmp_path, cli, passphrase_file, victim):
    path = make(tmp_path, "gezin.dossier")
    other = make(tmp_path, "ander.dossier")
    backup = tmp_path / "b.dossierbackup"
    code, _o, err = cli("backup", other, "--out", backup, "--passphrase-file", passphrase_file)
    assert code == 0, err
    (tmp_path / "ander.dossier-bijlagen").mkdir(exist_ok=True)
    inside = tmp_path / "ander.dossier-bijlagen" / "x.ics"
    renamed = tmp_path / "kalender.ics"
    os.replace(other, renamed) if victim == "dossier-renamed" else None
    target = {"dossier-renamed": renamed, "backup": backup, "attachments": tmp_path / "ander.dossier-bijlagen",
              "inside-attachments": inside, "other": tmp_path / "bestaand.txt"}[victim]
    if victim == "other":
        target.write_text("van de gebruiker")
    before = target.read_bytes() if target.is_file() else None
    for command in (["ics", path, "--out", target], ["backup", path, "--out", target],
                    ["restore", backup, "--out", target]):
        code, _o, err = cli(*command, "--passphrase-file", passphrase_file)
        assert code == 2, (command, err)
        if before is not None:
            assert target.read_bytes() == before


def test_service_asks_before_overwriting_an_ordinary_file(tmp_path):
    from dossier_app.services import deadlines

    path = make(tmp_path, "gezin.dossier")
    target = tmp_path / "agenda.ics"
    target.write_text("oud")
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    try:
        with pytest.raises(errors.OutputExists):
            deadlines.export_calendar(opened, target)
        assert target.read_text() == "oud"
        deadlines.export_calendar(opened, target, overwrite=True)  # the user said yes
        assert target.read_text().startswith("BEGIN:VCALENDAR")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        with pytest.raises(errors.OutputNotAllowed):
            deadlines.export_calendar(opened, path, overwrite=True)
    finally:
        opened.lock()


# -- 3. rotation ------------------------------------------------------------------------------------
def test_rotation_never_touches_other_dossiers_backups(tmp_path):
    folder = tmp_path / "backups"
    gezin = make(tmp_path, "gezin.dossier")
    noor = make(tmp_path, "gezin-noor.dossier")
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    same_name = make(elsewhere, "gezin.dossier")

    def backup(path, keep):
        opened = session.DossierSession(path)
        opened.unlock(PASSPHRASE)
        try:
            return backups.automatic_backup(opened, folder, keep)
        finally:
            opened.lock()

    mine = backup(gezin, 2)
    other_same_name = backup(same_name, 2)
    for _ in range(4):
        backup(noor, 2)
    assert mine.exists() and other_same_name.exists()
    backup(gezin, 2)
    backup(gezin, 2)
    assert not mine.exists()  # our own oldest goes
    assert other_same_name.exists()
    names = sorted(p.name for p in folder.glob("*.dossierbackup"))
    assert sum(n.startswith("gezin-noor-") for n in names) == 2
    assert sum(n.startswith("gezin-2") for n in names) == 3  # 2 of gezin + 1 of the other 'gezin'


def test_rotation_keeps_backups_without_an_id_and_unreadable_files(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    stranger = folder / "gezin-20200101-000000-000000.dossierbackup"
    stranger.write_bytes(b"geen tar")
    gezin = make(tmp_path, "gezin.dossier")
    opened = session.DossierSession(gezin)
    opened.unlock(PASSPHRASE)
    try:
        for _ in range(3):
            backups.automatic_backup(opened, folder, 1)
    finally:
        opened.lock()
    assert stranger.exists()
    assert len(list(folder.glob("*.dossierbackup"))) == 2


@pytest.mark.parametrize("ending", ["-journal", "-wal", "-shm", ".lock"])
def test_an_output_named_like_a_side_file_of_a_dossier_is_refused(tmp_path, cli, passphrase_file, ending):
    """Issue 26: `ics --out NAME.dossier-journal` made the dossier unopenable."""
    path = make(tmp_path, "gezin.dossier")
    other = make(tmp_path, "ander.dossier")
    renamed = tmp_path / "kopie.bin"
    os.replace(other, renamed)      # a dossier under another name is still recognised
    for target in (tmp_path / f"gezin.dossier{ending}", tmp_path / f"kopie.bin{ending}"):
        code, _out, err = cli("ics", path, "--out", target, "--passphrase-file", passphrase_file)
        assert code == 2, err
        assert "hulpbestand van het dossier" in err and "Kies een andere naam" in err
        assert not target.exists()
    assert still_opens(path) == ["notitie in gezin.dossier"]


def test_a_renamed_dossier_whose_salt_starts_like_json_is_still_recognised(tmp_path, cli, passphrase_file):
    """Found as a flaky test: a dossier's first bytes are its random salt; one in 256 starts with '{'."""
    lookalike = tmp_path / "kopie.bin"
    lookalike.write_bytes(b"{" + os.urandom(3 * 4096 - 1))
    path = make(tmp_path, "gezin.dossier")
    target = tmp_path / "kopie.bin-journal"
    code, _out, err = cli("ics", path, "--out", target, "--passphrase-file", passphrase_file)
    assert code == 2, err
    assert "hulpbestand van het dossier kopie.bin" in err
    assert not target.exists()
