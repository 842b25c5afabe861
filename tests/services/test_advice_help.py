"""Issue 16 (items 11-13): help texts from the seeds, the familiegroepsplan outline (service, CLI,
menu), the three preparation questions and the e-mail advice in the 'Verstuurd…' dialog."""

import datetime as dt

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QWidget

from tests.conftest import PASSPHRASE
from dossier_app.errors import UsageError
from dossier_app.services import family, family_plan, help_topics, preparation
from dossier_app.services.session import DossierSession
from tests.support.uihelpers import (
    WAIT_MS, click_row, click_sidebar, open_with_passphrase, page, press, trigger_menu, visible_dialogs, wait_idle,
)

TODAY = dt.date(2026, 11, 22)


def plain(html: str) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&quot;", '"').split())


def docx_text(path) -> str:
    return " ".join(" ".join(paragraph.text for paragraph in Document(str(path)).paragraphs).split())


@pytest.fixture
def demo(demo_path):
    opened = DossierSession(demo_path)
    opened.unlock(PASSPHRASE)
    yield opened
    if opened.is_open:
        opened.lock()


# -- item 11: help texts ---------------------------------------------------------------------------


def test_new_help_topics_are_in_the_help_menu_list():
    names = [topic.name for topic in help_topics.topics()]
    for name in ("gegevens-weigeren", "familiegroepsplan", "bevoegdheid", "escalatie"):
        assert name in names
    titles = {topic.name: topic.title for topic in help_topics.topics()}
    assert titles["gegevens-weigeren"] == "Mag ik weigeren om gegevens te geven?"
    assert titles["familiegroepsplan"] == "Het familiegroepsplan"
    assert help_topics.page_topic("toestemmingen") == "bevoegdheid"


def test_refusing_data_says_what_may_follow():
    text = plain(help_topics.topic_html("gegevens-weigeren"))
    assert "U mag zeggen dat u niet wilt dat gegevens" in text
    assert "niet toe te kennen" in text and "zelf betalen" in text and "geen jeugdhulp meer" in text
    assert "Toestemming is hier geen goede grond" in text
    assert "Bezwaar vooraf tegen het delen van gegevens met de gemeente" in text   # the letter's title


def test_familiegroepsplan_help_explains_een_gezin_een_plan_and_the_outline():
    text = plain(help_topics.topic_html("familiegroepsplan"))
    assert "Eén gezin, één plan" in text and "niet hetzelfde" in text
    assert "Bestand → Familiegroepsplan…" in text and "Netwerk" in text
    assert "Vraag ook uw kind zelf" in text


def test_legal_power_help_and_the_escalation_ladder():
    power = plain(help_topics.topic_html("bevoegdheid"))
    assert "wettelijke bevoegdheid" in power and "Veilig Thuis" in power and "Raad voor de Kinderbescherming" in power
    assert "mondeling of per e-mail" in power and "twee weken" in power
    ladder = plain(help_topics.topic_html("escalatie"))
    steps = ["Leidinggevende", "Gemeentesecretaris of wethouder", "Klacht", "Vertrouwenspersoon",
             "Functionaris gegevensbescherming", "Ombudsman", "Rechter"]
    positions = [ladder.index(step) for step in steps]
    assert positions == sorted(positions)


# -- item 11: the familiegroepsplan outline ----------------------------------------------------------


def test_family_plan_is_filled_from_the_traject(demo, tmp_path):
    family.add_contact(demo, "netwerk", "Oma Ria de Vries", notes="Helpt twee middagen per week.")
    family.add_contact(demo, "clientondersteuner", "Stichting Naast U", contact_person="Mo Haddou",
                       organisation="Stichting Naast U")
    plan = family_plan.prepare(demo, 1, today=TODAY)
    text = " ".join(plan.text.split())
    assert plan.title == "Familiegroepsplan: Aanvraag jeugd-ggz Noor"
    assert "Angstklachten en somberheid" in text                  # the hulpvraag
    assert "Ik wil met iemand praten" in text                      # the child's own words
    assert "Oma Ria de Vries" in text                              # the network
    assert "Mo Haddou (Stichting Naast U), cliëntondersteuner" in text
    assert "de heer R. Smit: laat weten of een andere medewerker mogelijk is, uiterlijk 30 november 2026" in text
    assert "stuurt het gespreksverslag, uiterlijk 8 augustus 2026 (gedaan)" in text
    assert "Wanneer bespreken wij samen hoe het gaat" in text
    assert "geen plan van de gemeente" in text
    out = family_plan.save_docx(plan, tmp_path / "plan.docx")
    written = docx_text(out)
    assert "Familiegroepsplan: Aanvraag jeugd-ggz Noor" in written and "Oma Ria de Vries" in written
    # Private notes stay out; an unknown traject is refused with a true message.
    assert "Opname keukentafelgesprek" not in written
    with pytest.raises(UsageError, match="geen traject met nummer 99"):
        family_plan.prepare(demo, 99, today=TODAY)


def test_family_plan_cli(demo_path, tmp_path, cli):
    secret = tmp_path / "wachtwoord.txt"
    secret.write_text(PASSPHRASE)
    out = tmp_path / "plan.docx"
    code, said, err = cli("familiegroepsplan", demo_path, "--traject", 1, "--out", out, "--today", "2026-11-22",
                          "--passphrase-file", secret)
    assert code == 0, err
    assert "familiegroepsplan" in said
    text = docx_text(out)
    assert "Familiegroepsplan: Aanvraag jeugd-ggz Noor" in text and "Wat Noor zelf zegt" in text
    code, _said, err = cli("familiegroepsplan", demo_path, "--out", out, "--passphrase-file", secret)
    assert code == 2 and "bestaat al" in err
    code, _said, err = cli("familiegroepsplan", demo_path, "--out", tmp_path / "plan.txt", "--passphrase-file", secret)
    assert code == 2 and ".docx" in err


def test_family_plan_from_the_menu(qtbot, window, demo_path, tmp_path, monkeypatch):
    from dossier_app.ui.family_plan_dialog import FamilyPlanDialog

    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    trigger_menu(window, "Bestand", "Familiegroepsplan…")
    qtbot.waitUntil(lambda: bool(visible_dialogs(FamilyPlanDialog)), timeout=WAIT_MS)
    dialog = visible_dialogs(FamilyPlanDialog)[0]
    dialog.traject.setFocus()
    while not dialog.traject.currentText().startswith("Aanvraag jeugd-ggz Noor"):
        press(qtbot, dialog.traject, Qt.Key_Down)
    target = tmp_path / "familiegroepsplan.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Opgeslagen" in dialog.status.text(), timeout=WAIT_MS)
    text = docx_text(target)
    assert "Familiegroepsplan: Aanvraag jeugd-ggz Noor" in text and "Angstklachten" in text
    dialog.close()


# -- item 12: the three questions in the preparation --------------------------------------------------


def test_preparation_has_the_three_seed_questions(demo, tmp_path):
    asked = {question.id: question for question in preparation.questions()}
    expected = {"waar-praten": ("Ik kies zelf waar we praten", "seed 000"),
                "kind-spreken": ("Waarom moet u mijn kind spreken? Ik ben daar zelf bij.", "seed 000"),
                "welke-bevoegdheid": ("Welke wettelijke bevoegdheid gebruikt u", "seed 004")}
    for question_id, (words, source) in expected.items():
        assert words in asked[question_id].text and source in asked[question_id].source
        assert asked[question_id].default
    for place in ("thuis", "wijkcentrum", "gemeentehuis", "online"):
        assert place in asked["waar-praten"].text
    made = preparation.prepare(demo, 1, today=TODAY)
    out = preparation.save_docx(made, tmp_path / "voorbereiding.docx")
    text = docx_text(out)
    for question_id in expected:
        assert asked[question_id].text in text


# -- item 13: the e-mail advice in the 'Verstuurd…' dialog -------------------------------------------


def test_sent_by_email_advises_read_receipt_and_keeping_the_email(qtbot, window, demo_path):
    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    click_sidebar(qtbot, window, "Brieven")
    letters_page = page(window, "brieven")
    click_row(qtbot, letters_page.view, 0)
    qtbot.mouseClick(letters_page.sent_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QWidget, "sent-dialog") is not None
                    and window.findChild(QWidget, "sent-dialog").isVisible(), timeout=WAIT_MS)
    dialog = window.findChild(QWidget, "sent-dialog")
    method = dialog.findChild(QComboBox, "send-method")
    advice = dialog.findChild(QLabel, "send-advice")
    method.setFocus()
    while method.currentData() != "email":
        press(qtbot, method, Qt.Key_Down)
    assert "leesbevestiging" in advice.text() and "verstuurde e-mail als bijlage" in advice.text()
    while method.currentData() != "aangetekend":
        press(qtbot, method, Qt.Key_Up)
    assert "leesbevestiging" not in advice.text() and "verzendnummer" in advice.text()
    press(qtbot, method, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)


# -- smaller additions for advice that nothing covered yet (docs/ADVICE.md) ---------------------------


def test_help_covers_the_melder_the_vir_and_contracts():
    power = plain(help_topics.topic_html("bevoegdheid"))
    assert "Wie de melding deed" in power and "toestemming voor geeft" in power
    assert "huisarts" in power and "redelijk vermoeden" in power
    data = plain(help_topics.topic_html("gegevens"))
    assert "Verwijsindex Risicojongeren" in data and "alleen dat er een melding is" in data
    assert "contract" in data and "accountant" in data and "in de cc" in data


def test_the_aanvraag_asks_to_be_in_the_cc(demo_path):
    from dossier_app.letters.render import render_letter
    from dossier_app.store.dossier import Dossier

    with Dossier.unlock(demo_path, PASSPHRASE):
        text = " ".join(render_letter("aanvraag-jeugdhulp", today=TODAY,
                                      answers={"blokken": "betrokken_blijven"}).text.split())
    assert "Mailt u met hen, zet mij dan in de cc." in text


def test_new_questions_carry_their_seed():
    asked = {question.id: question for question in preparation.questions()}
    assert "seed 004" in asked["vast-contactpersoon"].source and asked["vast-contactpersoon"].default
    assert "seed 004" in asked["klachtenregeling"].source and not asked["klachtenregeling"].default
