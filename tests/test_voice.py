"""Issue 22: whose letter it is. The child's age and the letter kind decide who writes, in what
voice, to whom the data go and who signs — for the demo family (a child of ten) and a family with
a 17-year-old (Lina) and a 13-year-old (Daan)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import PASSPHRASE
from family_17_13 import LETTER_DATE, OLDER, YOUNGER
from dossier_app.letters.catalogue import KIND_IDS, get_kind
from dossier_app.letters.context import available_items
from dossier_app.letters.render import MissingFields, render_letter
from dossier_app.store.dossier import Dossier


@pytest.fixture
def demo(demo_path):
    with Dossier.unlock(demo_path, PASSPHRASE) as dossier:
        yield dossier


def one_line(text: str) -> str:
    return " ".join(text.split())


def render(kind_id: str, case_id=None, answers=None, today: dt.date = LETTER_DATE):
    """Render, answering any required question the dossier cannot fill with a neutral text."""
    answers = dict(answers or {})
    for _ in range(3):
        try:
            return render_letter(kind_id, case_id=case_id, answers=answers, today=today)
        except MissingFields as missing:
            answers.update({name: f"Antwoord op de vraag '{name}'." for name, _question in missing.missing})
    raise AssertionError(f"{kind_id}: still missing fields")


def fitting_case(family, child: str, kind_id: str) -> int:
    kind = get_kind(kind_id)
    for case_id in family["cases"][child]:
        if set(kind.requires) <= available_items(case_id, LETTER_DATE):
            return case_id
    raise AssertionError(f"no traject of {child} fits {kind_id}")


@pytest.mark.parametrize("child", [OLDER, YOUNGER])
def test_family_17_13_renders_every_kind_for_each_child(family_17_13, child):
    """Every letter kind, made from one of the child's own trajecten (one dossier for all kinds)."""
    for kind_id in KIND_IDS:
        letter = render(kind_id, fitting_case(family_17_13, child, kind_id))
        text = one_line(letter.text)
        assert "Beekveld, 22 november 2026" in text, kind_id
        assert letter.subject and "{{" not in text and "{%" not in text, kind_id
        other = YOUNGER if child == OLDER else OLDER
        if kind_id not in NOT_ABOUT_ONE_CHILD:
            assert child in text and other not in text, kind_id


# Letters that follow up an earlier letter or go to a court about the whole family need not name the child.
NOT_ABOUT_ONE_CHILD = {"herinnering", "klacht-privacy", "klacht", "verzoek-verordening", "ingebrekestelling",
                       "beroep-niet-tijdig-beslissen", "bevestiging-gesprek", "verzoek-gespreksverslag",
                       "verzoek-andere-hulpverlener", "intrekking-toestemming", "klacht-privacy-ap"}
