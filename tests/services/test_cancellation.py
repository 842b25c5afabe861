"""Cancelling long work (issue 27): import, export, backup and search check a token; a cancelled piece of
work leaves nothing half-written, and the task runner stops what it can when the app locks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.cancellation import CANCELLED_MESSAGE, NEVER, Cancelled, CancelToken
from dossier_app.services import archive, attachments, backups, search, session, timeline

ARCHIVE_PASSPHRASE = "archief-wachtwoord-lang"
NEW_PASSPHRASE = "nieuw gezinswachtwoord"


@pytest.fixture
def family(tmp_path):
    """An open dossier with three notes, each with an attachment of 300 kB."""
    opened = session.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE, name="Familie Annuleren")
    for number in range(3):
        entry = timeline.add_note(opened, f"Notitie {number} over de wachtlijst")
        source = tmp_path / f"bijlage-{number}.bin"
        source.write_bytes(bytes([number]) * 300_000)
        attachments.add_file(opened, entry, source)
        source.unlink()
    yield opened
    opened.lock()


def _cancel_after_first(token: CancelToken):
    """A progress callback that cancels once the first piece went through (as a click or a lock would)."""
    def progress(done, total):
        if done > 0:
            token.cancel()
    return progress


def _leftovers(folder: Path, *names: str) -> list[str]:
    return sorted(item.name for item in folder.iterdir() if item.name not in names)


def test_a_token_says_cancelled_in_dutch_and_never_is_never_set():
    token = CancelToken()
    token.check()
    token.cancel()
    with pytest.raises(Cancelled) as raised:
        token.check()
    assert str(raised.value) == CANCELLED_MESSAGE and "niets half opgeslagen" in CANCELLED_MESSAGE
    with pytest.raises(TypeError):
        NEVER.cancel()
    NEVER.check()


def test_a_cancelled_archive_import_leaves_nothing_half_written(family, tmp_path):
    exported = archive.export_archive(family, tmp_path / "export.zip", passphrase=ARCHIVE_PASSPHRASE)
    assert exported.attachments == 3
    out_folder = tmp_path / "nieuw"
    out_folder.mkdir()
    token = CancelToken()
    with pytest.raises(Cancelled):
        archive.import_archive(tmp_path / "export.zip", out_folder / "kopie.dossier", NEW_PASSPHRASE,
                               archive_passphrase=ARCHIVE_PASSPHRASE, progress=_cancel_after_first(token),
                               cancel=token)
    assert token.cancelled
    assert _leftovers(out_folder) == []          # no dossier, no attachments folder, no .inlezen- work folder
    # The same archive, not cancelled, makes the whole dossier (so the cancel above really stopped midway).
    made = archive.import_archive(tmp_path / "export.zip", out_folder / "kopie.dossier", NEW_PASSPHRASE,
                                  archive_passphrase=ARCHIVE_PASSPHRASE, cancel=CancelToken())
    with session.DossierSession(made) as again:
        again.unlock(NEW_PASSPHRASE)
        assert len(timeline.timeline(again)) == 3
        copy = attachments.export(again, 3, tmp_path / "derde.bin")
        assert copy.read_bytes() == bytes([2]) * 300_000


def test_a_cancelled_export_removes_its_partial_file(family, tmp_path):
    token = CancelToken()
    with pytest.raises(Cancelled):
        archive.export_archive(family, tmp_path / "export.zip", passphrase=ARCHIVE_PASSPHRASE,
                               progress=_cancel_after_first(token), cancel=token)
    assert not (tmp_path / "export.zip").exists()
    assert not [item.name for item in tmp_path.iterdir() if item.name.endswith(".deel")]
    assert family.is_open     # the dossier itself is untouched and still open


def test_a_cancelled_backup_leaves_no_archive_and_no_work_folder(family, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        backups.backup_to(family, folder / "gezin.dossierbackup", cancel=token)
    with pytest.raises(Cancelled):
        backups.automatic_backup(family, folder, 3, cancel=token)
    assert _leftovers(folder) == []
    assert backups.backup_to(family, folder / "gezin.dossierbackup", cancel=CancelToken()).exists()


def test_a_cancelled_search_returns_nothing(family):
    token = CancelToken()
    assert search.search(family, "wachtlijst", cancel=token)
    token.cancel()
    with pytest.raises(Cancelled):
        search.search(family, "wachtlijst", cancel=token)


def test_reading_received_letters_stops_between_files_when_cancelled(family, tmp_path):
    """The post import reads files first (nothing is written then) and stores each accepted letter in one
    transaction: cancelled after the first file, it returns that file's suggestion only, and the dossier
    has nothing new."""
    from email.message import EmailMessage

    from dossier_app.services import intake

    files = []
    for number in range(3):
        message = EmailMessage()
        message["From"] = "jgt@lindenhoven.example.nl"
        message["Subject"] = f"Uitnodiging gesprek {number}"
        message.set_content(f"Datum: 1{number}-11-2026. Wij nodigen u uit voor een gesprek.")
        path = tmp_path / f"uitnodiging-{number}.eml"
        path.write_bytes(message.as_bytes())
        files.append(path)
    before = timeline.count_entries(family)
    token = CancelToken()
    result = intake.analyse_many(family, files, progress=lambda done, total, name: token.cancel(), cancel=token)
    assert result.cancelled and len(result.suggestions) == 1 and not result.failures
    assert timeline.count_entries(family) == before
    whole = intake.analyse_many(family, files, cancel=CancelToken())
    assert not whole.cancelled and len(whole.suggestions) == 3
