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
    after = open_terms(cli, demo_path, passphrase_file)
    assert not [item for item in after if item["id"] == before[0]["id"]]
    started = [item for item in after if item["rule"] == "bezwaartermijn" and item["case_id"] == before[0]["case_id"]]
    assert [item["due_date"] for item in started] == ["2027-01-12"]
    assert not any("ingebrekestelling" in item["next_step"] and item["case_id"] == before[0]["case_id"]
                   for item in after)
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
