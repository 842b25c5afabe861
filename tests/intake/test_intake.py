"""Importing received letters: extraction, recognition accuracy on a made-up corpus, storing, CLI.

The corpus (tests/support/intake_corpus.py) is generated here: letters written by the
project's own docx pipeline, converted by LibreOffice, rasterised and degraded
as scans, and mailed as .eml. Accuracy per field is printed (run with -s to see it).
"""

from __future__ import annotations

import datetime as dt
import email.message
import json
import shutil
import tempfile
from pathlib import Path

from tests.support import intake_corpus
import pytest
from tests.conftest import PASSPHRASE

from dossier_app.deadlines import compute
from dossier_app.errors import UsageError
from dossier_app.intake import extract, recognise
from dossier_app.services import attachments, deadlines, intake, search, timeline
from dossier_app.services import session as sessions
from dossier_app.services.handle import store_handle
from dossier_app.store import entries

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is nodig")
needs_ocr = pytest.mark.skipif(not extract.ocr_available() or shutil.which("pdftoppm") is None,
                               reason="tesseract-ocr, tesseract-ocr-nld en poppler-utils zijn nodig")
needs_heic = pytest.mark.skipif(not intake_corpus.heic_encoder(),
                                reason="pillow-heif is hier gebouwd zonder HEIC-encoder (libheif_info()['HEIF'] "
                                       "is leeg), dus de test kan geen HEIC-foto maken; lezen kan nog wel")
FIELDS = ("date", "kenmerk", "kind", "sender", "child")


# The corpus (text PDFs, mail, .docx) and scan_corpus (plus scans, photos) are session fixtures in conftest.py.


@pytest.fixture
def demo(tmp_path):
    opened = sessions.create_demo(tmp_path / "demo.dossier", PASSPHRASE, today=dt.date(2026, 11, 22))
    yield opened
    opened.lock()


def score(demo, files, letters) -> dict:
    """Per field: how many of the letters were recognised right."""
    right = {name: 0 for name in FIELDS}
    misses = []
    for path, letter in zip(files, letters, strict=True):
        found = intake.analyse(demo, path)
        checks = {"date": found.date == letter.date, "kenmerk": found.kenmerk == letter.kenmerk,
                  "kind": found.kind == letter.kind, "sender": found.sender == intake_corpus.SENDER,
                  "child": found.child_name == intake_corpus.CHILD}
        for name, ok in checks.items():
            right[name] += ok
            if not ok:
                misses.append(f"{path.name}: {name}")
    return {"right": right, "misses": misses, "total": len(letters)}


def report(label: str, result: dict) -> str:
    fields = ", ".join(f"{name} {result['right'][name]}/{result['total']}" for name in FIELDS)
    line = f"Herkenning {label}: {fields}" + (f"  (mis: {'; '.join(result['misses'])})" if result["misses"] else "")
    print("\n" + line)
    intake_corpus.REPORT.append(line)
    return line


# -- dates --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["2 november 2026", "02-11-2026", "2 nov. 2026", "2 nov 2026", "2-11-2026",
                                  "02/11/2026", "2.11.2026", "2026-11-02", "maandag 2 november 2026",
                                  "2 NOVEMBER 2026"])
def test_dutch_dates_in_every_common_form(text):
    assert recognise.parse_dutch_date(f"Datum: {text}") == dt.date(2026, 11, 2)


def test_impossible_dates_are_not_dates():
    assert recognise.parse_dutch_date("31-02-2026") is None
    assert recognise.find_dates("telefoon 06-12-3456, postcode 1234 AB") == []


def test_letter_date_told_apart_from_birth_date_period_and_own_letter():
    text = ("Gemeente Lindenhoven\nUw brief van 3 oktober 2026\n"
            "Betreft Noor, geboren op 14 maart 2016\n"
            "Lindenhoven, 2 november 2026\n"
            "De hulp loopt van 1 januari 2027 tot en met 31 december 2027.\n"
            "U heeft op 28 september 2026 een aanvraag gedaan.")
    date, others = recognise.letter_date(text)
    assert date == dt.date(2026, 11, 2)
    assert dt.date(2016, 3, 14) in others and dt.date(2027, 1, 1) in others


def test_letter_date_label_wins_over_an_earlier_date():
    text = "Periode: 1-1-2026 t/m 31-12-2026\nGeboortedatum: 14-03-2016\nDatum verzending: 5 mrt. 2026\n"
    assert recognise.letter_date(text)[0] == dt.date(2026, 3, 5)


def test_their_kenmerk_not_yours():
    text = "Uw kenmerk: ABC-2026-1\nOns kenmerk: JGT-2026-0412\n"
    assert recognise.recognise_kenmerk(text) == "JGT-2026-0412"
    assert recognise.recognise_kenmerk("Zaaknummer: Z/26/ 004- -731 ©") == "Z/26/004-731"


@pytest.mark.parametrize("line, kenmerk", [("Kenmerk: JGT-2026-041 1", "JGT-2026-0411"),
                                           ("Ons kenmerk: JGT/2026/88 1", "JGT/2026/881"),
                                           ("Kenmerk: JGT-2026-041 l", "JGT-2026-0411"),
                                           ("Kenmerk: JGT-2026-041 2", "JGT-2026-041")])
def test_a_final_one_spaced_off_by_ocr_belongs_to_the_kenmerk(line, kenmerk):
    """Found on the scan corpus (Tesseract 5): a narrow final "1" is read with a space before it."""
    assert recognise.recognise_kenmerk(line + "\n") == kenmerk


def test_kinds_outcome_and_rechtsmiddelenclausule_from_patterns():
    granted = recognise.recognise("Beschikking\nDatum: 2 november 2026\nWij kennen u begeleiding toe. "
                                  "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken.")
    assert (granted.kind, granted.outcome) == ("beschikking", "toegekend")
    assert "bezwaar maken" in granted.remedy_clause
    refused = recognise.recognise("Datum: 2 november 2026\nWij hebben besloten. Wij wijzen uw aanvraag af.")
    assert (refused.kind, refused.outcome, refused.remedy_clause) == ("beschikking", "afgewezen", "")
    objection = recognise.recognise("Beslissing op uw bezwaar\nWij verklaren uw bezwaar ongegrond.")
    assert objection.kind == "beslissing-op-bezwaar"
    postponed = recognise.recognise("Wij verdagen de beslissing met ten hoogste vier weken.")
    assert (postponed.kind, postponed.postponement_weeks) == ("verdagingsbrief", 4)
    assert recognise.recognise("Wij nodigen u uit voor een gesprek.").kind == "uitnodiging"
    assert recognise.recognise("Gespreksverslag van 2 november").kind == "gespreksverslag"
    assert recognise.recognise("Wilt u de volgende stukken opsturen: het behandelplan.").kind == "verzoek-om-informatie"
    receipt = recognise.recognise("Ontvangstbevestiging\nDatum: 9 november 2026\n"
                                  "Wij hebben uw bezwaarschrift op 4 november 2026 ontvangen.")
    assert (receipt.kind, receipt.date, receipt.receipt_date) == (
        "ontvangstbevestiging", dt.date(2026, 11, 9), dt.date(2026, 11, 4))


def test_each_kind_lists_the_details_that_matter_for_it():
    kinds = {kind["id"]: kind for kind in recognise.patterns()["kind"]}
    assert all(set(kind["fields"]) <= set(recognise.KIND_FIELDS) for kind in kinds.values())
    assert intake.review_fields("beschikking") == ("uitkomst", "rechtsmiddelenclausule")
    assert intake.review_fields("uitnodiging") == intake.review_fields("brief") == ()
    assert intake.review_fields("verdaging") == ("verdaging_weken",)
    # Only a kind's own details are looked for: an uitnodiging has no outcome, even with 'toegekend' in it.
    invitation = recognise.recognise("Wij nodigen u uit om te bespreken hoe de toegekende hulp gaat. "
                                     "Bent u het niet eens met een besluit? Dan kunt u binnen zes weken bezwaar maken.")
    assert (invitation.kind, invitation.outcome, invitation.remedy_clause) == ("uitnodiging", "", "")


def test_sender_and_child_matched_to_contacts_and_people():
    contacts = [recognise.Party(1, ("Gemeente Lindenhoven",)), recognise.Party(2, ("Kindpraktijk De Linde",),
                                                                                 "info@delinde.example.nl")]
    children = [recognise.Party(7, ("Noor de Vries", "Noor")), recognise.Party(8, ("Daan de Vries", "Daan"))]
    found = recognise.recognise("Kindpraktijk De Linde\nBetreft: Noor de Vries\nWij zien Noor graag.",
                                contacts=contacts, children=children)
    assert (found.sender_id, found.child_id) == (2, 7)
    by_mail = recognise.recognise("Zie bijlage.", contacts=contacts, mail_from="De Linde <info@delinde.example.nl>")
    assert by_mail.sender_id == 2


# -- the corpus ---------------------------------------------------------------------------------
@needs_soffice
def test_text_pdfs_recognised_per_field(demo, corpus):
    result = score(demo, corpus.pdfs, corpus.letters)
    report("tekst-PDF's", result)
    assert result["right"]["date"] == result["total"]
    assert result["right"]["kenmerk"] == result["total"]
    assert result["right"]["kind"] == result["total"]
    assert result["right"]["sender"] == result["total"]
    assert result["right"]["child"] == result["total"]


@pytest.mark.slow
@needs_soffice
@needs_ocr
def test_scans_recognised_per_field(demo, scan_corpus):
    result = score(demo, scan_corpus.scans, scan_corpus.letters)
    report("scans (OCR)", result)
    assert len(scan_corpus.scans) == 10
    assert result["right"]["date"] >= 9
    assert result["right"]["kenmerk"] >= 9
    assert result["right"]["kind"] >= 8



@needs_soffice
@needs_ocr
def test_a_photo_reaches_tesseract_through_a_pipe_never_as_a_file(demo, scan_corpus, monkeypatch):
    """A photo of a letter is prepared in memory and piped to Tesseract: no page image in any folder (and
    faster: no file written and read again)."""
    calls = []
    real_run = extract.subprocess.run

    def spy(args, **options):
        calls.append((list(args), options.get("input")))
        return real_run(args, **options)

    monkeypatch.setattr(extract.subprocess, "run", spy)
    photo, letter = scan_corpus.scans[0], scan_corpus.letters[0]
    assert photo.suffix == ".jpg"
    found = intake.analyse(demo, photo)
    ocr_calls = [(args, piped) for args, piped in calls if "--psm" in args]
    assert len(ocr_calls) == 1
    args, piped = ocr_calls[0]
    assert args[1:3] == ["stdin", "stdout"]
    assert piped.startswith(b"\x89PNG\r\n")           # the greyscale, cleaned page, as PNG
    assert (found.method, found.kenmerk, found.date) == ("ocr", letter.kenmerk, letter.date)

@needs_soffice
def test_eml_with_pdf_attachment_keeps_mail_and_attachment(demo, corpus):
    letter, mail = corpus.letters[0], corpus.emails[0]
    found = intake.analyse(demo, mail)
    assert (found.kind, found.date, found.kenmerk, found.method) == ("beschikking", letter.date, letter.kenmerk,
                                                                     "e-mail")
    assert [item.filename for item in found.originals] == [mail.name, corpus.pdfs[0].name]
    imported = intake.accept(demo, found)
    stored = sorted(attachments.describe(demo, number).filename for number in imported.attachment_ids)
    assert stored == sorted([mail.name, corpus.pdfs[0].name])


@needs_soffice
def test_msgs_recognised_per_field(demo, corpus):
    result = score(demo, corpus.msgs, corpus.letters)
    report("Outlook-mails (.msg)", result)
    assert result["right"] == {name: result["total"] for name in FIELDS}


def test_generated_msg_is_an_outlook_file_extract_msg_reads(tmp_path):
    import io

    import extract_msg
    import olefile
    from tests.support.intake_msg import msg_bytes

    sent = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    data = msg_bytes(subject="Besluit over uw aanvraag", sender_name="Jeugd- en gezinsteam Lindenhoven",
                     sender_email="jgt@lindenhoven.example.nl", to="sanne.devries@example.nl",
                     body="Beste mevrouw De Vries,\r\nZie de bijlage.", sent=sent,
                     attachment_name="besluit.pdf", attachment=b"%PDF-1.4 " + bytes(range(256)) * 40)
    assert olefile.isOleFile(io.BytesIO(data))
    message = extract_msg.openMsg(io.BytesIO(data))
    try:
        assert type(message).__name__ == "Message" and message.classType == "IPM.Note"
        assert message.subject == "Besluit over uw aanvraag"
        assert message.sender == "Jeugd- en gezinsteam Lindenhoven <jgt@lindenhoven.example.nl>"
        assert message.body.startswith("Beste mevrouw De Vries")
        assert message.date == sent
        [attached] = message.attachments
        assert attached.longFilename == "besluit.pdf" and attached.data.endswith(bytes(range(256)))
    finally:
        message.close()


@needs_soffice
def test_msg_with_pdf_attachment_is_imported_with_its_bezwaartermijn(demo, corpus):
    letter, mail = corpus.letters[1], corpus.msgs[1]
    found = intake.analyse(demo, mail)
    assert (found.kind, found.date, found.kenmerk, found.method) == ("beschikking", letter.date, letter.kenmerk,
                                                                     "e-mail")
    assert (found.sender, found.child_name, found.outcome) == ("Gemeente Lindenhoven", "Noor de Vries", "toegekend")
    assert "bezwaar maken" in found.remedy_clause
    assert [item.filename for item in found.originals] == [mail.name, corpus.pdfs[1].name]
    imported = intake.accept(demo, found)
    stored = sorted(attachments.describe(demo, number).filename for number in imported.attachment_ids)
    assert stored == sorted([mail.name, corpus.pdfs[1].name])
    terms = [item for item in deadlines.open_items(demo, today=letter.date) if letter.kenmerk in item.title]
    assert [(item.rule, item.due_date) for item in terms] == [("bezwaartermijn",
                                                               compute("bezwaartermijn", letter.date).deadline)]


def test_msg_without_attachment_sender_matched_by_address(demo, tmp_path):
    from tests.support.intake_msg import msg_bytes

    path = tmp_path / "uitnodiging.msg"
    path.write_bytes(msg_bytes(
        subject="Uitnodiging gesprek", sender_name="J. Bakker", sender_email="jgt@lindenhoven.example.nl",
        to="sanne.devries@example.nl", sent=dt.datetime(2026, 11, 12, 8, 0, tzinfo=dt.UTC),
        body="Datum: 12-11-2026\r\nWij nodigen u uit voor een gesprek over Noor op 19 november.",
        attachment_name="route.txt", attachment=b"Route naar het gemeentehuis"))
    found = intake.analyse(demo, path)
    assert (found.kind, found.date, found.child_name) == ("uitnodiging", dt.date(2026, 11, 12), "Noor de Vries")
    assert found.sender == "Jeugd- en gezinsteam Lindenhoven"     # its address is that contact's
    assert [item.filename for item in found.originals] == ["uitnodiging.msg", "route.txt"]


@pytest.mark.slow
@needs_soffice
@needs_ocr
@needs_heic
def test_heic_photos_recognised_per_field(demo, scan_corpus):
    letters = [scan_corpus.letters[number] for number in intake_corpus.PHOTO_LETTERS]
    assert [path.read_bytes()[4:12] for path in scan_corpus.photos] == [b"ftypheic"] * len(letters)
    result = score(demo, scan_corpus.photos, letters)
    report("HEIC-foto's (OCR)", result)
    assert result["right"]["date"] == result["right"]["kenmerk"] == result["total"] == 3
    assert result["right"]["kind"] == result["total"]


@pytest.mark.slow
@needs_soffice
@needs_ocr
@needs_heic
def test_heic_photo_of_a_beschikking_imported_with_its_bezwaartermijn(demo, scan_corpus):
    letter, photo = scan_corpus.letters[0], scan_corpus.photos[0]
    found = intake.analyse(demo, photo)
    assert (found.kind, found.date, found.kenmerk, found.method) == ("beschikking", letter.date, letter.kenmerk,
                                                                     "ocr")
    imported = intake.accept(demo, found)
    assert attachments.describe(demo, imported.attachment_ids[0]).filename == photo.name
    assert "Start: bezwaartermijn, laatste dag 16 april 2026." in imported.effects


@needs_soffice
def test_docx_import(demo, corpus):
    found = intake.analyse(demo, corpus.docx[4])
    assert (found.kind, found.date, found.kenmerk, found.method) == (
        "ontvangstbevestiging", corpus.letters[4].date, corpus.letters[4].kenmerk, "docx")


def test_html_only_mail_and_unsupported_file(demo, tmp_path):
    message = email.message.EmailMessage()
    message["From"] = "jgt@lindenhoven.example.nl"
    message["Subject"] = "Uitnodiging gesprek"
    message.set_content("<p>Datum: 12-11-2026</p><p>Wij nodigen u uit voor een gesprek over Noor.</p>",
                        subtype="html")
    path = tmp_path / "uitnodiging.eml"
    path.write_bytes(message.as_bytes())
    found = intake.analyse(demo, path)
    assert (found.kind, found.date, found.child_name) == ("uitnodiging", dt.date(2026, 11, 12), "Noor de Vries")
    assert found.sender == "Jeugd- en gezinsteam Lindenhoven"    # matched by its e-mail address
    other = tmp_path / "notities.xyz"
    other.write_text("x")
    with pytest.raises(UsageError, match="kan de app niet"):
        intake.analyse(demo, other)


def test_missing_tesseract_gives_a_clear_message(demo, tmp_path, monkeypatch):
    from PIL import Image

    photo = tmp_path / "foto.png"
    Image.new("L", (200, 100), 255).save(photo)
    monkeypatch.setattr(extract, "tesseract_path", lambda: None)
    assert not intake.ocr_available()
    with pytest.raises(intake.OcrUnavailable, match="Tesseract"):
        intake.analyse(demo, photo)


# -- storing -------------------------------------------------------------------------------------
@needs_soffice
def test_accepted_beschikking_starts_its_bezwaartermijn(demo, corpus):
    letter = corpus.letters[0]
    found = intake.analyse(demo, corpus.pdfs[0])
    expected = compute("bezwaartermijn", letter.date).deadline
    assert intake.effect(demo, found) == "Start: bezwaartermijn, laatste dag 16 april 2026."
    assert expected == dt.date(2026, 4, 16)
    imported = intake.accept(demo, found)
    details = timeline.entry(demo, imported.entry_id)
    assert details.kind == "document" and details.date == letter.date
    assert details.fields["kenmerk"] == letter.kenmerk and details.fields["decision_date"] == letter.date
    terms = [item for item in deadlines.open_items(demo, today=letter.date) if letter.kenmerk in item.title]
    assert [(item.rule, item.due_date) for item in terms] == [("bezwaartermijn", expected)]
    assert imported.deadline_ids == [terms[0].id]
    # The text is in the encrypted index; the original is an attachment.
    assert any(hit.ref == imported.entry_id for hit in search.search(demo, "gedragswetenschapper"))
    assert attachments.describe(demo, imported.attachment_ids[0]).filename == corpus.pdfs[0].name


@needs_soffice
def test_the_same_letter_again_is_flagged_before_it_starts_a_second_term(demo, corpus):
    """Found by hand: importing the .msg of a beschikking already imported as PDF silently made a
    second bezwaartermijn. Now the review says the letter is probably already there."""
    letter = corpus.letters[0]
    first = intake.analyse(demo, corpus.pdfs[0])
    assert not any("al in het dossier" in text for text in first.warnings)
    intake.accept(demo, first)
    again = intake.analyse(demo, corpus.msgs[0])
    assert again.kenmerk == letter.kenmerk
    assert any(text.startswith("Deze brief staat al in het dossier (een brief met hetzelfde kenmerk ("
                               f"{letter.kenmerk}) en dezelfde datum") for text in again.warnings)
    # Accepting it anyway stores nothing and starts no second term (issue 26).
    with store_handle(demo).bound():
        before = len(entries.documents_with_kenmerk(letter.kenmerk))
    assert intake.accept(demo, again).already_there is not None
    with store_handle(demo).bound():
        assert len(entries.documents_with_kenmerk(letter.kenmerk)) == before
    # Two files of one letter in one batch (the e-mail and its PDF): the second one says so.
    other = corpus.letters[1]
    batch = intake.analyse_many(demo, [corpus.pdfs[1], corpus.emails[1]]).suggestions
    assert [s.kenmerk for s in batch] == [other.kenmerk, other.kenmerk]
    assert sum(any("hetzelfde kenmerk" in text for text in s.warnings) for s in batch) == 1
    # A different letter raises nothing.
    assert not any("kenmerk" in text for text in intake.analyse(demo, corpus.pdfs[2]).warnings)


@needs_soffice
def test_accepted_verdagingsbrief_postpones_the_beslistermijn(demo, corpus):
    letter = corpus.letters[7]
    found = intake.analyse(demo, corpus.pdfs[7])
    running = [item for item in deadlines.open_items(demo) if item.rule == "beslistermijn-aanvraag"
               and item.case_id == found.traject_id]
    assert running
    before = running[0].due_date
    found = found.with_changes(date=before - dt.timedelta(days=3))   # a notice before the term ends
    imported = intake.accept(demo, found)
    after = [item for item in deadlines.open_items(demo) if item.id == running[0].id][0]
    assert after.due_date > before and any("verdaagd" in text for text in imported.effects)
    assert letter.kenmerk == found.kenmerk


def test_accepted_ontvangstbevestiging_confirms_receipt(demo, tmp_path):
    from dossier_app.services import family

    care = family.add_traject(demo, "Bezwaar Noor", opened_on=dt.date(2026, 11, 1))
    sent = timeline.add_document(demo, occurred_on=dt.date(2026, 11, 2), title="AVG-verzoek Noor",
                                 doc_kind="avg-verzoek", direction="verzonden", traject_id=care)
    path = tmp_path / "bevestiging.eml"
    message = email.message.EmailMessage()
    message["From"] = "privacy@lindenhoven.example.nl"
    message["Subject"] = "Ontvangstbevestiging"
    message.set_content("Datum: 9 november 2026\nWij bevestigen de ontvangst van uw verzoek. Wij hebben het op "
                        "4 november 2026 ontvangen.")
    path.write_bytes(message.as_bytes())
    found = intake.analyse(demo, path).with_changes(traject_id=care)
    assert found.receipt_date == dt.date(2026, 11, 4)
    intake.accept(demo, found)
    assert timeline.entry(demo, sent).fields["received_on"] == dt.date(2026, 11, 4)
    assert any(item.rule == "avg-reactietermijn" for item in deadlines.open_items(demo))


AVG_ANSWER = ("Gemeente Lindenhoven\nFunctionaris gegevensbescherming\nDatum: 20 november 2026\n"
              "Ons kenmerk: AVG-2026-0077\nOnderwerp: Antwoord op uw verzoek om inzage\n\n"
              "Geachte mevrouw De Vries,\n\nU vroeg ons om inzage in de persoonsgegevens die wij over Noor de Vries "
              "verwerken (artikel 15 AVG). In de bijlage vindt u een kopie van alle gegevens die wij over Noor "
              "hebben, met de doelen en de bewaartermijnen.\n")


def test_avg_answer_recognised_apart_from_receipt_and_extension():
    assert recognise.recognise(AVG_ANSWER).kind == "avg-antwoord"
    removed = "Datum: 20 november 2026\nWij hebben het verslag van 3 maart op uw verzoek uit het dossier verwijderd."
    assert recognise.recognise(removed).kind == "avg-antwoord"
    receipt = ("Datum: 14 oktober 2026\nWij bevestigen de ontvangst van uw verzoek om inzage in uw persoonsgegevens "
               "(artikel 15 AVG). Wij sturen u binnen een maand een kopie van uw gegevens.")
    assert recognise.recognise(receipt).kind == "ontvangstbevestiging"
    extension = ("Datum: 5 november 2026\nWij verlengen de termijn voor ons antwoord op uw verzoek om inzage met "
                 "twee maanden. Daarna ontvangt u een kopie van uw persoonsgegevens.")
    assert recognise.recognise(extension).kind == "verdagingsbrief"


def _open_rules(session, traject_id):
    return sorted(item.rule for item in deadlines.open_items(session) if item.case_id == traject_id)


def test_answers_typed_by_hand_close_their_terms(demo):
    from dossier_app.services import family

    care = family.add_traject(demo, "Inzage Noor", opened_on=dt.date(2026, 10, 1))
    timeline.add_document(demo, occurred_on=dt.date(2026, 10, 12), title="Inzageverzoek Noor",
                          doc_kind="avg-verzoek", direction="verzonden", received_on=dt.date(2026, 10, 13),
                          traject_id=care)
    assert _open_rules(demo, care) == ["avg-reactietermijn"]
    others = [item.id for item in deadlines.open_items(demo) if item.rule == "avg-reactietermijn"
              and item.case_id != care]
    assert others                          # the demo's own request, in another traject
    timeline.add_document(demo, occurred_on=dt.date(2026, 11, 10), title="Antwoord inzageverzoek",
                          doc_kind="avg-antwoord", direction="ontvangen", traject_id=care)
    assert _open_rules(demo, care) == []
    assert [item.id for item in deadlines.open_items(demo) if item.id in others] == others   # untouched
    # The same table answers the beslistermijn op bezwaar with the beslissing op bezwaar.
    objection = family.add_traject(demo, "Bezwaar Noor", opened_on=dt.date(2026, 10, 1))
    timeline.add_document(demo, occurred_on=dt.date(2026, 10, 1), title="Beschikking", doc_kind="beschikking",
                          decision_date=dt.date(2026, 10, 1), traject_id=objection)
    timeline.add_document(demo, occurred_on=dt.date(2026, 10, 20), title="Bezwaarschrift",
                          doc_kind="bezwaarschrift", direction="verzonden", traject_id=objection)
    assert _open_rules(demo, objection) == ["beslistermijn-bezwaar"]
    timeline.add_document(demo, occurred_on=dt.date(2026, 12, 1), title="Beslissing op bezwaar",
                          doc_kind="beslissing-op-bezwaar", decision_date=dt.date(2026, 12, 1), traject_id=objection)
    assert _open_rules(demo, objection) == ["beroepstermijn"]


def test_imported_avg_answer_closes_the_avg_term(demo, tmp_path):
    waiting = [item for item in deadlines.open_items(demo) if item.rule == "avg-reactietermijn"]
    assert len(waiting) == 1               # the demo's inzageverzoek to the gemeente, never answered
    path = tmp_path / "antwoord-inzage.eml"
    message = email.message.EmailMessage()
    message["From"] = "privacy@lindenhoven.example.nl"
    message["Subject"] = "Antwoord op uw verzoek om inzage"
    message.set_content(AVG_ANSWER)
    path.write_bytes(message.as_bytes())
    found = intake.analyse(demo, path)
    assert (found.kind, found.doc_kind, found.date, found.kenmerk) == (
        "avg-antwoord", "avg-antwoord", dt.date(2026, 11, 20), "AVG-2026-0077")
    assert found.traject_id == waiting[0].case_id          # the traject whose AVG term is waiting
    assert intake.effect(demo, found) == f"Sluit: {waiting[0].title} (antwoord op het AVG-verzoek ontvangen)."
    imported = intake.accept(demo, found)
    assert not any(item.rule == "avg-reactietermijn" for item in deadlines.open_items(demo))
    assert imported.effects == [f"Sluit: {waiting[0].title} (antwoord op het AVG-verzoek ontvangen)."]
    assert timeline.entry(demo, imported.entry_id).fields["doc_kind"] == "avg-antwoord"


def test_accept_needs_a_date(demo, tmp_path):
    path = tmp_path / "zonder.eml"
    message = email.message.EmailMessage()
    message.set_content("Geen datum hier.")
    path.write_bytes(message.as_bytes())
    found = intake.analyse(demo, path)
    assert found.date is None and any("datum" in warning for warning in found.warnings)
    with pytest.raises(Exception, match="datum"):
        intake.accept(demo, found)


@needs_soffice
def test_folder_analysed_in_date_order_with_progress_and_cancel(demo, corpus, tmp_path):
    folder = tmp_path / "oude-brieven"
    folder.mkdir()
    for pdf in corpus.pdfs:
        shutil.copy(pdf, folder / pdf.name)
    seen = []
    result = intake.analyse_many(demo, [folder], progress=lambda done, total, name: seen.append((done, total)))
    assert seen[-1] == (10, 10) and len(result.suggestions) == 10 and not result.failures
    dates = [item.date for item in result.suggestions]
    assert dates == sorted(dates) == sorted(letter.date for letter in corpus.letters)
    stopped = intake.analyse_many(demo, [folder], progress=lambda done, total, name: seen.append((done, total)),
                                  cancelled=lambda: len(seen) >= 13)
    assert stopped.cancelled and len(stopped.suggestions) == 3


# -- no plaintext left behind ---------------------------------------------------------------------
def files_containing(folder: Path, needles: list[bytes]) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(needle in data for needle in needles):
                found.append(path)
    return found


@pytest.mark.slow
@needs_soffice
@needs_ocr
def test_no_extracted_text_left_in_temp_or_profile_folders(tmp_path, scan_corpus, monkeypatch):
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    profile = tmp_path / "profiel"
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    monkeypatch.setenv("GEZINSDOSSIER_CONFIG", str(profile / "config"))
    monkeypatch.setenv("GEZINSDOSSIER_DATA", str(profile / "data"))
    home = tmp_path / "dossiers"
    home.mkdir()
    opened = sessions.create_demo(home / "demo.dossier", PASSPHRASE, today=dt.date(2026, 11, 22))
    try:
        # A scan (OCR in a private folder), a text PDF and an e-mail with its PDF.
        texts = []
        for path in (scan_corpus.scans[0], scan_corpus.pdfs[1], scan_corpus.emails[2]):
            found = intake.analyse(opened, path)
            texts.append(found.text)
            intake.accept(opened, found)
        needles = [b"gedragswetenschapper", b"ambulante begeleiding", b"JGT-2026-0410", b"JGT-2026-0411"]
        # The needles are in what was extracted (so their absence on disk means something).
        assert all(any(needle.decode() in text for text in texts) for needle in needles)
        assert files_containing(private_tmp, needles) == []
        assert [item.name for item in private_tmp.iterdir()] == []          # no work folders left
        assert files_containing(home, needles) == []
        assert not profile.exists() or files_containing(profile, needles) == []
    finally:
        opened.lock()
    # Sanity check of the scanner itself.
    (private_tmp / "proef.txt").write_text("JGT-2026-0410")
    assert files_containing(private_tmp, [b"JGT-2026-0410"]) == [private_tmp / "proef.txt"]


# -- command line ---------------------------------------------------------------------------------
@needs_soffice
def test_cli_import_json_then_accept(tmp_path, cli, passphrase_file, corpus):
    path = tmp_path / "demo.dossier"
    assert cli("demo", path, "--passphrase-file", passphrase_file, "--today", "2026-11-22")[0] == 0
    code, out, err = cli("import", path, corpus.pdfs[3], corpus.pdfs[0], "--json", "--passphrase-file",
                         passphrase_file)
    assert code == 0, err
    rows = json.loads(out)
    assert [row["datum"] for row in rows] == ["2026-03-05", "2026-09-04"]       # oldest first
    assert rows[0]["kenmerk"] == "JGT-2026-0410" and rows[0]["uitkomst"] == "afgewezen"
    assert rows[0]["gevolg"] == "Start: bezwaartermijn, laatste dag 16 april 2026."
    code, out, _ = cli("deadlines", path, "--json", "--passphrase-file", passphrase_file)
    assert "JGT-2026-0410" not in out                                          # nothing stored yet
    code, out, err = cli("import", path, corpus.pdfs[0], "--accept", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "opgeslagen als item" in out and "16 april 2026" in out
    code, out, _ = cli("search", path, "gedragswetenschapper", "--passphrase-file", passphrase_file)
    assert "Beschikking jeugdhulp Noor de Vries" in out


def test_cli_import_of_nothing_readable(tmp_path, cli, passphrase_file):
    path = tmp_path / "demo.dossier"
    cli("demo", path, "--passphrase-file", passphrase_file)
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4 niet echt")
    code, out, err = cli("import", path, bad, "--passphrase-file", passphrase_file)
    assert code == 2 and "kapot.pdf" in err and "Traceback" not in err
