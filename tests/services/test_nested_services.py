"""A service called by another service of the same dossier runs inside that call (services/handle.needs_open):
the outer call checked the file and binds it, and checkpoints what either wrote; a service of another dossier
called meanwhile still checks and binds its own."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlcipher3 import dbapi2

from dossier_app.errors import DossierChangedOutside
from dossier_app.services import deadlines, handle, session as sessions, timeline
from dossier_app.services.handle import needs_open
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def two(tmp_path, demo_path):
    first = sessions.DossierSession(demo_path)
    first.unlock(PASSPHRASE)
    other_path = tmp_path / "ander.dossier"
    with sessions.create_dossier(other_path, PASSPHRASE, name="Ander gezin") as other:
        deadlines.add_deadline(other, "Alleen in het andere dossier", TODAY + dt.timedelta(days=3))
    other = sessions.DossierSession(other_path)
    other.unlock(PASSPHRASE)
    yield first, other
    first.close()
    other.close()


def test_a_service_of_another_dossier_inside_a_call_reads_its_own(two):
    first, other = two

    @needs_open
    def both(session):
        return deadlines.case_state(session, TODAY), deadlines.case_state(other, TODAY), \
            deadlines.case_state(session, TODAY)

    mine, theirs, mine_again = both(first)
    assert [item.title for item in theirs.items] == ["Alleen in het andere dossier"]
    assert "Alleen in het andere dossier" not in [item.title for item in mine.items]
    assert mine_again == mine == deadlines.case_state(first, TODAY)


def test_what_an_inner_service_wrote_is_checkpointed_into_the_file_itself(two, tmp_path):
    first, _other = two

    @needs_open
    def outer(session):
        return timeline.add_note(session, "Geschreven binnen een andere dienst")

    outer(first)
    alone = tmp_path / "alleen-het-bestand.dossier"
    shutil.copyfile(first.path, alone)          # NAME.dossier without its -wal holds the note
    connection = dbapi2.connect(str(alone), isolation_level=None)
    try:
        connection.execute(f'PRAGMA key = "{handle.store_handle(first).key_literal}"')
        found = connection.execute("SELECT count(*) FROM entry WHERE body = ?",
                                   ("Geschreven binnen een andere dienst",)).fetchone()[0]
    finally:
        connection.close()
    assert found == 1


def test_the_outer_call_still_refuses_a_file_replaced_before_it(two, tmp_path):
    first, _other = two
    copy = tmp_path / "kopie.dossier"
    shutil.copyfile(first.path, copy)
    copy.replace(first.path)

    @needs_open
    def outer(session):
        return deadlines.case_state(session, TODAY)

    with pytest.raises(DossierChangedOutside):
        outer(first)
