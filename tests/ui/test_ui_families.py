"""Several families in the app, driven as a person would: Mijn gezinnen, Bestand → Recent, switching,
and the gespreksvoorbereiding."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog, QPushButton, QScrollArea

from tests.conftest import PASSPHRASE
from dossier_app import paths
from dossier_app import settings as settings_store
from dossier_app.services import attachments, deadlines, keys, session as sessions, timeline
from dossier_app.ui.main_window import MainWindow
from tests.support.uihelpers import (
    WAIT_MS, click_row, double_click_row, press, row_texts, type_into, unlock_dialog, visible_dialogs, wait_idle,
)

# Slow (Mijn gezinnen in the window, several dossiers each): make test runs it, make test-quick skips it.
pytestmark = pytest.mark.slow

TODAY = dt.date.today()


@pytest.fixture
def families(tmp_path, monkeypatch):
    """a: the demo, remembered; b: 'Familie Bakker', remembered; c: 'Familie Claes', not remembered."""
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "data"))
    monkeypatch.setenv("GEZINSDOSSIER_LOGS", str(tmp_path / "logs"))
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    folder = tmp_path / "dossiers"
    folder.mkdir()
    made = {name: folder / f"{name}.dossier" for name in "abc"}
    with sessions.create_demo(made["a"], PASSPHRASE) as opened:
        timeline.add_conversation(opened, occurred_on=TODAY, title="Telefoon met het team", traject_id=1,
                                  agreements=[timeline.AgreementInput("mevrouw L. Jansen", "belt terug over de "
                                                                      "wachtlijst", TODAY + dt.timedelta(days=4))])
        entry = timeline.add_note(opened, "Bijlage voor de test")
        made["attachment"] = attachments.add_file(opened, entry, _file(tmp_path / "brief.txt", b"inhoud"))
        keys.remember_key(opened)
    with sessions.create_dossier(made["b"], PASSPHRASE, name="Familie Bakker") as opened:
        deadlines.add_deadline(opened, "Zienswijze insturen", TODAY + dt.timedelta(days=2))
        keys.remember_key(opened)
    with sessions.create_dossier(made["c"], PASSPHRASE, name="Familie Claes") as opened:
        deadlines.add_deadline(opened, "Bellen met de school", TODAY + dt.timedelta(days=1))
    settings = settings_store.Settings()
    for name in "cba":
        settings.add_recent(made[name])
    settings_store.save(settings)
    made["folder"] = folder
    made["temp"] = temp
    return made


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture
def window(qtbot, families):
    main = MainWindow()
    main.show()
    main.activateWindow()
    yield main
    wait_idle(qtbot)
    main.close()
    qtbot.waitUntil(lambda: not main.isVisible(), timeout=WAIT_MS)
    main.deleteLater()


def _click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.LeftButton)


def _open_caseload(qtbot, window):
    _click(qtbot, window.start_page.families_button)
    qtbot.waitUntil(lambda: window.caseload_page.result is not None, timeout=WAIT_MS)
    wait_idle(qtbot)
    return window.caseload_page


def _recent_menu_texts(qtbot, window) -> list[str]:
    menu = window.recent_menu
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible, timeout=WAIT_MS)
    texts = [action.text() for action in menu.actions()]
    menu.hide()
    return texts


def _click_recent(qtbot, window, text: str):
    menu = window.recent_menu
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible, timeout=WAIT_MS)
    action = next(action for action in menu.actions() if action.text() == text)
    qtbot.mouseClick(menu, Qt.LeftButton, pos=menu.actionGeometry(action).center())


def test_mijn_gezinnen_shows_remembered_families_and_marks_the_locked_one(qtbot, window, families):
    before = {path.name: path.read_bytes() for path in families["folder"].glob("*.dossier")}
    caseload = _open_caseload(qtbot, window)
    assert window.stack.currentWidget() is caseload
    names = row_texts(caseload.families, 1)
    states = row_texts(caseload.families, 2)
    assert names == ["Demo: familie De Vries", "Familie Bakker", "c"]
    assert states[2] == "Vergrendeld" and states[0].startswith("Gelezen")
    what = row_texts(caseload.items, 4)
    assert any("Bezwaartermijn" in text for text in what)
    assert "Zienswijze insturen" in what
    assert any("belt terug over de wachtlijst" in text for text in what)
    assert not any("Bellen met de school" in text for text in what)
    dates = [item.due_date for item in caseload.items.source.rows() if item.due_date]
    assert dates == sorted(dates)
    # Read-only: nothing changed, no lock taken, no debris, no names in the settings file.
    assert {path.name: path.read_bytes() for path in families["folder"].glob("*.dossier")} == before
    assert not list(families["folder"].glob("*.lock")) and not list(families["folder"].glob("*-wal"))
    assert "Bakker" not in settings_store.settings_file().read_text(encoding="utf-8")
    # Bestand → Recent now names the families that were read; the locked one keeps its file name.
    assert _recent_menu_texts(qtbot, window) == ["Demo: familie De Vries", "Familie Bakker", "c.dossier"]


def test_a_double_click_opens_that_family(qtbot, window, families):
    caseload = _open_caseload(qtbot, window)
    row = row_texts(caseload.families, 1).index("c")
    double_click_row(qtbot, caseload.families, row)
    qtbot.waitUntil(lambda: unlock_dialog() is not None, timeout=WAIT_MS)
    dialog = unlock_dialog()
    type_into(qtbot, dialog.panel.passphrase, PASSPHRASE)
    press(qtbot, dialog.panel.passphrase, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    assert window.windowTitle().endswith("Familie Claes")
    assert "Familie Claes" in _recent_menu_texts(qtbot, window)
    assert "Claes" not in settings_store.settings_file().read_text(encoding="utf-8")
    # Mijn gezinnen beside the open family (no remembered key): it is read too, and stays open.
    caseload = _open_caseload(qtbot, window)
    states = dict(zip(row_texts(caseload.families, 1), row_texts(caseload.families, 2), strict=True))
    assert states["Familie Claes"].startswith("Gelezen")
    assert "Bellen met de school" in row_texts(caseload.items, 4)
    assert window.dossier.is_open and window.session.path == families["c"]


def test_switching_families_locks_the_first_and_removes_its_copies(qtbot, window, families):
    caseload = _open_caseload(qtbot, window)
    double_click_row(qtbot, caseload.items, row_texts(caseload.items, 2).index("Demo: familie De Vries"))
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    assert window.windowTitle().endswith("Demo: familie De Vries")
    assert Path(str(families["a"]) + ".lock").exists()
    copy = attachments.open_private_copy(window.session, families["attachment"])   # as "Openen" on a bijlage does
    assert copy.exists()
    _click_recent(qtbot, window, "Familie Bakker")
    qtbot.waitUntil(lambda: window.dossier.is_open and window.session.path == families["b"], timeout=WAIT_MS)
    wait_idle(qtbot)
    assert window.windowTitle().endswith("Familie Bakker")
    assert not copy.exists()
    assert not Path(str(families["a"]) + ".lock").exists()
    # Mijn gezinnen from an open dossier: it stays open (issue 24), the overview is read beside it.
    press(qtbot, window, Qt.Key_G, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.caseload_page.result is not None, timeout=WAIT_MS)
    wait_idle(qtbot)
    assert window.dossier.is_open and window.session.path == families["b"]
    assert Path(str(families["b"]) + ".lock").exists()


def test_preparation_by_clicks_leaves_out_what_is_unticked(qtbot, window, families, tmp_path, monkeypatch):
    from dossier_app.ui.preparation_dialog import PreparationDialog

    window.open_path(families["a"])
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    press(qtbot, window, Qt.Key_V, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: bool(visible_dialogs(PreparationDialog)), timeout=WAIT_MS)
    dialog = visible_dialogs(PreparationDialog)[0]
    assert dialog.traject.currentText().startswith("Verlenging begeleiding Noor")
    dialog.traject.setFocus()
    while not dialog.traject.currentText().startswith("Aanvraag jeugd-ggz Noor"):
        press(qtbot, dialog.traject, Qt.Key_Down)
    for name in ("onderdeel-onjuistheden", "vraag-opnemen"):
        box = dialog.findChild(QCheckBox, name)
        dialog.findChild(QScrollArea).ensureWidgetVisible(box)
        qtbot.mouseClick(box, Qt.LeftButton, pos=QPoint(10, box.height() // 2))   # on the tick box
        assert not box.isChecked()
    target = tmp_path / "voorbereiding.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    _click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: "Opgeslagen" in dialog.status.text(), timeout=WAIT_MS)
    text = "\n".join(paragraph.text for paragraph in Document(str(target)).paragraphs)
    assert "Gespreksvoorbereiding: Aanvraag jeugd-ggz Noor" in text
    assert "Bezwaartermijn" in text
    assert "mevrouw L. Jansen: belt terug over de wachtlijst" in text
    assert "Krijg ik een verslag van dit gesprek" in text
    assert "gewoon naar school" not in text
    assert "Ik neem dit gesprek op voor mijzelf" not in text
    assert "Opname keukentafelgesprek" not in text
    close = next(button for button in dialog.findChildren(QPushButton) if button.text() == "Sluiten")
    _click(qtbot, close)


def _visible(name):
    from PySide6.QtWidgets import QApplication

    found = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.objectName() == name]
    return found[-1] if found else None


def _unlock_family(qtbot, caseload, row, passphrase):
    click_row(qtbot, caseload.families, row)
    qtbot.waitUntil(caseload.unlock_button.isEnabled, timeout=WAIT_MS)
    _click(qtbot, caseload.unlock_button)
    qtbot.waitUntil(lambda: _visible("family-unlock") is not None, timeout=WAIT_MS)
    dialog = _visible("family-unlock")
    type_into(qtbot, dialog.passphrase, passphrase)
    press(qtbot, dialog.passphrase, Qt.Key_Return)
    return dialog


def test_without_a_keychain_families_are_added_and_unlocked_with_their_passphrase(
        qtbot, window, families, monkeypatch, memory_keyring):
    """Issue 24: Mijn gezinnen listed only remembered dossiers and offered no way to type a passphrase."""
    memory_keyring.store.clear()                  # nothing remembered: as on a computer without a keychain
    settings = settings_store.load()
    settings.recent = [str(families["a"].resolve())]
    settings_store.save(settings)
    window.settings.recent = list(settings.recent)
    caseload = _open_caseload(qtbot, window)
    assert row_texts(caseload.families, 1) == ["a"]
    # Gezin toevoegen…: the file chooser returns two more dossiers.
    chosen = [str(families["b"]), str(families["c"])]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_args, **_kw: (chosen, ""))
    _click(qtbot, caseload.add_button)
    qtbot.waitUntil(lambda: caseload.result is not None and len(caseload.result.families) == 3, timeout=WAIT_MS)
    assert sorted(row_texts(caseload.families, 1)) == ["a", "b", "c"]
    assert set(row_texts(caseload.families, 2)) == {"Vergrendeld"}
    # A wrong passphrase says so and lets her try again; the right one reads that family, read-only.
    row = row_texts(caseload.families, 1).index("c")
    dialog = _unlock_family(qtbot, caseload, row, "verkeerd wachtwoord")
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
    assert "wachtwoord" in dialog.error.text().lower() and dialog.isVisible()
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    press(qtbot, dialog.passphrase, Qt.Key_Return)
    qtbot.waitUntil(lambda: "Familie Claes" in row_texts(caseload.families, 1), timeout=WAIT_MS)
    wait_idle(qtbot)
    assert "Bellen met de school" in row_texts(caseload.items, 4)
    assert not window.dossier.is_open
    # The name is personal data: not in the settings unless she agrees.
    assert "Claes" not in settings_store.settings_file().read_text(encoding="utf-8")
    _click(qtbot, caseload.keep_names)
    assert "Familie Claes" in settings_store.settings_file().read_text(encoding="utf-8")
    _click(qtbot, caseload.keep_names)
    assert "Claes" not in settings_store.settings_file().read_text(encoding="utf-8")
    # Locking forgets the key: the family is locked again (its name stays known in this run only).
    window.lock()
    caseload.refresh()
    qtbot.waitUntil(lambda: caseload.result is not None, timeout=WAIT_MS)
    wait_idle(qtbot)
    names, states = row_texts(caseload.families, 1), row_texts(caseload.families, 2)
    assert states[names.index("Familie Claes")] == "Vergrendeld"
    assert "Bellen met de school" not in row_texts(caseload.items, 4)


def test_a_family_name_kept_with_consent_is_shown_while_locked(qtbot, window, families, memory_keyring):
    caseload = _open_caseload(qtbot, window)
    row = row_texts(caseload.families, 1).index("c")
    _unlock_family(qtbot, caseload, row, PASSPHRASE)
    qtbot.waitUntil(lambda: "Familie Claes" in row_texts(caseload.families, 1), timeout=WAIT_MS)
    wait_idle(qtbot)
    _click(qtbot, caseload.keep_names)
    kept = settings_store.load()
    assert kept.remember_family_names and "Familie Claes" in kept.family_names.values()
    window.close()                                  # the next run: the key is gone, the agreed name stays
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    again = MainWindow()
    again.show()
    try:
        caseload = _open_caseload(qtbot, again)
        names, states = row_texts(caseload.families, 1), row_texts(caseload.families, 2)
        assert states[names.index("Familie Claes")] == "Vergrendeld"
        _click(qtbot, caseload.keep_names)          # she changes her mind: the name is gone from the file
        assert "Claes" not in settings_store.settings_file().read_text(encoding="utf-8")
    finally:
        wait_idle(qtbot)
        again.close()
        again.deleteLater()


def test_mijn_gezinnen_does_not_scroll_sideways_on_a_small_laptop(qtbot, window, families, monkeypatch):
    """Found on the 1366×768 screenshots: the locked family's long explanation pushed the families table
    sideways; the columns now share the width and the whole explanation is its tooltip."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1366, 728))
    window.resize(1350, 688)
    caseload = _open_caseload(qtbot, window)
    QApplication.processEvents()
    table = caseload.families
    assert table.horizontalScrollBar().maximum() == 0
    locked = row_texts(table, 2).index("Vergrendeld")
    why = table.model().index(locked, 3)
    assert "niet onthouden" in why.data() and why.data(Qt.ToolTipRole) == why.data()


def test_looking_at_another_family_leaves_the_open_dossier_open_and_usable(qtbot, window, families):
    """Issue 24 Major 2: opening Mijn gezinnen silently closed the open dossier (one global current dossier).
    With Familie Bakker open, the cliëntondersteuner opens Mijn gezinnen, unlocks Familie Claes with its
    typed passphrase, looks at it and goes back: Bakker is still open, and a new note shows in its Tijdlijn."""
    from tests.support.uihelpers import click_sidebar, open_editors, page

    caseload = _open_caseload(qtbot, window)
    double_click_row(qtbot, caseload.families, row_texts(caseload.families, 1).index("Familie Bakker"))
    qtbot.waitUntil(lambda: window.dossier.is_open and window.session.path == families["b"], timeout=WAIT_MS)
    wait_idle(qtbot)
    first = window.session
    press(qtbot, window, Qt.Key_G, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.caseload_page.result is not None, timeout=WAIT_MS)
    wait_idle(qtbot)
    assert window.stack.currentWidget() is caseload
    assert window.session is first and first.is_open
    _unlock_family(qtbot, caseload, row_texts(caseload.families, 1).index("c"), PASSPHRASE)
    qtbot.waitUntil(lambda: "Familie Claes" in row_texts(caseload.families, 1), timeout=WAIT_MS)
    wait_idle(qtbot)
    assert "Bellen met de school" in row_texts(caseload.items, 4)
    assert not Path(str(families["c"]) + ".lock").exists()       # Claes was read read-only, and closed again
    assert first.is_open and not first.read_only and window.windowTitle().endswith("Familie Bakker")
    _click(qtbot, caseload.back_button)
    assert window.stack.currentWidget() is window.view
    # Bakker is still open and usable: a note is added and shows in its Tijdlijn (and not Claes's items).
    press(qtbot, window, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(open_editors()) == 1, timeout=WAIT_MS)
    editor = open_editors()[0]
    type_into(qtbot, editor.title_edit, "Na Mijn gezinnen")
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.LeftButton)
    qtbot.waitUntil(lambda: not open_editors(), timeout=WAIT_MS)
    wait_idle(qtbot)
    click_sidebar(qtbot, window, "Tijdlijn")
    titles = row_texts(page(window, "tijdlijn").view, 3)
    assert any("Na Mijn gezinnen" in text for text in titles), titles
    assert not any("Bellen met de school" in text for text in titles)
    assert window.session is first and first.is_open
    assert Path(str(families["b"]) + ".lock").exists()


def test_mijn_gezinnen_a_second_time_reads_nothing_again_until_the_app_locks(qtbot, window, families, monkeypatch):
    """Issue 24: Mijn gezinnen is read in the background with progress ("n van N") and kept per file version,
    so a second opening opens no dossier; locking forgets it."""
    caseload = _open_caseload(qtbot, window)
    assert caseload.status.text().startswith("2 van de 3 dossiers gelezen")
    first = row_texts(caseload.items, 4)
    opened = []
    real = sessions.DossierSession.unlock_with_key

    def counting(self, *args, **kwargs):
        opened.append(self.path.name)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(sessions.DossierSession, "unlock_with_key", counting)
    _click(qtbot, caseload.back_button)
    caseload = _open_caseload(qtbot, window)
    assert opened == [] and row_texts(caseload.items, 4) == first
    # A family is opened in the window and the app locks: what Mijn gezinnen read is forgotten.
    double_click_row(qtbot, caseload.families, row_texts(caseload.families, 1).index("Familie Bakker"))
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    opened.clear()
    press(qtbot, window, Qt.Key_L, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not window.dossier.is_open, timeout=WAIT_MS)
    assert len(caseload.cache) == 0


def test_mijn_gezinnen_never_asks_the_keychain_on_the_gui_thread(qtbot, window, families, monkeypatch):
    """Issue 24: a keychain call can take seconds; Mijn gezinnen (reading, unlocking, opening) makes none on
    the thread that draws the window."""
    import threading

    from dossier_app.security import keychain

    calls = []
    for name in ("load_key", "is_available", "store_key"):
        real = getattr(keychain, name)

        def recording(*args, _real=real, _name=name, **kwargs):
            calls.append((_name, threading.current_thread() is threading.main_thread()))
            return _real(*args, **kwargs)

        monkeypatch.setattr(keychain, name, recording)
    caseload = _open_caseload(qtbot, window)
    _unlock_family(qtbot, caseload, row_texts(caseload.families, 1).index("c"), PASSPHRASE)
    qtbot.waitUntil(lambda: "Familie Claes" in row_texts(caseload.families, 1), timeout=WAIT_MS)
    wait_idle(qtbot)
    double_click_row(qtbot, caseload.families, row_texts(caseload.families, 1).index("Familie Bakker"))
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    assert calls and not [call for call in calls if call[1]], calls
