"""Issue 22, round three: the klachtencommissie's own address, the BSN from the person, and the provider and
help of the traject a letter is for (never the dossier's first provider) — for the 17/13 family."""

from __future__ import annotations

import datetime as dt

from tests.support.family_17_13 import LETTER_DATE, YOUNGER
from dossier_app.letters.render import MissingFields, render_letter
from dossier_app.store import entries
from dossier_app.store.models import Person


def one_line(text: str) -> str:
    return " ".join(text.split())


def render(kind_id: str, case_id=None, answers=None, chosen=None):
    answers = dict(answers or {})
    for _ in range(3):
        try:
            return render_letter(kind_id, case_id=case_id, answers=answers, today=LETTER_DATE, chosen=chosen)
        except MissingFields as missing:
            answers.update({name: f"Antwoord op de vraag '{name}'." for name, _question in missing.missing})
    raise AssertionError(kind_id)


def addressee(letter) -> list[str]:
    return [block.text for block in letter.blocks if block.part == "geadresseerde"]


def _talk_with_provider(case_id: int) -> int:
    provider = next(contact["id"] for contact in entries.contacts("jeugdhulpaanbieder"))
    return entries.add_conversation(occurred_on=LETTER_DATE - dt.timedelta(days=3), title="Intake bij GGZ Jong",
                                    participants=["Eva Meijer", ("mevrouw D. Smit", provider)], case_id=case_id)


def test_a_klacht_about_a_provider_goes_to_its_klachtencommissie_when_the_dossier_holds_its_address(family_17_13):
    case = family_17_13["case"][YOUNGER]
    talk = _talk_with_provider(case)
    # Without the commissie's own address: the provider's address, for the attention of its commissie.
    without = render("klacht", case, chosen={"gesprek": talk})
    assert addressee(without)[:3] == ["GGZ Jong Beekveld", "t.a.v. de klachtencommissie", "Parklaan 9"]
    entries.add_contact("klachtencommissie", "Klachtencommissie Jeugd Beekland", organisation="GGZ Jong Beekveld",
                        street="Postbus 12", postcode="5430 DD", city="Beekveld")
    letter = render("klacht", case, chosen={"gesprek": talk})
    assert addressee(letter) == ["Klachtencommissie Jeugd Beekland", "Postbus 12", "5430 DD  BEEKVELD"]
    text = one_line(letter.text)
    assert "U bent de klachtencommissie van GGZ Jong Beekveld" in text
    assert "Klachtenregeling GGZ Jong Beekveld" in text                     # the provider's own regeling
    assert "stuur de klacht dan aan haar door" not in text and "uw klachtenregeling" not in text
    assert "artikel 4.2.1 van de Jeugdwet" in text and "9:1" not in text
    # A klacht about the gemeente (its sociaal team) goes to the gemeente itself (Awb 9:1), never to a commissie.
    from dossier_app.letters.context import item_choices

    team_talk = item_choices(case, {"gesprek": None})["gesprek"][1][0]      # the talk with the sociaal team
    about_team = render("klacht", case, chosen={"gesprek": team_talk})
    assert addressee(about_team)[:2] == ["Gemeente Beekveld", "t.a.v. de klachtencoördinator"]
    assert "artikel 9:1 Awb" in one_line(about_team.text)


def test_the_klacht_asks_which_conversation_and_takes_its_date(family_17_13):
    """The assistant offers every conversation of the traject (default: the last); the incident date is the date
    of the one chosen, not of the traject's last conversation."""
    from dossier_app.letters.context import item_choices

    case = family_17_13["case"][YOUNGER]
    _talk_with_provider(case)
    talks = item_choices(case, {"gesprek": None})["gesprek"]
    assert [title for _id, title, _date in talks] == ["Intake bij GGZ Jong", "Gesprek met het sociaal team over Daan"]
    assert "Op 19 november 2026 gebeurde het volgende" in one_line(render("klacht", case).text)
    chosen = render("klacht", case, chosen={"gesprek": talks[1][0]})
    assert "Op 24 augustus 2026 gebeurde het volgende" in one_line(chosen.text)
    assert addressee(chosen)[0] == "Gemeente Beekveld"          # and the organisation of that conversation


def test_the_bsn_comes_from_the_person_and_only_when_the_dossier_holds_it(family_17_13):
    case = family_17_13["case"][YOUNGER]
    for kind_id in ("aanvraag-jeugdhulp", "bezwaarschrift"):
        assert "Burgerservicenummer" not in render(kind_id, case).text, kind_id
    Person.update(bsn="123456782").where(Person.name == YOUNGER).execute()
    for kind_id in ("aanvraag-jeugdhulp", "bezwaarschrift"):
        assert "Burgerservicenummer van Daan: 123456782" in one_line(render(kind_id, case).text), kind_id


def test_the_aanvraag_and_the_voorstel_take_the_provider_of_their_own_traject(family_17_13):
    late = family_17_13["cases"][YOUNGER][1]                     # 'Begeleiding Daan'
    entries.add_contact("jeugdhulpaanbieder", "Zorgboerderij De Eik", organisation="Zorgboerderij De Eik",
                        street="Eikenlaan 1", postcode="5435 AA", city="Beekveld", contracted="nee")
    entries.add_document(occurred_on=LETTER_DATE - dt.timedelta(days=5), title="Folder Zorgboerderij De Eik",
                         doc_kind="overig", sender="Zorgboerderij De Eik", case_id=late)
    letter = render("aanvraag-jeugdhulp", late)
    text = one_line(letter.text)
    assert "Jeugdhulp bij Zorgboerderij De Eik." in text and "GGZ Jong Beekveld" not in text
    assert "pgb" in letter.ticked_blocks                         # no contract: help in natura is impossible there
    assert "Zorgboerderij De Eik heeft geen contract met de gemeente" in text
    # A traject that names no provider: no provider's contract or waiting list is stated.
    waiting = family_17_13["cases"][YOUNGER][2]                  # 'Logeeropvang Daan'
    proposal = one_line(render("voorstel-andere-hulp", waiting).text)
    assert "heeft een contract met de gemeente" not in proposal and "GGZ Jong Beekveld" not in proposal
    assert "Zorgboerderij" not in proposal


def test_the_bezwaarschrift_answers_the_chosen_decision_and_its_default_ground_matches_it(family_17_13):
    """Issue 22: prefilled with the decision it answers (its date and kenmerk, chosen in the assistant's second
    step); a pgb refusal gets the pgb ground (Jeugdwet 8.1.1) by default, another decision does not."""
    case = family_17_13["case"][YOUNGER]
    refusal = render("bezwaarschrift", case)
    text = one_line(refusal.text)
    assert "bezwaar tegen uw besluit van 2 november 2026, met kenmerk BV-DAAN-01" in text
    assert "pgb" in refusal.ticked_blocks and "artikel 8.1.1, tweede lid, van de Jeugdwet" in text
    other = entries.add_document(occurred_on=LETTER_DATE - dt.timedelta(days=2), title="Beschikking vervoer Daan",
                                 doc_kind="beschikking", sender="Gemeente Beekveld", kenmerk="BV-DAAN-02",
                                 decision_date=LETTER_DATE - dt.timedelta(days=2), case_id=case,
                                 body="Het leerlingenvervoer wordt afgewezen.")
    plain = render("bezwaarschrift", case, chosen={"beschikking": other})
    assert "met kenmerk BV-DAAN-02" in one_line(plain.text) and "pgb" not in plain.ticked_blocks
