"""Issue 26: a side file (-wal, -shm, -journal) is only ever applied to the file it belongs to;
the lock file is never a link; a checkpoint never runs inside a caller's transaction.

Each test here failed against the code before the fix.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import PASSPHRASE
from dossier_app import errors
from dossier_app.services import session, timeline


def titles(path, **kwargs):
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE, **kwargs)
    try:
        return [item.title for item in timeline.timeline(opened)]
    finally:
        opened.lock()


def new_dossier(tmp_path, name="gezin.dossier", note="basis"):
    path = tmp_path / name
    made = session.create_dossier(path, PASSPHRASE)
    timeline.add_note(made, note)
    made.lock()
    return path


def outside_version(tmp_path, path):
    """The same dossier with one more note, made elsewhere (what a sync program brings in)."""
    elsewhere = tmp_path / "elders" / path.name
    elsewhere.parent.mkdir()
    shutil.copy2(path, elsewhere)
    opened = session.DossierSession(elsewhere)
    opened.unlock(PASSPHRASE)
    timeline.add_note(opened, "van buiten")
    opened.lock()
    return elsewhere


def side_files(folder):
    return sorted(item.name for item in folder.iterdir() if item.name.endswith(("-wal", "-shm", "-journal")))


# -- HIGH: the outside version is never overwritten by our log ------------------------------------
@pytest.mark.parametrize("how", ["replaced", "overwritten"])
def test_file_replaced_while_open_keeps_the_outside_content_after_close_and_reopen(tmp_path, how):
    path = new_dossier(tmp_path)
    elsewhere = outside_version(tmp_path, path)
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    timeline.add_note(opened, "van binnen")
    if how == "replaced":
        os.replace(elsewhere, path)
    else:
        with open(path, "r+b") as handle:
            handle.write(elsewhere.read_bytes())
            handle.truncate()
    outside = path.read_bytes()
    with pytest.raises(errors.DossierChangedOutside):
        timeline.add_note(opened, "na de wijziging")
    opened.lock()
    assert side_files(tmp_path) == []
    assert path.read_bytes() == outside
    found = titles(path)
    assert "van buiten" in found and "van binnen" not in found and "na de wijziging" not in found
    assert path.read_bytes() == outside or "van buiten" in titles(path)


def test_a_change_with_the_same_size_and_time_is_still_seen(tmp_path):
    path = new_dossier(tmp_path)
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    try:
        timeline.add_note(opened, "eerste")
        older = path.read_bytes()
        timeline.add_note(opened, "tweede")
        info = path.stat()
        assert len(older) == info.st_size
        with open(path, "r+b") as handle:   # an older copy put back in place, time kept
            handle.write(older)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        with pytest.raises(errors.DossierChangedOutside):
            timeline.add_note(opened, "derde")
    finally:
        opened.lock()
    assert path.read_bytes() == older


def test_read_only_open_leaves_no_side_files(tmp_path):
    path = new_dossier(tmp_path)
    assert titles(path, read_only=True) == ["basis"]
    assert side_files(tmp_path) == []
    assert not (tmp_path / "gezin.dossier.lock").exists()


def crash_copy(tmp_path, path, notes):
    """The files a crash leaves while the dossier is open with ``notes`` written (dossier, -wal, lock)."""
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    crashed = tmp_path / "na-crash"
    crashed.mkdir()
    try:
        for note in notes:
            timeline.add_note(opened, note)
        for suffix in ("", "-wal", ".lock"):
            shutil.copy2(str(path) + suffix, str(crashed / path.name) + suffix)
    finally:
        opened.lock()
    return crashed / path.name


def test_the_log_left_by_a_crash_still_applies_to_its_own_file(tmp_path):
    path = new_dossier(tmp_path)
    copy = crash_copy(tmp_path, path, ["na de basis"])
    assert os.path.getsize(str(copy) + "-wal") > 0
    assert set(titles(copy)) == {"basis", "na de basis"}


def test_a_foreign_log_left_by_a_crash_is_set_aside_and_never_applied(tmp_path):
    path = new_dossier(tmp_path)
    elsewhere = outside_version(tmp_path, path)
    copy = crash_copy(tmp_path, path, ["van binnen"])
    os.replace(elsewhere, copy)     # replaced by a sync program after the crash
    outside = copy.read_bytes()
    opened = session.DossierSession(copy)
    opened.unlock(PASSPHRASE)
    try:
        notice = getattr(opened, "side_file_notice", "")
        found = [item.title for item in timeline.timeline(opened)]
    finally:
        opened.lock()
    assert "van buiten" in found and "van binnen" not in found
    assert "niet toegepast" in notice and "vreemd" in notice
    assert copy.read_bytes() == outside
    assert any(".vreemd-" in item.name for item in copy.parent.iterdir())


def test_a_rollback_journal_beside_a_dossier_is_set_aside(tmp_path):
    path = new_dossier(tmp_path)
    (tmp_path / "gezin.dossier-journal").write_bytes(b"BEGIN:VCALENDAR\r\n" * 300)
    before = path.read_bytes()
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    try:
        assert "niet toegepast" in getattr(opened, "side_file_notice", "")
        assert [item.title for item in timeline.timeline(opened)] == ["basis"]
    finally:
        opened.lock()
    assert not (tmp_path / "gezin.dossier-journal").exists()
    assert path.read_bytes() == before


def test_cli_tells_that_a_foreign_side_file_was_set_aside(tmp_path, cli, passphrase_file):
    path = new_dossier(tmp_path)
    (tmp_path / "gezin.dossier-journal").write_bytes(b"x" * 5000)
    code, out, err = cli("search", path, "basis", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "niet toegepast" in err


# -- MEDIUM: the lock file ----------------------------------------------------------------------------
def test_a_lock_file_that_is_a_link_is_refused_and_its_target_untouched(tmp_path):
    path = new_dossier(tmp_path)
    target = tmp_path / "belangrijk.txt"
    target.write_text("niet aankomen", encoding="utf-8")
    (tmp_path / "gezin.dossier.lock").symlink_to(target)
    with pytest.raises(errors.DossierWriteError, match="geen gewoon bestand"):
        session.DossierSession(path).unlock(PASSPHRASE)
    assert target.read_text(encoding="utf-8") == "niet aankomen"
    assert titles(path, read_only=True) == ["basis"]
    assert target.read_text(encoding="utf-8") == "niet aankomen"


def test_a_lock_file_that_is_a_folder_or_a_dangling_link_is_refused(tmp_path):
    path = new_dossier(tmp_path)
    lock = tmp_path / "gezin.dossier.lock"
    lock.symlink_to(tmp_path / "bestaat-niet")
    with pytest.raises(errors.DossierWriteError, match="geen gewoon bestand"):
        session.DossierSession(path).unlock(PASSPHRASE)
    assert not (tmp_path / "bestaat-niet").exists()
    lock.unlink()
    lock.mkdir()
    with pytest.raises(errors.DossierWriteError, match="geen gewoon bestand"):
        session.DossierSession(path).unlock(PASSPHRASE)


# -- MEDIUM: a service call inside a caller's transaction -------------------------------------------
def test_a_service_call_inside_an_outer_transaction_is_kept_and_not_called_damage(tmp_path):
    from dossier_app.services.session import store_handle

    path = new_dossier(tmp_path)
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    try:
        with store_handle(opened).db.atomic():
            timeline.add_note(opened, "binnen de transactie")
        timeline.add_note(opened, "daarna")
    finally:
        opened.lock()
    assert set(titles(path)) == {"basis", "binnen de transactie", "daarna"}
    assert side_files(tmp_path) == []


# -- LOW: debris of a killed passwd and of a crashed plain export -------------------------------------
def test_unlock_removes_a_killed_passwds_files_and_partial_exports_nobody_writes(tmp_path):
    """A half-written output nobody holds (its writer died) goes at once, whatever its age; one that
    a live writer holds (durable.private_new_file's OS lock) stays."""
    fcntl = pytest.importorskip("fcntl")

    path = new_dossier(tmp_path)
    for name in ("gezin.dossier.nieuw", "gezin.dossier.nieuw-journal"):
        (tmp_path / name).write_bytes(b"x" * 4096)
    partial = tmp_path / ".export.zip.0a1b2c3d.deel"    # plaintext left by a crashed --onversleuteld export
    partial.write_bytes(b"PK platte tekst")
    busy = tmp_path / ".ander.zip.0a1b2c3e.deel"         # still being written by a live process: left alone
    busy.write_bytes(b"PK")
    writer = os.open(busy, os.O_RDWR)
    fcntl.flock(writer, fcntl.LOCK_EX)
    try:
        assert titles(path) == ["basis"]
        assert not (tmp_path / "gezin.dossier.nieuw").exists()
        assert not (tmp_path / "gezin.dossier.nieuw-journal").exists()
        assert not partial.exists() and busy.exists()
    finally:
        os.close(writer)
    assert titles(path) == ["basis"]
    assert not busy.exists()
