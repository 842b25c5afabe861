"""Issue 21 in the app, as a person sees it: the Overzicht shows what the consequence model closed (and why) and
gives a traject in voorbereiding its next step with the letter for it — the text comes from the one state
(services.deadlines.case_state), the page only shows it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.conftest import PASSPHRASE
from dossier_app.demo import create_demo
from dossier_app.services import family, session as sessions
from tests.ui.test_ui_letters import assistant, open_dossier
from tests.support.uihelpers import WAIT_MS, overview_tree, page, tree_rows


def test_overview_shows_the_closings_and_a_next_step_for_a_traject_in_voorbereiding(qtbot, window, tmp_path):
    path = tmp_path / "demo.dossier"
    create_demo(path, PASSPHRASE, today=dt.date.today()).close()
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        family.add_traject(opened, "Dagbesteding Noor")
    open_dossier(qtbot, window, path)
    tree = overview_tree(window)
    rows = [" ".join(text.split()) for _index, text in tree_rows(tree)]
    assert any(text.startswith("Beslistermijn aanvraag: Aanvraag jeugdhulp (jeugd-ggz) voor Noor: gesloten op ")
               and text.endswith("(besluit ontvangen).") for text in rows), rows
    advice = next(index for index, text in tree_rows(tree) if text.startswith("Er is nog niets aangevraagd."))
    assert "Vraag de hulp schriftelijk aan" in advice.data()
    assert advice.siblingAtColumn(2).data() == "Maak de brief: Aanvraag jeugdhulp"
    tree.scrollTo(advice)
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=tree.visualRect(advice).center())
    button = page(window, "overzicht").findChild(QPushButton, "next-step-button")
    assert button.isEnabled() and button.text() == "Maak de brief: Aanvraag jeugdhulp"
    qtbot.keyClick(tree, Qt.Key_Return)
    qtbot.waitUntil(lambda: assistant() is not None, timeout=WAIT_MS)
    assert assistant().controller.kind_id == "aanvraag-jeugdhulp"
    assistant().reject()
