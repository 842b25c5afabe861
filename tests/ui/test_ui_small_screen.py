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

ROOM = QSize(1366 - 16, 728 - 40)        # available geometry less the window frame and title bar


def fits(widget: QWidget) -> list[str]:
    widget.layout() and widget.layout().activate()
    problems = []
    for what, size in (("size", widget.size()), ("minimum", widget.minimumSize()),
                       ("minimumSizeHint", widget.minimumSizeHint())):
        if size.width() > ROOM.width() or size.height() > ROOM.height():
            problems.append(f"{widget.objectName() or type(widget).__name__} {what} "
                            f"{size.width()}×{size.height()}")
    return problems


def visible_windows():
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()
            and type(w).__name__ not in ("QMenu", "QToolTip")]


@pytest.fixture
def small_screen(monkeypatch):
    """The screen the windows measure themselves against reports 1366×768 (offscreen Qt has 800×600)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1366, 768))


@pytest.fixture
def opened(small_screen, qtbot, window, demo_path):
    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    return window


def test_the_main_window_and_its_windows_fit_a_small_laptop(qtbot, opened):
    window = opened
    assert window.width() > 800           # measured against the (reported) 1366×768 screen, not 800×600
    problems = fits(window)
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
        problems += fits(widget)
    assert problems == []


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
