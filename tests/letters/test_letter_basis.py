"""The assistant's preview (issue 25): what a letter reads from the dossier is read once per step
(the letter basis); a change of an answer renders only the text from it again."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from dossier_app.services import family, letter_assistant, letters

TODAY = dt.date(2026, 11, 22)
KIND = "bezwaarschrift"
ANSWERS = {"gevraagde_hulp": "Begeleiding bij Kindpraktijk De Linde."}


@pytest.fixture
def demo(demo_session):
    return demo_session


def _rename_parent(demo, new_name: str) -> str:
    parent = family.people(demo, "ouder")[0]
    fields = {key: value for key, value in dataclasses.asdict(parent).items() if key != "id"}
    family.update_person(demo, parent.id, **dict(fields, name=new_name))
    return parent.name


def test_rendering_from_the_basis_gives_the_same_letter_and_reads_nothing_again(demo):
    traject = letter_assistant.default_traject(demo, KIND, TODAY)
    basis = letters.letter_basis(demo, KIND, traject_id=traject, answers=ANSWERS, today=TODAY)
    fresh = letters.prepare(demo, KIND, traject_id=traject, answers=ANSWERS, today=TODAY)
    again = letters.prepare(demo, KIND, traject_id=traject, answers=ANSWERS, today=TODAY, basis=basis)
    assert again.text == fresh.text and again.recipient_id == fresh.recipient_id
    typed = dict(ANSWERS, eigen_toelichting="Wij zijn het hier echt niet mee eens.")
    assert "Wij zijn het hier echt niet mee eens." in letters.prepare(
        demo, KIND, traject_id=traject, answers=typed, today=TODAY, basis=basis).text
    # Within the step the dossier is not read again: a name changed meanwhile shows at the next step.
    old_name = _rename_parent(demo, "Anna Nieuwenaam")
    assert old_name in letters.prepare(demo, KIND, traject_id=traject, answers=typed, today=TODAY, basis=basis).text
    assert "Anna Nieuwenaam" in letters.prepare(demo, KIND, traject_id=traject, answers=typed, today=TODAY).text


def test_a_basis_for_another_traject_or_day_is_not_used(demo):
    trajecten = [traject.id for traject in family.trajecten(demo)]
    wanted = letter_assistant.default_traject(demo, KIND, TODAY)
    other = next(traject for traject in trajecten if traject != wanted)
    basis = letters.letter_basis(demo, "avg-inzage", traject_id=other, today=TODAY)
    fresh = letters.prepare(demo, KIND, traject_id=wanted, answers=ANSWERS, today=TODAY)
    assert letters.prepare(demo, KIND, traject_id=wanted, answers=ANSWERS, today=TODAY, basis=basis).text == fresh.text
    later = letters.letter_basis(demo, KIND, traject_id=wanted, answers=ANSWERS, today=TODAY - dt.timedelta(days=1))
    assert letters.prepare(demo, KIND, traject_id=wanted, answers=ANSWERS, today=TODAY, basis=later).text == fresh.text
