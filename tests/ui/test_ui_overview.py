"""The Overzicht as a person uses it (issue 25): one tree, a group per traject showing its first steps
and a "meer…" row for the rest, Enter on a step opens its letter, and Tab goes from the tree to the
step's button before the five buttons for something new."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import PASSPHRASE
from dossier_app.services import deadlines, family, next_steps, session as sessions
from tests.support.uihelpers import WAIT_MS, open_with_passphrase, overview_tree, page, press, tree_rows, wait_idle

TRAJECT = "Verlenging begeleiding Noor"
EXTRA = 7


def _open(qtbot, window, path):
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)


def _group_rows(tree, title: str) -> list[str]:
    model = tree.model()
    group = next(index for index, text in tree_rows(tree) if text == title and not index.parent().isValid())
    return [model.index(row, 0, group).data() for row in range(model.rowCount(group))]


def _click(qtbot, tree, index):
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=tree.visualRect(index).center())


def test_a_traject_shows_its_first_steps_and_more_on_request(qtbot, window, demo_path):
    with sessions.DossierSession(demo_path) as opened:
        opened.unlock(PASSPHRASE)
        traject = next(t for t in family.trajecten(opened) if t.title == TRAJECT)
        for number in range(EXTRA):
            deadlines.add_deadline(opened, f"Eigen termijn {number + 1}",
                                   dt.date.today() + dt.timedelta(days=30 + number), traject_id=traject.id)
    _open(qtbot, window, demo_path)
    tree = overview_tree(window)
    rows = _group_rows(tree, TRAJECT)
    total = 1 + EXTRA                                       # the beslistermijn and the own terms
    shown = next_steps.FIRST_PER_GROUP
    assert len(rows) == shown + 1 and rows[-1] == f"meer… (nog {total - shown})"
    assert rows[1:shown] == [f"Eigen termijn {n}" for n in range(1, shown)]
    more = next(index for index, text in tree_rows(tree) if text.startswith("meer…"))
    _click(qtbot, tree, more)
    press(qtbot, tree, Qt.Key_Return)
    rows = _group_rows(tree, TRAJECT)
    assert rows[1:] == [f"Eigen termijn {n}" for n in range(1, EXTRA + 1)]   # all of them, no "meer…" left
    summary = page(window, "overzicht").findChild(QWidget, "overview-summary").text()
    assert "verlopen" in summary and "open termijnen en afspraken" in summary


def _tab():
    return QKeyEvent(QEvent.KeyPress, Qt.Key_Tab, Qt.NoModifier)


def test_tab_goes_from_the_tree_to_the_next_step_then_the_five_buttons(qtbot, window, demo_path):
    _open(qtbot, window, demo_path)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    tree = overview_tree(window)
    tree.setFocus(Qt.TabFocusReason)
    qtbot.waitUntil(tree.hasFocus, timeout=WAIT_MS)
    stops = []
    for _ in range(6):
        QApplication.sendEvent(QApplication.focusWidget(), _tab())
        QApplication.processEvents()
        stops.append(QApplication.focusWidget())
    assert [stop.objectName() for stop in stops[:1]] == ["next-step-button"]
    assert stops[0].text() == "Beslistermijn verstreken — stuur een ingebrekestelling"
    assert [stop.text() for stop in stops[1:]] == ["Nieuw: gesprek", "Nieuw: document/verslag", "Nieuw: opname",
                                                   "Nieuw: notitie", "Nieuwe brief…"]


def test_enter_on_a_step_with_a_letter_opens_it_prefilled(qtbot, window, demo_path):
    from dossier_app.ui.letters.assistant import LetterAssistant

    _open(qtbot, window, demo_path)
    tree = overview_tree(window)
    step = next(index for index, text in tree_rows(tree, 2) if text.startswith("Beslistermijn verstreken"))
    _click(qtbot, tree, step)
    button = page(window, "overzicht").findChild(QWidget, "next-step-button")
    assert button.text() == "Beslistermijn verstreken — stuur een ingebrekestelling"
    press(qtbot, tree, Qt.Key_Return)

    def assistant():
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, LetterAssistant) and w.isVisible()]
        return found[-1] if found else None

    qtbot.waitUntil(lambda: assistant() is not None, timeout=WAIT_MS)
    dialog = assistant()
    assert dialog.current_step() is dialog.fields_step
    dialog.close()
    # A row without a letter (a group heading) leaves nothing to open.
    heading = next(index for index, text in tree_rows(tree) if text == TRAJECT)
    _click(qtbot, tree, heading)
    assert not button.isEnabled()
