"""Issue 16 (items 1-10): every piece of advice in the seeds one click away — gezag, the child's own
voice, the consent register, provider and gemeente fields, klachtenregeling, five new letters,
argument blocks and Veilig Thuis as an addressee. Letters from the demo and from the second family."""

import datetime as dt

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from tests.support.advice_letters import ANSWERS, REQUIRED
from tests.conftest import PASSPHRASE, convert_all_to_pdf, pdf_pages
from dossier_app.errors import UsageError
from dossier_app.letters import pdf
from dossier_app.letters.catalogue import get_kind
from dossier_app.letters.context import build_context
from dossier_app.letters.render import render_letter
from dossier_app.services import consents, family
from dossier_app.services.session import DossierSession
from dossier_app.store.dossier import Dossier
from dossier_app.store.models import Contact, Person
from dossier_app.letters.voice import is_privacy_kind
from tests.support import sending
from tests.support.second_family import CHILD, build_second_family
from tests.support.uihelpers import (
    WAIT_MS, click_sidebar, double_click_row, open_editors, open_with_passphrase, page, press, row_texts,
    type_into, wait_idle,
)

TODAY = dt.date(2026, 11, 22)
NEW_KINDS = tuple(REQUIRED)


def one_line(text):
    return " ".join(text.split())


def text_of(kind, **answers):
    return one_line(render_letter(kind, today=TODAY, answers=answers or ANSWERS.get(kind)).text)


def signatures(rendered):
    return [block.text for block in rendered.blocks if block.part == "ondertekening"]


@pytest.fixture
def second(tmp_path):
    dossier = Dossier.create(tmp_path / "tweede.dossier", PASSPHRASE)
    with dossier.bound():
        ids = build_second_family()
        yield ids
    if dossier.is_open:
        dossier.close()


@pytest.fixture
def opened(demo_path):
    with DossierSession(demo_path) as session:
        session.unlock(PASSPHRASE)
        yield session


# -- item 1: gezag ----------------------------------------------------------------------------------
def test_gezag_decides_the_second_signature_and_the_warning(demo):
    rendered = render_letter("avg-inzage", today=TODAY)
    assert signatures(rendered) == ["Sanne de Vries", "Joris de Vries"]
    assert len(rendered.warnings) == 1 and "Joris de Vries heeft ook het gezag" in rendered.warnings[0]
    # Issue 22: a request for information is no decision that needs both parents with gezag.
    assert "één ouder met gezag genoeg" in rendered.warnings[0]
    assert "vervangende toestemming" not in rendered.warnings[0]
    for kind in ("aanvraag-jeugdhulp", "bezwaarschrift", "voorstel-andere-hulp", "bezwaar-vooraf-gegevensdeling"):
        rendered = render_letter(kind, today=TODAY, answers=ANSWERS.get(kind))
        assert signatures(rendered)[-1] == "Joris de Vries" and rendered.warnings, kind
        demands = "vervangende toestemming" in rendered.warnings[0] and "advocaat" in rendered.warnings[0]
        assert demands == (kind in ("aanvraag-jeugdhulp", "voorstel-andere-hulp")), kind   # consent to help
    assert render_letter("verzoek-verordening", today=TODAY).warnings == []   # not a care letter
    Person.update(gezag="nee").where(Person.name == "Joris de Vries").execute()
    rendered = render_letter("avg-inzage", today=TODAY)
    assert signatures(rendered) == ["Sanne de Vries"] and rendered.warnings == []
    Person.update(gezag="").where(Person.name == "Joris de Vries").execute()
    rendered = render_letter("avg-inzage", today=TODAY)
    assert signatures(rendered) == ["Sanne de Vries"]
    assert "Bij Gezin staat niet of Joris de Vries het gezag heeft" in rendered.warnings[0]


def test_gezag_through_the_services_and_the_cli(opened, demo_path, tmp_path, cli, passphrase_file):
    parents = family.people(opened, "ouder")
    assert [(p.name, p.gezag) for p in parents] == [("Sanne de Vries", "ja"), ("Joris de Vries", "ja")]
    assert family.second_parent_with_gezag(opened).name == "Joris de Vries"
    with pytest.raises(UsageError, match="Gezag"):
        family.update_person(opened, parents[1].id, role="ouder", name="Joris de Vries", street="", postcode="",
                             city="", phone="", email="", birth_date=None, notes="", gezag="misschien")
    opened.close()
    code, out, err = cli("letter", demo_path, "avg-inzage", "--out", tmp_path / "inzage.docx",
                         "--passphrase-file", passphrase_file, "--today", "2026-11-22")
    assert code == 0 and "Let op: Joris de Vries heeft ook het gezag" in err


def test_advocaat_and_rechtbank_are_contact_roles():
    from dossier_app.services.vocabulary import CONTACT_ROLES, DOCUMENT_KINDS

    assert CONTACT_ROLES["advocaat"] == "Advocaat" and "rechtbank" in CONTACT_ROLES
    assert "klachtenregeling" in DOCUMENT_KINDS and "verordening" in DOCUMENT_KINDS


# -- item 2: the child's own voice ------------------------------------------------------------------------
def test_the_childs_own_words_in_aanvraag_and_bezwaar(demo):
    words = "Ik wil met iemand praten die niet meteen zegt dat het wel meevalt."
    for kind in ("aanvraag-jeugdhulp", "bezwaarschrift", "voorstel-andere-hulp"):
        text = text_of(kind)
        assert "Wat Noor zelf zegt" in text and words in text, kind
    Person.update(own_voice="").where(Person.role == "kind").execute()
    assert "zelf zegt" not in text_of("aanvraag-jeugdhulp")
    assert "Zij wil eerst kennismaken." in text_of("aanvraag-jeugdhulp", blokken="stem_kind",
                                                   wat_kind_zegt="Zij wil eerst kennismaken.")


# -- item 3: the consent register ----------------------------------------------------------------------------
def test_consent_register_add_withdraw_confirm(opened, tmp_path):
    team = next(c for c in family.contacts(opened) if c.role == "wijkteam")
    consent_id = consents.add_consent(opened, "", "Overleg met school", given_on=dt.date(2026, 10, 1),
                                      contact_id=team.id)
    item = consents.consent(opened, consent_id)
    assert item.recipient == "Jeugd- en gezinsteam Lindenhoven" and item.active and item.status == "geldt"
    proof = tmp_path / "bevestiging-toestemming.txt"
    proof.write_text("Bevestiging: toestemming voor overleg met school.", encoding="utf-8")
    consents.attach_confirmation(opened, consent_id, proof)
    assert consents.consent(opened, consent_id).confirmation_name == "bevestiging-toestemming.txt"
    with pytest.raises(UsageError, match="vóór"):
        consents.withdraw(opened, consent_id, dt.date(2026, 9, 1), "email")
    consents.withdraw(opened, consent_id, dt.date(2026, 11, 20), "email")
    assert consents.consent(opened, consent_id).status == "ingetrokken op 20-11-2026 (per e-mail)"
    with pytest.raises(UsageError, match="al ingetrokken"):
        consents.withdraw(opened, consent_id, dt.date(2026, 11, 21), "email")
    rendered = render_letter("intrekking-toestemming", today=TODAY, answers={"toestemming": str(consent_id)})
    text = one_line(rendered.text)
    assert "Overleg met school" in text and "Op 20 november 2026 hebben wij u dat al per e-mail laten weten" in text
    # Both parents sign; the register does not say which of them gave the consent.
    assert "Op 1 oktober 2026 kreeg u toestemming" in text and "Geachte mevrouw Jansen," in text
    with pytest.raises(UsageError, match="nummer"):
        render_letter("intrekking-toestemming", today=TODAY, answers={"toestemming": "999"})
    assert [c.id for c in consents.consents(opened)][0] == consent_id or True
    consents.delete_consent(opened, consent_id)
    assert consent_id not in [c.id for c in consents.consents(opened)]


def test_consent_still_holding_is_withdrawn_from_today(demo):
    from dossier_app.store.models import Consent

    Consent.update(withdrawn_on=None, withdrawn_how="").execute()
    text = text_of("intrekking-toestemming")
    assert "Dat geldt vanaf vandaag" in text and "al mondeling" not in text


def test_consent_cli(demo_path, tmp_path, cli, passphrase_file):
    proof = tmp_path / "mail.txt"
    proof.write_text("Bevestiging per mail.", encoding="utf-8")
    code, out, err = cli("consent-add", demo_path, "Gegevens delen met school", "--contact", 2, "--given-on",
                         "2026-10-01", "--confirmation", proof, "--passphrase-file", passphrase_file)
    assert code == 0 and "Toestemming 2" in out and "versleuteld bewaard" in out
    code, out, err = cli("consent-withdraw", demo_path, 2, "--how", "mondeling", "--on", "2026-11-21",
                         "--passphrase-file", passphrase_file)
    assert code == 0 and "intrekking-toestemming" in out
    code, out, err = cli("consents", demo_path, "--json", "--passphrase-file", passphrase_file)
    import json

    rows = {row["id"]: row for row in json.loads(out)}
    assert rows[2]["withdrawn_on"] == "2026-11-21" and rows[2]["confirmation"] == "mail.txt"
    code, out, err = cli("consent-withdraw", demo_path, 2, "--passphrase-file", passphrase_file)
    assert code == 2 and "al ingetrokken" in err
    code, out, err = cli("letter", demo_path, "intrekking-toestemming", "--set", "toestemming=2", "--out",
                         tmp_path / "intrekking.docx", "--today", "2026-11-22", "--passphrase-file", passphrase_file)
    assert code == 0
    text = "\n".join(p.text for p in docx.Document(tmp_path / "intrekking.docx").paragraphs)
    assert "Gegevens delen met school" in text and "mondeling" in text


# -- item 4: provider and gemeente fields ----------------------------------------------------------------------
def test_provider_contract_and_waiting_list_in_letters(demo):
    answers = {"blokken": "pgb", "pgb_reden": "Geen passende hulp in natura."}
    # Issue 22: the provider of this traject has no contract: the pgb is on, its reason prefilled.
    text = text_of("aanvraag-jeugdhulp")
    assert "Persoonsgebonden budget" in text
    assert "Kindpraktijk De Linde heeft geen contract met de gemeente" in text
    # Issue 22: the voorstel states a provider's contract and waiting list only for a traject that names it.
    from dossier_app.store.models import Traject

    named = Traject.get(Traject.title == "Aanvraag jeugd-ggz Noor").id
    proposal = render_letter("voorstel-andere-hulp", case_id=named, today=TODAY,
                             answers=ANSWERS["voorstel-andere-hulp"])
    assert "Kindpraktijk De Linde heeft geen contract" in one_line(proposal.text)
    assert "wachttijd van ongeveer acht weken" in one_line(proposal.text)
    assert "Kindpraktijk De Linde" not in text_of("voorstel-andere-hulp")       # the newest traject names none
    Contact.update(contracted="ja").where(Contact.role == "jeugdhulpaanbieder").execute()
    assert "geen contract" not in text_of("aanvraag-jeugdhulp", **answers)
    proposal = render_letter("voorstel-andere-hulp", case_id=named, today=TODAY,
                             answers=ANSWERS["voorstel-andere-hulp"])
    assert "heeft een contract met de gemeente. De hulp kan dus in natura" in one_line(proposal.text)


def test_contact_fields_through_the_service(opened):
    provider = next(c for c in family.contacts(opened) if c.role == "jeugdhulpaanbieder")
    assert (provider.contracted, provider.payment) == ("nee", "Nog niet geregeld: pgb aangevraagd.")
    gemeente = next(c for c in family.contacts(opened) if c.role == "gemeente")
    family.update_contact(opened, gemeente.id, **{k: getattr(gemeente, k) for k in (
        "role", "name", "organisation", "department", "contact_person", "salutation", "street", "postcode", "city",
        "email", "phone", "notes")}, regulations="https://lokaleregelgeving.overheid.nl/ (versie 1 januari 2026)")
    again = next(c for c in family.contacts(opened) if c.role == "gemeente")
    assert again.regulations.endswith("(versie 1 januari 2026)") and again.contracted == ""
    with pytest.raises(UsageError):
        family.add_contact(opened, "jeugdhulpaanbieder", "X", contracted="soms")


# -- item 5: klachtenregeling ---------------------------------------------------------------------------------
def test_letters_know_whether_the_klachtenregeling_is_in_the_dossier(demo):
    provider = build_context("aanbieder", None, TODAY)["klachtenregeling"]
    assert provider == {"aanwezig": True, "titel": "Klachtenregeling Kindpraktijk De Linde",
                        "datum": "13 oktober 2026", "organisatie": "Kindpraktijk De Linde"}
    gemeente = build_context("gemeente", None, TODAY)["klachtenregeling"]
    assert gemeente["aanwezig"] is False and gemeente["organisatie"] == "Gemeente Lindenhoven"


# -- items 6-8: the new letters -----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_new_letters_from_the_second_family(second, kind_id, tmp_path):
    answers = dict(ANSWERS.get(kind_id) or {})
    if kind_id == "voorstel-andere-hulp":
        answers["voorstel"] = "Behandeling bij Eetkliniek De Brug."
    if kind_id in ("voorstel-andere-hulp", "beroepschrift"):
        answers["kind_eens"] = "ja"         # Issue 22: Mila signs only when her parent says she agrees
    rendered = render_letter(kind_id, today=TODAY, answers=answers or None)
    text = one_line(rendered.text)
    # Issue 22: Mila is seventeen, so a letter about her own data is hers (she writes, p/a her mother).
    sender = CHILD if is_privacy_kind(kind_id) else "Ayşe Bakker-Yilmaz"
    assert text.startswith(sender) and "Veldhuizen, 22 november 2026" in text
    assert "Noor" not in text and "Lindenhoven" not in text and "De Vries" not in text
    expected = {
        "intrekking-toestemming": ["Jeugdbescherming Oost-Veld", "eetkliniek", "per e-mail laten weten",
                                   "17 november 2026", "artikel 7, derde lid, AVG"],
        "verzoek-verordening": ["Gemeente Veldhuizen", "verordening jeugdhulp", CHILD],
        "voorstel-andere-hulp": ["Jeugdbescherming Oost-Veld", "Eetkliniek De Brug", "gesprek"],
        "beroepschrift": ["Rechtbank Veldhuizen", "VH-BOB-2026-12", "artikel 8:1 Awb", "artikel 6:7 Awb",
                          "artikel 6:5 Awb", "Verweerder: Gemeente Veldhuizen", "zes weken"],
        "bezwaar-vooraf-gegevensdeling": ["Eetkliniek De Brug", "artikel 7.3.11 van de Jeugdwet",
                                          "artikel 7:457 van het Burgerlijk Wetboek"],
    }[kind_id]
    for item in expected:
        assert item in text, f"{kind_id}: {item}"
    names = signatures(rendered)
    if is_privacy_kind(kind_id):
        assert names == [CHILD]         # her own letter: she signs alone
    else:
        assert names[0] == "Ayşe Bakker-Yilmaz"
    if kind_id != "verzoek-verordening":
        assert names[-1] == CHILD       # Mila is seventeen and signs too
    if "tweede_ouder" in rendered.ticked_blocks:
        assert "Tom Bakker" in names


@pytest.mark.slow
@pytest.mark.skipif(pdf.soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_new_letters_from_the_second_family_open_in_libreoffice_on_one_to_three_pages(second, tmp_path):
    docs = []
    for kind_id in NEW_KINDS:
        target = tmp_path / f"{kind_id}.docx"
        target.write_bytes(render_letter(kind_id, today=TODAY, answers=ANSWERS.get(kind_id)).to_docx())
        docs.append(target)
    for kind_id, data in zip(NEW_KINDS, convert_all_to_pdf(docs, tmp_path), strict=True):
        assert data.startswith(b"%PDF") and 1 <= pdf_pages(data) <= 3, kind_id


def test_beroepschrift_follows_the_beroepstermijn(demo):
    triggers = [(t.rule, t.state) for t in get_kind("beroepschrift").triggers]
    assert triggers == [("beroepstermijn", "loopt")]
    from dossier_app.store import dossier_deadlines

    assert [i.rule for i in dossier_deadlines.open_items(TODAY) if i.rule == "beroepstermijn"] == ["beroepstermijn"]
    rendered = render_letter("beroepschrift", today=TODAY, answers=ANSWERS["beroepschrift"])
    assert rendered.enclosures[0] == "Kopie van de beslissing op bezwaar van 10 november 2026 (kenmerk BOB-2026-031)"
    assert "Rechtbank Lindenhoven" in rendered.text and "team bestuursrecht" not in rendered.text
    assert "sector" not in rendered.text
    Contact.delete().where(Contact.role == "rechtbank").execute()
    with pytest.raises(UsageError, match="rechtbank"):
        render_letter("beroepschrift", today=TODAY, answers=ANSWERS["beroepschrift"])


def test_sending_a_beroepschrift_ends_the_beroepstermijn(demo, tmp_path):
    from dossier_app.store import letter_log, dossier_deadlines

    rendered = render_letter("beroepschrift", today=TODAY, answers=ANSWERS["beroepschrift"])
    letter = letter_log.record(demo, rendered, rendered.to_docx(), on=TODAY)
    sending.mark_sent(letter, TODAY, "aangetekend", "3SABCD1234567")
    assert not [i for i in dossier_deadlines.open_items(TODAY) if i.rule == "beroepstermijn"]


def test_voorstel_andere_hulp_step_by_step(demo):
    text = text_of("voorstel-andere-hulp", wat_ontbreekt="Er is geen hulp voor de angst.",
                   voorbeelden="Paniek op maandag\nNiet naar school", wanneer_goed="Als zij rustig kan beginnen.",
                   voorwaarden="Een vaste hulpverlener\nThuis beginnen", steun="De huisarts steunt dit.",
                   voorstel="Jeugd-ggz bij Kindpraktijk De Linde.")
    order = ["Wat er ontbreekt of niet werkt", "Voorbeelden", "Wanneer het wel goed gaat", "Wat Noor zelf zegt",
             "Waar de hulp aan moet voldoen", "Ons voorstel", "Wie ons voorstel steunt", "Wat wij van u vragen"]
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)
    assert "- Een vaste hulpverlener - Thuis beginnen" in text and "De huisarts steunt dit." in text


def test_bezwaar_vooraf_goes_to_the_own_provider(demo):
    rendered = render_letter("bezwaar-vooraf-gegevensdeling", today=TODAY)
    assert rendered.text.split("\n")[rendered.text.split("\n").index("Kindpraktijk De Linde")] and \
        "Lindelaan 40" in rendered.text
    text = one_line(rendered.text)
    assert "- het behandelplan" in text and "welke soort hulp wordt gegeven" in text
    assert "artikel 7:459, eerste lid, van het Burgerlijk Wetboek" in text


# -- item 9: argument blocks -----------------------------------------------------------------------------------------
def test_argument_blocks_from_the_seeds(demo):
    bezwaar = text_of("bezwaarschrift", blokken="duur,pgb", gevraagde_hulp="Jeugd-ggz.", duur_nodig="twee jaar.",
                      bovengebruikelijke_zorg="Ik begeleid Noor tien uur per week.")
    assert "niet uit een algemene standaardtermijn" in bezwaar and "twee jaar." in bezwaar
    assert "bovengebruikelijke zorg" in bezwaar and "Ik begeleid Noor tien uur per week." in bezwaar
    assert "bovengebruikelijke" not in text_of("bezwaarschrift", blokken="pgb", gevraagde_hulp="Jeugd-ggz.")
    aanvraag = text_of("aanvraag-jeugdhulp", blokken="pgb", pgb_reden="Geen contract.",
                       bovengebruikelijke_zorg="Ik begeleid Noor tien uur per week.")
    assert "bovengebruikelijke zorg" in aanvraag and "uit het pgb te laten betalen" in aanvraag
    rendered = render_letter("privacy-informatieverzoek", today=TODAY)
    privacy = one_line(rendered.text)
    assert "verwezen door dr. P. Bakker" in privacy and "artikel 2.6, eerste lid, onder g, van de Jeugdwet" in privacy
    assert "geen gegevens uit het dossier van Noor nodig" in privacy
    assert "artikel 7.3.13, eerste lid, van de Jeugdwet" in privacy and "evaluatie van de behandeling" in privacy
    assert "handreiking" not in privacy and not rendered.enclosures
    named = render_letter("privacy-informatieverzoek", today=TODAY, answers={"blokken": "handreiking_noemen"})
    assert "NVO" in named.text and not named.enclosures
    enclosed = render_letter("privacy-informatieverzoek", today=TODAY, answers={"blokken": "handreiking_bijlage"})
    assert "Ik stuur die handreiking mee." in enclosed.text
    assert enclosed.enclosures == ["Handreiking 'Zorgvuldig verstrekken van persoonsgegevens aan gemeenten bij "
                                   "jeugdhulp'"]


# -- item 10: Veilig Thuis as an addressee ----------------------------------------------------------------------------
@pytest.mark.parametrize("kind_id", ["avg-inzage", "avg-correctie", "avg-verwijdering"])
def test_avg_letters_can_go_to_veilig_thuis(demo, kind_id):
    usual = render_letter(kind_id, today=TODAY)
    assert "Veilig Thuis" not in usual.text
    rendered = render_letter(kind_id, today=TODAY, answers={"blokken": "veilig_thuis"})
    lines = rendered.text.split("\n")
    assert "Veilig Thuis Lindenland" in lines and "Postbus 300" in lines
    assert rendered.recipient_id == Contact.get(Contact.role == "veilig-thuis").id
    assert "ook veilig thuis moet zich aan de avg houden" in one_line(rendered.text).lower()


def test_veilig_thuis_block_needs_a_veilig_thuis_contact(second):
    with pytest.raises(UsageError, match="veilig_thuis"):
        render_letter("avg-inzage", today=TODAY, answers={"blokken": "veilig_thuis"})


# -- the screens -----------------------------------------------------------------------------------------------------
def open_demo(qtbot, window, path):
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)


def click_save(qtbot, editor):
    button = next(b for b in editor.findChildren(QPushButton) if b.text() == "Opslaan")
    qtbot.mouseClick(button, Qt.LeftButton)
    qtbot.waitUntil(lambda: editor not in open_editors(), timeout=WAIT_MS)


def test_gezag_and_own_voice_in_the_person_editor(qtbot, window, demo_path):
    open_demo(qtbot, window, demo_path)
    click_sidebar(qtbot, window, "Gezin")
    table = page(window, "gezin").people
    names = row_texts(table, 0)
    assert row_texts(table, 2)[names.index("Joris de Vries")] == "ja"
    double_click_row(qtbot, table, names.index("Joris de Vries"))
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    assert editor.gezag.isVisible() and not editor.own_voice.isVisible()
    assert "vervangende toestemming" in editor.gezag.toolTip() and "advocaat" in editor.gezag_help.text()
    press(qtbot, editor.gezag, Qt.Key_Down)
    assert editor.gezag.currentText() == "Nee, geen gezag"
    click_save(qtbot, editor)
    wait_idle(qtbot)
    names = row_texts(table, 0)
    assert row_texts(table, 2)[names.index("Joris de Vries")] == "nee"
    double_click_row(qtbot, table, names.index("Noor de Vries"))
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    assert editor.own_voice.isVisible() and not editor.gezag.isVisible()
    type_into(qtbot, editor.own_voice, "Ik wil een juf die ik al ken.")
    click_save(qtbot, editor)
    wait_idle(qtbot)
    people = {p.name: p for p in family.people(window.session)}
    assert people["Joris de Vries"].gezag == "nee"
    assert people["Noor de Vries"].own_voice == "Ik wil een juf die ik al ken."


def test_provider_and_gemeente_rows_in_the_contact_editor(qtbot, window, demo_path):
    open_demo(qtbot, window, demo_path)
    click_sidebar(qtbot, window, "Contacten")
    table = page(window, "contacten").view
    names = row_texts(table, 0)
    double_click_row(qtbot, table, names.index("Kindpraktijk De Linde"))
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    assert editor.waiting_list.isVisible() and editor.contracted.isVisible() and editor.payment.isVisible()
    assert not editor.regulations.isVisible()
    assert "acht weken" in editor.waiting_list.text() and editor.contracted.currentText() == "Nee"
    # Issue 22: a klachtencommissie is linked to its aanbieder through Organisatie; the editor says so.
    assert not editor.committee_hint.isVisible()
    qtbot.keyClicks(editor.role, "Klachtencommissie")
    assert editor.role.currentData() == "klachtencommissie"
    assert editor.committee_hint.isVisible() and not editor.waiting_list.isVisible()
    assert "Organisatie de jeugdhulpaanbieder" in editor.committee_hint.text()
    qtbot.wait(QApplication.keyboardInputInterval() + 100)      # a new search, not a continued one
    qtbot.keyClicks(editor.role, "Jeugdhulpaanbieder")
    assert editor.role.currentData() == "jeugdhulpaanbieder" and editor.waiting_list.isVisible()
    press(qtbot, editor.contracted, Qt.Key_Up)
    assert editor.contracted.currentText() == "Ja"
    type_into(qtbot, editor.payment, "In natura")
    click_save(qtbot, editor)
    double_click_row(qtbot, table, row_texts(table, 0).index("Gemeente Lindenhoven"))
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    assert editor.regulations.isVisible() and not editor.waiting_list.isVisible()
    type_into(qtbot, editor.regulations, "Verordening jeugdhulp Lindenhoven 2026, op de website")
    click_save(qtbot, editor)
    wait_idle(qtbot)
    contacts = {c.name: c for c in family.contacts(window.session)}
    assert (contacts["Kindpraktijk De Linde"].contracted, contacts["Kindpraktijk De Linde"].payment) == (
        "ja", "In natura")
    assert contacts["Gemeente Lindenhoven"].regulations.startswith("Verordening jeugdhulp Lindenhoven 2026")


def test_consent_register_page_and_editor(qtbot, window, demo_path, tmp_path, monkeypatch):
    open_demo(qtbot, window, demo_path)
    click_sidebar(qtbot, window, "Toestemmingen")
    register = page(window, "toestemmingen")
    assert register.isVisible()
    assert row_texts(register.view, 0) == ["Jeugd- en gezinsteam Lindenhoven"]
    assert row_texts(register.view, 4)[0].startswith("ingetrokken op 14-11-2026")
    add = next(b for b in register.findChildren(QPushButton) if b.text() == "Toestemming toevoegen")
    qtbot.mouseClick(add, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    type_into(qtbot, editor.recipient, "Kindpraktijk De Linde")
    type_into(qtbot, editor.purpose, "Verslag sturen aan de huisarts")
    type_into(qtbot, editor.given_on.edit, "01-11-2026")
    proof = tmp_path / "bevestiging.txt"
    proof.write_text("De praktijk bevestigt de toestemming.", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(proof), ""))
    choose = next(b for b in editor.findChildren(QPushButton) if b.text() == "Bevestiging kiezen…")
    qtbot.mouseClick(choose, Qt.LeftButton)
    assert "bevestiging.txt" in editor.confirmation_label.text()
    click_save(qtbot, editor)
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: "bevestiging.txt" in row_texts(register.view, 3), timeout=WAIT_MS)
    row = row_texts(register.view, 0).index("Kindpraktijk De Linde")
    assert row_texts(register.view, 4)[row] == "geldt"
    double_click_row(qtbot, register.view, row)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    assert editor.open_button.isEnabled()
    type_into(qtbot, editor.withdrawn_on.edit, "20-11-2026")
    press(qtbot, editor.withdrawn_how, Qt.Key_Down)
    assert editor.withdrawn_how.currentText() == "Mondeling"
    click_save(qtbot, editor)
    wait_idle(qtbot)
    row = row_texts(register.view, 0).index("Kindpraktijk De Linde")
    assert row_texts(register.view, 4)[row] == "ingetrokken op 20-11-2026 (mondeling)"
    saved = next(c for c in consents.consents(window.session) if c.recipient == "Kindpraktijk De Linde")
    assert saved.confirmation_name == "bevestiging.txt" and saved.withdrawn_on == dt.date(2026, 11, 20)


def test_migration_0008_gives_old_people_an_empty_gezag(tmp_path):
    import shutil
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data"
    path = tmp_path / "oud.dossier"
    shutil.copyfile(data / "schema-v1.dossier", path)
    with DossierSession(path) as old:
        old.unlock("schema een fixture wachtwoord")
        assert {p.gezag for p in family.people(old)} == {""}
        assert consents.consents(old) == []


def test_klacht_to_a_provider_asks_for_its_klachtenregeling_only_when_missing(tmp_path):
    import datetime as dt

    from tests.conftest import PASSPHRASE
    from dossier_app.services import family, letters, session as sessions, timeline
    from tests.support.followup_letters import ANSWERS

    with sessions.create_dossier(tmp_path / "klacht.dossier", PASSPHRASE) as opened:
        family.add_person(opened, "ouder", "Eva Klacht", street="Laan 2", postcode="1000 AA", city="Ergens")
        family.add_person(opened, "kind", "Mia Klacht", birth_date=dt.date(2016, 5, 1))
        family.add_contact(opened, "jeugdhulpaanbieder", "Praktijk Zonnig", organisation="Praktijk Zonnig",
                           street="Straat 1", postcode="1000 AC", city="Ergens")
        traject = family.add_traject(opened, "Behandeling Mia", opened_on=dt.date(2026, 9, 1))
        timeline.add_conversation(opened, occurred_on=dt.date(2026, 11, 2), title="Gesprek met de praktijk",
                                  participants=["Eva Klacht"], traject_id=traject)
        today = dt.date(2026, 11, 22)
        answers = dict(ANSWERS["klacht"], wie="mevrouw P. Zon, behandelaar")
        missing = letters.prepare(opened, "klacht", traject_id=traject, answers=answers, today=today)
        assert "Praktijk Zonnig" in missing.text and "niet kunnen vinden" in missing.text
        timeline.add_document(opened, occurred_on=dt.date(2026, 10, 1), title="Klachtenregeling Praktijk Zonnig",
                              doc_kind="klachtenregeling", sender="Praktijk Zonnig", traject_id=traject)
        present = letters.prepare(opened, "klacht", traject_id=traject, answers=answers, today=today)
        assert "Ik heb uw klachtenregeling (Klachtenregeling Praktijk Zonnig, 1 oktober 2026)" in present.text
        assert "niet kunnen vinden" not in present.text
