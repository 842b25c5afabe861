"""Issue 21 in the app, as a person sees it: the Overzicht shows what the consequence model closed (and why) and
gives a traject in voorbereiding its next step with the letter for it — the text comes from the one state
(services.deadlines.case_state), the page only shows it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from conftest import PASSPHRASE
from dossier_app.demo import create_demo
from dossier_app.services import family, session as sessions
from test_ui_letters import assistant, open_dossier
from uihelpers import WAIT_MS, page


def test_overview_shows_the_closings_and_a_next_step_for_a_traject_in_voorbereiding(qtbot, window, tmp_path):
    path = tmp_path / "demo.dossier"
    create_demo(path, PASSPHRASE, today=dt.date.today()).close()
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        family.add_traject(opened, "Dagbesteding Noor")
    open_dossier(qtbot, window, path)
    overview = page(window, "overzicht")
    notices = [" ".join(label.text().split()) for label in overview.findChildren(QLabel, "traject-notice")]
    assert any(text.startswith("Beslistermijn aanvraag: Aanvraag jeugdhulp (jeugd-ggz) voor Noor: gesloten op ")
               and text.endswith("(besluit ontvangen).") for text in notices), notices
    advice = [label.text() for label in overview.findChildren(QLabel, "traject-advice")]
    assert any("Er is nog niets aangevraagd. Vraag de hulp schriftelijk aan" in text for text in advice), advice
    button = next(button for button in overview.findChildren(QPushButton, "next-step-button")
                  if button.text() == "Maak de brief: Aanvraag jeugdhulp")
    qtbot.mouseClick(button, Qt.LeftButton)
    qtbot.waitUntil(lambda: assistant() is not None, timeout=WAIT_MS)
    assert assistant().controller.kind_id == "aanvraag-jeugdhulp"
    assistant().reject()
