"""Every window fits a 1366×768 laptop at 100 % (issue 24): 1366×728 available with a task bar.

A window fits when it opens no larger than that room and its layout can shrink into it (its minimum size);
what does not fit scrolls inside (the assistant's steps) while the buttons stay visible.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from tests.conftest import PASSPHRASE
from tests.support.uihelpers import WAIT_MS, click_sidebar, open_with_passphrase, page, wait_idle

FRAME = QSize(16, 40)                   # the window frame and title bar
AVAILABLE = {"100%": QSize(1366, 728),  # a 1366×768 laptop with a task bar
             "150%": QSize(911, 485)}   # the same laptop at 150 % scaling: what Qt's logical pixels see
ROOM = AVAILABLE["100%"] - FRAME


def fits(widget: QWidget, room: QSize = ROOM) -> list[str]:
    widget.layout() and widget.layout().activate()
    problems = []
    for what, size in (("size", widget.size()), ("minimum", widget.minimumSize()),
                       ("minimumSizeHint", widget.minimumSizeHint())):
        if size.width() > room.width() or size.height() > room.height():
            problems.append(f"{widget.objectName() or type(widget).__name__} {what} "
                            f"{size.width()}×{size.height()}")
    return problems


def visible_windows():
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()
            and type(w).__name__ not in ("QMenu", "QToolTip")]


@pytest.fixture(params=sorted(AVAILABLE))
def small_screen(request, monkeypatch) -> QSize:
    """The screen the windows measure themselves against reports a 1366×768 laptop at 100 % or 150 %
    (offscreen Qt has 800×600); gives the room a window has inside it."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    available = AVAILABLE[request.param]
    monkeypatch.setattr(QScreen, "availableGeometry",
                        lambda _screen: QRect(0, 0, available.width(), available.height()))
    return available - FRAME


@pytest.fixture
def opened(small_screen, qtbot, window, demo_path):
    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    return window


def test_the_main_window_and_its_windows_fit_a_small_laptop(qtbot, small_screen, opened):
    window = opened
    assert window.width() > 800           # measured against the (reported) 1366×768 screen, not 800×600
    problems = fits(window, small_screen)
    click_sidebar(qtbot, window, "Brieven")
    qtbot.mouseClick(page(window, "brieven").new_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: any(w.objectName() == "letter-assistant" for w in visible_windows()), timeout=WAIT_MS)
    assistant = next(w for w in visible_windows() if w.objectName() == "letter-assistant")
    assistant.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is assistant, timeout=WAIT_MS)
    qtbot.keyClick(assistant, Qt.Key_F1)
    qtbot.waitUntil(lambda: any(w.objectName() == "help-dialog" for w in visible_windows()), timeout=WAIT_MS)
    window.prepare_conversation()
    qtbot.waitUntil(lambda: any(w.objectName() == "preparation-dialog" for w in visible_windows()),
                    timeout=WAIT_MS)
    shown = visible_windows()
    assert {w.objectName() for w in shown} >= {"main-window", "letter-assistant", "help-dialog",
                                               "preparation-dialog"}
    for widget in shown:
        problems += fits(widget, small_screen)
    assert problems == [], "\n".join(problems)


def test_the_assistant_scrolls_its_steps_and_keeps_the_buttons_in_view(qtbot, opened):
    window = opened
    click_sidebar(qtbot, window, "Brieven")
    qtbot.mouseClick(page(window, "brieven").new_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: any(w.objectName() == "letter-assistant" for w in visible_windows()), timeout=WAIT_MS)
    dialog = next(w for w in visible_windows() if w.objectName() == "letter-assistant")
    dialog.resize(900, 480)                     # smaller still: 150 % scaling on the same laptop
    qtbot.waitUntil(lambda: dialog.height() <= 480 + 1, timeout=WAIT_MS)
    QApplication.processEvents()
    step = dialog.current_step()
    scroller = step.parentWidget().parentWidget()
    assert scroller.objectName().startswith("step-scroller")
    next_button = dialog.findChild(QPushButton, "assistant-next")
    bottom = next_button.mapTo(dialog, next_button.rect().bottomLeft()).y()
    assert next_button.isVisible() and 0 < bottom <= dialog.height()


def _demo_with_letters(demo_path):
    """The demo with two more letters in the log, one sent with a tracking number (long cells in every column)."""
    import datetime as dt

    from dossier_app.services import family, letters, session as sessions

    with sessions.DossierSession(demo_path) as opened:
        opened.unlock(PASSPHRASE)
        traject = next(t.id for t in family.trajecten(opened) if t.title == "Aanvraag jeugd-ggz Noor")
        for number, kind in enumerate(("avg-inzage", "bezwaarschrift")):
            rendered = letters.prepare(opened, kind, traject_id=traject)
            letter = letters.save_docx(opened, rendered, demo_path.parent / f"brief-{number}.docx")
        letters.mark_sent(opened, letter, dt.date.today(), "aangetekend", "3SDEMO1234567")
    return demo_path


def test_the_brieven_table_shares_the_width_instead_of_scrolling_sideways(qtbot, small_screen, window, demo_path):
    open_with_passphrase(qtbot, window, _demo_with_letters(demo_path), PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    click_sidebar(qtbot, window, "Brieven")
    view = page(window, "brieven").view
    assert view.model().rowCount() == 4                  # the demo's two and these two
    for width in (window.width(), small_screen.width()):          # as it opens, and maximised
        window.resize(width, small_screen.height())
        qtbot.waitUntil(lambda wanted=width: window.width() == wanted, timeout=WAIT_MS)
        QApplication.processEvents()
        bar = view.horizontalScrollBar()
        assert bar.maximum() == 0, f"scrolls sideways by {bar.maximum()} px at {width} px"
        columns = view.model().columnCount()
        assert sum(view.columnWidth(c) for c in range(columns)) <= view.viewport().width()
        assert all(view.columnWidth(c) >= 40 for c in range(columns))
    for column in range(view.model().columnCount()):     # a header cut short too
        assert view.model().headerData(column, Qt.Horizontal, Qt.ToolTipRole) == \
            view.model().headerData(column, Qt.Horizontal, Qt.DisplayRole)
    for row in range(view.model().rowCount()):           # what is cut off can be read in full
        for column in range(view.model().columnCount()):
            index = view.model().index(row, column)
            assert index.data(Qt.ToolTipRole) == index.data(Qt.DisplayRole)


@pytest.mark.parametrize("room", [QSize(1366, 728), QSize(911, 485)], ids=["100%", "150%"])
def test_the_import_review_gives_the_letter_text_room_and_wraps_what_is_long(qtbot, monkeypatch, tmp_path, room):
    """The review of an imported decision on a small laptop: the letter's text pane is not squeezed to a
    narrow strip, nothing scrolls sideways, long values wrap, and the buttons stay in view."""
    import datetime as dt

    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QLabel, QListWidget, QPlainTextEdit, QScrollArea

    from dossier_app.services import intake, session as sessions
    from dossier_app.ui.intake.review_dialog import ReviewDialog
    from tests.cli.test_consequences_e2e import decision_pdf

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, room.width(), room.height()))
    with sessions.create_demo(tmp_path / "demo.dossier", PASSPHRASE, today=dt.date(2026, 11, 22)) as opened:
        suggestions = intake.analyse_many(opened, [decision_pdf(tmp_path / "besluit.pdf")]).suggestions
        dialog = ReviewDialog(opened, suggestions)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        assert dialog.width() <= room.width() and dialog.height() <= room.height()
        text = dialog.findChild(QPlainTextEdit, "intake-text")
        assert "verlenging van de ambulante begeleiding" in text.toPlainText()
        assert text.width() >= dialog.width() // 3, f"text pane {text.width()} px of {dialog.width()}"
        form = dialog.findChild(QScrollArea, "intake-form")
        for scrolled in (text, form, dialog.findChild(QListWidget, "intake-changes")):
            assert scrolled.horizontalScrollBar().maximum() == 0, scrolled.objectName()
        effect = dialog.findChild(QLabel, "intake-effect")
        assert effect.wordWrap() and "12 januari 2027" in effect.text()
        assert effect.width() <= form.viewport().width()
        shown = [button for button in dialog.findChildren(QPushButton) if button.isVisible()]
        assert "Opslaan" in [button.text() for button in shown]
        for button in shown:     # a hidden button (e.g. 'Toch opslaan…' for a duplicate) has no place yet
            bottom = button.mapTo(dialog, button.rect().bottomRight())
            assert 0 < bottom.y() <= dialog.height() and 0 < bottom.x() <= dialog.width(), button.text()
        dialog.close()


def test_every_editor_and_dialog_fits_a_small_laptop(qtbot, small_screen, opened):
    """Each form and dialog a person can open from the open dossier, at 100 % and at 150 %."""
    from dossier_app import settings as settings_store
    from dossier_app.services import letters, recovery
    from dossier_app.services.session import DossierSession
    from dossier_app.ui.dialogs import CreateDialog, SettingsDialog, UnlockDialog
    from dossier_app.ui.letters.sending import LetterTextDialog, ReceiptDialog, SentDialog
    from dossier_app.ui.recovery_dialogs import RecoverDialog, RecoverySheetDialog
    from dossier_app.services import deadlines
    from dossier_app.ui.archive_dialogs import ExportDialog, ImportArchiveDialog
    from dossier_app.ui.pages.caseload_page import CalendarChoiceDialog, FamilyUnlockDialog
    from dossier_app.ui.security_dialogs import PassphraseDialog, RestoreDialog
    from dossier_app.ui.term_facts_dialog import TermFactsDialog

    window = opened
    session = window.session
    shown = [window.new_entry(kind) for kind in ("gesprek", "document", "opname", "notitie")]
    shown += [window.editors.new_traject(session), window.editors.edit_person(session),
              window.editors.edit_contact(session), window.editors.edit_consent(session),
              window.make_family_plan(), window.show_help("beschikking")]
    record = letters.letter_records(session)[0]
    shown += [SentDialog(session, record, window), ReceiptDialog(session, record, window),
              LetterTextDialog("Brief", letters.letter_text(session, record.id), window),
              CreateDialog(window), UnlockDialog(DossierSession(session.path), window),
              SettingsDialog(settings_store.load(), session, window), PassphraseDialog(session, window),
              RestoreDialog(window), RecoverDialog(DossierSession(session.path), window),
              RecoverySheetDialog(recovery.make_recovery_key(session), window),
              ExportDialog(session, window), ImportArchiveDialog(window), CalendarChoiceDialog(window),
              FamilyUnlockDialog(session.path, window),
              TermFactsDialog(session, next(item for item in deadlines.open_items(session) if item.adjustable),
                              window)]
    problems = []
    for widget in shown:
        assert widget is not None
        widget.show()
        qtbot.waitExposed(widget)
        problems += fits(widget, small_screen)
        widget.close()
    assert problems == [], "\n".join(problems)


def test_the_help_topics_are_read_in_full_without_scrolling_sideways(qtbot, small_screen, opened):
    """Found on the screenshots: long topic titles were cut off behind a sideways scroll bar."""
    from PySide6.QtWidgets import QListWidget

    dialog = opened.show_help("beschikking")
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    topics = dialog.findChild(QListWidget, "help-topics")
    assert topics.horizontalScrollBar().maximum() == 0
    metrics = topics.fontMetrics()
    for row in range(topics.count()):
        item = topics.item(row)
        rect = topics.visualItemRect(item)
        assert rect.width() <= topics.viewport().width()
        lines = max(1, rect.height() // metrics.lineSpacing())
        assert metrics.horizontalAdvance(item.text()) <= lines * rect.width(), item.text()
    dialog.close()


def test_a_window_saved_on_another_screen_opens_fitted_to_this_one(qtbot, monkeypatch, tmp_path):
    """Found by hand at 150 %: the size kept from a 1366×768 screen at 100 % came back as a cramped 608×341
    window on the same laptop at 150 %. A size saved on another screen (or scaling) is not restored."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from dossier_app import paths
    from dossier_app.ui.main_window import MainWindow

    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "data"))
    screen = {"room": AVAILABLE["100%"]}
    monkeypatch.setattr(QScreen, "availableGeometry",
                        lambda _screen: QRect(0, 0, screen["room"].width(), screen["room"].height()))

    def opened_and_closed(resize_to=None) -> QSize:
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        if resize_to is not None:
            window.resize(resize_to)
            qtbot.waitUntil(lambda: window.size() == resize_to, timeout=WAIT_MS)
        size = window.size()
        window.close()
        return size

    opened_and_closed(QSize(700, 500))
    assert opened_and_closed() == QSize(700, 500)               # the same screen: the size the user chose
    screen["room"] = AVAILABLE["150%"]
    assert opened_and_closed() == QSize(1100, 720).boundedTo(AVAILABLE["150%"] - FRAME)


@pytest.mark.parametrize(("natural", "available", "expected"), [
    ([100, 200, 300], 700, [100, 200, 300]),            # room enough: every column its own width
    ([100, 200, 600], 600, [100, 200, 300]),            # one wide column gives way, the narrow keep theirs
    ([100, 400, 500], 600, [100, 250, 250]),            # the two wide ones share what is left equally
    ([300, 300, 300], 300, [100, 100, 100]),
    ([500, 500], 80, [60, 60]),                         # never narrower than a readable column
])
def test_columns_share_the_width(natural, available, expected):
    from dossier_app.ui.pages.base import shared_widths

    assert shared_widths(natural, available) == expected


def test_no_table_scrolls_sideways(qtbot, small_screen, opened):
    """Found at 150 %: Tijdlijn, Documenten, Contacten and Toestemmingen scrolled a few pixels sideways."""
    from dossier_app.ui.pages.base import RowsTable

    window = opened
    window.resize(small_screen)
    sideways = {}
    for label in ("Tijdlijn", "Gesprekken", "Documenten", "Opnames", "Termijnen", "Brieven", "Contacten", "Gezin",
                  "Toestemmingen"):
        click_sidebar(qtbot, window, label)
        QApplication.processEvents()
        for table in window.findChildren(RowsTable):
            if table.isVisible() and table.horizontalScrollBar().maximum() > 0:
                sideways[table.objectName()] = table.horizontalScrollBar().maximum()
    assert sideways == {}
