"""Issue 11, items 1, 4, 5 and 6: one writer, changes from outside, and a complete NAME.dossier.

Each test here failed against the code before the fix (see docs/SECURITY.md).
Tests that start a second process are marked ``multiprocess`` (a few seconds each).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import PASSPHRASE
from dossier_app import errors
from dossier_app.services import keys, session, timeline

NEW_PASSPHRASE = "nieuw wachtwoord voor het gezin"

# A second process that opens the dossier through the services and writes on command.
OTHER_PROCESS = textwrap.dedent("""
    import sys
    from dossier_app.services import session, timeline
    opened = session.DossierSession(sys.argv[1])
    try:
        opened.unlock(sys.argv[2])
    except Exception as exc:
        print("refused", type(exc).__name__, flush=True)
        sys.exit(0)
    print("open", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "close":
            opened.lock()
            print("closed", flush=True)
            break
        try:
            timeline.add_note(opened, command)
            print("saved", flush=True)
        except Exception as exc:
            print("failed", type(exc).__name__, flush=True)
""")


def start_other(path):
    process = subprocess.Popen([sys.executable, "-c", OTHER_PROCESS, str(path), PASSPHRASE],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().split()[0] == "open"
    return process


def tell(process, command):
    process.stdin.write(command + "\n")
    process.stdin.flush()
    return process.stdout.readline().strip()


def note_bodies(path, passphrase):
    opened = session.DossierSession(path)
    opened.unlock(passphrase)
    try:
        return {item.title for item in timeline.timeline(opened)}
    finally:
        opened.lock()


def new_dossier(tmp_path, name="gezin.dossier"):
    path = tmp_path / name
    session.create_dossier(path, PASSPHRASE).lock()
    return path


# -- 1. changing the passphrase while the dossier is open elsewhere ----------------------
@pytest.mark.multiprocess
def test_passphrase_change_while_open_in_another_process_loses_nothing(tmp_path):
    path = new_dossier(tmp_path)
    other = start_other(path)
    try:
        assert tell(other, "voor de wijziging") == "saved"
        changed = False
        try:
            with session.DossierSession(path) as mine:
                mine.unlock(PASSPHRASE)
                keys.change_passphrase(mine, NEW_PASSPHRASE)
                changed = True
        except errors.DossierError as exc:
            assert "al geopend" in str(exc)
        reply = tell(other, "na de wijziging")
        tell(other, "close")
    finally:
        other.stdin.close()
        other.wait(timeout=30)
    titles = note_bodies(path, NEW_PASSPHRASE if changed else PASSPHRASE)
    assert "voor de wijziging" in titles
    if reply == "saved":  # what was reported as saved must be there
        assert "na de wijziging" in titles


def _snapshot(*paths):
    return {str(p): (p.read_bytes() if p.exists() else None) for p in paths}


def test_refused_open_never_modifies_the_file_or_its_wal(tmp_path):
    """A crash left committed pages in the -wal; a wrong passphrase must not checkpoint them."""
    from dossier_app.store import entries
    from dossier_app.store.dossier import Dossier

    path = tmp_path / "gezin.dossier"
    dossier = Dossier.create(path, PASSPHRASE)
    dossier.db.execute_sql("PRAGMA wal_autocheckpoint = 0")
    with dossier.bound():
        for number in range(5):
            entries.add_note(f"notitie {number}")
    crashed = tmp_path / "kopie"
    crashed.mkdir()
    for suffix in ("", "-wal"):  # the state a crash leaves behind
        shutil.copy2(str(path) + suffix, str(crashed / "gezin.dossier") + suffix)
    dossier.close()
    copy = crashed / "gezin.dossier"
    files = (copy, crashed / "gezin.dossier-wal")
    before = _snapshot(*files)
    with pytest.raises(errors.WrongPassphrase):
        session.DossierSession(copy).unlock("een ander wachtwoord")
    assert _snapshot(*files) == before
    assert len(note_bodies(copy, PASSPHRASE)) == 5


# -- 4. one writer: the lock file -----------------------------------------------------------
@pytest.mark.multiprocess
def test_second_writer_is_refused_with_host_and_time_and_may_open_read_only(tmp_path):
    path = new_dossier(tmp_path)
    other = start_other(path)
    try:
        with pytest.raises(errors.DossierError) as refused:
            session.DossierSession(path).unlock(PASSPHRASE)
        assert type(refused.value).__name__ == "DossierInUse"
        assert refused.value.exit_code == 5
        assert "al geopend op" in str(refused.value) and " sinds " in str(refused.value)
        assert refused.value.host and refused.value.since
        assert tell(other, "van de ander") == "saved"
        reader = session.DossierSession(path)
        reader.unlock(PASSPHRASE, read_only=True)
        try:
            assert reader.read_only
            assert "van de ander" in {item.title for item in timeline.timeline(reader)}
            with pytest.raises(errors.DossierWriteError, match="alleen-lezen"):
                timeline.add_note(reader, "mag niet")
        finally:
            reader.lock()
        tell(other, "close")
    finally:
        other.stdin.close()
        other.wait(timeout=30)
    assert "mag niet" not in note_bodies(path, PASSPHRASE)


@pytest.mark.multiprocess
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_stale_lock_after_a_crash_is_taken_over(tmp_path):
    path = new_dossier(tmp_path)
    other = start_other(path)
    assert tell(other, "voor de crash") == "saved"
    os.kill(other.pid, signal.SIGKILL)
    other.wait(timeout=30)
    assert (tmp_path / "gezin.dossier.lock").exists()
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    try:
        assert opened.recovered_stale_lock
        timeline.add_note(opened, "na de crash")
    finally:
        opened.lock()
    assert not (tmp_path / "gezin.dossier.lock").exists()
    assert {"voor de crash", "na de crash"} <= note_bodies(path, PASSPHRASE)


def test_cli_reports_a_dossier_in_use_with_exit_code_5(tmp_path, cli, passphrase_file):
    path = new_dossier(tmp_path)
    holder = session.DossierSession(path)
    holder.unlock(PASSPHRASE)
    try:
        code, _out, err = cli("note", path, "nog een", "--passphrase-file", passphrase_file)
    finally:
        holder.lock()
    assert code == 5, err
    assert "al geopend op" in err


# -- 5. changes from outside -------------------------------------------------------------------
@pytest.mark.parametrize("how", ["replaced", "overwritten"])
def test_file_changed_from_outside_is_never_written_over(tmp_path, how):
    path = new_dossier(tmp_path)
    elsewhere = tmp_path / "elders.dossier"
    shutil.copy2(path, elsewhere)  # the version a sync program brings in
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    try:
        timeline.add_note(opened, "eerste")
        if how == "replaced":
            os.replace(elsewhere, path)
        else:
            with open(path, "r+b") as handle:
                handle.write(elsewhere.read_bytes())
            os.utime(path, ns=(1, 1))
        outside = path.read_bytes()
        with pytest.raises(errors.DossierWriteError, match="buiten Gezinsdossier"):
            timeline.add_note(opened, "tweede")
        with pytest.raises(errors.DossierWriteError):
            timeline.add_note(opened, "derde")
    finally:
        opened.lock()
    assert path.read_bytes() == outside


def test_synced_folder_is_recognised(tmp_path):
    from dossier_app.services import location

    for marker in ("Dropbox", "OneDrive - Gemeente", "Google Drive", "iCloud Drive", "Sync"):
        folder = tmp_path / marker / "gezin"
        assert location.synced_folder_warning(folder / "gezin.dossier"), marker
    (tmp_path / "thuis" / ".stfolder").mkdir(parents=True)
    assert location.synced_folder_warning(tmp_path / "thuis" / "gezin.dossier")
    assert location.synced_folder_warning(tmp_path / "Documenten" / "gezin.dossier") is None


# -- 6. NAME.dossier alone is complete ----------------------------------------------------------------
def test_copying_only_the_dossier_file_while_open_keeps_every_commit(tmp_path):
    path = new_dossier(tmp_path)
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    try:
        for number in range(10):
            timeline.add_note(opened, f"notitie {number}")
        copy = tmp_path / "kopie.dossier"
        shutil.copy2(path, copy)  # only the file, while the app is open
    finally:
        opened.lock()
    assert {f"notitie {n}" for n in range(10)} <= note_bodies(copy, PASSPHRASE)
    assert not (tmp_path / "gezin.dossier-wal").exists()
