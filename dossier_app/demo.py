"""The demo dossier: the fictional De Vries family, whose story needs every letter.

All dates are relative to ``today`` so the demo always shows one upcoming
bezwaartermijn and one beslistermijn that has passed without a decision.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dossier_app.store import attachments, entries, dossier_deadlines
from dossier_app.store.dossier import Dossier
from dossier_app.store.models import Consent, Deadline, DossierInfo, database
from dossier_app.letters.render import render_letter
from dossier_app.store import letter_log

DEMO_PASSPHRASE = "gezinsdossier-demo"
BESCHIKKING_KENMERK = "JGT-2026-0412"


def create_demo(path, passphrase: str = DEMO_PASSPHRASE, today: dt.date | None = None) -> Dossier:
    today = today or dt.date.today()

    def days_ago(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    dossier = Dossier.create(Path(path), passphrase, name="Demo: familie De Vries")
    with dossier.bound(), database.atomic():
        DossierInfo.create(key="demo", value="ja")
        DossierInfo.create(key="place", value="Lindenhoven")
        entries.add_person("ouder", "Sanne de Vries", street="Berkenlaan 12", postcode="1234 AB",
                                   city="Lindenhoven", phone="06-12345678", email="sanne.devries@example.nl",
                                   gezag="ja")
        entries.add_person("ouder", "Joris de Vries", street="Berkenlaan 12", postcode="1234 AB",
                           city="Lindenhoven", phone="06-87654321", email="joris.devries@example.nl", gezag="ja")
        noor = entries.add_person("kind", "Noor de Vries", birth_date=dt.date(2016, 3, 14),
                                  notes="Angstklachten en somberheid; gaat sinds de zomer nauwelijks naar school.",
                                  own_voice="Noor zegt: 'Ik wil met iemand praten die niet meteen zegt dat het wel "
                                            "meevalt. En ik wil weer naar school, maar eerst een paar uur.'")
        entries.add_contact(
            "gemeente", "Gemeente Lindenhoven", organisation="Gemeente Lindenhoven",
            department="het college van burgemeester en wethouders", street="Postbus 100",
            postcode="1230 AA", city="Lindenhoven", salutation="Geacht college,",
            email="info@lindenhoven.example.nl", phone="14 0123")
        team = entries.add_contact(
            "wijkteam", "Jeugd- en gezinsteam Lindenhoven", organisation="Gemeente Lindenhoven",
            department="Jeugd- en gezinsteam", contact_person="mevrouw L. Jansen", street="Postbus 100",
            postcode="1230 AA", city="Lindenhoven", salutation="Geachte mevrouw Jansen,",
            email="jgt@lindenhoven.example.nl")
        entries.add_contact(
            "huisarts", "dr. P. Bakker", organisation="Huisartsenpraktijk Lindenhoven",
            contact_person="dr. P. Bakker", street="Dorpsstraat 5", postcode="1234 CD", city="Lindenhoven",
            salutation="Geachte dokter Bakker,")
        entries.add_contact(
            "jeugdhulpaanbieder", "Kindpraktijk De Linde", organisation="Kindpraktijk De Linde",
            street="Lindelaan 40", postcode="1235 EF", city="Lindenhoven",
            notes="Jeugd-ggz; Noor staat hier op de wachtlijst na verwijzing door de huisarts.",
            waiting_list="Aangemeld na de verwijzing; de praktijk noemt een wachttijd van ongeveer acht weken.",
            contracted="nee", payment="Nog niet geregeld: pgb aangevraagd.")
        entries.add_contact(
            "veilig-thuis", "Veilig Thuis Lindenland", organisation="Veilig Thuis Lindenland",
            street="Postbus 300", postcode="1230 AC", city="Lindenhoven")
        entries.add_contact(
            "fg", "Functionaris gegevensbescherming gemeente Lindenhoven", organisation="Gemeente Lindenhoven",
            contact_person="de functionaris gegevensbescherming", street="Postbus 100", postcode="1230 AA",
            city="Lindenhoven", email="privacy@lindenhoven.example.nl")

        care = entries.add_traject("Aanvraag jeugd-ggz Noor", status="besluit", opened_on=days_ago(130),
                                child_id=noor)
        extension = entries.add_traject("Verlenging begeleiding Noor", status="aanvraag verstuurd",
                                     opened_on=days_ago(80), child_id=noor)

        recording = entries.add_recording(
            occurred_on=days_ago(120), title="Opname keukentafelgesprek", consent=False,
            duration_seconds=67 * 60, participants=["Sanne de Vries", "Joris de Vries", ("mevrouw L. Jansen", team)],
            body="Opgenomen met de telefoon, zonder het vooraf te vragen. Alleen voor eigen gebruik: "
                 "niet delen, wel gebruiken om een eigen verslag te maken.", case_id=care)
        attachments.add_bytes(dossier, recording, b"DEMO-AUDIO " * 400, "keukentafelgesprek.m4a", "audio/mp4")
        talk = entries.add_conversation(
            occurred_on=days_ago(120), title="Keukentafelgesprek met het jeugd- en gezinsteam",
            location="Thuis, Berkenlaan 12", topic="Hulpvraag Noor: angst, somberheid, schoolverzuim",
            participants=["Sanne de Vries", "Joris de Vries", ("mevrouw L. Jansen", team)],
            body="Uitgelegd dat Noor sinds de zomer bijna niet naar school gaat en 's nachts paniekaanvallen "
                 "heeft. De huisarts heeft verwezen naar Kindpraktijk De Linde. Mevrouw Jansen vroeg of we "
                 "eerst 'lichte hulp' via het team wilden proberen.",
            agreements=[("mevrouw L. Jansen", "stuurt het gespreksverslag", days_ago(106)),
                        ("Sanne de Vries", "stuurt de verwijzing van de huisarts", days_ago(110))],
            report_status="ontvangen", case_id=care, recording_id=recording)
        for agreement in entries.entry_details(talk).agreements:
            dossier_deadlines.mark_agreement_done(agreement["id"])
        report = entries.add_document(
            occurred_on=days_ago(100), title="Gespreksverslag keukentafelgesprek", doc_kind="gespreksverslag",
            sender="Jeugd- en gezinsteam Lindenhoven", case_id=care,
            body="Verslag van het keukentafelgesprek, opgesteld door mevrouw L. Jansen.",
            inaccuracies="Er staat dat Noor 'gewoon naar school gaat'; wij hebben verteld dat zij sinds de zomer "
                         "bijna niet meer naar school gaat.\n"
                         "Er staat dat wij 'geen hulp uit het netwerk willen'; wij hebben gezegd dat oma al "
                         "twee middagen per week helpt en dat meer niet kan.")
        attachments.add_bytes(dossier, report, b"Gespreksverslag (demo): Noor gaat gewoon naar school.",
                              "gespreksverslag-keukentafelgesprek.txt", "text/plain")
        application = entries.add_document(
            occurred_on=days_ago(95), title="Aanvraag jeugdhulp (jeugd-ggz) voor Noor", doc_kind="aanvraag",
            direction="verzonden", sender="Sanne de Vries", case_id=care,
            body="Schriftelijke aanvraag voor jeugd-ggz bij Kindpraktijk De Linde, met verwijzing van de "
                 "huisarts, voorkeur voor een pgb en verzoek om ontvangstbevestiging.")
        dossier_deadlines.confirm_receipt(application, days_ago(93))
        entries.add_document(
            occurred_on=days_ago(90), title="Ontvangstbevestiging aanvraag", doc_kind="ontvangstbevestiging",
            sender="Gemeente Lindenhoven", case_id=care,
            body="De gemeente bevestigt de aanvraag ontvangen te hebben.")
        entries.add_document(
            occurred_on=days_ago(80), title="Verzoek om volledig diagnostisch rapport en behandelplan",
            doc_kind="verzoek", sender="Jeugd- en gezinsteam Lindenhoven", case_id=care,
            body="Het team vraagt het volledige diagnostische rapport en het behandelplan van Noor op te sturen, "
                 "'om de aanvraag te kunnen beoordelen'. Er staat niet bij waarvoor precies en op welke "
                 "wettelijke grond.")
        entries.add_document(
            occurred_on=days_ago(60), title="Advies gedragswetenschapper gemeente", doc_kind="advies",
            sender="de gedragswetenschapper van het jeugd- en gezinsteam", case_id=care,
            body="Advies: 'lichte ambulante begeleiding is voldoende; specialistische jeugd-ggz is niet nodig'. "
                 "Noor is hiervoor niet gezien of gesproken.",
            inaccuracies="Het advies gaat voorbij aan de verwijzing en het oordeel van de huisarts en van "
                         "Kindpraktijk De Linde. Noor is niet zelf gezien.")
        beschikking = entries.add_document(
            occurred_on=days_ago(20), title="Beschikking jeugdhulp Noor", doc_kind="beschikking",
            sender="Gemeente Lindenhoven", kenmerk=BESCHIKKING_KENMERK, decision_date=days_ago(20),
            received_on=days_ago(18), case_id=care,
            body="De gemeente wijst jeugd-ggz bij Kindpraktijk De Linde af, en ook het pgb. Reden: "
                 "'de zorg is niet ingekocht' en 'lichte begeleiding volstaat' volgens het advies van de "
                 "gedragswetenschapper.")
        attachments.add_bytes(dossier, beschikking,
                              f"Beschikking {BESCHIKKING_KENMERK} (demo): afwijzing jeugd-ggz en pgb.".encode(),
                              f"beschikking-{BESCHIKKING_KENMERK}.txt", "text/plain")
        # The beslistermijn of the first aanvraag ended with this beschikking (the consequence model).
        entries.set_traject_status(care, "besluit")

        # An older traject: a pgb refused, the bezwaar rejected; now the beroepstermijn runs.
        earlier = entries.add_traject("Pgb begeleiding Noor", status="beslissing op bezwaar", opened_on=days_ago(400),
                                   child_id=noor)
        refused = entries.add_document(
            occurred_on=days_ago(330), title="Beschikking pgb begeleiding", doc_kind="beschikking",
            sender="Gemeente Lindenhoven", kenmerk="JGT-2025-0977", decision_date=days_ago(330),
            received_on=days_ago(328), case_id=earlier,
            body="De gemeente weigert een pgb voor de begeleiding van Noor door haar oma.")
        entries.add_document(
            occurred_on=days_ago(300), title="Bezwaarschrift pgb begeleiding", doc_kind="bezwaarschrift",
            direction="verzonden", sender="Sanne de Vries", case_id=earlier,
            body="Bezwaar tegen de weigering van het pgb.")
        (Deadline.update(status="gedaan", done_on=days_ago(300))
         .where(Deadline.source_entry == refused).execute())
        entries.add_document(
            occurred_on=days_ago(12), title="Beslissing op bezwaar pgb begeleiding", doc_kind="beslissing-op-bezwaar",
            sender="Gemeente Lindenhoven", kenmerk="BOB-2026-031", decision_date=days_ago(12),
            received_on=days_ago(10), case_id=earlier,
            body="De gemeente verklaart het bezwaar ongegrond: de begeleiding door oma zou 'gebruikelijke zorg' "
                 "zijn. Op ons verslag van de hoorzitting gaat de beslissing niet in.")
        entries.add_document(
            occurred_on=days_ago(40), title="Klachtenregeling Kindpraktijk De Linde", doc_kind="klachtenregeling",
            sender="Kindpraktijk De Linde", body="De klachtenregeling van de praktijk, van hun website gehaald.")
        Consent.create(recipient="Jeugd- en gezinsteam Lindenhoven", contact=team,
                       purpose="Informatie over Noor opvragen bij haar school en die bespreken in het "
                               "wijkteamoverleg.", given_on=days_ago(118), withdrawn_on=days_ago(8),
                       withdrawn_how="mondeling")

        second = entries.add_document(
            occurred_on=days_ago(75), title="Aanvraag verlenging begeleiding Noor", doc_kind="aanvraag",
            direction="verzonden", sender="Sanne de Vries", case_id=extension,
            body="Aanvraag om de ambulante begeleiding van Noor te verlengen.")
        dossier_deadlines.confirm_receipt(second, days_ago(73))
        entries.add_note("Gebeld met het team over de verlenging: 'het ligt bij de gedragswetenschapper'. "
                         "Geen datum genoemd.", occurred_on=days_ago(10), case_id=extension)
        entries.add_note("Mevrouw Jansen gaf aan dat we een cliëntondersteuner kunnen vragen. "
                         "Nog uitzoeken wie dat in Lindenhoven is.", occurred_on=days_ago(5))
        _follow_ups(dossier, days_ago, noor, team, care)
    return dossier


def _follow_ups(dossier: Dossier, days_ago, noor: int, team: int, care: int) -> None:
    """Issue 13: the situations that call for the follow-up letters.

    A talk with the team leader about mevrouw Jansen (bevestiging, verslag, andere
    hulpverlener, klacht); an AVG request the gemeente left unanswered (herinnering,
    klacht-privacy); an ingebrekestelling whose two weeks have passed (beroep);
    and an older traject under a gecertificeerde instelling: a written aanwijzing
    three days old and a request for uithuisplaatsing at the kinderrechter.
    """
    entries.add_contact(
        "gi", "Jeugdbescherming Lindenhoven", organisation="Jeugdbescherming Lindenhoven",
        contact_person="de heer M. de Groot", street="Stationsweg 8", postcode="1231 GH", city="Lindenhoven",
        notes="De heer De Groot is sinds het voorjaar de gezinsvoogd van Noor.")
    entries.add_contact(
        "rechtbank", "Rechtbank Lindenhoven", organisation="Rechtbank Lindenhoven", street="Postbus 500",
        postcode="1230 BB", city="Lindenhoven", notes="Kinderrechter en team bestuursrecht.")
    entries.add_conversation(
        occurred_on=days_ago(6), title="Gesprek met de teamleider over de samenwerking met mevrouw Jansen",
        location="Gemeentehuis Lindenhoven", topic="de samenwerking tussen ons gezin en het jeugd- en gezinsteam",
        participants=["Sanne de Vries", ("mevrouw L. Jansen", team), ("de heer R. Smit, teamleider", team)],
        body="Wij hebben verteld dat het verslag van het keukentafelgesprek niet klopt en dat mevrouw Jansen "
             "niet terugbelt. De teamleider wil dat wij het nog twee maanden met mevrouw Jansen proberen. "
             "Wij hebben gezegd dat het vertrouwen weg is.",
        agreements=[("de heer R. Smit", "laat weten of een andere medewerker mogelijk is", days_ago(-8)),
                    ("mevrouw L. Jansen", "stuurt een verbeterd verslag van het keukentafelgesprek", days_ago(-8))],
        report_status="niet toegezegd", case_id=care)

    # An AVG request by e-mail to the FG of the gemeente, received, never answered.
    request = render_letter("avg-inzage", case_id=care, today=days_ago(41))
    request_id = letter_log.record(dossier, request, request.to_docx(), on=days_ago(41))
    letter_log.mark_sent(request_id, days_ago(41), "email", consequence=request.kind.consequence())
    letter_log.confirm_receipt(request_id, days_ago(40), consequence=request.kind.consequence())

    # A third traject: logeeropvang, no decision; the ingebrekestelling's two weeks have passed.
    respite = entries.add_traject("Logeeropvang Noor", status="aanvraag verstuurd", opened_on=days_ago(125),
                               child_id=noor)
    asked = entries.add_document(
        occurred_on=days_ago(120), title="Aanvraag logeeropvang (respijtzorg) Noor", doc_kind="aanvraag",
        direction="verzonden", sender="Sanne de Vries", case_id=respite,
        body="Aanvraag voor twee weekenden logeeropvang per maand, om het gezin te ontlasten.")
    dossier_deadlines.confirm_receipt(asked, days_ago(118))
    # Dated so that the beslistermijn of the verlenging stays the most overdue item of the demo.
    notice = render_letter("ingebrekestelling", case_id=respite, today=days_ago(20))
    notice_id = letter_log.record(dossier, notice, notice.to_docx(), on=days_ago(20))
    letter_log.mark_sent(notice_id, days_ago(20), "aangetekend", "3SDEMO4015243",
                         consequence=notice.kind.consequence())
    letter_log.confirm_receipt(notice_id, days_ago(18), consequence=notice.kind.consequence())
    # Sending the ingebrekestelling closed the passed beslistermijn (the consequence model).

    # The oldest traject: Noor is under supervision of a gecertificeerde instelling.
    supervision = entries.add_traject("Ondertoezichtstelling Noor", status="besluit", opened_on=days_ago(200),
                                   child_id=noor)
    entries.add_document(
        occurred_on=days_ago(190), title="Beschikking kinderrechter: ondertoezichtstelling Noor", doc_kind="overig",
        sender="Rechtbank Lindenhoven", kenmerk="C/16/498765 / JE RK 26-411", case_id=supervision,
        body="De kinderrechter stelt Noor voor een jaar onder toezicht van Jeugdbescherming Lindenhoven.")
    entries.add_document(
        occurred_on=days_ago(30), title="Rapport gezinsvoogd over uithuisplaatsing", doc_kind="onderzoeksrapport",
        sender="Jeugdbescherming Lindenhoven", case_id=supervision,
        body="De gezinsvoogd adviseert Noor zes maanden in een behandelgroep te plaatsen.",
        inaccuracies="Het rapport zegt dat wij de hulp tegenwerken; wij wachten op de behandeling bij Kindpraktijk "
                     "De Linde waarnaar de huisarts verwees. Noor is voor het rapport één keer kort gesproken.")
    entries.add_document(
        occurred_on=days_ago(12), title="Verzoek machtiging uithuisplaatsing Noor",
        doc_kind="verzoekschrift-kinderrechter", sender="Jeugdbescherming Lindenhoven",
        kenmerk="C/16/512345 / JE RK 26-1234", case_id=supervision,
        body="De gecertificeerde instelling vraagt de kinderrechter een machtiging tot uithuisplaatsing van Noor "
             "in een behandelgroep, voor zes maanden.")
    entries.add_document(
        occurred_on=days_ago(3), title="Schriftelijke aanwijzing dagbehandeling", doc_kind="schriftelijke-aanwijzing",
        sender="Jeugdbescherming Lindenhoven", kenmerk="JBL-AW-2026-031", decision_date=days_ago(3),
        case_id=supervision,
        body="U meldt Noor binnen een week aan bij de dagbehandeling van De Horst en stopt de aanmelding bij "
             "Kindpraktijk De Linde.")
    entries.add_note("De heer De Groot (gezinsvoogd) zei aan de telefoon dat Noor niet meer bij "
                     "oma mag logeren. Hij wil dat niet op papier zetten.", occurred_on=days_ago(2),
                     case_id=supervision)
