"""What a screen-reader or keyboard user meets (issue 24), measured through Qt's accessibility tree.

Walks QAccessible's interfaces (what AT-SPI, UIA and NSAccessibility are fed from) of the main window with
each page, and of the main dialogs, and fails on: an interactive element without a name, a label whose fixed
name hides its changing text, a field without a label. Also: errors are announced, the filter drop-downs
have visible labels, the Tab order follows reading order, and the assistant moves focus to a new step.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from tests.conftest import PASSPHRASE
from tests.support.uihelpers import (
    WAIT_MS, click_sidebar, open_with_passphrase, page, press, type_into, unlock_dialog, wait_idle,
)

INTERACTIVE = {QAccessible.Role.Button, QAccessible.Role.CheckBox, QAccessible.Role.RadioButton,
               QAccessible.Role.ComboBox, QAccessible.Role.EditableText, QAccessible.Role.List,
               QAccessible.Role.Table, QAccessible.Role.SpinBox, QAccessible.Role.PageTab, QAccessible.Role.Tree}
SIDEBAR_PAGES = ["Overzicht", "Tijdlijn", "Gesprekken", "Documenten", "Opnames", "Termijnen", "Brieven",
                 "Contacten", "Gezin", "Toestemmingen"]


def _plain(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text or "").replace("&amp;", "&").split())


def labelled_by(interface) -> str:
    """The label tied to an element (its buddy): on Linux a drop-down's name is its value, and the
    screen reader reads the label through this relation."""
    for other, _relation in interface.relations(QAccessible.RelationFlag.Label):
        text = other.text(QAccessible.Text.Name).strip()
        if text:
            return text
    return ""


def problems_in(root: QWidget) -> list[str]:
    found = []

    def walk(interface, depth=0):
        if interface is None or not interface.isValid() or depth > 60:
            return
        state = interface.state()
        if state.invisible:
            return
        widget = interface.object()
        role = interface.role()
        name = interface.text(QAccessible.Text.Name).strip() or labelled_by(interface)
        where = f"{type(widget).__name__}({getattr(widget, 'objectName', lambda: '')()})"
        if role in INTERACTIVE and isinstance(widget, QWidget) and widget.isEnabled() and not name:
            found.append(f"unnamed {role.name}: {where}")
        if isinstance(widget, QLabel) and widget.accessibleName() and re.search(r"\w", _plain(widget.text())):
            if _plain(widget.accessibleName()) != _plain(widget.text()):
                found.append(f"fixed name {widget.accessibleName()!r} hides the text {widget.text()[:40]!r}")
        for index in range(interface.childCount()):
            walk(interface.child(index), depth + 1)

    walk(QAccessible.queryAccessibleInterface(root))
    return found


def visible(name):
    found = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.objectName() == name]
    return found[-1] if found else None


@pytest.fixture
def opened(qtbot, window, demo_path):
    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    return window


def test_every_page_of_the_main_window_names_what_a_screen_reader_meets(qtbot, opened):
    problems = []
    for label in SIDEBAR_PAGES:
        click_sidebar(qtbot, opened, label)
        wait_idle(qtbot)
        problems += [f"{label}: {problem}" for problem in problems_in(opened)]
    assert problems == [], "\n".join(problems)


def test_the_start_screen_and_the_unlock_dialog_are_named(qtbot, window, demo_path):
    assert problems_in(window) == []
    window.open_path(demo_path)
    qtbot.waitUntil(lambda: unlock_dialog() is not None, timeout=WAIT_MS)
    dialog = unlock_dialog()
    assert problems_in(dialog) == []
    passphrase = dialog.panel.passphrase
    label = next(label for label in dialog.findChildren(QLabel) if label.buddy() is passphrase)
    assert "Wachtwoord" in label.text()


def test_a_wrong_passphrase_is_read_and_announced(qtbot, window, demo_path, monkeypatch):
    said = []
    original = QAccessible.updateAccessibility

    def record(event):
        if type(event).__name__ == "QAccessibleAnnouncementEvent":
            said.append(event.message())
        return original(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    window.open_path(demo_path)
    qtbot.waitUntil(lambda: unlock_dialog() is not None, timeout=WAIT_MS)
    dialog = unlock_dialog()
    type_into(qtbot, dialog.panel.passphrase, "niet het goede wachtwoord")
    press(qtbot, dialog.panel.passphrase, Qt.Key_Return)
    error = dialog.panel.error
    qtbot.waitUntil(error.isVisible, timeout=WAIT_MS)
    name = QAccessible.queryAccessibleInterface(error).text(QAccessible.Text.Name)
    assert name == error.text() and "wachtwoord" in name.lower() and name != "Foutmelding"
    assert error.text() in said


def test_filters_have_visible_labels_and_the_count_reads_its_number(qtbot, opened):
    click_sidebar(qtbot, opened, "Tijdlijn")
    timeline = page(opened, "tijdlijn")
    for name, word in (("kind-filter", "Soort"), ("traject-filter", "Traject")):
        combo = timeline.findChild(QComboBox, name)
        label = next(label for label in timeline.findChildren(QLabel) if label.buddy() is combo)
        assert label.isVisible() and word in label.text().replace("&", "")
        assert word in labelled_by(QAccessible.queryAccessibleInterface(combo)).replace("&", "")
    count = timeline.findChild(QLabel, "item-count")
    assert re.fullmatch(r"\d+ items?", QAccessible.queryAccessibleInterface(count).text(QAccessible.Text.Name))


def _tab_stops(dialog, limit=40):
    stops, widget = [], QApplication.focusWidget()
    for _ in range(limit):
        stops.append(widget)
        QApplication.processEvents()
        press_target = QApplication.focusWidget()
        if press_target is None:
            break
        QApplication.sendEvent(press_target, _tab_event())
        QApplication.processEvents()
        widget = QApplication.focusWidget()
        if widget is stops[0]:
            break
    return stops


def _tab_event():
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key_Tab, Qt.NoModifier)


def test_the_note_editor_tabs_through_its_fields_before_its_buttons(qtbot, opened):
    editor = opened.new_entry("notitie")
    qtbot.waitUntil(editor.isVisible, timeout=WAIT_MS)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=WAIT_MS)
    first = QApplication.focusWidget()
    assert isinstance(first, QLineEdit), f"the note editor opens with the focus on {type(first).__name__}"
    stops = [w for w in _tab_stops(editor) if editor.isAncestorOf(w)]
    buttons = [i for i, w in enumerate(stops) if isinstance(w, QPushButton) and w.text() in ("Opslaan", "Annuleren")]
    fields = [i for i, w in enumerate(stops) if isinstance(w, QLineEdit)]
    assert buttons and fields and max(fields) < min(buttons)
    title = next(w for w in stops if isinstance(w, QLineEdit))
    description = QAccessible.queryAccessibleInterface(title).text(QAccessible.Text.Description)
    assert "verplicht" in description
    editor.reject()


def test_the_assistant_moves_focus_to_the_new_step_and_tabbing_chooses_no_letter(qtbot, opened):
    click_sidebar(qtbot, opened, "Brieven")
    qtbot.mouseClick(page(opened, "brieven").new_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: visible("letter-assistant") is not None, timeout=WAIT_MS)
    dialog = visible("letter-assistant")
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT_MS)
    assert problems_in(dialog) == []
    kinds = dialog.kind_step.list
    kinds.setFocus(Qt.TabFocusReason)                 # Tab into the list of letters
    QApplication.processEvents()
    assert kinds.selectedItems() == []
    assert not dialog.findChild(QPushButton, "assistant-next").isEnabled()
    press(qtbot, kinds, Qt.Key_Down)                   # an arrow key is a choice
    qtbot.waitUntil(lambda: bool(kinds.selectedItems()), timeout=WAIT_MS)
    next_button = dialog.findChild(QPushButton, "assistant-next")
    qtbot.waitUntil(next_button.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(next_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.current_step() is dialog.traject_step, timeout=WAIT_MS)
    assert QApplication.focusWidget() is dialog.traject_step.heading
    from PySide6.QtGui import QPalette

    from dossier_app.ui import theme

    palette = kinds.palette()          # the chosen letter stays marked now that the list lost the focus
    marked = palette.color(QPalette.Inactive, QPalette.Highlight).name()
    assert theme.contrast(marked, palette.color(QPalette.Inactive, QPalette.Base).name()) >= 3
    assert problems_in(dialog) == []
