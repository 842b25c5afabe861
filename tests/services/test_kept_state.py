"""The case state is worked out once per state of the dossier (services/handle.kept_while_unchanged): read again
while nothing changed it is the same; any commit — by this session, by another connection to the file — or a
rolled-back transaction, a new day or the file replaced, and the next read sees the dossier as it is."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlcipher3 import dbapi2

from dossier_app.errors import DossierChangedOutside
from dossier_app.services import deadlines, handle, next_steps
from dossier_app.store.models import database
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def demo(demo_session):
    return demo_session


def _fresh(session, today=TODAY, **kwargs):
    """The state worked out now, nothing kept."""
    handle.forget_kept(session)
    return deadlines.case_state(session, today, **kwargs)


def _open_term(state):
    return next(item for item in state.items if item.source == "termijn" and item.adjustable)


def test_the_state_is_kept_while_nothing_changes(demo):
    first = deadlines.case_state(demo, TODAY)
    assert deadlines.case_state(demo, TODAY) is first
    assert next_steps.overview(demo, TODAY) == next_steps.overview(demo, TODAY)
    assert _fresh(demo) == first
    # One traject's state, and the state without the afspraken, are kept apart from the dossier's.
    traject = _open_term(first).case_id
    assert deadlines.case_state(demo, TODAY, traject_id=traject) == _fresh(demo, traject_id=traject)
    assert deadlines.case_state(demo, TODAY, with_agreements=False) == _fresh(demo, with_agreements=False)


def test_a_commit_of_this_session_is_seen(demo):
    before = deadlines.case_state(demo, TODAY)
    term = _open_term(before)
    deadlines.mark_done(demo, term.id)
    after = deadlines.case_state(demo, TODAY)
    assert term.id not in {item.id for item in after.items}
    assert after == _fresh(demo)


def test_a_commit_by_another_connection_is_seen(demo):
    """Another program (or another thread's connection) commits to the file: SQLite's data_version moves."""
    before = deadlines.case_state(demo, TODAY)
    term = _open_term(before)
    other = dbapi2.connect(str(demo.path), isolation_level=None)
    try:
        other.execute(f'PRAGMA key = "{handle.store_handle(demo).key_literal}"')
        other.execute("UPDATE deadline SET status = 'gedaan', done_on = ? WHERE entry_id = ?",
                      (TODAY.isoformat(), term.id))
    finally:
        other.close()
    after = deadlines.case_state(demo, TODAY)
    assert term.id not in {item.id for item in after.items}
    assert after == _fresh(demo)


def test_what_a_rolled_back_transaction_showed_is_not_kept(demo):
    term = _open_term(deadlines.case_state(demo, TODAY))
    store = handle.store_handle(demo)

    class Undo(Exception):
        pass

    with store.bound(), pytest.raises(Undo):
        with database.atomic():
            database.execute_sql("UPDATE deadline SET status = 'gedaan' WHERE entry_id = ?", (term.id,))
            inside = deadlines.case_state(demo, TODAY)
            assert term.id not in {item.id for item in inside.items}
            raise Undo
    assert term.id in {item.id for item in deadlines.case_state(demo, TODAY).items}


def test_another_day_is_worked_out_for_that_day(demo):
    today = deadlines.case_state(demo, TODAY)
    later = deadlines.case_state(demo, TODAY + dt.timedelta(days=30))
    assert later == _fresh(demo, TODAY + dt.timedelta(days=30))
    assert [item.days_left for item in later.items] != [item.days_left for item in today.items]


def test_the_file_replaced_is_never_answered_from_what_was_kept(demo, tmp_path):
    deadlines.case_state(demo, TODAY)
    copy = tmp_path / "kopie.dossier"
    shutil.copyfile(demo.path, copy)
    copy.replace(demo.path)         # a sync program puts another version in its place
    with pytest.raises(DossierChangedOutside):
        deadlines.case_state(demo, TODAY)


def test_a_new_unlock_keeps_nothing_of_the_last(demo):
    first = deadlines.case_state(demo, TODAY)
    store = handle.store_handle(demo)
    assert handle._KEPT.get(store)
    demo.lock()
    assert handle._KEPT.get(store) is None       # locking forgets what was kept of the content at once
    demo.unlock(PASSPHRASE)
    again = deadlines.case_state(demo, TODAY)
    assert again == first and again is not first


def test_after_a_commit_only_the_changed_traject_is_worked_out_again(demo):
    """Across commits each traject's part of the state is kept with the rows it was made from: a traject whose
    rows, status and day are the same keeps its items (the very objects), a changed one is worked out again, and
    the whole equals a state worked out from nothing; the Overzicht's steps likewise."""
    before = deadlines.case_state(demo, TODAY)
    term = _open_term(before)
    assert [item for item in before.items if item.source == "termijn" and item.case_id != term.case_id], \
        "the demo has open terms in another traject"
    shown = next_steps.overview(demo, TODAY)
    assert term.id in {step.deadline_id for group in shown.trajecten for step in group.steps}
    deadlines.mark_done(demo, term.id)                       # a commit in the term's traject only
    after = deadlines.case_state(demo, TODAY)
    assert term.id not in {item.id for item in after.items}
    # The other trajecten's items are the ones made before the commit, the changed traject's are new.
    assert all(any(item is earlier for earlier in before.items) for item in after.items
               if item.source == "termijn" and item.case_id != term.case_id)
    assert not any(item is earlier for earlier in before.items for item in after.items
                   if item.case_id == term.case_id)
    shown = next_steps.overview(demo, TODAY)                 # its steps are made again, the others' kept
    assert term.id not in {step.deadline_id for group in shown.trajecten for step in group.steps}
    assert after == _fresh(demo)
    assert shown == next_steps.overview(demo, TODAY)         # (worked out from nothing: _fresh forgot it all)


def test_a_traject_changed_by_another_connection_is_worked_out_again(demo):
    """The kept parts are compared with the rows read now, never trusted on the change mark alone: a term's text
    or a traject's status changed by another program shows at once."""
    before = deadlines.case_state(demo, TODAY)
    term = _open_term(before)
    other = dbapi2.connect(str(demo.path), isolation_level=None)
    try:
        other.execute(f'PRAGMA key = "{handle.store_handle(demo).key_literal}"')
        other.execute("UPDATE deadline SET explanation = 'Anders uitgelegd.' WHERE entry_id = ?", (term.id,))
        other.execute("UPDATE traject SET status = 'besluit' WHERE id = ?", (term.case_id,))
    finally:
        other.close()
    after = deadlines.case_state(demo, TODAY)
    assert next(item for item in after.items if item.id == term.id).explanation == "Anders uitgelegd."
    assert after.traject(term.case_id).status == "besluit"
    assert after == _fresh(demo)
    assert next_steps.overview(demo, TODAY) == (handle.forget_kept(demo), next_steps.overview(demo, TODAY))[1]
