"""Issue 21 end to end through the command line, on the demo dossier (today 4 December 2026): a decision
imported with --accept closes the beslistermijn of the pending aanvraag and starts the bezwaartermijn; an
ingebrekestelling marked sent removes the advice to send one from `deadlines` and the .ics."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fpdf import FPDF

TODAY = "2026-12-04"

DECISION = """Gemeente Lindenhoven
Postbus 100
1230 AA Lindenhoven

Familie De Vries
Berkenlaan 12
1234 AB Lindenhoven

Datum: 1 december 2026
Ons kenmerk: JGT-2026-1201
Onderwerp: Besluit op uw aanvraag verlenging begeleiding

Geachte heer en mevrouw De Vries,

U heeft op 22 september 2026 gevraagd de ambulante begeleiding van Noor te verlengen. In deze beschikking
leest u wat wij hebben besloten.

Ons besluit
Wij kennen u verlenging van de ambulante begeleiding toe, vier uur per week, tot en met 31 december 2027.

Bezwaar maken
Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken bij het college van burgemeester en
wethouders. Dat moet binnen zes weken na de datum van verzending van deze brief.

Met vriendelijke groet,

namens het college van burgemeester en wethouders van Lindenhoven,
mevrouw L. Jansen
"""


def decision_pdf(path, text=DECISION):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in text.splitlines():
        pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.fixture
def demo_path(tmp_path, cli, passphrase_file):
    path = tmp_path / "demo.dossier"
    assert cli("demo", path, "--passphrase-file", passphrase_file, "--today", TODAY)[0] == 0
    return path


def overview_of(path):
    """The Overzicht's data (services.next_steps.overview), per traject title."""
    from tests.conftest import PASSPHRASE
    from dossier_app.services import next_steps
    from dossier_app.services import session as sessions

    opened = sessions.DossierSession(path)
    opened.unlock(PASSPHRASE)
    try:
        return {group.title: group for group in next_steps.overview(opened, dt.date.fromisoformat(TODAY)).trajecten}
    finally:
        opened.close()


def open_terms(cli, path, passphrase_file):
    code, out, err = cli("deadlines", path, "--json", "--today", TODAY, "--passphrase-file", passphrase_file)
    assert code == 0, err
    return json.loads(out)


def test_import_accept_of_a_decision_closes_the_beslistermijn_and_starts_the_bezwaartermijn(
        tmp_path, cli, passphrase_file, demo_path):
    before = [item for item in open_terms(cli, demo_path, passphrase_file)
              if item["rule"] == "beslistermijn-aanvraag" and "verlenging" in item["title"].lower()]
    assert before and before[0]["status"] == "verlopen"
    pdf = decision_pdf(tmp_path / "besluit-verlenging.pdf")
    code, out, err = cli("import", demo_path, pdf, "--accept", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "traject:  Verlenging begeleiding Noor" in out
    assert f"Sluit: {before[0]['title']} (besluit ontvangen)." in out
    assert "Start: bezwaartermijn, laatste dag 12 januari 2027." in out
    assert "Status van het traject: besluit (Awb 1:3 lid 2" in out
    after = open_terms(cli, demo_path, passphrase_file)
    assert not [item for item in after if item["id"] == before[0]["id"]]
    started = [item for item in after if item["rule"] == "bezwaartermijn" and item["case_id"] == before[0]["case_id"]]
    assert [item["due_date"] for item in started] == ["2027-01-12"]
    assert not any("ingebrekestelling" in item["next_step"] and item["case_id"] == before[0]["case_id"]
                   for item in after)
    # The Overzicht no longer reads "(aanvraag verstuurd)": the status moved with the decision.
    assert overview_of(demo_path)["Verlenging begeleiding Noor"].status == "besluit"
    # Importing the same decision again changes nothing twice.
    code, out, err = cli("import", demo_path, pdf, "--accept", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert open_terms(cli, demo_path, passphrase_file) == after


def test_letter_sent_of_an_ingebrekestelling_removes_the_advice_to_send_one(tmp_path, cli, passphrase_file,
                                                                          demo_path):
    advice = "Stuur dan een ingebrekestelling"
    overdue = [item for item in open_terms(cli, demo_path, passphrase_file)
               if item["rule"] == "beslistermijn-aanvraag" and advice in item["next_step"]]
    assert overdue
    traject = overdue[0]["case_id"]
    ics = tmp_path / "voor.ics"
    assert cli("ics", demo_path, "--out", ics, "--today", TODAY, "--passphrase-file", passphrase_file)[0] == 0
    assert advice in ics.read_text(encoding="utf-8").replace("\r\n ", "")
    code, out, err = cli("letter", demo_path, "ingebrekestelling", "--traject", traject, "--out",
                         tmp_path / "ingebrekestelling.docx", "--today", TODAY, "--passphrase-file",
                         passphrase_file)
    assert code == 0, err
    code, out, err = cli("letter-log", demo_path, "--json", "--passphrase-file", passphrase_file)
    letter_id = json.loads(out)[0]["id"]
    code, out, err = cli("letter-sent", demo_path, letter_id, "--date", TODAY, "--method", "aangetekend",
                         "--tracking", "3SDEMO999", "--passphrase-file", passphrase_file)
    assert code == 0, err
    after = open_terms(cli, demo_path, passphrase_file)
    assert not any(advice in item["next_step"] for item in after)
    assert [item["rule"] for item in after if item["case_id"] == traject and item["rule"] == "ingebrekestelling"]
    ics = tmp_path / "na.ics"
    assert cli("ics", demo_path, "--out", ics, "--today", TODAY, "--passphrase-file", passphrase_file)[0] == 0
    assert advice not in ics.read_text(encoding="utf-8").replace("\r\n ", "")
    # Recording it as sent once more changes nothing twice.
    assert cli("letter-sent", demo_path, letter_id, "--date", TODAY, "--method", "aangetekend",
               "--tracking", "3SDEMO999", "--passphrase-file", passphrase_file)[0] == 0
    assert open_terms(cli, demo_path, passphrase_file) == after


def test_withdrawn_aanvraag_stops_its_terms(cli, passphrase_file, demo_path):
    overdue = [item for item in open_terms(cli, demo_path, passphrase_file) if item["rule"] == "beslistermijn-aanvraag"]
    traject = overdue[0]["case_id"]
    code, out, err = cli("withdraw", demo_path, "aanvraag", "--traject", traject, "--date", TODAY,
                         "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert f"Sluit: {overdue[0]['title']} (aanvraag ingetrokken)." in out
    assert not [item for item in open_terms(cli, demo_path, passphrase_file) if item["id"] == overdue[0]["id"]]
    code, out, err = cli("withdraw", demo_path, "aanvraag", "--traject", traject, "--passphrase-file", passphrase_file)
    assert code == 0 and "niets dat hierop wachtte" in out


def test_a_decision_after_the_ingebrekestelling_states_the_dwangsom_owed(tmp_path, cli, passphrase_file, demo_path):
    """The logeeropvang: aanvraag received 8 August 2026, ingebrekestelling received 16 November 2026 (two weeks
    to 30 November); the besluit of 10 December 2026 comes 9 days later: 9 × € 23 = € 207."""
    text = (DECISION.replace("Datum: 1 december 2026", "Datum: 10 december 2026")
            .replace("JGT-2026-1201", "JGT-2026-1210")
            .replace("verlenging begeleiding", "logeeropvang")
            .replace("op 22 september 2026 gevraagd de ambulante begeleiding van Noor te verlengen",
                     "op 8 augustus 2026 logeeropvang voor Noor aangevraagd"))
    pdf = decision_pdf(tmp_path / "besluit-logeeropvang.pdf", text)
    code, out, err = cli("import", demo_path, pdf, "--accept", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "traject:  Logeeropvang Noor" in out
    assert "(besluit ontvangen)" in out and "Sluit: Ingebrekestelling" in out
    flat = " ".join(out.split())
    assert ("De gemeente is u een dwangsom verschuldigd over de dagen vanaf 1 december 2026 tot en met "
            "9 december 2026 (9 dagen): € 207,00 (9 × € 23,00") in flat.replace("\u00a0", " ")
    assert "De dag van het besluit zelf telt niet mee" in flat and "Awb 6:12" in flat
    terms = open_terms(cli, demo_path, passphrase_file)
    assert not any(item["rule"] == "ingebrekestelling" for item in terms)


def test_decision_is_matched_to_the_traject_it_answers_and_a_tie_is_said(tmp_path):
    from tests.conftest import PASSPHRASE
    from dossier_app.services import intake
    from dossier_app.services import session as sessions
    from dossier_app.store import entries

    with sessions.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE):
        first = entries.add_traject("Dagbesteding")
        second = entries.add_traject("Vervoer")
        for traject, day in ((first, "2026-09-01"), (second, "2026-09-15")):
            entries.add_document(occurred_on=dt.date.fromisoformat(day), title="Aanvraag", doc_kind="aanvraag",
                                 direction="verzonden", received_on=dt.date.fromisoformat(day), case_id=traject)
        common = dict(doc_kind="beschikking", date=dt.date(2026, 12, 1))
        # Naming the aanvraag's date decides it.
        best = intake.match_trajecten(**common, text="Uw aanvraag van 15 september 2026")
        assert best[0].traject_id == second and "noemt de datum 15 september 2026" in best[0].reasons
        # The subject decides it.
        assert intake.match_trajecten(**common, subject="Besluit dagbesteding")[0].traject_id == first
        # Both wait for a decision and nothing else tells them apart: a tie (the review asks).
        tied = intake.match_trajecten(**common)
        assert tied[0].score == tied[1].score > 0
        assert {match.traject_id for match in tied[:2]} == {first, second}


def _flat(text: str) -> str:
    """Text without line breaks, .ics folding and escapes, so readers can be compared word for word."""
    return " ".join(text.replace("\r\n ", "").replace("\\n", " ").replace("\\", "").replace("\u00a0", " ").split())


def four_readers(path, ics_text):
    """What the Overzicht, the gespreksvoorbereiding, Mijn gezinnen and the .ics say, per traject title, next to
    the one state they all read (services.deadlines.case_state)."""
    from tests.conftest import PASSPHRASE
    from dossier_app.services import caseload, deadlines, next_steps, preparation
    from dossier_app.services import session as sessions

    today = dt.date.fromisoformat(TODAY)
    opened = sessions.DossierSession(path)
    opened.unlock(PASSPHRASE)
    try:
        state = deadlines.case_state(opened, today)
        overview = {group.title: group for group in next_steps.overview(opened, today).trajecten}
        prepared = {traject.title: _flat(preparation.prepare(opened, traject.id, today=today).text)
                    for traject in state.trajecten}
    finally:
        opened.close()
    key = caseload.key_from_passphrase(path, PASSPHRASE)
    families = caseload.load([path], today=today, session_keys={str(path.resolve()): key})
    return state, overview, prepared, families.items, _flat(ics_text)


def test_all_four_readers_agree_after_an_ingebrekestelling_and_a_decision_with_dwangsom(tmp_path, cli,
                                                                                      passphrase_file, demo_path):
    """Done when (issue 21), demo dossier, today 4 December 2026: an ingebrekestelling recorded as sent removes the
    advice to send one, a decision after an ingebrekestelling closes that term and states the dwangsom owed —
    and the Overzicht, the gespreksvoorbereiding, Mijn gezinnen and the .ics say the same."""
    advice = "Stuur dan een ingebrekestelling"
    verlenging = next(item for item in open_terms(cli, demo_path, passphrase_file)
                      if item["rule"] == "beslistermijn-aanvraag" and advice in item["next_step"])["case_id"]
    assert cli("letter", demo_path, "ingebrekestelling", "--traject", verlenging, "--out", tmp_path / "i.docx",
               "--today", TODAY, "--passphrase-file", passphrase_file)[0] == 0
    letter_id = json.loads(cli("letter-log", demo_path, "--json", "--passphrase-file", passphrase_file)[1])[0]["id"]
    assert cli("letter-sent", demo_path, letter_id, "--date", TODAY, "--method", "aangetekend", "--tracking",
               "3SDEMO999", "--passphrase-file", passphrase_file)[0] == 0
    # The logeeropvang: ingebrekestelling received 16 November, two weeks to 30 November; the besluit of 4 December
    # is 3 days late: 1, 2 and 3 December, 3 × € 23 = € 69 (the day of the decision itself does not count).
    text = (DECISION.replace("Datum: 1 december 2026", "Datum: 4 december 2026")
            .replace("JGT-2026-1201", "JGT-2026-1204").replace("verlenging begeleiding", "logeeropvang")
            .replace("op 22 september 2026 gevraagd de ambulante begeleiding van Noor te verlengen",
                     "op 8 augustus 2026 logeeropvang voor Noor aangevraagd"))
    code, out, err = cli("import", demo_path, decision_pdf(tmp_path / "besluit.pdf", text), "--accept",
                         "--passphrase-file", passphrase_file)
    assert code == 0 and "traject:  Logeeropvang Noor" in out, err
    ics = tmp_path / "termijnen.ics"
    assert cli("ics", demo_path, "--out", ics, "--today", TODAY, "--passphrase-file", passphrase_file)[0] == 0
    state, overview, prepared, family_items, calendar = four_readers(demo_path, ics.read_bytes().decode("utf-8"))

    # The state itself: what the model did.
    by_title = {traject.title: traject for traject in state.trajecten}
    logeer = by_title["Logeeropvang Noor"]
    assert logeer.status == "besluit"
    dwangsom = next(notice for notice in logeer.notices if "dwangsom verschuldigd" in notice)
    assert _flat(dwangsom).startswith("Ingebrekestelling en dwangsom: ")
    assert "gesloten op 4 december 2026 (besluit ontvangen)" in dwangsom
    assert "vanaf 1 december 2026 tot en met 3 december 2026 (3 dagen): € 69,00" in _flat(dwangsom)
    assert "geen beroep meer instellen omdat de gemeente niet op tijd besliste (Awb 6:12)" in dwangsom
    assert not [item for item in state.items if item.rule == "ingebrekestelling" and item.case_id == logeer.id]
    assert {item.rule for item in state.items if item.case_id == verlenging and item.source == "termijn"} == {
        "ontvangstbevestiging", "ingebrekestelling"}

    # Every reader: no advice to send an ingebrekestelling; every open term's next step; every notice.
    for reader in (calendar, *prepared.values()):
        assert advice not in reader
    assert not any(advice in step.advice or "ingebrekestelling" in step.kind_id
                   for group in overview.values() for step in group.steps)
    assert not any(advice in item.next_step for item in family_items)
    assert_the_readers_agree(state, overview, prepared, family_items, calendar)
    assert _flat(dwangsom) in calendar and _flat(dwangsom) in prepared["Logeeropvang Noor"]
    # The gespreksvoorbereiding lists the waiting ingebrekestelling once (not again for its receipt to-do).
    assert prepared["Verlenging begeleiding Noor"].count("verstuurd op 4 december 2026") == 1


def assert_the_readers_agree(state, overview, prepared, family_items, calendar):
    """Each open term's next step and each traject's status and notices, as the one state has them, is what the
    Overzicht, the gespreksvoorbereiding, Mijn gezinnen and the .ics show."""
    family_by_id = {(item.source, item.id): item for item in family_items}
    for item in state.items:
        if item.source != "termijn":
            continue
        title = next(traject.title for traject in state.trajecten if traject.id == item.case_id)
        step = next(step for step in overview[title].steps if step.deadline_id == item.id)
        assert step.advice == item.next_step
        assert family_by_id[("termijn", item.id)].next_step == item.next_step
        if item.adjustable:     # a to-do of a letter that waits is listed once, with the letter's own term
            assert _flat(item.next_step) in prepared[title]
        assert _flat(item.next_step) in calendar
    for traject in state.trajecten:
        assert overview[traject.title].notices == traject.notices
        assert overview[traject.title].status == traject.status
        shown = [item.title for item in family_items if item.is_notice and item.traject == traject.title]
        assert shown == list(traject.notices)
        for notice in traject.notices:
            assert _flat(notice) in prepared[traject.title]
            if any(item.case_id == traject.id for item in state.items):
                assert _flat(notice) in calendar      # told with the traject's open terms


def test_all_four_readers_agree_after_a_decision_on_the_pending_aanvraag(tmp_path, cli, passphrase_file,
                                                                       demo_path):
    """Done when (issue 21), first part: importing the decision on the pending aanvraag closes its beslistermijn
    and starts the bezwaartermijn; every reader then says the traject has a besluit, why the beslistermijn closed,
    and until when bezwaar can be made — none still advises an ingebrekestelling there."""
    code, out, err = cli("import", demo_path, decision_pdf(tmp_path / "besluit.pdf"), "--accept",
                         "--passphrase-file", passphrase_file)
    assert code == 0 and "traject:  Verlenging begeleiding Noor" in out, err
    ics = tmp_path / "termijnen.ics"
    assert cli("ics", demo_path, "--out", ics, "--today", TODAY, "--passphrase-file", passphrase_file)[0] == 0
    state, overview, prepared, family_items, calendar = four_readers(demo_path, ics.read_bytes().decode("utf-8"))
    verlenging = next(traject for traject in state.trajecten if traject.title == "Verlenging begeleiding Noor")
    assert verlenging.status == "besluit" and overview[verlenging.title].status == "besluit"
    assert [notice for notice in verlenging.notices if "gesloten op 1 december 2026 (besluit ontvangen)" in notice]
    objection = next(item for item in state.items if item.case_id == verlenging.id)
    assert objection.next_step.startswith("Er is een besluit. Bezwaar maken kan tot en met 12 januari 2027")
    assert [item.rule for item in state.items if item.case_id == verlenging.id] == [objection.rule]
    assert "Stuur dan een ingebrekestelling" not in prepared[verlenging.title]
    assert_the_readers_agree(state, overview, prepared, family_items, calendar)


KLACHT_ANSWER = """Kindpraktijk De Linde
Postbus 7
1230 AB Lindenhoven

Datum: 2 december 2026
Ons kenmerk: KL-2026-031

Geachte mevrouw De Vries,

Naar aanleiding van uw klacht over de bejegening van Noor hebben wij met de betrokken medewerkers gesproken.
Wij vinden uw klacht gegrond en bieden u onze excuses aan.

Met vriendelijke groet,
de klachtenfunctionaris
"""


def test_the_answer_to_a_klacht_closes_its_term_through_the_model(tmp_path, cli, passphrase_file, demo_path):
    """A klacht sent (received 28 oktober) starts the afhandeltermijn (Awb 9:11); the imported answer is recognised as
    its afhandeling (Awb 9:12) and ends that term, like every other consequence."""
    from tests.conftest import PASSPHRASE
    from dossier_app.services import deadlines, family, intake, timeline
    from dossier_app.services import session as sessions

    opened = sessions.DossierSession(demo_path)
    opened.unlock(PASSPHRASE)
    try:
        traject = family.trajecten(opened)[0].id
        timeline.add_document(opened, occurred_on=dt.date(2026, 10, 26), title="Klacht over de bejegening",
                              doc_kind="klacht", direction="verzonden", traject_id=traject,
                              received_on=dt.date(2026, 10, 28))
        term = next(item for item in deadlines.open_items(opened, dt.date(2026, 12, 4))
                    if item.rule == "klacht-afhandeling")
    finally:
        opened.close()
    answer = decision_pdf(tmp_path / "antwoord-klacht.pdf", KLACHT_ANSWER)
    code, out, err = cli("import", demo_path, answer, "--accept", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "Afhandeling van een klacht" in out
    assert f"Sluit: {term.title} (klacht afgehandeld)." in out
    assert not [item for item in open_terms(cli, demo_path, passphrase_file) if item["id"] == term.id]
    assert intake.doc_kind_for("klachtafhandeling") == "klachtafhandeling"


def test_a_decision_that_answers_an_ingebrekestelling_stops_it_waiting_for_a_receipt(tmp_path, cli,
                                                                                    passphrase_file, demo_path):
    """Found by hand: the decision closed the ingebrekestelling's receipt to-do ("dat antwoord laat zien dat de
    brief is aangekomen"), yet the Overzicht still listed the letter under "Brieven die wachten op een
    ontvangstbevestiging". The letter log keeps telling the truth: no receipt was confirmed."""
    from tests.conftest import PASSPHRASE
    from dossier_app.services import next_steps
    from dossier_app.services import session as sessions

    advice = "Stuur dan een ingebrekestelling"
    verlenging = next(item for item in open_terms(cli, demo_path, passphrase_file)
                      if item["rule"] == "beslistermijn-aanvraag" and advice in item["next_step"])["case_id"]
    assert cli("letter", demo_path, "ingebrekestelling", "--traject", verlenging, "--out", tmp_path / "i.docx",
               "--today", TODAY, "--passphrase-file", passphrase_file)[0] == 0
    log = json.loads(cli("letter-log", demo_path, "--json", "--passphrase-file", passphrase_file)[1])
    letter_id = log[0]["id"]
    assert cli("letter-sent", demo_path, letter_id, "--date", TODAY, "--method", "aangetekend", "--tracking",
               "3SDEMO998", "--passphrase-file", passphrase_file)[0] == 0
    today = dt.date(2026, 12, 8)

    def waiting():
        opened = sessions.DossierSession(demo_path)
        opened.unlock(PASSPHRASE)
        try:
            return [record.id for record in next_steps.overview(opened, today).awaiting_receipt]
        finally:
            opened.close()

    assert letter_id in waiting()
    text = DECISION.replace("Datum: 1 december 2026", "Datum: 8 december 2026")
    code, out, err = cli("import", demo_path, decision_pdf(tmp_path / "besluit.pdf", text), "--accept",
                         "--passphrase-file", passphrase_file)
    assert code == 0 and "dat antwoord laat zien dat de brief is aangekomen" in out, err
    assert letter_id not in waiting()
    log = json.loads(cli("letter-log", demo_path, "--json", "--passphrase-file", passphrase_file)[1])
    assert next(row for row in log if row["id"] == letter_id)["receipt_confirmed_on"] in (None, "")
