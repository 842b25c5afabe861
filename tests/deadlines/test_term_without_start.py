"""A term typed in by hand may lack its first day (deadline.start_date is optional). A verdaging of such a
term cannot be counted again: the consequence model says so instead of failing (found by mypy, issue 27)."""

from __future__ import annotations

import datetime as dt

from dossier_app.deadlines.consequences import ADJUST, RECEIVED, Event, Term, consequences


def test_a_verdaging_of_a_term_without_its_first_day_leaves_it_and_says_why():
    typed_in = Term(1, "beslistermijn-aanvraag", dt.date(2026, 11, 5), None, title="Beslistermijn (met de hand)")
    outcome = consequences(Event(RECEIVED, dt.date(2026, 10, 30), "verdaging", postponement_weeks=6), [typed_in])
    assert [change for change in outcome.changes if change.action == ADJUST] == []
    assert list(outcome.messages) == [
        "'Beslistermijn (met de hand)' blijft zoals hij was: de begindatum van de termijn ontbreekt."]


def test_the_same_verdaging_with_a_first_day_moves_the_term_six_weeks():
    known = Term(1, "beslistermijn-aanvraag", dt.date(2026, 11, 5), dt.date(2026, 9, 10), title="Beslistermijn")
    outcome = consequences(Event(RECEIVED, dt.date(2026, 10, 30), "verdaging", postponement_weeks=6), [known])
    [adjust] = [change for change in outcome.changes if change.action == ADJUST]
    assert adjust.due == dt.date(2026, 12, 17)
