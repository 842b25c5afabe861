"""A demo-like test family with a 17-year-old and a 13-year-old: the Meijer family in Beekveld.

Issue 22: a child of 16 or older exercises her own privacy rights; between 12 and 16 a
child has her own say next to the parents. Lina (17) and Daan (13) each have their own
trajecten, so every letter kind can be made for either child (``case_ids[child]``).
Two parents with gezag; Lina has her own e-mail address, Daan none. Lina's AVG request
went by post, the receipt was never confirmed and the month has passed (a herinnering
must chase the answer, not the receipt).
"""

from __future__ import annotations

import datetime as dt

from dossier_app.store import dossier_deadlines, entries
from dossier_app.store.models import Consent, Deadline, DossierInfo, database

LETTER_DATE = dt.date(2026, 11, 22)
OLDER, YOUNGER = "Lina Meijer", "Daan Meijer"
PARENT, SECOND_PARENT = "Eva Meijer", "Karim Meijer"
OLDER_BIRTH = dt.date(2009, 5, 2)        # seventeen on the letter date
YOUNGER_BIRTH = dt.date(2013, 8, 20)     # thirteen on the letter date
OLDER_EMAIL = "lina.meijer@example.org"


def build_family_17_13(today: dt.date = LETTER_DATE) -> dict:
    """Fill the open (empty) dossier. Returns ids: 'cases' maps each child's name to the trajecten
    (newest first) and 'case' to the main traject of each child."""
    def days_ago(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    with database.atomic():
        DossierInfo.create(key="place", value="Beekveld")
        entries.add_person("ouder", PARENT, street="Beekstraat 3", postcode="5432 KL", city="Beekveld",
                           phone="06-11112222", email="eva.meijer@example.org", gezag="ja")
        entries.add_person("ouder", SECOND_PARENT, street="Beekstraat 3", postcode="5432 KL", city="Beekveld",
                           gezag="ja")
        lina = entries.add_person("kind", OLDER, birth_date=OLDER_BIRTH, email=OLDER_EMAIL,
                                  notes="Angststoornis; volgt sinds de zomer nog maar een paar lessen.",
                                  own_voice="Lina zegt: 'Ik wil zelf weten wat er over mij wordt opgeschreven.'")
        daan = entries.add_person("kind", YOUNGER, birth_date=YOUNGER_BIRTH,
                                  notes="Autisme; thuiszitter sinds de herfstvakantie.")
        gemeente = entries.add_contact(
            "gemeente", "Gemeente Beekveld", organisation="Gemeente Beekveld",
            department="het college van burgemeester en wethouders", street="Postbus 40", postcode="5430 AA",
            city="Beekveld")
        team = entries.add_contact(
            "wijkteam", "Sociaal team Beekveld", organisation="Gemeente Beekveld", department="Sociaal team",
            contact_person="de heer T. Visser", street="Postbus 40", postcode="5430 AA", city="Beekveld")
        entries.add_contact("huisarts", "dr. A. Kok", organisation="Huisartsenpraktijk De Beek",
                            contact_person="dr. A. Kok", street="Kerkpad 2", postcode="5432 AB", city="Beekveld")
        entries.add_contact("jeugdhulpaanbieder", "GGZ Jong Beekveld", organisation="GGZ Jong Beekveld",
                            street="Parklaan 9", postcode="5433 CD", city="Beekveld", contracted="ja")
        entries.add_contact("veilig-thuis", "Veilig Thuis Beekland", organisation="Veilig Thuis Beekland",
                            street="Postbus 77", postcode="5430 BB", city="Beekveld")
        gi = entries.add_contact("gi", "Jeugdbescherming Beekland", organisation="Jeugdbescherming Beekland",
                                 contact_person="mevrouw S. Bos", street="Spoorlaan 1", postcode="5434 EF",
                                 city="Beekveld")
        entries.add_contact("rechtbank", "Rechtbank Beekland", organisation="Rechtbank Beekland",
                            street="Postbus 900", postcode="5430 CC", city="Beekveld")
        ids = {"gemeente": gemeente, "team": team, "gi": gi, "lina": lina, "daan": daan, "cases": {}}
        for child_id, name in ((lina, OLDER), (daan, YOUNGER)):
            first = name.split()[0]
            ids["cases"][name] = _child_trajecten(days_ago, child_id, first, team)
        entries.add_document(
            occurred_on=days_ago(40), title="Klachtenregeling GGZ Jong Beekveld", doc_kind="klachtenregeling",
            sender="GGZ Jong Beekveld", body="De klachtenregeling van de aanbieder.")
        consent = Consent.create(recipient="Sociaal team Beekveld", contact=team,
                                 purpose="Informatie over Daan opvragen bij zijn school.",
                                 given_on=days_ago(100), withdrawn_on=days_ago(6), withdrawn_how="mondeling")
        ids["consent"] = consent.id
    ids["case"] = {name: cases[0] for name, cases in ids["cases"].items()}
    ids.update(_letters_sent(today, days_ago, ids))
    return ids


def _child_trajecten(days_ago, child_id: int, first: str, team: int) -> list[int]:
    """Per child: a decided traject (beschikking, advies, verslag, verzoek, gesprek, bezwaar decided)
    and a traject whose beslistermijn has passed; newest first."""
    care = entries.add_traject(f"Aanvraag jeugd-ggz {first}", status="besluit", opened_on=days_ago(120),
                               child_id=child_id)
    late = entries.add_traject(f"Begeleiding {first}", status="aanvraag verstuurd", opened_on=days_ago(110),
                               child_id=child_id)
    asked = entries.add_document(
        occurred_on=days_ago(100), title=f"Aanvraag begeleiding {first}", doc_kind="aanvraag",
        direction="verzonden", sender="Eva Meijer", case_id=late)
    dossier_deadlines.confirm_receipt(asked, days_ago(98))
    application = entries.add_document(
        occurred_on=days_ago(115), title=f"Aanvraag jeugd-ggz {first}", doc_kind="aanvraag", direction="verzonden",
        sender="Eva Meijer", case_id=care)
    dossier_deadlines.confirm_receipt(application, days_ago(113))
    entries.add_conversation(
        occurred_on=days_ago(90), title=f"Gesprek met het sociaal team over {first}", location="Thuis",
        topic=f"hulpvraag {first}", participants=["Eva Meijer", ("de heer T. Visser", team)],
        body="De consulent wil eerst een training via het team.",
        agreements=[("de heer T. Visser", "stuurt het gespreksverslag", days_ago(76))],
        report_status="ontvangen", case_id=care)
    entries.add_document(
        occurred_on=days_ago(80), title=f"Gespreksverslag over {first}", doc_kind="gespreksverslag",
        sender="Sociaal team Beekveld", case_id=care,
        inaccuracies=f"Er staat dat {first} geen hulp wil; {first} heeft zelf om hulp gevraagd.")
    entries.add_document(
        occurred_on=days_ago(70), title=f"Verzoek om het behandelplan van {first}", doc_kind="verzoek",
        sender="Sociaal team Beekveld", case_id=care, body="Het team vraagt het hele behandelplan.")
    entries.add_document(
        occurred_on=days_ago(50), title="Advies gedragswetenschapper", doc_kind="advies",
        sender="Sociaal team Beekveld", case_id=care, inaccuracies=f"{first} is niet gezien.")
    entries.add_document(
        occurred_on=days_ago(20), title=f"Beschikking jeugd-ggz {first}", doc_kind="beschikking",
        sender="Gemeente Beekveld", kenmerk=f"BV-{first.upper()}-01", decision_date=days_ago(20),
        received_on=days_ago(18), case_id=care, body="De gemeente weigert de jeugd-ggz en het pgb.")
    (Deadline.update(status="gedaan", done_on=days_ago(20))
     .where((Deadline.rule_id == "beslistermijn-aanvraag") & (Deadline.source_entry == application)).execute())
    entries.add_document(
        occurred_on=days_ago(10), title=f"Beslissing op bezwaar vervoer {first}", doc_kind="beslissing-op-bezwaar",
        sender="Gemeente Beekveld", kenmerk=f"BOB-{first.upper()}", decision_date=days_ago(10),
        received_on=days_ago(9), case_id=care, body="Het bezwaar is ongegrond.")
    entries.add_document(
        occurred_on=days_ago(150), title=f"Beschikking kinderrechter: ondertoezichtstelling {first}",
        doc_kind="overig", sender="Rechtbank Beekland", case_id=care)
    entries.add_document(
        occurred_on=days_ago(8), title=f"Verzoek verlenging ondertoezichtstelling {first}",
        doc_kind="verzoekschrift-kinderrechter", sender="Jeugdbescherming Beekland", kenmerk=f"C/01/{first}",
        case_id=care, body="De gecertificeerde instelling vraagt een verlenging.")
    entries.add_document(
        occurred_on=days_ago(4), title="Schriftelijke aanwijzing", doc_kind="schriftelijke-aanwijzing",
        sender="Jeugdbescherming Beekland", decision_date=days_ago(4), case_id=care,
        body=f"{first} gaat naar een dagbehandeling.")
    # A third traject whose beslistermijn has passed with no ingebrekestelling sent yet: the one an
    # ingebrekestelling can still be written for (once one is sent, the model closes the beslistermijn).
    waiting = entries.add_traject(f"Logeeropvang {first}", status="aanvraag verstuurd", opened_on=days_ago(105),
                                  child_id=child_id)
    waited = entries.add_document(
        occurred_on=days_ago(100), title=f"Aanvraag logeeropvang {first}", doc_kind="aanvraag",
        direction="verzonden", sender="Eva Meijer", case_id=waiting)
    dossier_deadlines.confirm_receipt(waited, days_ago(98))
    return [care, late, waiting]


def _letters_sent(today, days_ago, ids) -> dict:
    """Lina's AVG request, sent by post 60 days ago (no receipt, no answer); for each child's late
    traject an ingebrekestelling whose two weeks have passed."""
    from dossier_app.letters.catalogue import get_kind
    from dossier_app.letters.render import render_letter
    from dossier_app.store import letter_log
    from tests.conftest import bound_dossier

    dossier = bound_dossier()
    lina_case = ids["case"][OLDER]
    request = render_letter("avg-inzage", case_id=lina_case, today=days_ago(60))
    request_id = letter_log.record(dossier, request, request.to_docx(), on=days_ago(60))
    # What sending does to the traject comes from the consequence model, with the kind's own term.
    letter_log.mark_sent(request_id, days_ago(60), "post", consequence=get_kind("avg-inzage").consequence())
    notices = {}
    for name in (OLDER, YOUNGER):
        late = ids["cases"][name][1]
        notice = render_letter("ingebrekestelling", case_id=late, today=days_ago(20))
        notices[name] = letter_log.record(dossier, notice, notice.to_docx(), on=days_ago(20))
        consequence = get_kind("ingebrekestelling").consequence()
        letter_log.mark_sent(notices[name], days_ago(20), "aangetekend", "3STEST1713", consequence=consequence)
        letter_log.confirm_receipt(notices[name], days_ago(18), consequence=consequence)
    return {"avg_request": request_id, "ingebrekestelling": notices}
