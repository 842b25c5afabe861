"""A second test family next to the demo: the Bakker-Yilmaz family in Veldhuizen.

Different name and place, a child of seventeen on the letter date, a
municipality whose bezwaar goes to a bezwaarcommissie, an investigation by a
gecertificeerde instelling, one parent without a phone number and no FG contact.
"""

from __future__ import annotations

import datetime as dt

from dossier_app.store import entries, dossier_deadlines
from dossier_app.store.models import Consent, DossierInfo, database
from tests.support import sending

LETTER_DATE = dt.date(2026, 11, 22)
CHILD = "Mila Bakker"
BIRTH = dt.date(2009, 6, 3)          # seventeen on the letter date


def build_second_family(today: dt.date = LETTER_DATE) -> dict:
    """Fill the open (empty) dossier; returns the ids the tests need."""
    def days_ago(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    with database.atomic():
        DossierInfo.create(key="place", value="Veldhuizen")
        entries.add_person("ouder", "Ayşe Bakker-Yilmaz", street="Molenweg 7", postcode="9876 ZX",
                           city="Veldhuizen", email="ayse@example.org", gezag="ja")
        entries.add_person("ouder", "Tom Bakker", street="Molenweg 7", postcode="9876 ZX", city="Veldhuizen",
                           gezag="ja")
        mila = entries.add_person("kind", CHILD, birth_date=BIRTH,
                                  notes="Eetproblemen; kan sinds maart niet meer naar school.")
        entries.add_contact("gemeente", "Gemeente Veldhuizen", organisation="Gemeente Veldhuizen",
                            department="het college van burgemeester en wethouders", street="Postbus 20",
                            postcode="9870 AA", city="Veldhuizen")
        gi = entries.add_contact("gi", "Jeugdbescherming Oost-Veld", organisation="Jeugdbescherming Oost-Veld",
                            contact_person="mw. dr. K. Smit", street="Stationsplein 3", postcode="9871 BB",
                            city="Veldhuizen")
        entries.add_contact("jeugdhulpaanbieder", "Eetkliniek De Brug", organisation="Eetkliniek De Brug",
                            street="Brugweg 1", postcode="9872 CC", city="Veldhuizen")
        case = entries.add_traject("Specialistische behandeling Mila", status="besluit", opened_on=days_ago(150),
                                child_id=mila)
        dossier_deadlines.set_objection_committee(case)
        application = entries.add_document(
            occurred_on=days_ago(140), title="Aanvraag behandeling Mila", doc_kind="aanvraag",
            direction="verzonden", sender="Ayşe Bakker-Yilmaz", case_id=case, body="Aanvraag eetkliniek.")
        dossier_deadlines.confirm_receipt(application, days_ago(138))
        entries.add_document(
            occurred_on=days_ago(135), title="Ontvangstbevestiging aanvraag", doc_kind="ontvangstbevestiging",
            sender="Gemeente Veldhuizen", kenmerk="VH/2026/0815", case_id=case)
        entries.add_document(
            occurred_on=days_ago(120), title="Verzoek om het 'volledige' dossier", doc_kind="verzoek",
            sender="Gemeente Veldhuizen", case_id=case, body="De gemeente vraagt het hele dossier van Mila.")
        entries.add_document(
            occurred_on=days_ago(100), title="Onderzoek 'veiligheid' Mila", doc_kind="onderzoeksrapport",
            sender="Jeugdbescherming Oost-Veld", case_id=case,
            inaccuracies="Het rapport zegt dat Mila geen hulp wil; zij heeft zelf om behandeling gevraagd.")
        entries.add_document(
            occurred_on=days_ago(90), title="Gespreksverslag 'keukentafel'", doc_kind="gespreksverslag",
            sender="Gemeente Veldhuizen", case_id=case,
            inaccuracies="Er staat dat Mila twaalf is; zij is zeventien.")
        beschikking = entries.add_document(
            occurred_on=days_ago(60), title="Beschikking behandeling Mila", doc_kind="beschikking",
            sender="Gemeente Veldhuizen", kenmerk="VH-BS-2026-77", decision_date=days_ago(60), case_id=case,
            body="De gemeente weigert de behandeling in de eetkliniek en het pgb daarvoor.")
        # Issue 16: an earlier traject whose bezwaar was rejected (a beroepschrift), the court, and a consent
        # given to the GI and withdrawn by e-mail (a letter confirming it).
        # (the rechtbank is added with the issue-13 follow-ups below)
        earlier = entries.add_traject("Vervoer naar school Mila", status="beslissing op bezwaar",
                                   opened_on=days_ago(500), child_id=mila)
        decision = entries.add_document(
            occurred_on=days_ago(20), title="Beslissing op bezwaar vervoer", doc_kind="beslissing-op-bezwaar",
            sender="Gemeente Veldhuizen", kenmerk="VH-BOB-2026-12", decision_date=days_ago(20),
            received_on=days_ago(18), case_id=earlier,
            body="De bezwaarcommissie adviseerde het bezwaar gegrond te verklaren; de gemeente volgt dat niet.")
        consent = Consent.create(recipient="Jeugdbescherming Oost-Veld", contact=gi,
                                 purpose="Gegevens van de eetkliniek opvragen voor het veiligheidsonderzoek.",
                                 given_on=days_ago(110), withdrawn_on=days_ago(5), withdrawn_how="email")
    ids = {"case": case, "beschikking": beschikking, "application": application, "earlier": earlier,
           "beslissing_op_bezwaar": decision, "consent": consent.id}
    ids.update(_follow_ups(today, days_ago, mila, case))
    return ids


def _follow_ups(today, days_ago, mila, case) -> dict:
    """Issue 13: a talk with the gemeente's consultant, an AVG request sent by post without any
    receipt or answer, an ingebrekestelling (recorded as a sent document) whose two weeks have
    passed, and a gecertificeerde instelling: an aanwijzing whose two weeks have passed, and a
    request to extend the ondertoezichtstelling at the kinderrechter."""
    from dossier_app.letters.render import render_letter
    from dossier_app.store import letter_log
    from tests.conftest import bound_dossier
    from dossier_app.store.models import Contact

    gemeente = Contact.get(Contact.role == "gemeente").id
    with database.atomic():
        entries.add_contact("rechtbank", "Rechtbank Veldhuizen", organisation="Rechtbank Veldhuizen",
                            street="Postbus 70", postcode="9870 CC", city="Veldhuizen")
        talk = entries.add_conversation(
            occurred_on=days_ago(10), title="Gesprek met de consulent over de behandeling",
            topic="behandeling van Mila", location="Gemeentehuis Veldhuizen",
            participants=["Ayşe Bakker-Yilmaz", "Mila Bakker", ("mevrouw J. de Boer, consulent", gemeente)],
            body="De consulent zei dat een eetkliniek 'te zwaar' is, zonder het dossier van de huisarts te lezen.",
            agreements=[("mevrouw J. de Boer", "vraagt advies aan Eetkliniek De Brug", days_ago(-10))],
            report_status="toegezegd", case_id=case)
        transport = entries.add_traject("Vervoer naar de eetkliniek", status="aanvraag verstuurd",
                                     opened_on=days_ago(160), child_id=mila)
        asked = entries.add_document(
            occurred_on=days_ago(100), title="Aanvraag vervoer naar Eetkliniek De Brug", doc_kind="aanvraag",
            direction="verzonden", sender="Ayşe Bakker-Yilmaz", case_id=transport)
        dossier_deadlines.confirm_receipt(asked, days_ago(98))
        notice = entries.add_document(
            occurred_on=days_ago(35), title="Ingebrekestelling vervoer", doc_kind="ingebrekestelling",
            direction="verzonden", sender="Ayşe Bakker-Yilmaz", case_id=transport)
        dossier_deadlines.confirm_receipt(notice, days_ago(33))
        # The passed beslistermijn is handled: the family sent the ingebrekestelling.
        dossier_deadlines.close_open("beslistermijn-aanvraag", case_id=transport, start=None, on=days_ago(35))
        entries.add_document(
            occurred_on=days_ago(200), title="Beschikking kinderrechter: ondertoezichtstelling Mila",
            doc_kind="overig", sender="Rechtbank Veldhuizen", case_id=case)
        entries.add_document(
            occurred_on=days_ago(20), title="Schriftelijke aanwijzing: opname", doc_kind="schriftelijke-aanwijzing",
            sender="Jeugdbescherming Oost-Veld", decision_date=days_ago(20), case_id=case,
            body="Mila wordt binnen twee weken opgenomen in een open groep van Jeugdbescherming Oost-Veld.")
        entries.add_document(
            occurred_on=days_ago(8), title="Verzoek verlenging ondertoezichtstelling Mila",
            doc_kind="verzoekschrift-kinderrechter", sender="Jeugdbescherming Oost-Veld",
            kenmerk="C/17/223344 / JE RK 26-555", case_id=case,
            body="De gecertificeerde instelling vraagt de ondertoezichtstelling met een jaar te verlengen.")
    # Mila is seventeen: the request is hers, sent from her own address (issue 22).
    request = render_letter("avg-inzage", case_id=case, today=days_ago(60),
                            answers={"adres_jongere": "Molenweg 7\n9876 ZX Veldhuizen"})
    request_id = letter_log.record(bound_dossier(), request, request.to_docx(), on=days_ago(60))
    sending.mark_sent(request_id, days_ago(60), "post")
    return {"talk": talk, "transport": transport, "ingebrekestelling": notice, "avg_request": request_id}
