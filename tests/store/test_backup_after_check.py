"""The backup on opening (issue 25) follows the full integrity check and does not walk the same,
unchanged file a second time; any change since the check (a note) makes it walk again."""

from __future__ import annotations

from tests.conftest import PASSPHRASE
from dossier_app.services import backups, integrity, session as sessions, timeline
from dossier_app.store import database as sql


def test_a_backup_right_after_a_passed_check_does_not_walk_again(tmp_path, monkeypatch):
    walks = []
    real = sql.check_integrity
    monkeypatch.setattr(sql, "check_integrity", lambda db, path: (walks.append(path), real(db, path)))
    folder = tmp_path / "backups"
    with sessions.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE, name="Gezin") as opened:
        timeline.add_note(opened, "Eerste notitie")
        integrity.verify(opened)
        assert len(walks) == 1
        first = backups.automatic_backup(opened, folder, 3)
        assert len(walks) == 1                                  # the same file: the check's walk counts
        backups.verify_backup(first)
        timeline.add_note(opened, "Nog een notitie")
        backups.automatic_backup(opened, folder, 3)
        assert len(walks) == 2                                  # changed since: walked again
        integrity.verify(opened)
        assert len(walks) == 3                                  # asked for by the user: always walked
