"""Issue 21, at the store: applying the consequence model's changes to a real (small, encrypted) dossier is
idempotent — the same event applied twice leaves the dossier exactly as applying it once — and no sequence of
events leaves two open terms of one rule in a traject. Hypothesis draws the sequences; every example works in a
fresh traject of the same dossier (unlocking a dossier per example would be too slow)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import PASSPHRASE
from dossier_app.deadlines import consequences as model
from dossier_app.services import session as sessions
from dossier_app.store import dossier_deadlines, entries
from dossier_app.store.models import Traject
from tests.support.strategies import SETTINGS

START = dt.date(2026, 9, 1)
# (direction, document kind, with a known day of receipt): the documents a traject sees.
DOCUMENTS = [("verzonden", "aanvraag", True), ("verzonden", "aanvraag", False),
             ("ontvangen", "ontvangstbevestiging", False), ("ontvangen", "beschikking", False),
             ("verzonden", "bezwaarschrift", False), ("verzonden", "ingebrekestelling", True),
             ("ontvangen", "beslissing-op-bezwaar", False), ("ontvangen", "verdaging", False),
             ("verzonden", "klacht", True), ("ontvangen", "klachtafhandeling", False),
             ("verzonden", "avg-verzoek", True), ("ontvangen", "avg-antwoord", False)]
numbers = itertools.count(1)


@pytest.fixture
def small_dossier(tmp_path):
    with sessions.create_dossier(tmp_path / "klein.dossier", PASSPHRASE, name="Klein") as opened:
        yield opened


def snapshot(case_id: int):
    """Everything the model's changes can touch in a traject."""
    terms = tuple((term.rule, term.open, term.start, term.due, term.done_on, term.options, term.closed_reason,
                   term.closing_note, term.source_id) for term in dossier_deadlines.traject_terms(case_id))
    return terms, Traject.get_by_id(case_id).status


def assert_one_open_term_per_rule(case_id: int) -> None:
    open_rules = Counter(term.rule for term in dossier_deadlines.traject_terms(case_id)
                         if term.open and term.rule != model.RECEIPT_RULE)
    assert all(count == 1 for count in open_rules.values()), open_rules


def record(case_id: int, day: dt.date, document) -> model.Event:
    direction, kind, known_receipt = document
    entry_id = entries.add_document(occurred_on=day, title=f"{kind} {day}", doc_kind=kind, direction=direction,
                                    decision_date=day if direction == "ontvangen" else None,
                                    received_on=day + dt.timedelta(days=2) if known_receipt else None,
                                    case_id=case_id, create_deadlines=False)
    return dossier_deadlines.document_event(entry_id, receipt_date=day if kind == "ontvangstbevestiging" else None)


events = st.lists(st.tuples(st.integers(0, 120), st.sampled_from(DOCUMENTS), st.booleans()), min_size=1, max_size=7)


@SETTINGS
@given(sequence=events)
def test_the_same_event_twice_changes_the_dossier_once_and_no_rule_runs_twice(small_dossier, sequence):
    case_id = entries.add_traject(f"Traject {next(numbers)}", status="voorbereiding", opened_on=START)
    for offset, document, withdraw_after in sorted(sequence, key=lambda item: item[0]):
        event = record(case_id, START + dt.timedelta(days=offset), document)
        dossier_deadlines.apply_event(event, case_id=case_id)
        once = snapshot(case_id)
        dossier_deadlines.apply_event(event, case_id=case_id)
        assert snapshot(case_id) == once
        assert_one_open_term_per_rule(case_id)
        if withdraw_after:
            withdrawal = model.Event(model.WITHDRAWN, event.on, "aanvraag" if offset % 2 else "bezwaar")
            dossier_deadlines.apply_event(withdrawal, case_id=case_id)
            once = snapshot(case_id)
            dossier_deadlines.apply_event(withdrawal, case_id=case_id)
            assert snapshot(case_id) == once
            assert_one_open_term_per_rule(case_id)


def test_ticking_off_twice_and_closing_reasons_are_kept(small_dossier):
    case_id = entries.add_traject("Afvinken", status="voorbereiding", opened_on=START)
    event = record(case_id, START, ("verzonden", "aanvraag", True))
    dossier_deadlines.apply_event(event, case_id=case_id)
    term = next(term for term in dossier_deadlines.traject_terms(case_id) if term.open)
    done = model.Event(model.DONE, dt.date(2026, 10, 1), term_id=term.id)
    dossier_deadlines.apply_event(done, case_id=case_id)
    once = snapshot(case_id)
    dossier_deadlines.apply_event(done, case_id=case_id)
    assert snapshot(case_id) == once
    closed = next(item for item in dossier_deadlines.traject_terms(case_id) if item.id == term.id)
    assert (closed.open, closed.done_on, closed.closed_reason) == (False, dt.date(2026, 10, 1), model.MANUAL_REASON)
    assert Traject.get_by_id(case_id).status == "aanvraag verstuurd"
