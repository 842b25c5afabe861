"""Issue 22, item 9: what a lawyer's reading of every letter kind, rendered to PDF for the demo family and
the 17/13 family, found — each finding with the text (or layout) it must have now."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.letters.render import render_letter
from dossier_app.store.dossier import Dossier

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def demo(demo_path):
    with Dossier.unlock(demo_path, PASSPHRASE) as dossier:
        yield dossier


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_bold_heading_line_stays_with_its_paragraph_in_word(demo):
    """The aanvraag's 'Persoonsgebonden budget' ended page 1 alone; its text was on page 2."""
    import docx

    letter = render_letter("aanvraag-jeugdhulp", today=TODAY, answers={"blokken": "pgb,verwijzing,stem_kind"})
    document = docx.Document(io.BytesIO(letter.to_docx()))
    paragraphs = {paragraph.text: paragraph for paragraph in document.paragraphs}
    for heading in ("Persoonsgebonden budget", "Wat mijn kind nodig heeft", "Wat ik van u vraag"):
        assert paragraphs[heading].paragraph_format.keep_with_next is True, heading
    body = next(text for text in paragraphs if text.startswith("Hierbij vraag ik jeugdhulp aan"))
    assert not paragraphs[body].paragraph_format.keep_with_next


@pytest.mark.parametrize("kind_id", ["klacht-privacy", "klacht-privacy-ap"])
def test_a_complaint_about_an_unanswered_request_does_not_say_the_addressee_asked_for_time(family_17_13, kind_id):
    """Lina's complaint to the FG and to the Autoriteit Persoonsgegevens said 'ook niet het bericht dat u meer
    tijd nodig had': the AP (or the FG) was never asked; the organisation was."""
    from tests.support.family_17_13 import LETTER_DATE, OLDER

    letter = render_letter(kind_id, case_id=family_17_13["case"][OLDER], today=LETTER_DATE)
    text = one_line(letter.text)
    assert ("Ik heb tot vandaag geen antwoord gekregen, ook niet het bericht dat Gemeente Beekveld meer tijd "
            "nodig had.") in text
    assert "dat u meer tijd" not in text


def test_the_withdrawal_of_a_consent_is_about_the_child_the_consent_names(family_17_13):
    """Issue 22: the consent in the register is about Daan ('Informatie over Daan opvragen bij zijn school');
    made from Lina's traject, the letter was Lina's own ('ook voor gegevens over mij')."""
    from tests.support.family_17_13 import LETTER_DATE, OLDER, YOUNGER

    letter = render_letter("intrekking-toestemming", case_id=family_17_13["case"][OLDER], today=LETTER_DATE)
    text = one_line(letter.text)
    assert "Kind: Daan Meijer, geboren op 20 augustus 2013" in text and OLDER not in text
    assert "voor ons en voor ons kind Daan Meijer" in text
    assert [block.text for block in letter.blocks if block.part == "ondertekening"] == ["Eva Meijer", "Karim Meijer"]
    assert YOUNGER in text
