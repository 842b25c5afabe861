"""Letters: every kind from the demo dossier, legally required content, literal
values, missing fields, the template check, overrides, the letter log, PDF."""

import datetime as dt
import io
import json
import shutil
import zipfile

import docx
import pytest

from tests.conftest import PASSPHRASE, convert_all_to_pdf, pdf_pages
from dossier_app import paths
from dossier_app.errors import DossierError, UsageError
from dossier_app.letters import pdf
from dossier_app.letters.catalogue import KIND_IDS, all_kinds
from dossier_app.letters.lint import check_templates
from dossier_app.letters.render import MissingFields, render_letter
from dossier_app.store import entries, letter_log, dossier_deadlines
from dossier_app.store.dossier import Dossier
from dossier_app.store.models import Contact
from tests.support import sending
from tests.support.advice_letters import ANSWERS, REQUIRED as ADVICE_REQUIRED

TODAY = dt.date(2026, 11, 22)
COMMON = ["Sanne de Vries", "Berkenlaan 12", "1234 AB Lindenhoven", "Lindenhoven, 22 november 2026",
          "Betreft:", "Met vriendelijke groet,"]

REQUIRED = {
    "aanvraag-jeugdhulp": ["aanvraag", "geen melding", "beschikking", "acht weken", "4:13",
                           "ontvangstbevestiging", "artikel 2.6", "cliëntondersteuning", "Noor de Vries",
                           "14 maart 2016", "Gemeente Lindenhoven", "Postbus 100", "1230 AA  LINDENHOVEN",
                           "Geacht college,", "Kopie van de verwijzing van dr. P. Bakker"],
    "bezwaarschrift": ["bezwaar", "2 november 2026", "JGT-2026-0412", "gronden",
                       "3:46", "Centrale Raad van Beroep", "(1) de hulpvraag", "niet is ingekocht",
                       "herroepen", "hoorzitting", "7:2", "Kopie van het besluit van 2 november 2026"],
    "bezwaarschrift-pro-forma": ["pro forma", "2 november 2026", "JGT-2026-0412", "6:6", "gronden",
                                 "vier weken", "Kopie van het besluit"],
    "ingebrekestelling": ["in gebreke", "artikel 4:17", "twee weken", "€ 23,00", "€ 35,00", "€ 45,00",
                          "€ 1.442,00", "42 dagen", "6:12", "8 september 2026", "10 september 2026",
                          "5 november 2026", "Aanvraag verlenging begeleiding Noor"],
    "second-opinion": ["second opinion", "23 september 2026", "onafhankelijke deskundige",
                       "dezelfde deskundigheid", "Noor is niet zelf gezien", "dr. P. Bakker"],
    "privacy-informatieverzoek": ["7.4.0", "noodzakelijk", "toestemming", "geen goede grondslag",
                                  "dataminimalisatie", "proportionaliteit", "subsidiariteit", "SKJ", "BIG",
                                  "voor welke taak", "wettelijke grondslag", "procesinformatie",
                                  "second opinion", "3 september 2026", "Geachte mevrouw Jansen,"],
    "avg-inzage": ["artikel 15", "een kopie van alle persoonsgegevens", "de doelen", "soorten gegevens",
                   "aan wie u de gegevens", "hoe lang u de gegevens bewaart", "waar u de gegevens vandaan",
                   "automatisch over ons laat beslissen", "Autoriteit Persoonsgegevens", "één maand",
                   "t.a.v. de functionaris gegevensbescherming", "namens Noor"],
    "avg-correctie": ["artikel 16", "gewoon naar school gaat", "twee middagen per week", "artikel 19",
                      "één maand", "Gespreksverslag keukentafelgesprek"],
    "avg-verwijdering": ["artikel 17", "onrechtmatig", "artikel 19", "één maand", "3 september 2026",
                         "Autoriteit Persoonsgegevens"],
}


# Issue 13: the follow-up letters, with the answers the assistant would ask for.
from tests.support.followup_letters import ANSWERS as FOLLOWUP_ANSWERS  # noqa: E402
from tests.support.followup_letters import REQUIRED_DEMO  # noqa: E402

REQUIRED.update(REQUIRED_DEMO)
REQUIRED.update(ADVICE_REQUIRED)
ANSWERS = {**ANSWERS, **FOLLOWUP_ANSWERS}


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs).replace("\xa0", " ")


def test_catalogue_declares_everything():
    kinds = all_kinds()
    assert [kind.id for kind in kinds] == list(KIND_IDS)
    for kind in kinds:
        assert kind.title and len(kind.description) > 80 and kind.addressee
        assert all(field.question.endswith(("?", ")", ".")) for field in kind.fields)
        assert all(block.explanation for block in kind.blocks)
    assert set(REQUIRED) == set(KIND_IDS)


@pytest.mark.parametrize("kind_id", KIND_IDS)
def test_every_kind_renders_from_demo_with_required_content(demo, kind_id):
    rendered = render_letter(kind_id, today=TODAY, answers=ANSWERS.get(kind_id))
    data = rendered.to_docx()
    text = docx_text(data)
    for expected in COMMON + REQUIRED[kind_id]:
        assert expected in " ".join(text.split()) or expected in text, f"{kind_id}: '{expected}' ontbreekt"
    # Signature after the closing, enclosures last.
    assert text.index("Met vriendelijke groet,") < text.rindex("Sanne de Vries")
    if rendered.enclosures:
        assert text.rstrip().endswith(rendered.enclosures[-1])
    assert "\\" not in text and "{{" not in text and "<!--" not in text
    assert rendered.text.count("Met vriendelijke groet,") == 1


def test_docx_uses_reference_styles(demo, tmp_path):
    data = render_letter("bezwaarschrift", today=TODAY).to_docx()
    document = docx.Document(io.BytesIO(data))
    styles = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Afzender", "Geadresseerde", "Datumregel", "Betreft", "Aanhef", "Brieftekst", "Slot",
            "Ondertekening", "Bijlagen", "List Bullet"} <= styles
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    address = [p.text for p in document.paragraphs if p.style.name == "Geadresseerde"]
    assert address == ["Gemeente Lindenhoven\nt.a.v. het college van burgemeester en wethouders\nPostbus 100\n"
                       "1230 AA  LINDENHOVEN"]
    # Restyling the reference document restyles the letter.
    custom = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), custom)
    reference = docx.Document(str(custom / "reference.docx"))
    reference.styles["Betreft"].font.size = docx.shared.Pt(16)
    reference.save(str(custom / "reference.docx"))
    from dossier_app.letters.docx_writer import write_docx

    restyled = docx.Document(io.BytesIO(write_docx(render_letter("bezwaarschrift", today=TODAY).blocks,
                                                   reference=custom / "reference.docx")))
    assert restyled.styles["Betreft"].font.size == docx.shared.Pt(16)


NASTY = "{{ 7*7 }} {% if %} <w:p> & \"aanhalingstekens\" 'enkel' **geen vet** # kop\n1. tweede regel\n<!-- romp -->"


def test_user_values_come_out_literally(demo):
    rendered = render_letter("bezwaarschrift", today=TODAY, answers={"eigen_toelichting": NASTY})
    data = rendered.to_docx()
    text = docx_text(data)
    for piece in ["{{ 7*7 }}", "{% if %}", "<w:p>", "& \"aanhalingstekens\" 'enkel' **geen vet** # kop",
                  "1. tweede regel", "<!-- romp -->"]:
        assert piece in text
        assert piece in rendered.text
    assert "49" not in text
    assert "{{ 7*7 }} {% if %} <w:p>" in text.replace("\n", " ")
    document_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "&lt;w:p&gt;" in document_xml
    paragraph = next(p for p in docx.Document(io.BytesIO(data)).paragraphs if "{{ 7*7 }}" in p.text)
    assert paragraph.text.split("\n") == [
        "{{ 7*7 }} {% if %} <w:p> & \"aanhalingstekens\" 'enkel' **geen vet** # kop",
        "1. tweede regel", "<!-- romp -->"]
    assert not any(run.bold for run in paragraph.runs)
    # Dossier content is data too.
    doctor = entries.contacts("huisarts")[0]["id"]
    entries.update_contact(doctor, name="{{ 7*7 }} & <b>*dr*</b>")
    text = docx_text(render_letter("aanvraag-jeugdhulp", today=TODAY).to_docx())
    assert "Kopie van de verwijzing van {{ 7*7 }} & <b>*dr*</b>" in text


def test_missing_fields_and_bad_answers(demo):
    # With a contract, the pgb reason is not prefilled (issue 22): a ticked pgb block asks for it.
    Contact.update(contracted="ja").where(Contact.role == "jeugdhulpaanbieder").execute()
    with pytest.raises(MissingFields) as caught:
        render_letter("aanvraag-jeugdhulp", today=TODAY, answers={"blokken": "pgb"})
    assert [name for name, _ in caught.value.missing] == ["pgb_reden"]
    assert "Waarom past zorg in natura" in str(caught.value)
    with pytest.raises(UsageError, match="Onbekend veld"):
        render_letter("bezwaarschrift", today=TODAY, answers={"kenmerk": "x"})
    with pytest.raises(UsageError, match="Onbekend blok"):
        render_letter("bezwaarschrift", today=TODAY, answers={"blokken": "motivering,bestaat-niet"})
    with pytest.raises(UsageError, match="Onbekende briefsoort"):
        render_letter("kattenbrief", today=TODAY)
    rendered = render_letter("bezwaarschrift", today=TODAY, answers={"blokken": "pgb,gegevens"})
    assert "zonder goede reden geweigerd" in rendered.text and "onvoldoende gemotiveerd" not in rendered.text


def test_kind_without_what_it_needs(dossier):
    entries.add_person("ouder", "Ouder Een", street="Straat 1", postcode="1000 AA", city="Stad")
    entries.add_person("kind", "Kind Een", birth_date=dt.date(2015, 1, 1))
    entries.add_contact("gemeente", "Gemeente Stad", street="Postbus 1", postcode="1000 AB", city="Stad")
    entries.add_traject("Aanvraag")
    with pytest.raises(UsageError, match="beschikking"):
        render_letter("bezwaarschrift", today=TODAY)
    with pytest.raises(MissingFields) as caught:
        render_letter("aanvraag-jeugdhulp", today=TODAY)
    assert {name for name, _ in caught.value.missing} == {"hulpvraag", "gevraagde_hulp"}
    rendered = render_letter("aanvraag-jeugdhulp", today=TODAY,
                             answers={"hulpvraag": "Hulp bij school.", "gevraagde_hulp": "Begeleiding."})
    assert "Geacht college," in rendered.text and "Kopie van de verwijzing" not in rendered.text


def test_cli_letters_and_letter(demo_path, tmp_path, cli, passphrase_file):
    code, out, err = cli("letters", "--json")
    kinds = json.loads(out)
    assert [kind["id"] for kind in kinds] == list(KIND_IDS)
    assert all(kind["title"] and kind["description"] and "required_fields" in kind for kind in kinds)
    out_file = tmp_path / "bezwaar.docx"
    code, out, err = cli("letter", demo_path, "bezwaarschrift", "--out", out_file, "--today", "2026-11-22",
                         "--set", "eigen_toelichting=Noor heeft\\nnu hulp nodig.", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "Noor heeft\nnu hulp nodig." in docx_text(out_file.read_bytes())
    code, out, err = cli("letter", demo_path, "bezwaarschrift", "--out", out_file, "--passphrase-file", passphrase_file)
    assert code == 2 and "bestaat al" in err
    missing = tmp_path / "aanvraag.docx"
    with Dossier.unlock(demo_path, PASSPHRASE):   # issue 22: with a contract no pgb reason is prefilled
        Contact.update(contracted="ja").where(Contact.role == "jeugdhulpaanbieder").execute()
    code, out, err = cli("letter", demo_path, "aanvraag-jeugdhulp", "--out", missing, "--set", "blokken=pgb",
                         "--passphrase-file", passphrase_file)
    assert code == 2 and "pgb_reden" in err and "Waarom past zorg in natura" in err
    assert not missing.exists() and not list(tmp_path.glob(".aanvraag*"))
    code, out, err = cli("letter-log", demo_path, "--json", "--passphrase-file", passphrase_file)
    log = json.loads(out)
    # The demo's own letter log (issue 13) holds an ingebrekestelling and an AVG request.
    assert [row["kind"] for row in log] == ["bezwaarschrift", "ingebrekestelling", "avg-inzage"]
    code, out, err = cli("letter", demo_path, "bestaat-niet", "--out", tmp_path / "x.docx",
                         "--passphrase-file", passphrase_file)
    assert code == 2 and "Kies uit" in err


def test_letter_log_sent_and_receipt_start_deadlines(demo, tmp_path):
    rendered = render_letter("ingebrekestelling", today=TODAY)
    data = rendered.to_docx()
    letter_id = letter_log.record(demo, rendered, data, on=TODAY)
    row = letter_log.letters()[0]
    assert row["template_version"] == "ingebrekestelling@2" and row["sent_on"] is None
    assert letter_log.docx_bytes(demo, letter_id) == data
    assert "in gebreke" in letter_log.final_text(letter_id)
    with pytest.raises(UsageError, match="verzendnummer"):
        sending.mark_sent(letter_id, TODAY, "aangetekend")
    with pytest.raises(UsageError, match="eerst vast"):
        sending.confirm_receipt(letter_id, TODAY)
    sending.mark_sent(letter_id, TODAY, "aangetekend", "3SABCD123456789")
    assert [i.rule for i in dossier_deadlines.open_items(TODAY) if i.rule == "ontvangstbevestiging"]
    created = sending.confirm_receipt(letter_id, dt.date(2026, 11, 24))
    items = {i.rule: i for i in dossier_deadlines.open_items(TODAY)}
    assert "ontvangstbevestiging" not in items
    assert items["ingebrekestelling"].due_date == dt.date(2026, 12, 8) and items["ingebrekestelling"].id == created[0]
    row = letter_log.letters()[0]
    assert (row["send_method"], row["tracking_number"], row["receipt_confirmed_on"]) == (
        "aangetekend", "3SABCD123456789", "2026-11-24")

    objection = render_letter("bezwaarschrift", today=TODAY)
    objection_id = letter_log.record(demo, objection, objection.to_docx(), on=TODAY)
    sending.mark_sent(objection_id, TODAY, "post")
    statuses = {case["id"]: case["status"] for case in entries.trajecten()}
    assert statuses[objection.case_id] == "bezwaar"
    sending.confirm_receipt(objection_id, dt.date(2026, 11, 25))
    due = {i.rule: i.due_date for i in dossier_deadlines.open_items(TODAY)}
    assert due["beslistermijn-bezwaar"] == dt.date(2027, 1, 25)  # from the besluit of 2 Nov 2026


def test_template_check_passes_and_catches_errors(tmp_path, cli):
    assert check_templates() == []
    code, out, err = cli("templates", "check")
    assert code == 0 and "in orde" in out
    broken = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), broken)
    letters = broken / "letters"
    text = (letters / "bezwaarschrift.md.j2").read_text()
    text = text.replace("{{ beschikking.kenmerk }}", "{{ beschikking.kenmerkk }}", 1)
    text = text.replace("blokken.horen", "blokken.horrem")
    text += "\n{{ geheim }}\n"
    (letters / "bezwaarschrift.md.j2").write_text(text)
    (letters / "avg-inzage.md.j2").write_text("{% extends '_brief.md.j2' %}{% block romp %}{% if %}{% endblock %}")
    problems = check_templates(broken)
    joined = "\n".join(problems)
    assert "beschikking.kenmerkk" in joined
    assert "horrem" in joined and "blok 'horen' wordt in het sjabloon niet gebruikt" in joined
    assert "onbekende variabele 'geheim'" in joined
    assert "avg-inzage.md.j2" in joined and "syntaxfout" in joined
    code, out, err = cli("templates", "check", "--dir", broken)
    assert code == 1 and "kenmerkk" in out


def test_user_override_is_used_and_sandboxed(demo, tmp_path, monkeypatch):
    overrides = tmp_path / "eigen"
    overrides.mkdir()
    (overrides / "avg-inzage.md.j2").write_text(
        "{% extends '_brief.md.j2' %}{% block betreft %}mijn eigen inzageverzoek{% endblock %}"
        "{% block romp %}Eigen tekst voor {{ kind.naam }}; {{ velden.omschrijving }}{% endblock %}")
    monkeypatch.setenv(paths.USER_TEMPLATES_ENV, str(overrides))
    rendered = render_letter("avg-inzage", today=TODAY)
    # Both parents sign: the user's own template speaks 'wij' too.
    assert "Eigen tekst voor Noor de Vries" in rendered.text and rendered.subject == "ons eigen inzageverzoek"
    (overrides / "avg-inzage.md.j2").write_text(
        "{% extends '_brief.md.j2' %}{% block romp %}{{ kind.__class__.__mro__ }}"
        "{{ velden.omschrijving }}{{ blokken.namens_kind }}{% endblock %}")
    with pytest.raises(DossierError, match="sjabloon"):
        render_letter("avg-inzage", today=TODAY)


@pytest.mark.slow
@pytest.mark.skipif(pdf.soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_every_kind_converts_to_pdf(demo, tmp_path):
    docs = []
    for kind_id in KIND_IDS:
        target = tmp_path / f"{kind_id}.docx"
        target.write_bytes(render_letter(kind_id, today=TODAY, answers=ANSWERS.get(kind_id)).to_docx())
        docs.append(target)
    made = [pdf.convert_to_pdf(docs[0]).read_bytes()]          # the app's own conversion
    made += convert_all_to_pdf(docs[1:], tmp_path / "pdf")     # the rest in one LibreOffice run
    for kind_id, data in zip(KIND_IDS, made, strict=True):
        assert data.startswith(b"%PDF") and len(data) > 5000, kind_id
        assert 1 <= pdf_pages(data) <= 3, kind_id


def test_pdf_without_libreoffice_is_a_clear_message(demo_path, tmp_path, cli, passphrase_file, monkeypatch):
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    out_file = tmp_path / "brief.docx"
    code, out, err = cli("letter", demo_path, "avg-inzage", "--out", out_file, "--pdf",
                         "--passphrase-file", passphrase_file)
    assert code == 2 and "LibreOffice" in err and not out_file.exists()


def test_letter_kinds_name_the_situations_that_call_for_them(tmp_path):
    import shutil

    from dossier_app.letters.catalogue import get_kind
    from dossier_app.letters.lint import check_templates
    from dossier_app.paths import templates_dir

    triggers = {(t.rule, t.state) for t in get_kind("ingebrekestelling").triggers}
    assert triggers == {("beslistermijn-aanvraag", "verlopen"), ("beslistermijn-bezwaar", "verlopen")}
    assert [t.rule for t in get_kind("bezwaarschrift").triggers] == ["bezwaartermijn"]
    copy = tmp_path / "templates"
    shutil.copytree(templates_dir(), copy)
    toml = copy / "letters" / "bezwaarschrift.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('toestand = "loopt"', 'toestand = "bijna"')
                    .replace('termijn = "bezwaartermijn"', 'termijn = "bestaat-niet"'), encoding="utf-8")
    problems = "\n".join(check_templates(copy))
    assert "onbekende termijnregel 'bestaat-niet'" in problems and "onbekende toestand 'bijna'" in problems
